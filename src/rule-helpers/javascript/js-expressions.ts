import { nextInSubtree, type SyntaxNode } from '../../parse/syntax-node.js';

/**
 * Expression helpers shared by the JavaScript/TypeScript rules.
 */

export const COMMENT_TYPES: ReadonlySet<string> = new Set(['comment', 'html_comment']);

/** Nodes that start a new function body: a `return` inside one belongs to it, not to the outer code. */
export const FUNCTION_TYPES: ReadonlySet<string> = new Set([
  'function_expression',
  'function',
  'function_declaration',
  'generator_function',
  'generator_function_declaration',
  'arrow_function',
  'method_definition',
  'class',
  'class_declaration',
  'class_static_block',
]);

/** Nodes that define a function: declarations, expressions, arrows and methods (classes are not functions). */
export const FUNCTION_DEFINITION_TYPES: ReadonlySet<string> = new Set([
  'function_declaration',
  'function_expression',
  'function',
  'generator_function_declaration',
  'generator_function',
  'arrow_function',
  'method_definition',
]);

/** Function values that can be passed as callbacks. */
export const CALLBACK_TYPES: ReadonlySet<string> = new Set(['function_expression', 'function', 'arrow_function']);

/** `((x))` → `x`. */
export function unparenthesize(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = current.namedChildren.filter((c) => !COMMENT_TYPES.has(c.type));
    if (inner.length !== 1) return current;
    current = inner[0];
  }
  return current;
}

/** Named children without comments. */
export function codeChildren(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((c) => !COMMENT_TYPES.has(c.type));
}

const EFFECT_TYPES: ReadonlySet<string> = new Set([
  'call_expression',
  'new_expression',
  'assignment_expression',
  'augmented_assignment_expression',
  'update_expression',
  'await_expression',
  'yield_expression',
]);

/**
 * Whether evaluating the expression may change state or give a different value each time: calls,
 * assignments, `++`, `await`, `yield`, `delete`. Getters are not considered.
 */
export function hasSideEffects(node: SyntaxNode): boolean {
  for (let d: SyntaxNode | undefined = node; d; d = nextInSubtree(d, node)) {
    if (EFFECT_TYPES.has(d.type)) return true;
    if (d.type === 'unary_expression' && d.field('operator')?.type === 'delete') return true;
  }
  return false;
}

/** Whether the function node carries the `async` keyword. */
export function isAsyncFunction(node: SyntaxNode): boolean {
  return node.children.some((c) => !c.isNamed && c.type === 'async');
}

/** The name of the method a call invokes: `xs.map(...)` → `map`; undefined for plain calls and computed members. */
export function calledMethodName(call: SyntaxNode): string | undefined {
  const callee = call.field('function');
  if (callee?.type !== 'member_expression') return undefined;
  const property = callee.field('property');
  return property?.type === 'property_identifier' ? property.text : undefined;
}

/** The name a call invokes: `fetch(url)` → `fetch`, `db.users.find(id)` → `find`; undefined for computed callees. */
export function calleeName(call: SyntaxNode): string | undefined {
  const callee = call.field('function');
  if (callee?.type === 'identifier') return callee.text;
  if (callee?.type === 'member_expression') return callee.field('property')?.text;
  return undefined;
}

/** Arguments of a call or `new`, without comments. */
export function callArguments(call: SyntaxNode): SyntaxNode[] {
  const args = call.field('arguments');
  return args && args.type === 'arguments' ? codeChildren(args) : [];
}

/** The value of a string literal without escapes, or undefined when it has escapes or is not a string. */
export function plainStringValue(node: SyntaxNode): string | undefined {
  if (node.type !== 'string') return undefined;
  const parts = codeChildren(node);
  if (parts.some((p) => p.type !== 'string_fragment')) return undefined;
  return parts.map((p) => p.text).join('');
}

/** The numeric value of a number literal (`0x10`, `1_000`, `1e3`); undefined for bigint and legacy octal. */
export function numberValue(node: SyntaxNode): number | undefined {
  if (node.type !== 'number') return undefined;
  const text = node.text.replace(/_/g, '');
  if (/n$/i.test(text) || /^0[0-9]/.test(text)) return undefined;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

/** A numeric literal, optionally negated: `3`, `-1.5`. */
export function isNumericLiteral(node: SyntaxNode): boolean {
  const bare = unparenthesize(node);
  if (bare.type === 'number') return numberValue(bare) !== undefined;
  if (bare.type === 'unary_expression' && ['-', '+'].includes(bare.field('operator')?.type ?? '')) {
    const argument = bare.field('argument');
    return argument?.type === 'number' && numberValue(argument) !== undefined;
  }
  return false;
}

/**
 * The truthiness of a literal whose value is fixed by its syntax, or undefined when it is not such a
 * literal. `"false"` is truthy, `0` and `""` are falsy, objects and functions are truthy.
 */
export function literalTruthiness(node: SyntaxNode): boolean | undefined {
  const bare = unparenthesize(node);
  switch (bare.type) {
    case 'true':
      return true;
    case 'false':
    case 'null':
      return false;
    case 'undefined':
      return false;
    case 'number': {
      const text = bare.text.replace(/_/g, '');
      if (/n$/i.test(text)) return !/^0+n$|^0[xob]0+n$/i.test(text);
      const value = numberValue(bare);
      return value === undefined ? undefined : value !== 0;
    }
    case 'string':
      return codeChildren(bare).length > 0;
    case 'template_string': {
      const parts = codeChildren(bare);
      if (parts.some((p) => p.type === 'template_substitution')) return undefined;
      return parts.length > 0;
    }
    case 'regex':
    case 'object':
    case 'array':
    case 'arrow_function':
    case 'function_expression':
    case 'function':
    case 'class':
      return true;
    case 'unary_expression':
      if (bare.field('operator')?.type === 'void' && !hasSideEffects(bare)) return false;
      return undefined;
    default:
      return undefined;
  }
}

/** The callee of a method call for messages: `users.map`, or `.map` when the receiver is long or spans lines. */
export function calleeLabel(call: SyntaxNode, method: string): string {
  const text = call.field('function')?.text ?? '';
  return text.length <= 40 && !text.includes('\n') ? text : `.${method}`;
}

/**
 * Code for a message, in backticks: whitespace runs collapse to one space, long code is cut with
 * `…`, and code that itself contains a backtick (template strings) uses double backticks.
 */
export function code(text: string, max = 80): string {
  let flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length > max) flat = `${flat.slice(0, max - 1)}…`;
  return flat.includes('`') ? `\`\` ${flat} \`\`` : `\`${flat}\``;
}
