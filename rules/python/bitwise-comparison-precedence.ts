import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { bitwiseComparisonPrecedenceDocs } from '../shared/bitwise-comparison-precedence.js';
import { excerpt } from '../../src/rule-helpers/python/literal-strings.js';

const BITWISE = new Set(['&', '|', '^']);
/** Operators that test a single value: in `a == 1 | b == 2` they show the author meant two separate tests. */
const EQUALITY = new Set(['==', '!=', 'is', 'is not', 'in', 'not in']);

const LITERALS = new Set(['integer', 'float', 'string', 'concatenated_string', 'true', 'false', 'none']);

function isLiteral(node: SyntaxNode): boolean {
  if (node.type === 'unary_operator') return isLiteral(node.field('argument')!);
  return LITERALS.has(node.type);
}

export default defineCodeRule(
  {
    id: 'python/bitwise-comparison-precedence',
    languages: ['python'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag `a == x | b == y`: `|`, `&` or `^` between two comparisons, which Python reads as one chained comparison.',
    docs: {
      ...bitwiseComparisonPrecedenceDocs(
        'selected = frame[frame.age == 30 | frame.city == "Oslo"]\nif flags & READ == 0 | flags & WRITE == 0:\n    deny()',
        'selected = frame[(frame.age == 30) | (frame.city == "Oslo")]\nif (flags & READ == 0) or (flags & WRITE == 0):\n    deny()',
      ),
      what: 'A bitwise operator (`&`, `|`, `^`) that stands unparenthesised between two comparisons, at least one of them an equality or membership test, with a constant next to it, such as `a == 1 | b == 2`. Chains of overloaded operators that compare bitwise expressions on purpose (`A & B == B & A == C` in SymPy) are not flagged; in Python `x & 1 == 0` alone is fine (it means `(x & 1) == 0`) and is not flagged, nor are range checks such as `0 <= flags & MASK < 8`.',
      why: 'In Python `|`, `&` and `^` bind tighter than comparisons, and comparisons chain: `a == 1 | b == 2` means `a == (1 | b) and (1 | b) == 2`. This is the classic pandas and NumPy mistake when combining masks; it silently selects the wrong rows or raises "truth value of a Series is ambiguous".',
    },
  },
  (context) => ({
    comparison_operator(node) {
      const operands = node.namedChildren.filter((c) => c.type !== 'comment');
      const operators = node.fieldAll('operators').map((c) => c.type);
      if (operands.length < 3 || operators.length !== operands.length - 1) return;
      for (let i = 1; i < operands.length - 1; i++) {
        const middle = operands[i];
        const bitwise = middle.type === 'binary_operator' ? middle.field('operator')?.type : undefined;
        if (!bitwise || !BITWISE.has(bitwise)) continue;
        const [before, after] = [operators[i - 1], operators[i]];
        if (!EQUALITY.has(before) && !EQUALITY.has(after)) continue;
        const left = middle.field('left')!;
        const right = middle.field('right')!;
        // Libraries that overload `&`/`|`/`^` (SymPy, vector algebra) chain equal expressions on
        // purpose: `A & B == B & A == C`. The mistaken form compares with a constant on the inside
        // (`age == 30 | city == "Oslo"`), and its first operand is not itself a bitwise expression.
        if (!isLiteral(left) && !isLiteral(operands[i + 1])) continue;
        const first = operands[i - 1];
        if (first.type === 'binary_operator' && BITWISE.has(first.field('operator')?.type ?? '')) continue;
        const intended = `(${operands[i - 1].text} ${before} ${left.text}) ${bitwise} (${right.text} ${after} ${operands[i + 1].text})`;
        context.report({
          node,
          message: `\`${excerpt(node.text)}\` is the chained comparison \`${operands[i - 1].text} ${before} (${excerpt(middle.text, 30)}) ${after} ${operands[i + 1].text}\`, because \`${bitwise}\` binds tighter than \`${before}\`: parenthesise each comparison, as in \`${excerpt(intended)}\`.`,
          evidence: { operator: bitwise, comparisons: `${before}, ${after}` },
        });
        return;
      }
    },
  }),
);

