import type { SyntaxNode } from '../../parse/syntax-node.js';
import type { Fix, Range } from '../../types.js';

/**
 * Comparison chains, for the rules that flag one operator of a comparison (`is` with a literal,
 * `== None`) and fix it by swapping that operator.
 */

/** One comparison of a chain: `a < b < c` holds `a < b` and `b < c`. */
export interface ComparisonLink {
  left: SyntaxNode;
  /** The operator token: its type is the operator, `is not` and `not in` included. */
  operator: SyntaxNode;
  right: SyntaxNode;
}

/** The links of a `comparison_operator` node; none when its operands and operators do not pair up. */
export function comparisonLinks(node: SyntaxNode): ComparisonLink[] {
  const operands = node.namedChildren.filter((c) => c.type !== 'comment');
  const operators = node.children.filter((c) => !c.isNamed);
  if (operators.length !== operands.length - 1) return [];
  return operators.map((operator, i) => ({ left: operands[i], operator, right: operands[i + 1] }));
}

/** From the start of the link's left operand to the end of its right one: one link of a longer chain. */
export function linkRange({ left, right }: ComparisonLink): Range {
  return {
    start: { line: left.startRow + 1, column: left.startColumn + 1 },
    end: { line: right.endRow + 1, column: right.endColumn + 1 },
  };
}

/** The link as written, and with its operator replaced: `x == None`, `x is None`. */
export function linkText({ left, operator, right }: ComparisonLink, replacement = operator.type): string {
  return `${left.text} ${replacement} ${right.text}`;
}

/** The fix that writes `replacement` in place of the link's operator and leaves the operands alone. */
export function replaceOperatorFix({ operator }: ComparisonLink, replacement: string): Fix {
  return {
    title: `Replace \`${operator.type}\` with \`${replacement}\``,
    edits: [{ startOffset: operator.startIndex, endOffset: operator.endIndex, text: replacement }],
  };
}
