import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { knownCollection } from '../../src/rule-helpers/javascript/js-collections.js';
import { callArguments, codeChildren, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';
import { enclosingLoop, hasFixedSmallTripCount, shortText } from '../../src/rule-helpers/javascript/js-loops.js';

/** `xs.concat(...)`, `[...xs, y]` (append) or `[y, ...xs]` (prepend): a new array holding a copy of all of `xs`. */
function copiesWithAppend(value: SyntaxNode, name: string): 'concat' | 'append' | 'prepend' | undefined {
  const bare = unparenthesize(value);
  if (bare.type === 'call_expression') {
    const callee = bare.field('function');
    if (callee?.type === 'member_expression' && callee.field('object')?.text === name && callee.field('property')?.text === 'concat' && callArguments(bare).length > 0) return 'concat';
    return undefined;
  }
  if (bare.type === 'array') {
    const elements = codeChildren(bare);
    const self = elements.findIndex((e) => e.type === 'spread_element' && unparenthesize(codeChildren(e)[0] ?? e).text === name);
    if (self < 0 || elements.length < 2) return undefined;
    return self === 0 ? 'append' : 'prepend';
  }
  return undefined;
}

export default defineCodeRule(
  {
    id: 'javascript/concat-in-loop',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'performance',
    summary: 'Flag `xs = xs.concat(...)` and `xs = [...xs, ...]` repeated on every iteration of a loop.',
    docs: {
      what: 'An array variable declared outside a loop and rebuilt inside it from a copy of itself: `result = result.concat(items)` or `result = [...result, item]`.',
      why: '`concat` and spread never extend the array in place: they allocate a new one and copy every element gathered so far. Repeated n times, the copies add up to 1 + 2 + … + n elements, O(n²) time and garbage, where appending in place is O(1) amortised per element.',
      example: 'let rows = [];\nfor (const page of pages) {\n  rows = rows.concat(page.rows);\n}',
      useInstead: 'const rows = [];\nfor (const page of pages) {\n  rows.push(...page.rows); // or a loop of push for very large pages\n}\n// or: const rows = pages.flatMap((page) => page.rows);',
    },
  },
  (context) => ({
    assignment_expression(node) {
      const left = node.field('left');
      const right = node.field('right');
      if (left?.type !== 'identifier' || !right) return;
      const form = copiesWithAppend(right, left.text);
      if (!form) return;
      const loop = enclosingLoop(node);
      if (!loop || hasFixedSmallTripCount(loop)) return;
      const known = knownCollection(left.text, node);
      if (!known || known.kind !== 'array') return;
      // Declared inside the loop, the array starts over on each iteration and never grows across them.
      if (loop.node.contains(known.binding.node)) return;

      const name = left.text;
      // `unshift` moves every element too, so a prepend loop is better written as push then one reverse.
      const advice = form === 'prepend' ? `push in place with \`${name}.push(...)\` and reverse once after the loop` : `append in place with \`${name}.push(...)\``;
      const complexity = `O(n²): \`${shortText(node)}\` copies all of array \`${name}\` (line ${known.line}) on each iteration of ${loop.description}`;
      context.report({
        node,
        message: `${complexity}; ${advice}.`,
        evidence: { complexity, array: name, arrayDeclaredAt: `line ${known.line}`, loop: `line ${loop.line}`, copy: form === 'concat' ? 'concat' : `spread (${form})` },
      });
    },
  }),
);
