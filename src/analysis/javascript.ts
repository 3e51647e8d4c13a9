import type { ParsedFile } from '../parse/parser.js';
import type { SyntaxNode } from '../parse/syntax-node.js';
import type { DeclarationForm, ScopeKind, SymbolKind } from './index.js';
import { loadJavaScriptGlobals } from './environment.js';
import { Model, ModelBuilder, type DeclarationImpl, type ReferenceImpl, type ScopeImpl, type SymbolImpl } from './model.js';

/**
 * JavaScript, TypeScript and TSX scopes.
 *
 * - `let`/`const`/`class` are block-scoped, `var` lands in the nearest function (or module/script) scope.
 * - Function declarations are block-scoped as in ES2015+; in classic JavaScript scripts a block-level
 *   function is also found from the enclosing function (Annex B), as a fallback when nothing else matches.
 * - TypeScript has two namespaces: interfaces, type aliases and type parameters are types; classes, enums,
 *   namespaces and imports are both. A `type_identifier` in a type is looked up among types; an `identifier`
 *   among values (then, for TypeScript, among types: `export { SomeInterface }`).
 * - Parameters of bodiless signatures (overloads, `declare function`, method signatures, function types)
 *   live in `signature` scopes: they are not variables.
 */

type Mode =
  | 'expr'
  /** A declaration's binding pattern: identifiers are declared. */
  | 'declare'
  /** An assignment target: identifiers are written. */
  | 'assign';

interface DeclareContext {
  scope: ScopeImpl;
  kind: SymbolKind;
  form: DeclarationForm;
  node: SyntaxNode;
  value?: SyntaxNode;
  /** Each declared name gets an initialising write reference (`let x = v`, `for (const x of xs)`). */
  init: boolean;
}

/** What a frame inherits from the code around it; shared between frames whenever it is the plain expression context. */
interface Context {
  mode: Mode;
  inType: boolean;
  inPattern: boolean;
  exported: boolean;
  ambient: boolean;
  /** A function, catch or namespace body: its statements run in the scope already opened for it. */
  isBody: boolean;
  declare?: DeclareContext;
  /** Assignment value for a plain `x = v` target. */
  writeValue?: SyntaxNode;
}

interface Frame {
  node: SyntaxNode;
  scope: ScopeImpl;
  ctx: Context;
}

/** The four plain expression contexts, indexed by [inType][ambient]: most frames use one of these. */
const PLAIN: Context[][] = [false, true].map((inType) => [false, true].map((ambient) => ({ mode: 'expr' as Mode, inType, inPattern: false, exported: false, ambient, isBody: false })));

const TYPE_CONTEXTS = new Set([
  'type_annotation',
  'type_arguments',
  'implements_clause',
  'extends_type_clause',
  'type_predicate_annotation',
  'asserts_annotation',
  'opting_type_annotation',
  'omitting_type_annotation',
  'adding_type_annotation',
  'interface_body',
  'object_type',
  'constraint',
  'default_type',
]);
const PATTERN_TYPES = new Set(['object_pattern', 'array_pattern', 'pair_pattern', 'object_assignment_pattern', 'assignment_pattern', 'rest_pattern']);
const IDENTIFIER_TYPES: ReadonlySet<string> = new Set(['identifier', 'type_identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern']);
const DECLARATION_FILE = /\.d\.[cm]?ts$/i;
const GLOBAL_COMMENT = /^\/\*\s*(globals?|exported)\s([\s\S]*?)\*\/$/;

export function buildJavaScriptModel(parsed: ParsedFile): Model {
  const language = parsed.file.language;
  const typescript = language !== 'javascript';
  const globals = loadJavaScriptGlobals();
  const root = parsed.root;
  const isModule = root.children.some((c) => c.type === 'import_statement' || c.type === 'export_statement');
  const declarationFile = DECLARATION_FILE.test(parsed.file.path);
  const builder = new ModelBuilder(root);
  const global = builder.newScope(isModule ? 'module' : 'script', root, undefined, true);
  const commentGlobals = new Set<string>();
  const commentExported = new Set<string>();
  const exportReferences: ReferenceImpl[] = [];
  const evalCallees: SyntaxNode[] = [];
  /** Annex B: block-level function declarations of a classic script, by the function scope that also sees them. */
  const annexB = new Map<ScopeImpl, Map<string, SymbolImpl>>();

  // The stack of frames to visit, kept as three parallel arrays so that the walk allocates no object per node.
  const rootContext: Context = { ...PLAIN[0][declarationFile ? 1 : 0], isBody: true };
  const stackNodes: SyntaxNode[] = [root];
  const stackScopes: ScopeImpl[] = [global];
  const stackContexts: Context[] = [rootContext];
  /** The frame being visited; reused, never kept past its visit. */
  const current: Frame = { node: root, scope: global, ctx: rootContext };

  const context = (overrides: Partial<Context>): Context => {
    const inType = overrides.inType ?? current.ctx.inType;
    const ambient = overrides.ambient ?? current.ctx.ambient;
    const mode = overrides.mode ?? 'expr';
    if (mode === 'expr' && !overrides.inPattern && !overrides.exported && !overrides.isBody && !overrides.declare && !overrides.writeValue) return PLAIN[+inType][+ambient];
    return { mode, inType, ambient, inPattern: overrides.inPattern ?? false, exported: overrides.exported ?? false, isBody: overrides.isBody ?? false, declare: overrides.declare, writeValue: overrides.writeValue };
  };
  const frame = (node: SyntaxNode, scope: ScopeImpl, overrides?: Partial<Context>): Frame => ({
    node,
    scope,
    ctx: overrides ? context(overrides) : PLAIN[+current.ctx.inType][+current.ctx.ambient],
  });
  const pushOne = (node: SyntaxNode, scope: ScopeImpl, ctx: Context) => {
    if (scope !== current.scope || node.parent !== current.node) builder.mark(node, scope);
    stackNodes.push(node);
    stackScopes.push(scope);
    stackContexts.push(ctx);
  };
  const pushAll = (frames: Array<Frame | undefined>) => {
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i];
      if (f) pushOne(f.node, f.scope, f.ctx);
    }
  };
  /** Queues the named children of the node being visited, without intermediate arrays (the hot path). */
  const pushChildren = (node: SyntaxNode, scope: ScopeImpl, ctx: Context) => {
    const marked = scope !== current.scope || node !== current.node;
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i];
      if (!child.isNamed) continue;
      if (marked) builder.mark(child, scope);
      stackNodes.push(child);
      stackScopes.push(scope);
      stackContexts.push(ctx);
    }
  };
  const children = (node: SyntaxNode, scope: ScopeImpl, overrides: Partial<Context> = {}) => node.children.filter((c) => c.isNamed).map((c) => frame(c, scope, overrides));

  const declaration = (f: Frame, name: SyntaxNode, kind: SymbolKind, form: DeclarationForm, node: SyntaxNode, extra: Partial<DeclarationImpl> = {}): DeclarationImpl => ({
    kind,
    form,
    name,
    node,
    inPattern: false,
    typeOnly: false,
    exported: f.ctx.exported,
    ambient: f.ctx.ambient,
    ...extra,
  });
  const declareIn = (scope: ScopeImpl, decl: DeclarationImpl, namespaces: { value: boolean; type: boolean }) => {
    builder.mark(decl.name, scope);
    return builder.declare(scope, decl, typescript ? namespaces : { value: true, type: false });
  };
  const VALUE = { value: true, type: false };
  const TYPE = { value: false, type: true };
  const BOTH = { value: true, type: true };

  const newScope = (kind: ScopeKind, node: SyntaxNode, parent: ScopeImpl, isVariableScope: boolean) => builder.newScope(kind, node, parent, isVariableScope);

  /** Declares `type_parameters` names in `scope` and queues their constraints and defaults as types. */
  const typeParameters = (node: SyntaxNode | undefined, scope: ScopeImpl, f: Frame): Frame[] => {
    if (!node) return [];
    builder.mark(node, scope);
    const frames: Frame[] = [];
    for (const parameter of node.namedChildren) {
      if (parameter.type !== 'type_parameter') continue;
      const name = parameter.field('name');
      if (name) declareIn(scope, declaration(f, name, 'type-parameter', 'type-parameter', parameter, { typeOnly: true, exported: false }), TYPE);
      for (const part of parameter.namedChildren) if (part !== name) frames.push(frame(part, scope, { inType: true }));
    }
    return frames;
  };

  /** Declares a parameter list in `scope`; defaults and decorators are queued as expressions of that scope. */
  const parameters = (list: SyntaxNode | undefined, scope: ScopeImpl, f: Frame): Frame[] => {
    if (!list) return [];
    builder.mark(list, scope);
    const frames: Frame[] = [];
    for (const parameter of list.namedChildren) {
      if (parameter.type === 'comment') continue;
      let form: DeclarationForm = 'parameter';
      let pattern: SyntaxNode | undefined = parameter;
      if (parameter.type === 'required_parameter' || parameter.type === 'optional_parameter') {
        const isProperty = parameter.children.some((c) => c.type === 'accessibility_modifier' || c.type === 'readonly' || c.type === 'override_modifier' || c.type === 'override');
        if (isProperty) form = 'parameter-property';
        pattern = parameter.field('pattern');
        for (const part of parameter.namedChildren) {
          if (part === pattern || part.type === 'accessibility_modifier' || part.type === 'override_modifier') continue;
          frames.push(frame(part, scope, { inType: part.type === 'type_annotation' }));
        }
      }
      if (!pattern || pattern.type === 'this') continue;
      const declaring: DeclareContext = { scope, kind: 'parameter', form, node: parameter, init: false };
      frames.push(frame(pattern, scope, { mode: 'declare', declare: declaring, ambient: f.ctx.ambient }));
    }
    return frames;
  };

  const bodyFrames = (body: SyntaxNode | undefined, scope: ScopeImpl): Frame[] => {
    if (!body) return [];
    return [frame(body, scope, { isBody: body.type === 'statement_block', inType: false })];
  };

  const visitFunction = (f: Frame) => {
    const { node, scope } = f;
    const isArrow = node.type === 'arrow_function';
    const functionScope = newScope(isArrow ? 'arrow' : 'function', node, scope, true);
    const frames: Frame[] = [];
    const name = node.field('name');
    if (name?.type === 'identifier') {
      if (node.type === 'function_declaration' || node.type === 'generator_function_declaration') {
        const symbol = declareIn(scope, declaration(f, name, 'function', 'function', node), VALUE);
        if (!isModule && !typescript && scope !== scope.variableScope) {
          let names = annexB.get(scope.variableScope);
          if (!names) annexB.set(scope.variableScope, (names = new Map()));
          if (!names.has(name.text)) names.set(name.text, symbol);
        }
      } else if (node.type !== 'method_definition') {
        declareIn(functionScope, declaration(f, name, 'function', 'function-expression-name', node, { exported: false }), VALUE);
      }
    } else if (name) frames.push(frame(name, scope, { inType: false }));
    for (const child of node.namedChildren) {
      if (child.type === 'decorator') frames.push(frame(child, scope));
    }
    frames.push(...typeParameters(node.field('type_parameters'), functionScope, f));
    const single = node.field('parameter');
    if (single) frames.push(frame(single, functionScope, { mode: 'declare', declare: { scope: functionScope, kind: 'parameter', form: 'parameter', node: single, init: false } }));
    frames.push(...parameters(node.field('parameters'), functionScope, f));
    const returnType = node.field('return_type');
    if (returnType) frames.push(frame(returnType, functionScope, { inType: true }));
    frames.push(...bodyFrames(node.field('body'), functionScope));
    pushAll(frames);
  };

  const visitSignature = (f: Frame) => {
    const { node, scope } = f;
    const signatureScope = newScope('signature', node, scope, true);
    const frames: Frame[] = [];
    const name = node.field('name');
    if (node.type === 'function_signature' && name?.type === 'identifier') {
      declareIn(scope, declaration(f, name, 'function', 'function-signature', node), VALUE);
    } else if (name && name.type === 'computed_property_name') frames.push(frame(name, scope));
    frames.push(...typeParameters(node.field('type_parameters'), signatureScope, f));
    frames.push(...parameters(node.field('parameters'), signatureScope, f));
    for (const part of [node.field('return_type'), node.field('type')]) if (part) frames.push(frame(part, signatureScope, { inType: true }));
    pushAll(frames);
  };

  const visitClass = (f: Frame) => {
    const { node, scope } = f;
    const classScope = newScope('class', node, scope, false);
    const name = node.field('name');
    if (name && (name.type === 'identifier' || name.type === 'type_identifier')) {
      if (node.type === 'class') declareIn(classScope, declaration(f, name, 'class', 'class-expression-name', node, { exported: false }), BOTH);
      else declareIn(scope, declaration(f, name, 'class', 'class', node), BOTH);
    }
    const frames: Frame[] = [];
    for (const child of node.namedChildren) {
      if (child === name) continue;
      if (child.type === 'decorator') frames.push(frame(child, scope));
      else if (child.type === 'type_parameters') frames.push(...typeParameters(child, classScope, f));
      else frames.push(frame(child, classScope, { inType: false }));
    }
    pushAll(frames);
  };

  const visitMember = (f: Frame) => {
    // Fields: the name is a property, not a variable; only computed names and values are code.
    const { node, scope } = f;
    const nameField = node.field('name') ?? node.field('property');
    const frames: Frame[] = [];
    for (const child of node.namedChildren) {
      if (child === nameField) {
        if (child.type === 'computed_property_name') frames.push(frame(child, scope));
        continue;
      }
      frames.push(frame(child, scope, { inType: child.type === 'type_annotation' || f.ctx.inType }));
    }
    pushAll(frames);
  };

  const visitImport = (f: Frame) => {
    const { node, scope } = f;
    const statementTypeOnly = node.children.some((c) => c.type === 'type' && !c.isNamed);
    for (const clause of node.namedChildren) {
      if (clause.type === 'import_require_clause') {
        const name = clause.namedChildren.find((c) => c.type === 'identifier');
        if (name) declareIn(scope, declaration(f, name, 'import', 'import-equals', node, { part: clause, typeOnly: statementTypeOnly }), statementTypeOnly ? TYPE : BOTH);
        continue;
      }
      if (clause.type !== 'import_clause') continue;
      for (const part of clause.namedChildren) {
        if (part.type === 'identifier') {
          declareIn(scope, declaration(f, part, 'import', 'import', node, { part, typeOnly: statementTypeOnly }), statementTypeOnly ? TYPE : BOTH);
        } else if (part.type === 'namespace_import') {
          const name = part.namedChildren.find((c) => c.type === 'identifier');
          if (name) declareIn(scope, declaration(f, name, 'import', 'import', node, { part, typeOnly: statementTypeOnly }), statementTypeOnly ? TYPE : BOTH);
        } else if (part.type === 'named_imports') {
          for (const specifier of part.namedChildren) {
            if (specifier.type !== 'import_specifier') continue;
            const name = specifier.field('alias') ?? specifier.field('name');
            if (!name || name.type !== 'identifier') continue;
            const typeOnly = statementTypeOnly || specifier.children.some((c) => c.type === 'type' && !c.isNamed);
            declareIn(scope, declaration(f, name, 'import', 'import', node, { part: specifier, typeOnly }), typeOnly ? TYPE : BOTH);
          }
        }
      }
    }
  };

  const visitExport = (f: Frame) => {
    const { node, scope } = f;
    if (node.field('source') || node.children.some((c) => c.type === 'namespace' && !c.isNamed)) return;
    const typeOnly = node.children.some((c) => c.type === 'type' && !c.isNamed);
    const frames: Frame[] = [];
    for (const child of node.namedChildren) {
      if (child.fieldName === 'declaration') frames.push(frame(child, scope, { exported: true }));
      else if (child.type === 'export_clause') {
        for (const specifier of child.namedChildren) {
          const name = specifier.type === 'export_specifier' ? specifier.field('name') : undefined;
          if (name?.type !== 'identifier') continue;
          const reference = builder.addReference(name, scope, { read: true, typeNamespace: typeOnly && typescript, inType: typeOnly });
          exportReferences.push(reference);
        }
      } else if (child.type === 'identifier') {
        // `export default x;` / `export = x;`
        exportReferences.push(builder.addReference(child, scope, { read: true }));
      } else frames.push(frame(child, scope));
    }
    pushAll(frames);
  };

  const visitVariables = (f: Frame) => {
    const { node, scope } = f;
    const kindToken = node.type === 'variable_declaration' ? 'var' : (node.field('kind')?.type ?? node.children[0]?.type);
    const form: DeclarationForm = kindToken === 'var' ? 'var' : kindToken === 'const' ? 'const' : kindToken === 'using' ? 'using' : 'let';
    const target = form === 'var' ? scope.variableScope : scope;
    const frames: Frame[] = [];
    for (const declarator of node.namedChildren) {
      if (declarator.type !== 'variable_declarator') {
        frames.push(frame(declarator, scope));
        continue;
      }
      const name = declarator.field('name');
      const value = declarator.field('value');
      if (name) {
        const declaring: DeclareContext = { scope: target, kind: 'variable', form, node: declarator, value, init: Boolean(value) };
        frames.push(frame(name, scope, { mode: 'declare', declare: declaring, exported: f.ctx.exported }));
      }
      for (const child of declarator.namedChildren) {
        if (child === name) continue;
        frames.push(frame(child, scope, { inType: child.type === 'type_annotation' }));
      }
    }
    pushAll(frames);
  };

  const visitForIn = (f: Frame) => {
    const { node, scope } = f;
    const loopScope = newScope('for', node, scope, false);
    const kindNode = node.field('kind');
    const left = node.field('left');
    const frames: Frame[] = [];
    for (const child of node.namedChildren) {
      if (child === left) {
        if (kindNode) {
          const form: DeclarationForm = kindNode.type === 'var' ? 'var' : kindNode.type === 'const' ? 'const' : 'let';
          const target = form === 'var' ? scope.variableScope : loopScope;
          frames.push(frame(child, loopScope, { mode: 'declare', declare: { scope: target, kind: 'variable', form, node, init: true } }));
        } else frames.push(frame(child, loopScope, { mode: 'assign' }));
      } else frames.push(frame(child, loopScope));
    }
    pushAll(frames);
  };

  const visitEnum = (f: Frame) => {
    const { node, scope } = f;
    const name = node.field('name');
    if (name?.type === 'identifier') declareIn(scope, declaration(f, name, 'enum', 'enum', node), BOTH);
    const enumScope = newScope('enum', node, scope, false);
    const body = node.field('body');
    if (!body) return;
    builder.mark(body, enumScope);
    const frames: Frame[] = [];
    for (const member of body.namedChildren) {
      const memberName = member.type === 'enum_assignment' ? member.field('name') : member;
      if (memberName?.type === 'property_identifier') declareIn(enumScope, declaration(f, memberName, 'enum-member', 'enum-member', member, { exported: false }), VALUE);
      const value = member.type === 'enum_assignment' ? member.field('value') : undefined;
      if (value) frames.push(frame(value, enumScope));
    }
    pushAll(frames);
  };

  const visitNamespace = (f: Frame) => {
    const { node, scope } = f;
    const name = node.field('name');
    const ambient = f.ctx.ambient || name?.type === 'string';
    const declared = name?.type === 'identifier' ? name : name?.type === 'nested_identifier' ? leftmostIdentifier(name) : undefined;
    if (declared) declareIn(scope, declaration(f, declared, 'namespace', 'namespace', node, { ambient }), BOTH);
    const body = node.field('body');
    if (!body) return;
    const namespaceScope = newScope('namespace', node, scope, true);
    pushAll([frame(body, namespaceScope, { isBody: true, ambient })]);
  };

  const visitTypeDeclaration = (f: Frame, form: 'interface' | 'type-alias') => {
    const { node, scope } = f;
    const name = node.field('name');
    if (name?.type === 'type_identifier') declareIn(scope, declaration(f, name, 'type', form, node, { typeOnly: true }), TYPE);
    const typeScope = newScope('type', node, scope, false);
    const frames: Frame[] = [...typeParameters(node.field('type_parameters'), typeScope, f)];
    for (const child of node.namedChildren) {
      if (child === name || child.type === 'type_parameters') continue;
      frames.push(frame(child, typeScope, { inType: true }));
    }
    pushAll(frames);
  };

  const visitJsxName = (f: Frame, name: SyntaxNode | undefined) => {
    if (!name) return;
    // Lower-case tags are intrinsic elements (`<div>`), not variables.
    if (name.type === 'identifier') {
      if (!/^[a-z]/.test(name.text)) builder.addReference(name, f.scope, { read: true });
    } else if (name.type === 'member_expression' || name.type === 'nested_identifier') {
      pushAll([frame(name, f.scope)]);
    }
  };

  const visitExpression = (f: Frame) => {
    const { node, scope } = f;
    switch (node.type) {
      case 'identifier':
        // Contextual keywords the grammar sometimes leaves as identifiers (`await (x)` read as a call).
        if (node.text === 'await' || node.text === 'yield') return;
        builder.addReference(node, scope, { read: true, inType: f.ctx.inType });
        return;
      case 'type_identifier':
        builder.addReference(node, scope, { read: true, inType: true, typeNamespace: true });
        return;
      case 'shorthand_property_identifier':
        builder.addReference(node, scope, { read: true, inType: f.ctx.inType });
        return;
      case 'property_identifier':
      case 'private_property_identifier':
      case 'statement_identifier':
      case 'shorthand_property_identifier_pattern':
      case 'this':
      case 'super':
      case 'meta_property':
        return;
      case 'comment': {
        const match = GLOBAL_COMMENT.exec(node.text);
        if (match) {
          const target = match[1] === 'exported' ? commentExported : commentGlobals;
          for (const item of match[2].split(',')) {
            const name = item.split(':')[0].trim();
            if (/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name)) target.add(name);
          }
        }
        return;
      }
      case 'member_expression': {
        // The object, then any other named child but the property name; pushed last to first, without
        // arrays or frames (member expressions are a large share of all nodes).
        const object = node.field('object');
        const ctx = PLAIN[+f.ctx.inType][+f.ctx.ambient];
        for (let i = node.children.length - 1; i >= 0; i--) {
          const child = node.children[i];
          if (child.isNamed && child !== object && child.fieldName !== 'property') pushOne(child, scope, ctx);
        }
        if (object) pushOne(object, scope, ctx);
        return;
      }
      case 'nested_identifier': {
        const object = node.field('object') ?? node.firstNamedChild;
        pushAll([object && frame(object, scope)]);
        return;
      }
      case 'nested_type_identifier': {
        const module = node.field('module') ?? node.firstNamedChild;
        pushAll([module && frame(module, scope, { inType: true })]);
        return;
      }
      case 'pair': {
        const key = node.field('key');
        pushAll(node.namedChildren.filter((c) => c !== key || c.type === 'computed_property_name').map((c) => frame(c, scope)));
        return;
      }
      case 'function_declaration':
      case 'generator_function_declaration':
      case 'function_expression':
      case 'function':
      case 'generator_function':
      case 'arrow_function':
      case 'method_definition':
        visitFunction(f);
        return;
      case 'function_signature':
      case 'method_signature':
      case 'abstract_method_signature':
      case 'call_signature':
      case 'construct_signature':
      case 'function_type':
      case 'constructor_type':
        visitSignature(f);
        return;
      case 'class_declaration':
      case 'abstract_class_declaration':
      case 'class':
        visitClass(f);
        return;
      case 'field_definition':
      case 'public_field_definition':
      case 'property_signature':
        visitMember(f);
        return;
      case 'class_static_block': {
        const blockScope = newScope('function', node, scope, true);
        pushAll(bodyFrames(node.field('body'), blockScope));
        return;
      }
      case 'variable_declaration':
      case 'lexical_declaration':
        visitVariables(f);
        return;
      case 'statement_block': {
        if (f.ctx.isBody) {
          pushChildren(node, scope, PLAIN[0][+f.ctx.ambient]);
          return;
        }
        const blockScope = newScope('block', node, scope, false);
        pushChildren(node, blockScope, PLAIN[+f.ctx.inType][+f.ctx.ambient]);
        return;
      }
      case 'for_statement': {
        const loopScope = newScope('for', node, scope, false);
        pushAll(children(node, loopScope));
        return;
      }
      case 'for_in_statement':
        visitForIn(f);
        return;
      case 'switch_body': {
        const blockScope = newScope('block', node, scope, false);
        pushAll(children(node, blockScope));
        return;
      }
      case 'catch_clause': {
        const catchScope = newScope('catch', node, scope, false);
        const parameter = node.field('parameter');
        const body = node.field('body');
        pushAll(
          node.namedChildren.map((child) => {
            if (child === parameter) return frame(child, catchScope, { mode: 'declare', declare: { scope: catchScope, kind: 'variable', form: 'catch', node, init: false } });
            if (child === body) return frame(child, catchScope, { isBody: true });
            return frame(child, catchScope, { inType: child.type === 'type_annotation' });
          }),
        );
        return;
      }
      case 'with_statement': {
        const object = node.field('object');
        const body = node.field('body');
        const withScope = newScope('with', node, scope, false);
        builder.markDynamic(withScope);
        pushAll([object && frame(object, scope), body && frame(body, withScope)]);
        return;
      }
      case 'call_expression': {
        const callee = node.field('function');
        if (callee?.type === 'identifier' && callee.text === 'eval') evalCallees.push(callee);
        pushChildren(node, scope, PLAIN[+f.ctx.inType][+f.ctx.ambient]);
        return;
      }
      case 'import_statement':
        visitImport(f);
        return;
      case 'import_alias': {
        const [name, target] = node.namedChildren;
        if (name?.type === 'identifier') declareIn(scope, declaration(f, name, 'import', 'import-equals', node, { part: node }), BOTH);
        if (target) pushAll([frame(target, scope)]);
        return;
      }
      case 'export_statement':
        visitExport(f);
        return;
      case 'interface_declaration':
        visitTypeDeclaration(f, 'interface');
        return;
      case 'type_alias_declaration':
        visitTypeDeclaration(f, 'type-alias');
        return;
      case 'enum_declaration':
        visitEnum(f);
        return;
      case 'internal_module':
      case 'module':
        visitNamespace(f);
        return;
      case 'ambient_declaration': {
        // `declare global { ... }` adds to the global scope: its declarations are the file's.
        pushAll(node.namedChildren.map((c) => frame(c, scope, { ambient: true, exported: f.ctx.exported, isBody: c.type === 'statement_block' })));
        return;
      }
      case 'type_parameters':
        pushAll(typeParameters(node, scope, f));
        return;
      case 'conditional_type': {
        const typeScope = newScope('type', node, scope, false);
        pushAll(children(node, typeScope, { inType: true }));
        return;
      }
      case 'infer_type': {
        const [name, ...rest] = node.namedChildren;
        if (name?.type === 'type_identifier') declareIn(scope, declaration(f, name, 'type-parameter', 'infer', node, { typeOnly: true, exported: false }), TYPE);
        pushAll(rest.map((c) => frame(c, scope, { inType: true })));
        return;
      }
      case 'index_signature': {
        const clause = node.namedChildren.find((c) => c.type === 'mapped_type_clause');
        const name = node.field('name');
        const inner = clause ? newScope('type', node, scope, false) : scope;
        const frames: Frame[] = [];
        if (clause) {
          const key = clause.field('name');
          if (key) declareIn(inner, declaration(f, key, 'type-parameter', 'mapped-type-key', clause, { typeOnly: true, exported: false }), TYPE);
          for (const part of clause.namedChildren) if (part !== key) frames.push(frame(part, inner, { inType: true }));
        }
        for (const child of node.namedChildren) if (child !== clause && child !== name) frames.push(frame(child, inner, { inType: true }));
        pushAll(frames);
        return;
      }
      case 'as_expression':
      case 'satisfies_expression': {
        const [value, ...types] = node.namedChildren;
        pushAll([value && frame(value, scope), ...types.map((c) => frame(c, scope, { inType: true }))]);
        return;
      }
      case 'jsx_opening_element':
      case 'jsx_self_closing_element': {
        const name = node.field('name');
        visitJsxName(f, name);
        pushAll(node.namedChildren.filter((c) => c !== name).map((c) => frame(c, scope)));
        return;
      }
      case 'jsx_closing_element':
        return;
      case 'named_tuple_member':
        // `[label: T]`: the label names the element, it is not a variable.
        pushAll(node.namedChildren.filter((c, i) => !(i === 0 && c.type === 'identifier')).map((c) => frame(c, scope, { inType: true })));
        return;
      case 'jsx_attribute':
        pushAll(node.namedChildren.filter((c) => c.type !== 'property_identifier' && c.type !== 'jsx_namespace_name').map((c) => frame(c, scope)));
        return;
      case 'assignment_expression': {
        const left = node.field('left');
        const right = node.field('right');
        pushAll([left && frame(left, scope, { mode: 'assign', writeValue: right }), right && frame(right, scope)]);
        return;
      }
      case 'augmented_assignment_expression': {
        const left = node.field('left');
        const right = node.field('right');
        const target = left && unwrap(left);
        if (target?.type === 'identifier') builder.addReference(target, scope, { read: true, write: true });
        pushAll([target?.type !== 'identifier' && left ? frame(left, scope) : undefined, right && frame(right, scope)]);
        return;
      }
      case 'update_expression': {
        const argument = node.field('argument');
        const target = argument && unwrap(argument);
        if (target?.type === 'identifier') builder.addReference(target, scope, { read: true, write: true });
        else if (argument) pushAll([frame(argument, scope)]);
        return;
      }
      case 'object_pattern':
      case 'array_pattern':
        // A pattern met as an expression is an assignment target (`for ([a, b] of pairs)`).
        visitAssign(f);
        return;
      default:
        pushChildren(node, scope, PLAIN[+(f.ctx.inType || TYPE_CONTEXTS.has(node.type))][+f.ctx.ambient]);
    }
  };

  const visitDeclare = (f: Frame) => {
    const { node } = f;
    const declaring = f.ctx.declare!;
    switch (node.type) {
      case 'identifier':
      case 'shorthand_property_identifier_pattern': {
        const value = f.ctx.inPattern ? undefined : declaring.value;
        declareIn(declaring.scope, declaration(f, node, declaring.kind, declaring.form, declaring.node, { value, inPattern: f.ctx.inPattern }), VALUE);
        if (declaring.init) builder.addReference(node, f.scope, { write: true, init: true, writeValue: value });
        return;
      }
      case 'assignment_pattern':
      case 'object_assignment_pattern': {
        const left = node.field('left');
        const right = node.field('right');
        pushAll([left && frame(left, f.scope, { mode: 'declare', declare: declaring, inPattern: f.ctx.inPattern || node.type === 'object_assignment_pattern', exported: f.ctx.exported }), right && frame(right, f.scope)]);
        return;
      }
      case 'pair_pattern': {
        const key = node.field('key');
        const value = node.field('value');
        pushAll([key?.type === 'computed_property_name' ? frame(key, f.scope) : undefined, value && frame(value, f.scope, { mode: 'declare', declare: declaring, inPattern: true, exported: f.ctx.exported })]);
        return;
      }
      case 'object_pattern':
      case 'array_pattern':
        pushAll(children(node, f.scope, { mode: 'declare', declare: declaring, inPattern: true, exported: f.ctx.exported }));
        return;
      case 'rest_pattern':
        // `...rest` destructures only inside an object/array pattern; as a parameter it is a plain name.
        pushAll(children(node, f.scope, { mode: 'declare', declare: declaring, inPattern: f.ctx.inPattern, exported: f.ctx.exported }));
        return;
      default:
        visitExpression(f);
    }
  };

  const visitAssign = (f: Frame) => {
    const { node, scope } = f;
    switch (node.type) {
      case 'identifier':
      case 'shorthand_property_identifier_pattern':
        builder.addReference(node, scope, { write: true, writeValue: f.ctx.inPattern ? undefined : f.ctx.writeValue });
        return;
      case 'parenthesized_expression':
      case 'non_null_expression':
        pushAll(children(node, scope, { mode: 'assign', inPattern: f.ctx.inPattern, writeValue: f.ctx.writeValue }));
        return;
      case 'assignment_pattern':
      case 'object_assignment_pattern': {
        const left = node.field('left');
        const right = node.field('right');
        pushAll([left && frame(left, scope, { mode: 'assign', inPattern: true }), right && frame(right, scope)]);
        return;
      }
      case 'pair_pattern': {
        const key = node.field('key');
        const value = node.field('value');
        pushAll([key?.type === 'computed_property_name' ? frame(key, scope) : undefined, value && frame(value, scope, { mode: 'assign', inPattern: true })]);
        return;
      }
      default:
        if (PATTERN_TYPES.has(node.type)) pushAll(children(node, scope, { mode: 'assign', inPattern: true }));
        else visitExpression(f);
    }
  };

  while (stackNodes.length > 0) {
    const f = current;
    f.node = stackNodes.pop()!;
    f.scope = stackScopes.pop()!;
    f.ctx = stackContexts.pop()!;
    if (f.node.type === 'ERROR') {
      builder.collectErrorNames(f.node, IDENTIFIER_TYPES);
      continue;
    }
    if (f.ctx.mode === 'declare') visitDeclare(f);
    else if (f.ctx.mode === 'assign') visitAssign(f);
    else visitExpression(f);
  }

  // Resolution: innermost scope first, then outward; values and types are separate namespaces.
  const lookup = (scope: ScopeImpl, name: string, types: boolean): SymbolImpl | undefined => {
    for (let s: ScopeImpl | undefined = scope; s; s = s.parent) {
      const symbol = (types ? s.typeSymbols : s.symbols).get(name);
      if (symbol) return symbol;
    }
    return undefined;
  };
  const lookupAnnexB = (scope: ScopeImpl, name: string): SymbolImpl | undefined => {
    for (let s: ScopeImpl | undefined = scope; s; s = s.parent) {
      const symbol = annexB.get(s)?.get(name);
      if (symbol) return symbol;
    }
    return undefined;
  };
  const insideFunction = (scope: ScopeImpl): boolean => {
    for (let s: ScopeImpl | undefined = scope; s; s = s.parent) {
      if (s.kind === 'function') return s.node.type !== 'class_static_block';
      if (s.kind === 'class' || s.kind === 'module' || s.kind === 'script') return false;
    }
    return false;
  };
  for (const reference of builder.references) {
    let symbol: SymbolImpl | undefined;
    if (reference.typeNamespace) symbol = lookup(reference.scope, reference.name, true);
    else {
      symbol = lookup(reference.scope, reference.name, false) ?? lookupAnnexB(reference.scope, reference.name);
      if (!symbol && typescript) symbol = lookup(reference.scope, reference.name, true);
    }
    let fallback: 'builtin' | 'implicit' | 'unresolved' = 'unresolved';
    if (reference.name === 'arguments' && insideFunction(reference.scope)) fallback = 'implicit';
    else if (globals.all.has(reference.name) || commentGlobals.has(reference.name)) fallback = 'builtin';
    builder.bindReference(reference, symbol, fallback);
  }
  for (const reference of exportReferences) if (reference.symbol) reference.symbol.exported = true;
  for (const callee of evalCallees) {
    const reference = builder.referenceByNode.get(callee);
    if (reference?.resolution === 'builtin') builder.markDynamic(reference.scope);
  }
  const commonJS = builder.references.some((r) => r.resolution === 'builtin' && (r.name === 'require' || r.name === 'module' || r.name === 'exports'));

  return new Model(builder, {
    language,
    sourceType: isModule ? 'module' : 'script',
    commonJS,
    declarationFile,
    hasStarImport: false,
    commentGlobals,
    commentExported,
    isBuiltin: (name) => globals.all.has(name),
  });
}

/** `(x)`, `x!`, `(x as T)` → `x`: the identifier an update or compound assignment really writes. */
function unwrap(node: SyntaxNode): SyntaxNode {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression' || n.type === 'non_null_expression' || n.type === 'as_expression' || n.type === 'satisfies_expression') {
      const inner = n.firstNamedChild;
      if (!inner) return n;
      n = inner;
    } else return n;
  }
}

function leftmostIdentifier(node: SyntaxNode): SyntaxNode | undefined {
  let n: SyntaxNode | undefined = node;
  while (n && n.type === 'nested_identifier') n = n.field('object') ?? n.firstNamedChild;
  return n?.type === 'identifier' ? n : undefined;
}

