import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { arrayBinding } from '../../src/rule-helpers/javascript/js-arrays.js';
import { unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';

/** Index expressions that are positions, not property names: `arr[0]`, `arr[i]`, `arr[i + 1]`, `arr[arr.length - 1]`. */
function isPositionIndex(index: SyntaxNode): boolean {
  const bare = unparenthesize(index);
  if (bare.type === 'number' || bare.type === 'identifier' || bare.type === 'member_expression') return true;
  if (bare.type === 'binary_expression' && ['+', '-', '*'].includes(bare.field('operator')?.type ?? '')) {
    return [bare.field('left'), bare.field('right')].every((side) => side !== undefined && isPositionIndex(side));
  }
  return false;
}

export default defineCodeRule(
  {
    id: 'javascript/delete-array-element',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'bug',
    summary: 'Flag `delete arr[i]` on an array: it leaves a hole instead of removing the element.',
    provenance: 'SonarJS S2870 (no-array-delete)',
    docs: {
      what: '`delete` applied to an element of a local variable that is known to be an array: it was initialised with an array literal, `new Array(...)`, `Array.from(...)`, or is typed `T[]` / `Array<T>`.',
      why: '`delete` removes the property but not the slot: the array keeps its length, the index becomes a hole that reads as `undefined`, and `map`/`forEach` skip it while `for...of` and `length` do not. Code that meant to remove an element ends up with gaps and off-by-one counts.',
      example: 'const queue = [a, b, c];\ndelete queue[1];\nconsole.log(queue.length); // still 3',
      useInstead: 'const queue = [a, b, c];\nqueue.splice(1, 1);\nconsole.log(queue.length); // 2',
    },
  },
  (context) => ({
    unary_expression(node) {
      if (node.field('operator')?.type !== 'delete') return;
      const target = unparenthesize(node.field('argument') ?? node);
      if (target.type !== 'subscript_expression') return;
      const object = target.field('object');
      const index = target.field('index');
      if (object?.type !== 'identifier' || !index || !isPositionIndex(index)) return;
      const binding = arrayBinding(object, context.semantic());
      if (!binding) return;
      const line = binding.declaration.startRow + 1;
      context.report({
        node,
        message: `\`${node.text}\` leaves a hole in array \`${object.text}\` (declared with ${binding.evidence} at line ${line}): its length does not change and the slot reads as \`undefined\`.`,
        evidence: { array: object.text, index: index.text, arrayEvidence: binding.evidence, declarationLine: String(line) },
      });
    },
  }),
);
