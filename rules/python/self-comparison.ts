import { defineCodeRule } from '../../src/engine/rule.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import { selfComparisonDocs } from '../shared/self-comparison.js';

const COMPARISONS = new Set(['==', '!=', '<', '>', '<=', '>=', 'is', 'is not']);

/** Calls may return a different value each time (`random() == random()`), so they are not the same value. */
function mayDiffer(node: SyntaxNode): boolean {
  for (const d of node.descendants()) if (d.type === 'call' || d.type === 'await' || d.type === 'yield') return true;
  return false;
}

export default defineCodeRule(
  {
    id: 'python/self-comparison',
    languages: ['python'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag comparisons of an expression with itself.',
    provenance: 'pylint comparison-with-itself (R0124)',
    docs: selfComparisonDocs('if user.id == user.id:\n    grant()', 'if user.id == owner.id:\n    grant()\n# for NaN checks: math.isnan(x)'),
  },
  (context) => ({
    comparison_operator(node) {
      // `a < b < c` is a chain: compare each operand with its neighbour.
      const operands = node.children.filter((c) => c.isNamed && c.type !== 'comment');
      const operators = node.children.filter((c) => !c.isNamed);
      for (let i = 0; i + 1 < operands.length; i++) {
        const operator = operators[i]?.type;
        if (!operator || !COMPARISONS.has(operator)) continue;
        const [left, right] = [operands[i], operands[i + 1]];
        if (mayDiffer(left) || !sameSyntax(left, right)) continue;
        context.report({
          node,
          message: `\`${left.text}\` is compared with itself using \`${operator}\`: the result is always the same.`,
          evidence: { left: left.text, operator, right: right.text },
        });
      }
    },
  }),
);
