import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { bitwiseComparisonPrecedenceDocs } from '../shared/bitwise-comparison-precedence.js';

const BITWISE = new Set(['&', '|', '^']);
const COMPARISONS = new Set(['==', '!=', '<', '>', '<=', '>=']);
const BOOLEAN_OPERATORS = new Set([...COMPARISONS, '&&', '||']);

function operatorOf(node: SyntaxNode | undefined): string | undefined {
  return node?.type === 'binary_expression' ? node.field('operator')?.text : undefined;
}

/** Operands that are already truth values: mixing them with `&` is a (non-short-circuit) boolean and, not a mask test. */
function isBooleanLike(node: SyntaxNode): boolean {
  if (BOOLEAN_OPERATORS.has(operatorOf(node) ?? '')) return true;
  if (node.type === 'true' || node.type === 'false') return true;
  return node.type === 'unary_expression' && node.field('operator')?.text === '!';
}

export default defineCodeRule(
  {
    id: 'cpp/bitwise-comparison-precedence',
    languages: ['cpp'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag `x & MASK == value`, where the comparison binds first.',
    provenance: 'GCC/clang -Wparentheses, PVS-Studio V564',
    docs: bitwiseComparisonPrecedenceDocs('if (flags & FLAG_READY == 0) {\n  wait();\n}', 'if ((flags & FLAG_READY) == 0) {\n  wait();\n}'),
  },
  (context) => ({
    binary_expression(node) {
      const bitwise = operatorOf(node);
      if (!bitwise || !BITWISE.has(bitwise)) return;
      const left = node.field('left');
      const right = node.field('right');
      if (!left || !right) return;
      let comparison: SyntaxNode | undefined;
      let other: SyntaxNode | undefined;
      let written = '';
      // `x & 1 == 0` parses as `x & (1 == 0)`; `x == y & 1` as `(x == y) & 1`.
      if (COMPARISONS.has(operatorOf(right) ?? '') && !isBooleanLike(left)) {
        const compared = right.field('right');
        const masked = right.field('left');
        if (compared?.type !== 'number_literal' && masked?.type !== 'number_literal') return;
        comparison = right;
        other = left;
        written = `(${left.text} ${bitwise} ${masked?.text}) ${right.field('operator')?.text} ${compared?.text}`;
      } else if (COMPARISONS.has(operatorOf(left) ?? '') && right.type === 'number_literal') {
        comparison = left;
        other = right;
        written = `${left.field('left')?.text} ${left.field('operator')?.text} (${left.field('right')?.text} ${bitwise} ${right.text})`;
      }
      if (!comparison || !other) return;
      context.report({
        node,
        message: `\`${node.text}\` is evaluated as \`${comparison === right ? `${left.text} ${bitwise} (${right.text})` : `(${left.text}) ${bitwise} ${right.text}`}\` because \`${comparison.field('operator')?.text}\` binds tighter than \`${bitwise}\`; it was most likely meant as \`${written}\`.`,
        evidence: { expression: node.text, bitwiseOperator: bitwise, comparisonOperator: comparison.field('operator')?.text ?? '', likelyIntent: written },
      });
    },
  }),
);
