import type { RuleContext, Visitor } from '../../engine/rule.js';
import { nextInSubtree, sameSyntax, type SyntaxNode } from '../../parse/syntax-node.js';
import { oneLine } from './text.js';

/**
 * The `self-comparison` check for the languages whose comparisons are `binary_expression` nodes with
 * `left`, `operator` and `right` fields (C++ and the JavaScript family). The logic is one; what
 * differs is the language's data: its operators, node types, NaN idioms and how it names a function.
 */
export interface SelfComparisonSyntax {
  /** What `x OP x` evaluates to for any value but NaN, and whether NaN changes it. */
  outcomes: Readonly<Record<string, { result: string; nanDiffers: boolean }>>;
  /** The equality operators: comparing a value with itself this way is also the classic NaN test. */
  equality: ReadonlySet<string>;
  /** Nodes whose evaluation twice can give two different values (`next() == next()`, `i++ < i++`). */
  mayDiffer: ReadonlySet<string>;
  /** Nodes that name a value; an operand without any is a literal, and `1 == 1` is a deliberate constant. */
  names: ReadonlySet<string>;
  /** The logical operators of `a != a && b != b`, a NaN-aware equality of two values. */
  logicalOperators: readonly string[];
  /** A mention of NaN on the comparison's lines or the line before. */
  mentionsNan: (text: string) => boolean;
  /** Function names that say the function is a NaN test. */
  nanFunctionName: RegExp;
  /** The name of the function the comparison sits in, when it has one. */
  enclosingFunctionName: (node: SyntaxNode) => string | undefined;
  /** Comparisons the language has its own reasons to leave alone (C++ macro conditions and assertions). */
  isExempt?: (node: SyntaxNode) => boolean;
  /** How the message names NaN (`NaN`, `a floating-point NaN`) and the call that tests for it (`Number.isNaN`). */
  nan: { name: string; test: string };
}

/** What `x OP x` gives for the comparison operators C++ and JavaScript share, for any value but NaN. */
export const COMPARISON_OUTCOMES: Readonly<Record<string, { result: string; nanDiffers: boolean }>> = {
  '==': { result: 'true', nanDiffers: true },
  '<=': { result: 'true', nanDiffers: true },
  '>=': { result: 'true', nanDiffers: true },
  '!=': { result: 'false', nanDiffers: true },
  '<': { result: 'false', nanDiffers: false },
  '>': { result: 'false', nanDiffers: false },
};

function containsAny(node: SyntaxNode, types: ReadonlySet<string>): boolean {
  for (let d: SyntaxNode | undefined = node; d; d = nextInSubtree(d, node)) if (types.has(d.type)) return true;
  return false;
}

function isSelfEquality(node: SyntaxNode | undefined, syntax: SelfComparisonSyntax): boolean {
  if (node?.type !== 'binary_expression') return false;
  const left = node.field('left');
  const right = node.field('right');
  const operator = node.field('operator')?.type;
  return Boolean(left && right && operator && syntax.equality.has(operator) && sameSyntax(left, right));
}

/** Signs that an equality self-comparison is a deliberate NaN test rather than a typo. */
function looksLikeNanTest(node: SyntaxNode, lines: string[], syntax: SelfComparisonSyntax): boolean {
  const nearby = lines.slice(Math.max(0, node.startRow - 1), node.endRow + 1).join('\n');
  if (syntax.mentionsNan(nearby)) return true;
  // `x !== x && y !== y`: both operands NaN, as in a NaN-aware equality or an `Object.is` polyfill.
  const parent = node.parent;
  if (parent?.type === 'binary_expression' && syntax.logicalOperators.includes(parent.field('operator')?.type ?? '')) {
    const other = parent.field('left') === node ? parent.field('right') : parent.field('left');
    if (isSelfEquality(other, syntax)) return true;
  }
  const name = syntax.enclosingFunctionName(node);
  return Boolean(name && syntax.nanFunctionName.test(name));
}

/** The rule's visitor: reports `x OP x` where both sides are the same named, side-effect-free expression. */
export function selfComparisonVisitor(context: RuleContext, syntax: SelfComparisonSyntax): Visitor {
  let lines: string[] | undefined;
  return {
    binary_expression(node) {
      const left = node.field('left');
      const right = node.field('right');
      const operator = node.field('operator')?.type;
      if (!left || !right || !operator || !(operator in syntax.outcomes)) return;
      if (!sameSyntax(left, right) || containsAny(left, syntax.mayDiffer) || !containsAny(left, syntax.names)) return;
      if (syntax.isExempt?.(node)) return;
      lines ??= context.source.split(/\r\n|\r|\n/);
      if (syntax.equality.has(operator) && looksLikeNanTest(node, lines, syntax)) return;
      const { result, nanDiffers } = syntax.outcomes[operator];
      const caveat = nanDiffers ? ` unless it is ${syntax.nan.name} (write \`${syntax.nan.test}(${oneLine(left.text)})\` if that is the intent)` : ', even for NaN';
      context.report({
        node,
        message: `\`${oneLine(left.text)}\` is compared with itself using \`${operator}\`: the result is always \`${result}\`${caveat}.`,
        evidence: { left: left.text, operator, right: right.text, alwaysEvaluatesTo: result },
      });
    },
  };
}
