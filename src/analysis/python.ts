import type { ParsedFile } from '../parse/parser.js';
import type { SyntaxNode } from '../parse/syntax-node.js';
import type { DeclarationForm, SymbolKind } from './index.js';
import { loadPythonBuiltins } from './environment.js';
import { Model, ModelBuilder, type DeclarationImpl, type ReferenceImpl, type ScopeImpl, type SymbolImpl } from './model.js';

/**
 * Python scopes (LEGB): module, class, function, lambda, comprehension and 3.12 annotation scopes.
 *
 * The walk records bindings per scope without deciding where they land, because `global x` / `nonlocal x`
 * may appear anywhere in a function and redirect every binding of `x` in it. After the walk, bindings are
 * placed (local, module, or the enclosing function for `nonlocal`) and references are resolved:
 * the local scope, then enclosing function-like scopes (class scopes are skipped, as Python does for
 * code nested in a class body), then the module, then builtins.
 */

/** How an identifier met during the walk is used. */
type Mode =
  /** An expression: identifiers are reads. */
  | 'expr'
  /** An assignment target: identifiers are bindings. */
  | 'bind'
  /** A `del` target. */
  | 'del'
  /** A `case` pattern: bare names are captures, dotted names are values. */
  | 'pattern';

interface BindContext {
  kind: SymbolKind;
  form: DeclarationForm;
  node: SyntaxNode;
  value?: SyntaxNode;
  part?: SyntaxNode;
  /** `x: int` declares without storing a value. */
  noWrite?: boolean;
}

/** What a frame inherits from the code around it; shared between frames unless something changes. */
interface Context {
  mode: Mode;
  inType: boolean;
  /** Inside a tuple/list/starred target. */
  inPattern: boolean;
  bind?: BindContext;
}

interface Frame {
  node: SyntaxNode;
  scope: ScopeImpl;
  ctx: Context;
}

/** The plain expression contexts, indexed by inType. */
const PLAIN: Context[] = [false, true].map((inType) => ({ mode: 'expr' as Mode, inType, inPattern: false }));

interface PendingBinding {
  scope: ScopeImpl;
  declaration: DeclarationImpl;
}

const TARGET_SEQUENCES = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list']);
const DEL_SEQUENCES = new Set(['expression_list', 'tuple', 'list', 'parenthesized_expression', 'pattern_list', 'tuple_pattern', 'list_pattern']);
/** Builtins that read or write a scope's names by string. `vars` only counts without arguments. */
const DYNAMIC_CALLS = new Set(['locals', 'vars', 'exec', 'eval']);
const IDENTIFIER_TYPES: ReadonlySet<string> = new Set(['identifier']);

export function buildPythonModel(parsed: ParsedFile): Model {
  const builtins = loadPythonBuiltins();
  const builder = new ModelBuilder(parsed.root);
  const global = builder.newScope('module', parsed.root, undefined, true);
  const pending: PendingBinding[] = [];
  const dynamicCallees: SyntaxNode[] = [];
  /** `del x` makes `x` local to its function like a binding does, without declaring anything. */
  const deleted: Array<{ scope: ScopeImpl; name: string }> = [];
  let hasStarImport = false;

  // The stack of frames to visit, kept as three parallel arrays so that the walk allocates no object per node.
  const stackNodes: SyntaxNode[] = [parsed.root];
  const stackScopes: ScopeImpl[] = [global];
  const stackContexts: Context[] = [PLAIN[0]];
  /** The frame being visited; reused, never kept past its visit. */
  const current: Frame = { node: parsed.root, scope: global, ctx: PLAIN[0] };

  const context = (base: Context, overrides: Partial<Context>): Context => {
    const merged = { ...base, ...overrides };
    return merged.mode === 'expr' && !merged.inPattern && !merged.bind ? PLAIN[+merged.inType] : merged;
  };
  /** A frame in expression mode unless `overrides` says otherwise; `inType` is inherited. */
  const frame = (node: SyntaxNode, scope: ScopeImpl, overrides?: Partial<Context>): Frame => ({
    node,
    scope,
    ctx: overrides ? context(PLAIN[+current.ctx.inType], overrides) : PLAIN[+current.ctx.inType],
  });
  /** Queues frames so that they are visited in source order (the stack is last-in first-out). */
  const pushAll = (frames: Array<Frame | undefined>) => {
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i];
      if (!f) continue;
      if (f.scope !== current.scope || f.node.parent !== current.node) builder.mark(f.node, f.scope);
      stackNodes.push(f.node);
      stackScopes.push(f.scope);
      stackContexts.push(f.ctx);
    }
  };
  /** Queues the named children of the current node in the current scope (the hot path: no arrays, shared context). */
  const pushChildren = (node: SyntaxNode, ctx: Context = current.ctx) => {
    const scope = current.scope;
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i];
      if (!child.isNamed) continue;
      stackNodes.push(child);
      stackScopes.push(scope);
      stackContexts.push(ctx);
    }
  };
  const childFrames = (node: SyntaxNode, overrides?: Partial<Context>) => {
    const ctx = overrides ? context(current.ctx, overrides) : current.ctx;
    return node.children.filter((c) => c.isNamed).map((c): Frame => ({ node: c, scope: current.scope, ctx }));
  };

  const bind = (scope: ScopeImpl, name: SyntaxNode, binding: BindContext, inPattern: boolean, options: { write?: boolean; read?: boolean } = {}) => {
    const declaration: DeclarationImpl = {
      kind: binding.kind,
      form: binding.form,
      name,
      node: binding.node,
      part: binding.part,
      value: inPattern ? undefined : binding.value,
      inPattern,
      typeOnly: false,
      exported: false,
      ambient: false,
    };
    pending.push({ scope, declaration });
    builder.mark(name, scope);
    if (options.write) {
      builder.addReference(name, scope, { write: true, read: options.read, writeValue: declaration.value, inType: false });
    }
  };

  const declareParameters = (parameters: SyntaxNode, functionScope: ScopeImpl, defaultScope: ScopeImpl, annotationScope: ScopeImpl) => {
    builder.mark(parameters, functionScope);
    const frames: Frame[] = [];
    const declareName = (node: SyntaxNode | undefined, parameter: SyntaxNode) => {
      // `*args` / `**kwargs` wrap the name.
      const name = node?.type === 'list_splat_pattern' || node?.type === 'dictionary_splat_pattern' ? node.namedChildren.find((c) => c.type === 'identifier') : node;
      if (name?.type === 'identifier') bind(functionScope, name, { kind: 'parameter', form: 'parameter', node: parameter }, false);
    };
    for (const parameter of parameters.namedChildren) {
      switch (parameter.type) {
        case 'identifier':
        case 'list_splat_pattern':
        case 'dictionary_splat_pattern':
          declareName(parameter, parameter);
          break;
        case 'typed_parameter': {
          declareName(parameter.namedChildren.find((c) => c.type !== 'type' && c.type !== 'comment'), parameter);
          const type = parameter.field('type');
          if (type) frames.push(frame(type, annotationScope, { inType: true }));
          break;
        }
        case 'default_parameter':
        case 'typed_default_parameter': {
          declareName(parameter.field('name'), parameter);
          const type = parameter.field('type');
          if (type) frames.push(frame(type, annotationScope, { inType: true }));
          const value = parameter.field('value');
          if (value) frames.push(frame(value, defaultScope, { inType: false }));
          break;
        }
        case 'tuple_pattern':
          frames.push(frame(parameter, functionScope, { mode: 'bind', bind: { kind: 'parameter', form: 'parameter', node: parameter }, inPattern: true }));
          break;
        default:
          break;
      }
    }
    pushAll(frames);
  };

  /** `def f[T: int, *Ts, **P]`: each name is declared in the annotation scope; bounds are expressions there. */
  const declareTypeParameters = (typeParameters: SyntaxNode, scope: ScopeImpl) => {
    builder.mark(typeParameters, scope);
    const frames: Frame[] = [];
    for (const item of typeParameters.namedChildren) {
      const inner = item.type === 'type' ? item.firstNamedChild : item;
      if (!inner) continue;
      let nameNode: SyntaxNode | undefined;
      if (inner.type === 'identifier') nameNode = inner;
      else if (inner.type === 'splat_type') nameNode = inner.namedChildren.find((c) => c.type === 'identifier');
      else if (inner.type === 'constrained_type') {
        const [first, ...rest] = inner.namedChildren;
        nameNode = first?.type === 'type' ? first.firstNamedChild : first;
        for (const bound of rest) frames.push(frame(bound, scope, { inType: true }));
      } else frames.push(frame(inner, scope, { inType: true }));
      if (nameNode?.type === 'identifier') bind(scope, nameNode, { kind: 'type-parameter', form: 'type-parameter', node: item }, false);
    }
    pushAll(frames);
  };

  const typeParameterScope = (node: SyntaxNode, typeParameters: SyntaxNode | undefined, outer: ScopeImpl): ScopeImpl => {
    if (!typeParameters) return outer;
    const scope = builder.newScope('type-parameters', node, outer, true, false);
    declareTypeParameters(typeParameters, scope);
    return scope;
  };

  const visitExpression = (f: Frame) => {
    const { node, scope } = f;
    switch (node.type) {
      case 'identifier':
        builder.addReference(node, scope, { read: true, inType: f.ctx.inType });
        return;
      case 'attribute': {
        pushAll([frame(node.field('object') ?? node.children[0], scope)]);
        return;
      }
      case 'keyword_argument': {
        const value = node.field('value');
        if (value) pushAll([frame(value, scope)]);
        return;
      }
      case 'type':
        pushChildren(node, PLAIN[1]);
        return;
      case 'decorated_definition':
        pushChildren(node, PLAIN[+f.ctx.inType]);
        return;
      case 'function_definition': {
        const name = node.field('name');
        if (name) bind(scope, name, { kind: 'function', form: 'def', node }, false);
        const annotationScope = typeParameterScope(node, node.field('type_parameters'), scope);
        const functionScope = builder.newScope('function', node, annotationScope, true);
        const parameters = node.field('parameters');
        const frames: Frame[] = [];
        const returnType = node.field('return_type');
        if (returnType) frames.push(frame(returnType, annotationScope, { inType: true }));
        const body = node.field('body');
        if (body) frames.push(frame(body, functionScope, { inType: false }));
        pushAll(frames);
        if (parameters) declareParameters(parameters, functionScope, scope, annotationScope);
        return;
      }
      case 'lambda': {
        const lambdaScope = builder.newScope('lambda', node, scope, true);
        const body = node.field('body');
        if (body) pushAll([frame(body, lambdaScope, { inType: false })]);
        const parameters = node.field('parameters');
        if (parameters) declareParameters(parameters, lambdaScope, scope, scope);
        return;
      }
      case 'class_definition': {
        const name = node.field('name');
        if (name) bind(scope, name, { kind: 'class', form: 'class', node }, false);
        const outer = typeParameterScope(node, node.field('type_parameters'), scope);
        const classScope = builder.newScope('class', node, outer, true);
        const superclasses = node.field('superclasses');
        const body = node.field('body');
        pushAll([superclasses && frame(superclasses, outer), body && frame(body, classScope, { inType: false })]);
        return;
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression': {
        const comprehensionScope = builder.newScope('comprehension', node, scope, true);
        const frames: Frame[] = [];
        let first = true;
        for (const child of node.namedChildren) {
          if (child.type === 'for_in_clause') {
            builder.mark(child, comprehensionScope);
            const binding: BindContext = { kind: 'variable', form: 'comprehension-for', node: child };
            for (const left of child.fieldAll('left')) frames.push(frame(left, comprehensionScope, { mode: 'bind', bind: binding }));
            // The outermost iterable is evaluated in the enclosing scope, before the comprehension starts.
            for (const right of child.fieldAll('right')) frames.push(frame(right, first ? scope : comprehensionScope));
            first = false;
          } else frames.push(frame(child, comprehensionScope));
        }
        pushAll(frames);
        return;
      }
      case 'assignment': {
        const left = node.field('left');
        const type = node.field('type');
        const right = node.field('right');
        const form: DeclarationForm = type ? (right ? 'annotated-assignment' : 'annotation') : 'assignment';
        const binding: BindContext = { kind: 'variable', form, node, value: right, noWrite: !right };
        pushAll([left && frame(left, scope, { mode: 'bind', bind: binding }), type && frame(type, scope, { inType: true }), right && frame(right, scope)]);
        return;
      }
      case 'augmented_assignment': {
        const left = node.field('left');
        const right = node.field('right');
        if (left?.type === 'identifier') {
          bind(scope, left, { kind: 'variable', form: 'augmented-assignment', node }, false, { write: true, read: true });
          pushAll([right && frame(right, scope)]);
        } else pushAll([left && frame(left, scope), right && frame(right, scope)]);
        return;
      }
      case 'named_expression': {
        // `:=` inside a comprehension binds in the enclosing function (PEP 572).
        let target = scope;
        while (target.kind === 'comprehension' && target.parent) target = target.parent;
        const name = node.field('name');
        const value = node.field('value');
        if (name?.type === 'identifier') {
          bind(target, name, { kind: 'variable', form: 'walrus', node, value }, false, { write: false });
          builder.addReference(name, scope, { write: true, writeValue: value });
        }
        pushAll([value && frame(value, scope)]);
        return;
      }
      case 'for_statement': {
        const binding: BindContext = { kind: 'variable', form: 'for', node };
        pushAll(node.children.filter((c) => c.isNamed).map((c) => (c.fieldName === 'left' ? frame(c, scope, { mode: 'bind', bind: binding }) : frame(c, scope))));
        return;
      }
      case 'as_pattern': {
        const parent = node.parent;
        const form: DeclarationForm | undefined = parent?.type === 'with_item' ? 'with' : parent?.type === 'except_clause' ? 'except' : undefined;
        const alias = node.field('alias');
        const frames: Frame[] = node.namedChildren.filter((c) => c !== alias).map((c) => frame(c, scope));
        if (alias && form) {
          const target = alias.type === 'as_pattern_target' ? alias.firstNamedChild : alias;
          if (target) frames.push(frame(target, scope, { mode: 'bind', bind: { kind: 'variable', form, node: parent! } }));
        } else if (alias) frames.push(frame(alias, scope));
        pushAll(frames);
        return;
      }
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement': {
        const form: DeclarationForm = node.type === 'import_statement' ? 'import' : node.type === 'future_import_statement' ? 'future-import' : 'import-from';
        for (const child of node.children) {
          if (child.type === 'wildcard_import') hasStarImport = true;
          if (child.fieldName !== 'name') continue;
          const name = child.type === 'aliased_import' ? child.field('alias') : child.type === 'dotted_name' ? child.firstNamedChild : undefined;
          if (name?.type === 'identifier') bind(scope, name, { kind: 'import', form, node, part: child }, false);
        }
        return;
      }
      case 'global_statement':
      case 'nonlocal_statement': {
        const names = node.type === 'global_statement' ? scope.globalNames : scope.nonlocalNames;
        for (const child of node.namedChildren) if (child.type === 'identifier') names.add(child.text);
        return;
      }
      case 'delete_statement':
        pushChildren(node, context(current.ctx, { mode: 'del' }));
        return;
      case 'type_alias_statement': {
        const left = node.field('left');
        const inner = left?.type === 'type' ? left.firstNamedChild : left;
        let name: SyntaxNode | undefined;
        let valueScope = scope;
        if (inner?.type === 'identifier') name = inner;
        else if (inner?.type === 'generic_type') {
          name = inner.namedChildren.find((c) => c.type === 'identifier');
          valueScope = typeParameterScope(node, inner.namedChildren.find((c) => c.type === 'type_parameter'), scope);
        }
        if (name) bind(scope, name, { kind: 'type', form: 'type-alias', node }, false);
        const right = node.field('right');
        pushAll([right && frame(right, valueScope, { inType: true })]);
        return;
      }
      case 'case_clause': {
        const binding: BindContext = { kind: 'variable', form: 'match', node };
        pushAll(node.namedChildren.map((c) => (c.type === 'case_pattern' ? frame(c, scope, { mode: 'pattern', bind: binding }) : frame(c, scope))));
        return;
      }
      case 'call': {
        const callee = node.field('function');
        if (callee?.type === 'identifier' && DYNAMIC_CALLS.has(callee.text)) {
          const args = node.field('arguments');
          if (callee.text !== 'vars' || !args || args.namedChildren.length === 0) dynamicCallees.push(callee);
        }
        pushChildren(node, PLAIN[+f.ctx.inType]);
        return;
      }
      case 'exec_statement':
        builder.markDynamic(scope);
        pushChildren(node, PLAIN[+f.ctx.inType]);
        return;
      default:
        pushChildren(node, PLAIN[+f.ctx.inType]);
    }
  };

  const visitTarget = (f: Frame) => {
    const { node, scope } = f;
    const binding = f.ctx.bind!;
    switch (node.type) {
      case 'identifier':
        bind(scope, node, binding, f.ctx.inPattern, { write: !binding.noWrite });
        return;
      case 'parenthesized_expression':
        pushChildren(node);
        return;
      case 'list_splat_pattern':
      case 'list_splat':
        pushChildren(node, context(current.ctx, { inPattern: true }));
        return;
      default:
        if (TARGET_SEQUENCES.has(node.type)) pushChildren(node, context(current.ctx, { inPattern: true }));
        else visitExpression(f);
    }
  };

  const visitDelete = (f: Frame) => {
    const { node, scope } = f;
    if (node.type === 'identifier') {
      builder.addReference(node, scope, { delete: true });
      deleted.push({ scope, name: node.text });
    }
    else if (DEL_SEQUENCES.has(node.type)) pushChildren(node);
    else visitExpression(f);
  };

  const capture = (f: Frame, name: SyntaxNode | undefined) => {
    if (name?.type === 'identifier' && name.text !== '_') bind(f.scope, name, f.ctx.bind!, true, { write: true });
  };

  const visitPattern = (f: Frame) => {
    const { node, scope } = f;
    switch (node.type) {
      case 'dotted_name': {
        const names = node.namedChildren.filter((c) => c.type === 'identifier');
        const isClass = node.parent?.type === 'class_pattern' && node.parent.firstNamedChild === node;
        if (!isClass && node.fieldName !== 'key' && names.length === 1) capture(f, names[0]);
        else if (names[0]) builder.addReference(names[0], scope, { read: true });
        return;
      }
      case 'identifier':
        capture(f, node);
        return;
      case 'keyword_pattern':
        pushAll(childFrames(node).filter((c, i) => !(i === 0 && c.node.type === 'identifier')));
        return;
      case 'splat_pattern':
        capture(f, node.namedChildren.find((c) => c.type === 'identifier'));
        return;
      case 'as_pattern': {
        const named = node.namedChildren;
        const last = named[named.length - 1];
        pushAll(childFrames(node).filter((c) => c.node !== last));
        capture(f, last);
        return;
      }
      default:
        pushChildren(node);
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
    if (f.ctx.mode === 'expr') visitExpression(f);
    else if (f.ctx.mode === 'bind') visitTarget(f);
    else if (f.ctx.mode === 'del') visitDelete(f);
    else visitPattern(f);
  }

  placeBindings(builder, global, pending, deleted);
  resolveReferences(builder, global, builtins);
  for (const callee of dynamicCallees) {
    const reference = builder.referenceByNode.get(callee);
    if (reference?.resolution === 'builtin') builder.markDynamic(reference.scope);
  }

  return new Model(builder, {
    language: 'python',
    sourceType: 'module',
    commonJS: false,
    declarationFile: false,
    hasStarImport,
    commentGlobals: new Set(),
    commentExported: new Set(),
    isBuiltin: (name) => builtins.module.has(name),
  });
}

const FUNCTION_LIKE = new Set(['function', 'lambda', 'comprehension', 'type-parameters']);

/** Puts each binding in the scope it belongs to: local, module (`global`), or an enclosing function (`nonlocal`). */
function placeBindings(builder: ModelBuilder, global: ScopeImpl, pending: PendingBinding[], deleted: Array<{ scope: ScopeImpl; name: string }>) {
  const localNames = new Map<ScopeImpl, Set<string>>();
  const occurrences = [...pending.map((p) => ({ scope: p.scope, name: p.declaration.name.text })), ...deleted];
  for (const { scope, name } of occurrences) {
    if (scope.globalNames.has(name) || scope.nonlocalNames.has(name)) continue;
    let names = localNames.get(scope);
    if (!names) localNames.set(scope, (names = new Set()));
    names.add(name);
  }
  const nonlocalTarget = (scope: ScopeImpl, name: string): ScopeImpl | undefined => {
    for (let s = scope.parent; s && s !== global; s = s.parent) {
      if (!FUNCTION_LIKE.has(s.kind)) continue;
      if (localNames.get(s)?.has(name)) return s;
    }
    return undefined;
  };
  for (const { scope, declaration } of pending) {
    const name = declaration.name.text;
    let target = scope;
    if (scope.globalNames.has(name)) target = global;
    else if (scope.nonlocalNames.has(name)) target = nonlocalTarget(scope, name) ?? scope;
    builder.declare(target, declaration, { value: true, type: false });
  }
}

function lookup(scope: ScopeImpl, global: ScopeImpl, name: string): SymbolImpl | undefined {
  let classVisible = true;
  for (let s: ScopeImpl | undefined = scope; s; s = s.parent) {
    if (s.globalNames.has(name)) return global.symbols.get(name);
    if (classVisible || s.kind !== 'class') {
      const symbol = s.symbols.get(name);
      if (symbol) return symbol;
    }
    // Code nested in a class body does not see the class's names, except 3.12 annotation scopes.
    classVisible = s.kind === 'type-parameters';
  }
  return undefined;
}

function resolveReferences(builder: ModelBuilder, global: ScopeImpl, builtins: ReturnType<typeof loadPythonBuiltins>) {
  for (const reference of builder.references) {
    const symbol = lookup(reference.scope, global, reference.name);
    builder.bindReference(reference, symbol, fallbackResolution(reference, builtins));
  }
}

function fallbackResolution(reference: ReferenceImpl, builtins: ReturnType<typeof loadPythonBuiltins>) {
  const name = reference.name;
  if (builtins.module.has(name)) return 'builtin';
  if (builtins.classBody.has(name) && reference.scope.kind === 'class') return 'implicit';
  if (builtins.method.has(name)) {
    for (let s: ScopeImpl | undefined = reference.scope; s; s = s.parent) {
      if (s.kind === 'function' && s.parent?.kind === 'class') return 'implicit';
    }
  }
  return 'unresolved';
}
