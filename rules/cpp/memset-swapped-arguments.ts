import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { callArguments, calleeName } from '../../src/rule-helpers/cpp/cpp.js';

const MEMSET_FUNCTIONS = new Set(['memset', 'wmemset']);

function isZeroLiteral(node: SyntaxNode): boolean {
  if (node.type === 'number_literal') return /^0+[uUlL]*$/.test(node.text) || /^0[xX]0+[uUlL]*$/.test(node.text);
  if (node.type === 'char_literal') return /^L?'\\0+'$/.test(node.text);
  return false;
}

export default defineCodeRule(
  {
    id: 'cpp/memset-swapped-arguments',
    languages: ['cpp'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag `memset(p, value, 0)` calls whose fill value and size were swapped.',
    fixable: true,
    provenance: 'clang-tidy bugprone-suspicious-memset-usage, GCC -Wmemset-transposed-args',
    docs: {
      what: 'A `memset` (or `wmemset`) call whose third argument, the byte count, is the literal 0 while the second argument, the fill value, is not zero: `memset(buffer, sizeof(buffer), 0)`.',
      why: 'The signature is `memset(destination, value, count)`. With the last two arguments swapped the call writes zero bytes and does nothing, so the buffer keeps whatever it held, typically uninitialised memory or a previous secret.',
      example: 'memset(buffer, sizeof(buffer), 0);',
      useInstead: 'memset(buffer, 0, sizeof(buffer));',
    },
  },
  (context) => ({
    call_expression(node) {
      const name = calleeName(node);
      if (!name || !MEMSET_FUNCTIONS.has(name)) return;
      const args = callArguments(node);
      if (args.length !== 3) return;
      const [, value, count] = args;
      if (!isZeroLiteral(count) || isZeroLiteral(value)) return;
      context.report({
        node,
        message: `\`${node.text}\` writes 0 bytes because the count is the literal \`${count.text}\`: the fill value \`${value.text}\` and the count look swapped, so the buffer is left unchanged.`,
        evidence: { function: name, value: value.text, count: count.text },
        fix: {
          title: `Swap to \`${name}(…, ${count.text}, ${value.text})\``,
          edits: [
            { startOffset: value.startIndex, endOffset: value.endIndex, text: count.text },
            { startOffset: count.startIndex, endOffset: count.endIndex, text: value.text },
          ],
        },
      });
    },
  }),
);
