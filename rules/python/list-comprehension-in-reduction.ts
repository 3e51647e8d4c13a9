import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { containsAwait, excerpt, hasFixedIterationCount, LocalNames } from '../../src/rule-helpers/python/local-facts.js';

const SHORT_CIRCUITING = new Set(['any', 'all']);
const REDUCERS = new Set(['any', 'all', 'sum', 'min', 'max']);

/** Calls with no side effects: skipping them after `any`/`all` has decided changes nothing observable. */
const PURE_FUNCTIONS = new Set(['isinstance', 'issubclass', 'len', 'abs', 'bool', 'callable', 'int', 'float', 'str', 'ord', 'chr', 'round']);
const PURE_STR_METHODS = new Set([
  'startswith', 'endswith', 'isdigit', 'isalpha', 'isalnum', 'isspace', 'islower', 'isupper', 'isidentifier',
  'isdecimal', 'isnumeric', 'lower', 'upper', 'strip', 'lstrip', 'rstrip', 'casefold',
]);

/**
 * With a list, every element is computed before `any`/`all` looks at one; a generator stops early.
 * When computing an element may do something (a call we do not know, an assignment expression),
 * the list may be deliberate (`all([check(x) for x in xs])` runs every check), so stay silent.
 */
function elementsMayActOnTheWorld(comprehension: SyntaxNode): boolean {
  const first = comprehension.children.find((c) => c.type === 'for_in_clause')?.field('right');
  for (const d of comprehension.descendants()) {
    if (first?.contains(d)) continue; // evaluated once either way
    if (d.type === 'named_expression' || d.type === 'yield') return true;
    if (d.type !== 'call') continue;
    const fn = d.field('function');
    if (fn?.type === 'identifier' && PURE_FUNCTIONS.has(fn.text)) continue;
    if (fn?.type === 'attribute' && PURE_STR_METHODS.has(fn.field('attribute')?.text ?? '')) continue;
    return true;
  }
  return false;
}

export default defineCodeRule(
  {
    id: 'python/list-comprehension-in-reduction',
    languages: ['python'],
    severity: 'info',
    category: 'performance',
    summary: 'Flag `any`/`all`/`sum`/`min`/`max` called on a list comprehension; pass a generator instead.',
    fixable: true,
    provenance: 'Ruff C419 (unnecessary-comprehension-in-call)',
    docs: {
      what: 'A call of `any`, `all`, `sum`, `min` or `max` whose only argument is a list comprehension, e.g. `any([x > 0 for x in xs])`.',
      why:
        'The brackets build the whole list of n results in memory before the function reads the first one. A generator expression (the same code without brackets) feeds the elements one at a time: no O(n) intermediate list, and `any`/`all` stop at the first element that decides the answer instead of computing all n. For `sum`/`min`/`max` the gain is memory only (on small inputs a list can even be slightly faster). For `any`/`all` the rule stays silent when computing an element calls a function that may have side effects, because evaluating every element may then be intended.',
      example: 'if any([line.startswith("#") for line in lines]):\n    ...\ntotal = sum([item.price for item in cart])',
      useInstead: 'if any(line.startswith("#") for line in lines):\n    ...\ntotal = sum(item.price for item in cart)',
    },
  },
  (context) => {
    const names = new LocalNames();
    const candidates: Array<{ call: SyntaxNode; comprehension: SyntaxNode; reducer: string }> = [];

    function check({ call, comprehension, reducer }: (typeof candidates)[number]) {
      if (!names.isBuiltin(reducer, call)) return;
      const shortCircuits = SHORT_CIRCUITING.has(reducer);
      if (shortCircuits && elementsMayActOnTheWorld(comprehension)) return;
      const open = comprehension.children[0];
      const close = comprehension.children[comprehension.children.length - 1];
      if (open?.type !== '[' || close?.type !== ']') return;

      const source = comprehension.children.find((c) => c.type === 'for_in_clause')?.field('right');
      const over = source ? ` over \`${excerpt(source.text, 40)}\`` : '';
      const code = `${reducer}([...])`;
      const message = shortCircuits
        ? `O(n): \`${code}\` builds the list of all n results of the comprehension${over} before testing any of them, so it cannot stop at the first ${reducer === 'any' ? 'true' : 'false'} one; drop the brackets to pass a generator.`
        : `O(n) extra memory: \`${code}\` materialises the list of all n results of the comprehension${over} only to consume it once; drop the brackets to pass a generator.`;
      context.report({
        node: call,
        message,
        evidence: {
          complexity: shortCircuits
            ? `O(n) time and memory for the list, where a generator stops at the first deciding element`
            : `O(n) extra memory for the intermediate list`,
          function: reducer,
          iterable: source?.text ?? '',
        },
        fix: {
          title: 'Pass a generator expression',
          edits: [
            { startOffset: open.startIndex, endOffset: open.endIndex, text: '' },
            { startOffset: close.startIndex, endOffset: close.endIndex, text: '' },
          ],
        },
      });
    }

    return {
      ...names.visitor,
      call(node) {
        const fn = node.field('function');
        if (fn?.type !== 'identifier' || !REDUCERS.has(fn.text)) return;
        const args = node.field('arguments');
        // `sum(x for x in y,)` is a syntax error, so a trailing comma rules the fix (and the finding) out.
        if (!args || args.type !== 'argument_list' || args.children.some((c) => c.type === ',')) return;
        const values = args.namedChildren.filter((c) => c.type !== 'comment');
        if (values.length !== 1 || values[0].type !== 'list_comprehension') return;
        // `await` or `async for` inside would make the generator asynchronous, which these builtins reject.
        if (containsAwait(values[0]) || values[0].children.some((c) => c.type === 'for_in_clause' && c.children.some((t) => t.type === 'async'))) return;
        // Over a handful of literal values (`range(10)`) the list costs nothing worth reporting.
        if (hasFixedIterationCount(values[0])) return;
        candidates.push({ call: node, comprehension: values[0], reducer: fn.text });
      },
      'file:exit'() {
        for (const candidate of candidates) check(candidate);
      },
    };
  },
);
