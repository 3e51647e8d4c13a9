import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { numberValue, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';

const EQUALITY: ReadonlySet<string> = new Set(['===', '==', '!==', '!=']);
const RELATIONAL: ReadonlySet<string> = new Set(['<', '<=', '>', '>=']);

/** `-0`, `-0.0`, `-0x0`; not `-0n`, which is just the bigint zero. */
function isNegativeZero(node: SyntaxNode): boolean {
  const bare = unparenthesize(node);
  if (bare.type !== 'unary_expression' || bare.field('operator')?.type !== '-') return false;
  const argument = bare.field('argument');
  return argument?.type === 'number' && numberValue(argument) === 0;
}

export default defineCodeRule(
  {
    id: 'javascript/negative-zero-comparison',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'bug',
    summary: 'Flag comparisons with `-0`, which also match `+0`; use `Object.is(x, -0)`.',
    fixable: true,
    provenance: 'ESLint no-compare-neg-zero',
    docs: {
      what: 'A comparison such as `x === -0`, `x == -0` or `x < -0` with a literal negative zero as one operand.',
      why: 'Comparison operators treat `-0` and `+0` as equal, so `x === -0` is also true for an ordinary `0` and cannot tell the two apart; `x < -0` is the same test as `x < 0`. Code that writes `-0` wants to detect negative zero, and this does not.',
      example: 'if (delta === -0) {\n  sign = "-";\n}',
      useInstead: 'if (Object.is(delta, -0)) {\n  sign = "-";\n}',
    },
  },
  (context) => ({
    binary_expression(node) {
      const operator = node.field('operator')?.type;
      if (!operator || (!EQUALITY.has(operator) && !RELATIONAL.has(operator))) return;
      const left = node.field('left');
      const right = node.field('right');
      if (!left || !right) return;
      const zeroOnLeft = isNegativeZero(left);
      if (!zeroOnLeft && !isNegativeZero(right)) return;
      const [zero, other] = zeroOnLeft ? [left, right] : [right, left];
      if (RELATIONAL.has(operator)) {
        context.report({
          node,
          message: `\`${node.text}\` treats \`${zero.text}\` as \`0\`, so it is the same test as with \`0\` and cannot detect negative zero.`,
          evidence: { operator, operand: other.text },
        });
        return;
      }
      const negated = operator.startsWith('!');
      const replacement = `${negated ? '!' : ''}Object.is(${other.text}, -0)`;
      context.report({
        node,
        message: `\`${node.text}\` is also ${negated ? 'false' : 'true'} when \`${other.text}\` is \`+0\`, because \`${operator}\` does not distinguish \`-0\` from \`0\`.`,
        evidence: { operator, operand: other.text },
        // `==` also converts strings (`"0" == -0`), which `Object.is` would not: only strict tests are rewritten.
        fix: operator.length === 3 ? { title: `Use \`${replacement}\``, edits: [{ startOffset: node.startIndex, endOffset: node.endIndex, text: replacement }] } : undefined,
      });
    },
  }),
);
