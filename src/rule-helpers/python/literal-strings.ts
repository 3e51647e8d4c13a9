/**
 * Helpers for Python string literals, shared by the Python rules that read format strings.
 */
import type { SyntaxNode } from '../../parse/syntax-node.js';

/** The prefix letters of one `string` node, lower-cased: `''`, `'f'`, `'rb'`, ... */
export function stringPrefix(part: SyntaxNode): string {
  const start = part.children.find((c) => c.type === 'string_start');
  return (start?.text ?? '').replace(/['"]+$/, '').toLowerCase();
}

/** f-strings, and Python 3.14 t-strings, which interpolate the same way. */
export const isFString = (part: SyntaxNode): boolean => stringPrefix(part).includes('f') || stringPrefix(part).includes('t');
export const isBytes = (part: SyntaxNode): boolean => stringPrefix(part).includes('b');
export const isRaw = (part: SyntaxNode): boolean => stringPrefix(part).includes('r');

/** Strips redundant parentheses: `(("a" "b"))` → the concatenated string. */
export function unparenthesize(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = current.namedChildren.filter((c) => c.type !== 'comment');
    if (inner.length !== 1) return current;
    current = inner[0];
  }
  return current;
}

/** The `string` parts of a literal (one for `"a"`, several for `"a" "b"`), or undefined when the node is not a string literal. */
export function stringParts(node: SyntaxNode): SyntaxNode[] | undefined {
  const literal = unparenthesize(node);
  if (literal.type === 'string') return [literal];
  if (literal.type === 'concatenated_string') return literal.namedChildren.filter((c) => c.type === 'string');
  return undefined;
}

/** Characters that matter to `%` and `str.format` parsing. */
const SIGNIFICANT = new Set(['%', '{', '}']);
/** Stands in for an escape sequence whose value is an ordinary character. */
const NEUTRAL = '\u0001';

function decodeEscape(escape: string): string | undefined {
  const numeric = /^\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-7]{1,3}))$/.exec(escape);
  if (numeric) {
    const code = numeric[4] !== undefined ? parseInt(numeric[4], 8) : parseInt(numeric[1] ?? numeric[2] ?? numeric[3], 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  }
  if (escape.startsWith('\\N{')) {
    // A named character could be a brace or a percent sign; those names are rare enough to give up on.
    return /CURLY|BRACE|PERCENT|BRACKET/i.test(escape) ? undefined : NEUTRAL;
  }
  if (escape === '\\\\') return '\\';
  return NEUTRAL;
}

/**
 * The text a non-f string literal evaluates to, as far as format parsing cares: escape sequences
 * are decoded, or replaced by a neutral character when their value is not `%`, `{` or `}`.
 * Undefined for f-strings and for escapes that cannot be decoded with certainty.
 */
export function literalValue(node: SyntaxNode): string | undefined {
  const parts = stringParts(node);
  if (!parts || parts.length === 0) return undefined;
  let value = '';
  for (const part of parts) {
    if (isFString(part)) return undefined;
    for (const child of part.children) {
      if (child.type === 'string_start' || child.type === 'string_end') continue;
      if (child.type !== 'string_content') return undefined;
      let cursor = child.startIndex;
      for (const escape of child.children) {
        if (escape.type === 'comment') continue;
        if (escape.type !== 'escape_sequence') return undefined;
        value += child.source.slice(cursor, escape.startIndex);
        const decoded = decodeEscape(escape.text);
        if (decoded === undefined) return undefined;
        value += SIGNIFICANT.has(decoded) ? decoded : NEUTRAL;
        cursor = escape.endIndex;
      }
      value += child.source.slice(cursor, child.endIndex);
    }
  }
  return value;
}

/** Shortens code for a message: the first line, at most `max` characters. */
export function excerpt(text: string, max = 60): string {
  const firstLine = text.split(/\r?\n/)[0].trimEnd();
  if (firstLine.length > max) return `${firstLine.slice(0, max - 1)}…`;
  return firstLine === text ? text : `${firstLine} …`;
}
