import { eslintDisabled, isDiscardedSelfUpdate, removeListItem, removeStatement } from '../../src/analysis/helpers.js';
import type { Declaration, DeclarationForm, Scope, SemanticModel, SemanticSymbol } from '../../src/analysis/index.js';
import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import type { Fix } from '../../src/types.js';
import { unusedVariableDocs } from '../shared/unused-variable.js';

/** Names that exist for their shape, not to be read: a function expression's own name, parameter properties, enum members... */
const IGNORED_FORMS: ReadonlySet<DeclarationForm> = new Set([
  'function-expression-name',
  'class-expression-name',
  'parameter-property',
  'enum-member',
  'infer',
  'mapped-type-key',
  'type-parameter',
  'namespace',
]);
const IGNORED_SCOPES: ReadonlySet<Scope['kind']> = new Set(['signature', 'type', 'enum', 'with']);
const ESLINT_RULES = ['no-unused-vars', '@typescript-eslint/no-unused-vars'];
const STATEMENT_PARENTS: ReadonlySet<string> = new Set(['program', 'statement_block']);

/** A read that only feeds the variable itself (`x++;`) or comes from inside its own definition (recursion). */
function isRealUse(symbol: SemanticSymbol, reference: SemanticSymbol['references'][number]): boolean {
  if (!reference.isRead || isDiscardedSelfUpdate(reference.node)) return false;
  for (const declaration of symbol.declarations) {
    const own = ownBody(declaration);
    if (own && own.startIndex <= reference.node.startIndex && reference.node.endIndex <= own.endIndex) return false;
  }
  return true;
}

function ownBody(declaration: Declaration): SyntaxNode | undefined {
  if (declaration.form === 'function' || declaration.form === 'class') return declaration.node;
  const value = declaration.value;
  if (value && ['function_expression', 'arrow_function', 'function', 'generator_function', 'class'].includes(value.type)) return value;
  return undefined;
}

function isUsed(symbol: SemanticSymbol): boolean {
  return symbol.references.some((r) => isRealUse(symbol, r));
}

/** `const { a, ...rest } = obj`: `a` is named to leave it out of `rest`. */
function hasRestSibling(name: SyntaxNode): boolean {
  let node: SyntaxNode | null = name;
  while (node && node.type !== 'object_pattern') {
    if (node.type === 'array_pattern' || node.type === 'variable_declarator') return false;
    node = node.parent;
  }
  return Boolean(node?.namedChildren.some((c) => c.type === 'rest_pattern'));
}

function functionLabel(fn: SyntaxNode): string {
  const name = fn.field('name') ?? (fn.parent?.type === 'variable_declarator' ? fn.parent.field('name') : undefined) ?? (fn.parent?.type === 'pair' ? fn.parent.field('key') : undefined);
  return name && name.type !== 'computed_property_name' ? `\`${name.text}\`` : 'this function';
}

/** Functions whose parameters must not be judged: arity matters (Express error handlers), setters, no-ops, overloads. */
function parametersExempt(fn: SyntaxNode, parameters: SyntaxNode[], model: SemanticModel): boolean {
  if (fn.type === 'method_definition' && fn.children.some((c) => !c.isNamed && c.type === 'set')) return true;
  // `Object.defineProperty(o, 'x', { set: function (value) {} })`
  if (fn.parent?.type === 'pair' && fn.parent.field('key')?.text === 'set') return true;
  const body = fn.field('body');
  if (body?.type === 'statement_block' && !body.namedChildren.some((c) => c.type !== 'comment')) return true;
  const firstName = parameters[0]?.type === 'identifier' ? parameters[0].text : parameters[0]?.field('pattern')?.text;
  if (parameters.length >= 4 && firstName && /^(err|error|e)$/i.test(firstName)) return true;
  const name = fn.field('name');
  if (fn.type === 'method_definition' && name) {
    // TypeScript method overloads: the implementation must accept every signature's parameters.
    if (fn.parent?.children.some((c) => c !== fn && (c.type === 'method_signature' || c.type === 'abstract_method_signature') && c.field('name')?.text === name.text)) return true;
  } else if (name) {
    const symbol = model.symbolAt(name);
    if (symbol?.declarations.some((d) => d.form === 'function-signature')) return true;
  }
  return false;
}

function parameterNodes(fn: SyntaxNode): SyntaxNode[] {
  const single = fn.field('parameter');
  if (single) return [single];
  const list = fn.field('parameters');
  return list ? list.namedChildren.filter((c) => c.type !== 'comment' && !(c.field('pattern')?.type === 'this')) : [];
}

/** The identifier a parameter declares when it is a plain name (`a`, `a = 1`, `a: T`, `...rest`), else undefined. */
function plainParameterName(parameter: SyntaxNode): SyntaxNode | undefined {
  let node: SyntaxNode | undefined = parameter;
  if (node.type === 'required_parameter' || node.type === 'optional_parameter') node = node.field('pattern');
  if (node?.type === 'assignment_pattern') node = node.field('left');
  if (node?.type === 'rest_pattern') node = node.namedChildren.find((c) => c.type === 'identifier');
  return node?.type === 'identifier' ? node : undefined;
}

function importFix(declaration: Declaration, unusedParts: ReadonlySet<SyntaxNode>, source: string, typescript: boolean): Fix | undefined {
  const statement = declaration.node;
  const part = declaration.part;
  const title = `Remove the unused import of \`${declaration.name.text}\``;
  if (!part || statement.type !== 'import_statement') return undefined;
  const clause = statement.namedChildren.find((c) => c.type === 'import_clause');
  const bindingParts: SyntaxNode[] = [];
  for (const item of clause?.namedChildren ?? []) {
    if (item.type === 'named_imports') bindingParts.push(...item.namedChildren.filter((c) => c.type === 'import_specifier'));
    else bindingParts.push(item);
  }
  if (bindingParts.length === 0 || bindingParts.every((p) => unusedParts.has(p))) {
    // Removing the statement also drops the module's side effects; TypeScript elides an import whose
    // bindings are all unused anyway, so only there is the removal certain to change nothing.
    if (!typescript) return undefined;
    const edit = removeStatement(statement, source, STATEMENT_PARENTS);
    return edit ? { title, edits: [edit] } : undefined;
  }
  if (part.type === 'import_specifier') {
    const named = part.parent!;
    const specifiers = named.namedChildren.filter((c) => c.type === 'import_specifier');
    if (specifiers.length > 1) {
      const edit = removeListItem(part, specifiers);
      return edit ? { title, edits: [edit] } : undefined;
    }
    const items = clause!.namedChildren;
    const edit = removeListItem(named, items);
    return edit ? { title, edits: [edit] } : undefined;
  }
  const edit = removeListItem(part, clause!.namedChildren);
  return edit ? { title, edits: [edit] } : undefined;
}

function describe(symbol: SemanticSymbol, declaration: Declaration): string {
  const name = `\`${symbol.name}\``;
  switch (declaration.kind) {
    case 'import':
      return `${name} is imported but never used.`;
    case 'function':
      return `Function ${name} is declared but never called or referenced${symbol.references.length ? ' outside its own body' : ''}.`;
    case 'class':
      return `Class ${name} is declared but never used${symbol.references.length ? ' outside its own body' : ''}.`;
    case 'type':
      return `${declaration.form === 'interface' ? 'Interface' : 'Type'} ${name} is declared but never used.`;
    case 'enum':
      return `Enum ${name} is declared but never used.`;
    default: {
      const written = declaration.value || symbol.references.some((r) => r.isWrite);
      return written ? `${name} is assigned a value but never read.` : `${name} is declared but never used.`;
    }
  }
}

export default defineCodeRule(
  {
    id: 'javascript/unused-variable',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'suspicious',
    summary: 'Flag variables, functions, classes, imports and trailing parameters that are never used.',
    fixable: true,
    provenance: 'ESLint no-unused-vars (args: after-used, ignoreRestSiblings)',
    docs: unusedVariableDocs(
      'A local variable, function, class, TypeScript type or import that nothing reads, and parameters after the last used one. Writes (`x = 1`), self-updates (`x++`) and a function calling itself do not count as uses; a TypeScript type position does. Exported names, `_`-prefixed names, ambient (`declare`, `.d.ts`) declarations, top-level names of classic scripts, loop variables of `for...in/of`, properties named to leave them out of a `...rest`, and files using `eval` or `with` are left alone.',
      "import { readFile, writeFile } from 'node:fs/promises';\n\nexport async function load(path, options) {\n  const started = Date.now();\n  return readFile(path, 'utf8');\n}",
      "import { readFile } from 'node:fs/promises';\n\nexport async function load(path) {\n  return readFile(path, 'utf8');\n}",
    ),
  },
  (context) => {
    let hasJsx = false;
    const jsxPragmas = new Set<string>(['React']);
    const docWords = new Set<string>();
    return {
      jsx_opening_element() {
        hasJsx = true;
      },
      jsx_self_closing_element() {
        hasJsx = true;
      },
      comment(node) {
        for (const match of node.text.matchAll(/@jsx(?:Frag)?\s+([\w$]+)/g)) jsxPragmas.add(match[1]);
        // JSDoc types (`@type {import('x').Foo}`, `@param {Foo}`) use imports the code never mentions.
        if (node.text.startsWith('/**')) for (const word of node.text.match(/[\p{L}_$][\p{L}\p{N}_$]*/gu) ?? []) docWords.add(word);
      },
      'file:exit'() {
        const model = context.semantic();
        if (!model || model.declarationFile) return;
        const typescript = context.language !== 'javascript';
        const optionalCatchBinding = typescript || (context.target.ecmaVersion ?? 0) >= 2019;
        const usesArguments = new Set<Scope>();
        for (const reference of model.references) {
          if (reference.name !== 'arguments' || reference.resolution !== 'implicit') continue;
          let s: Scope | undefined = reference.scope;
          while (s && s.kind !== 'function') s = s.parent;
          if (s) usesArguments.add(s);
        }

        const isCandidate = (symbol: SemanticSymbol): boolean => {
          const declarations = symbol.declarations;
          if (symbol.exported || model.commentExported.has(symbol.name) || symbol.name.startsWith('_')) return false;
          if (model.namesInErrors.has(symbol.name) || symbol.scope.dynamicWithin || IGNORED_SCOPES.has(symbol.scope.kind)) return false;
          if (symbol.scope === model.globalScope && model.sourceType === 'script' && !model.commonJS) return false;
          if (declarations.some((d) => d.ambient || IGNORED_FORMS.has(d.form))) return false;
          if (hasJsx && jsxPragmas.has(symbol.name)) return false;
          if (declarations[0].kind === 'import' && docWords.has(symbol.name)) return false;
          if (declarations.some((d) => d.kind === 'class' && d.node.children.some((c) => c.type === 'decorator'))) return false;
          return !isUsed(symbol);
        };

        const reports: Array<{ symbol: SemanticSymbol; declaration: Declaration; message: string }> = [];
        const parametersByFunction = new Map<SyntaxNode, SemanticSymbol[]>();
        for (const symbol of model.symbols) {
          const first = symbol.declarations[0];
          if (!first) continue;
          if (first.kind === 'parameter' && first.form === 'parameter') {
            const fn = symbol.scope.node;
            const list = parametersByFunction.get(fn) ?? [];
            list.push(symbol);
            parametersByFunction.set(fn, list);
            continue;
          }
          if (!isCandidate(symbol)) continue;
          if (first.form === 'catch') {
            if (!optionalCatchBinding || first.inPattern || first.node.field('parameter') !== first.name) continue;
            reports.push({ symbol, declaration: first, message: `Caught error \`${symbol.name}\` is never used; \`catch {\` without a binding says so.` });
            continue;
          }
          if (first.node.type === 'for_in_statement') continue;
          if (first.inPattern && hasRestSibling(first.name)) continue;
          reports.push({ symbol, declaration: first, message: describe(symbol, first) });
        }

        for (const [fn, symbols] of parametersByFunction) {
          const scope = model.scopeCreatedBy(fn);
          if (!scope || scope.dynamicWithin || usesArguments.has(scope) || (scope.kind !== 'function' && scope.kind !== 'arrow')) continue;
          const parameters = parameterNodes(fn);
          if (parametersExempt(fn, parameters, model)) continue;
          let lastUsed = -1;
          parameters.forEach((parameter, index) => {
            const plain = plainParameterName(parameter);
            const owned = symbols.filter((s) => s.declarations[0].node === parameter);
            // A destructured parameter or a parameter property counts as used: the rule does not judge them.
            if (!plain || owned.length === 0 || owned.some((s) => isUsed(s))) lastUsed = index;
          });
          parameters.forEach((parameter, index) => {
            if (index <= lastUsed) return;
            const plain = plainParameterName(parameter)!;
            const symbol = symbols.find((s) => s.declarations[0].name === plain);
            if (!symbol || !isCandidate(symbol)) return;
            const later = parameters.length - 1 > index ? ', nor is any parameter after it' : '';
            reports.push({ symbol, declaration: symbol.declarations[0], message: `Parameter \`${symbol.name}\` of ${functionLabel(fn)} is never used${later}.` });
          });
        }

        const unusedParts = new Set(reports.map((r) => r.declaration.part).filter((p): p is SyntaxNode => Boolean(p)));
        for (const { symbol, declaration, message } of reports) {
          if (eslintDisabled(context.source, declaration.name, ESLINT_RULES)) continue;
          let fix: Fix | undefined;
          if (declaration.kind === 'import' && symbol.declarations.length === 1) fix = importFix(declaration, unusedParts, context.source, typescript);
          else if (declaration.form === 'catch') fix = catchFix(declaration);
          context.report({
            node: declaration.name,
            message,
            evidence: { name: symbol.name, kind: declaration.kind, declaredAs: declaration.form, line: String(declaration.name.startRow + 1), writes: String(symbol.references.filter((r) => r.isWrite).length) },
            fix,
          });
        }
      },
    };
  },
);

/** `catch (error) {` → `catch {`. */
function catchFix(declaration: Declaration): Fix | undefined {
  const clause = declaration.node;
  const open = clause.children.find((c) => c.type === '(');
  const close = clause.children.find((c) => c.type === ')');
  const keyword = clause.children.find((c) => c.type === 'catch');
  if (!open || !close || !keyword) return undefined;
  return { title: `Drop the unused \`${declaration.name.text}\` binding`, edits: [{ startOffset: keyword.endIndex, endOffset: close.endIndex, text: '' }] };
}
