import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';

export default defineCodeRule(
  {
    id: 'javascript/negated-in-instanceof-operand',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'bug',
    summary: 'Flag `!key in obj` and `!x instanceof Y`, where `!` applies to the left operand only.',
    fixable: true,
    provenance: 'ESLint no-unsafe-negation',
    docs: {
      what: 'An `in` or `instanceof` test whose left operand is negated without parentheses: `!key in obj`, `!value instanceof Date`.',
      why: '`!` binds tighter than `in` and `instanceof`, so `!key in obj` asks whether the string `"true"` or `"false"` is a key of `obj`, and `!x instanceof Y` asks whether a boolean is a `Y`, which is always `false`. The test never means what it reads as.',
      example: 'if (!"id" in record) {\n  record.id = nextId();\n}',
      useInstead: 'if (!("id" in record)) {\n  record.id = nextId();\n}',
    },
  },
  (context) => ({
    binary_expression(node) {
      const operator = node.field('operator')?.type;
      if (operator !== 'in' && operator !== 'instanceof') return;
      const left = node.field('left');
      const right = node.field('right');
      if (left?.type !== 'unary_expression' || left.field('operator')?.type !== '!' || !right) return;
      const operand = left.field('argument');
      if (!operand) return;
      const tested = operator === 'in' ? `whether \`"true"\` or \`"false"\` is a key of \`${right.text}\`` : `whether a boolean is an instance of \`${right.text}\`, which is always false`;
      // `!!x in y` was probably meant as `!!(x in y)`; rewriting it to `!(!x in y)` would not help.
      const doubleNegation = operand.type === 'unary_expression' && operand.field('operator')?.type === '!';
      const fixed = `!(${context.source.slice(operand.startIndex, node.endIndex)})`;
      context.report({
        node,
        message: `\`${node.text}\` negates \`${operand.text}\` before \`${operator}\`, so it tests ${tested}.`,
        evidence: { operator, negated: operand.text, right: right.text },
        fix: doubleNegation ? undefined : { title: `Negate the whole test: \`${fixed}\``, edits: [{ startOffset: node.startIndex, endOffset: node.endIndex, text: fixed }] },
      });
    },
  }),
);
