/**
 * Bounded scope helpers shared by the Python rules: they only look at the subtree or the ancestors
 * of a node a rule was handed.
 */
import { nextInSubtree, sameSyntax, type SyntaxNode } from '../../parse/syntax-node.js';

/** Nodes that open a new Python scope for the names bound inside them. */
export const SCOPE_TYPES: ReadonlySet<string> = new Set(['function_definition', 'lambda', 'class_definition']);

/** The function, lambda or class whose scope `node` is in; undefined at module level. */
export function enclosingScope(node: SyntaxNode): SyntaxNode | undefined {
  return node.closest(SCOPE_TYPES);
}

/** The innermost `def` around `node`, only if no lambda or class sits in between. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  const scope = enclosingScope(node);
  return scope?.type === 'function_definition' ? scope : undefined;
}

export function isAsyncFunction(definition: SyntaxNode): boolean {
  return definition.type === 'function_definition' && definition.children.some((c) => c.type === 'async');
}

/** The subtree of `root` without the bodies of nested functions, lambdas and classes. */
export function* descendantsInScope(root: SyntaxNode): Generator<SyntaxNode> {
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    if (node !== root && SCOPE_TYPES.has(node.type)) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
}

/** The parameter nodes of a `def` or lambda, in order (skipping `/` and `*` separators). */
export function parameterNodes(definition: SyntaxNode): SyntaxNode[] {
  const parameters = definition.field('parameters');
  if (!parameters) return [];
  return parameters.namedChildren.filter((c) => c.type !== 'comment' && c.type !== 'positional_separator' && c.type !== 'keyword_separator');
}

/** The name a parameter node binds: `x`, `x: int`, `x=1`, `*args`, `**kwargs`. */
export function parameterName(parameter: SyntaxNode): SyntaxNode | undefined {
  if (parameter.type === 'identifier') return parameter;
  const named = parameter.field('name');
  if (named?.type === 'identifier') return named;
  const first = parameter.firstNamedChild;
  if (first?.type === 'identifier') return first;
  // `typed_parameter` wraps `*args: int` as a splat pattern.
  if (first && (first.type === 'list_splat_pattern' || first.type === 'dictionary_splat_pattern')) return parameterName(first);
  return undefined;
}

export function parameterNames(definition: SyntaxNode): string[] {
  return parameterNodes(definition)
    .map(parameterName)
    .filter((n): n is SyntaxNode => Boolean(n))
    .map((n) => n.text);
}

/** The identifiers a binding target binds: `x`, `a, b`, `[a, (b, c)]`, `*rest`; attributes and subscripts bind no name. */
export function targetNames(target: SyntaxNode): SyntaxNode[] {
  switch (target.type) {
    case 'identifier':
      return [target];
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'expression_list':
    case 'parenthesized_expression':
    case 'list_splat_pattern':
    case 'as_pattern_target':
      return target.namedChildren.flatMap(targetNames);
    default:
      return [];
  }
}

/** The decorators of a definition, when it is wrapped in a `decorated_definition`. */
export function decoratorsOf(definition: SyntaxNode): SyntaxNode[] {
  const parent = definition.parent;
  if (parent?.type !== 'decorated_definition') return [];
  return parent.namedChildren.filter((c) => c.type === 'decorator');
}

/** A decorator's expression as dotted text without call arguments: `@functools.wraps(f)` → `functools.wraps`. */
export function decoratorName(decorator: SyntaxNode): string {
  let expression = decorator.namedChildren.find((c) => c.type !== 'comment');
  if (expression?.type === 'call') expression = expression.field('function');
  return expression?.text.replace(/\s+/g, '') ?? '';
}

/** The class whose body directly holds this definition (through a decorator wrapper), if any. */
export function owningClass(definition: SyntaxNode): SyntaxNode | undefined {
  const statement = definition.parent?.type === 'decorated_definition' ? definition.parent : definition;
  const block = statement.parent;
  return block?.type === 'block' && block.parent?.type === 'class_definition' ? block.parent : undefined;
}

/** True when `name` is read or written as an identifier anywhere in `root` (bounded by the subtree). */
export function mentionsName(root: SyntaxNode, name: string): boolean {
  for (let d: SyntaxNode | undefined = root; d; d = nextInSubtree(d, root)) if (d.type === 'identifier' && d.text === name && !isAttributeName(d) && !isKeywordName(d)) return true;
  return false;
}

/** `b` in `a.b`: an attribute name, not a variable. */
export function isAttributeName(identifier: SyntaxNode): boolean {
  return identifier.parent?.type === 'attribute' && identifier.fieldName === 'attribute';
}

/** `x` in `f(x=1)`: a keyword, not a variable. */
export function isKeywordName(identifier: SyntaxNode): boolean {
  return identifier.parent?.type === 'keyword_argument' && identifier.fieldName === 'name';
}

/** The top-level statements of the file that contains `node`. */
export function moduleStatements(node: SyntaxNode): readonly SyntaxNode[] {
  let root = node;
  while (root.parent) root = root.parent;
  return root.namedChildren;
}

/** Functions and types of Python 3's `builtins` module (exceptions and the `site` helpers such as `license` left out). */
export const BUILTIN_NAMES: ReadonlySet<string> = new Set([
  'abs', 'aiter', 'all', 'anext', 'any', 'ascii', 'bin', 'bool', 'breakpoint', 'bytearray', 'bytes', 'callable', 'chr',
  'classmethod', 'compile', 'complex', 'delattr', 'dict', 'dir', 'divmod', 'enumerate', 'eval', 'exec', 'filter', 'float',
  'format', 'frozenset', 'getattr', 'globals', 'hasattr', 'hash', 'help', 'hex', 'id', 'input', 'int', 'isinstance',
  'issubclass', 'iter', 'len', 'list', 'locals', 'map', 'max', 'memoryview', 'min', 'next', 'object', 'oct', 'open', 'ord',
  'pow', 'print', 'property', 'range', 'repr', 'reversed', 'round', 'set', 'setattr', 'slice', 'sorted', 'staticmethod',
  'str', 'sum', 'super', 'tuple', 'type', 'vars', 'zip',
]);

/** Nodes whose own text holds content between their children: `"a\nb"` has only `\n` as a child. */
const TEXT_BEARING: ReadonlySet<string> = new Set(['string_content', 'format_specifier']);

/**
 * `sameSyntax`, plus the literal text of string contents and format specs: `sameSyntax` compares
 * leaf tokens only, so `"x\n"` and `"y\n"` (whose only child is the escape) would compare equal.
 */
export function sameCode(a: SyntaxNode, b: SyntaxNode): boolean {
  if (!sameSyntax(a, b)) return false;
  const texts = (root: SyntaxNode) => {
    const out: string[] = [];
    for (let d: SyntaxNode | undefined = root; d; d = nextInSubtree(d, root)) if (TEXT_BEARING.has(d.type)) out.push(d.text);
    return out;
  };
  const [x, y] = [texts(a), texts(b)];
  return x.length === y.length && x.every((t, i) => t === y[i]);
}
