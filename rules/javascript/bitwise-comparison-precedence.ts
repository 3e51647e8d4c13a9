import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { bitwiseComparisonPrecedenceDocs } from '../shared/bitwise-comparison-precedence.js';
import { code, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';

const BITWISE: ReadonlySet<string> = new Set(['&', '|', '^']);
const COMPARISON: ReadonlySet<string> = new Set(['==', '===', '!=', '!==', '<', '<=', '>', '>=']);

/** A comparison written without parentheses as a direct operand (parentheses make a `parenthesized_expression`). */
function isBareComparison(node: SyntaxNode | undefined): node is SyntaxNode {
  return node?.type === 'binary_expression' && COMPARISON.has(node.field('operator')?.type ?? '');
}

/**
 * An operand that already is a boolean (a comparison, `!x`, `a && b`, in parentheses or not) or an
 * asm.js-style `x | 0` coercion: combining it bitwise with a comparison is deliberate.
 */
function isBooleanLike(node: SyntaxNode): boolean {
  const bare = unparenthesize(node);
  if (bare.type === 'unary_expression' && bare.field('operator')?.type === '!') return true;
  if (bare.type !== 'binary_expression') return false;
  const operator = bare.field('operator')?.type ?? '';
  if (COMPARISON.has(operator) || operator === '&&' || operator === '||') return true;
  if (BITWISE.has(operator)) {
    const right = bare.field('right');
    if (right?.type === 'number' && right.text === '0') return true;
    return [bare.field('left'), right].some((side) => side !== undefined && isBooleanLike(side));
  }
  return false;
}

export default defineCodeRule(
  {
    id: 'javascript/bitwise-comparison-precedence',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'bug',
    summary: 'Flag `x & 1 === 0`-style expressions, where the comparison binds before the bitwise operator.',
    provenance: 'ESLint no-mixed-operators (bitwise with comparison); clang -Wparentheses',
    docs: bitwiseComparisonPrecedenceDocs(
      'if (flags & MASK === 0) {\n  reset();\n}',
      'if ((flags & MASK) === 0) {\n  reset();\n}',
    ),
  },
  (context) => ({
    binary_expression(node) {
      const operator = node.field('operator')?.type;
      if (!operator || !BITWISE.has(operator)) return;
      const left = node.field('left');
      const right = node.field('right');
      // The slip is `flags & MASK === 0`: a value masked by a comparison. With a comparison on the left
      // (`a == b | c`) or on both sides (`a < b | c < d`) the code combines booleans without short-circuit,
      // which is deliberate often enough (asm.js and bit-twiddling code) to stay silent.
      if (!left || !isBareComparison(right) || isBooleanLike(left)) return;
      const comparisonOperator = right.field('operator')!.type;
      const grouped = `${left.text} ${operator} (${right.text})`;
      const meant = `(${left.text} ${operator} ${right.field('left')!.text}) ${comparisonOperator} ${right.field('right')!.text}`;
      context.report({
        node,
        message: `${code(node.text, 60)} is parsed as ${code(grouped, 60)} because \`${comparisonOperator}\` binds tighter than \`${operator}\`; ${code(meant, 60)} was probably meant.`,
        evidence: { bitwiseOperator: operator, comparisonOperator, parsedAs: grouped },
      });
    },
  }),
);
