import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';

/**
 * The literal's exact integer value, or undefined when it is not an integer literal. Decimal
 * fractions are left alone: `0.1` is inexact by nature and nobody expects otherwise.
 */
function exactInteger(text: string): bigint | undefined {
  if (/^0[xob][0-9a-f]+$/i.test(text)) return BigInt(text);
  // Legacy octal (`0777`) and decimal with a leading zero (`089`) are rare and easy to misread.
  if (/^[1-9][0-9]*$/.test(text)) return BigInt(text);
  return undefined;
}

export default defineCodeRule(
  {
    id: 'javascript/precision-losing-number',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'bug',
    summary: 'Flag integer literals too large to be stored exactly in a JavaScript number.',
    provenance: 'ESLint no-loss-of-precision',
    docs: {
      what: 'An integer literal (decimal, hex, octal or binary) whose value cannot be held exactly by a 64-bit float, such as `9007199254740993`, and any numeric literal that overflows to `Infinity`. BigInt literals (`123n`) and decimal fractions are not flagged.',
      why: 'Numbers above 2^53 are rounded to the nearest representable value when the source is parsed, so the program uses a different number from the one written, silently. IDs, snowflakes and 64-bit constants are the usual victims: comparisons and lookups with them fail for no visible reason.',
      example: 'const MAX_ID = 9007199254740993;\nconst tweetId = 1234567890123456789;',
      useInstead: 'const MAX_ID = 9007199254740993n; // BigInt\nconst tweetId = "1234567890123456789"; // or keep IDs as strings',
    },
  },
  (context) => ({
    number(node) {
      const text = node.text.replace(/_/g, '');
      if (/n$/i.test(text)) return;
      const value = Number(text);
      if (value === Infinity) {
        context.report({
          node,
          message: `\`${node.text}\` is larger than the largest JavaScript number and evaluates to \`Infinity\`.`,
          evidence: { literal: node.text, value: 'Infinity' },
        });
        return;
      }
      const exact = exactInteger(text);
      if (exact === undefined || Number.isNaN(value) || BigInt(value) === exact) return;
      const actual = BigInt(value).toString();
      context.report({
        node,
        message: `\`${node.text}\` cannot be stored exactly in a JavaScript number: it evaluates to \`${actual}\`.`,
        evidence: { literal: node.text, value: actual, difference: (exact - BigInt(value)).toString() },
      });
    },
  }),
);
