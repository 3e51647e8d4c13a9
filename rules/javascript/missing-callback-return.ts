import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { callArguments, calledMethodName, calleeLabel, CALLBACK_TYPES, isAsyncFunction } from '../../src/rule-helpers/javascript/js-expressions.js';
import { mayEndWithoutValue, neverCompletes, valueReturns } from '../../src/rule-helpers/javascript/js-flow.js';

/** What the method does with `undefined` from the callback, completing "so ...". */
const CONSEQUENCE: Record<string, string> = {
  map: '`map` fills the new array with `undefined`',
  flatMap: '`flatMap` fills the new array with `undefined`',
  filter: '`filter` rejects every element and returns an empty array',
  find: '`find` always returns `undefined`',
  findLast: '`findLast` always returns `undefined`',
  findIndex: '`findIndex` always returns `-1`',
  findLastIndex: '`findLastIndex` always returns `-1`',
  some: '`some` always returns `false`',
  every: '`every` returns `false` for any non-empty array',
  reduce: 'the accumulator becomes `undefined` after the first step',
  reduceRight: 'the accumulator becomes `undefined` after the first step',
  sort: 'every comparison counts as "equal" and the order is left unchanged',
  toSorted: 'every comparison counts as "equal" and the order is left unchanged',
};

/**
 * Methods where an `undefined` on some paths is a bug: the next step receives it as the accumulator.
 * Elsewhere it is often meant: a predicate reads it as `false`, a comparator as "equal", and
 * `map` callbacks return nothing for elements that are filtered out or awaited with `Promise.all`.
 */
const VALUE_ON_EVERY_PATH: ReadonlySet<string> = new Set(['reduce', 'reduceRight']);

/** Methods that are useful for their side effect alone: `sort` orders the array in place. */
const IN_PLACE: ReadonlySet<string> = new Set(['sort']);

/** `xs.map(...);` as a whole statement: the new array is dropped, so the method is used as `forEach`. */
function resultDiscarded(call: SyntaxNode): boolean {
  let node = call;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  return node.parent?.type === 'expression_statement';
}

export default defineCodeRule(
  {
    id: 'javascript/missing-callback-return',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'bug',
    summary: 'Flag array-method callbacks (`map`, `filter`, `reduce`, `sort`, ...) that do not return a value.',
    provenance: 'ESLint array-callback-return',
    docs: {
      what: 'A block-bodied callback passed to `map`, `flatMap`, `filter`, `find`, `findIndex`, `findLast`, `findLastIndex`, `some`, `every`, `reduce`, `reduceRight`, `sort` or `toSorted` that never returns a value, or (for `reduce` and `reduceRight`) that can reach the end of its body without one. Async callbacks, callbacks that always throw, calls whose result is dropped (`xs.map(...)` as a statement) and `forEach` are not flagged.',
      why: 'These methods use the callback\'s return value. Adding braces to an arrow function (`x => { x * 2 }`) turns its expression into a statement whose value is thrown away, so `map` builds an array of `undefined`, `filter` returns nothing and `reduce` loses its accumulator, with no error anywhere.',
      example: 'const names = users.map((user) => {\n  user.name.trim();\n});',
      useInstead: 'const names = users.map((user) => {\n  return user.name.trim();\n});\n// or: users.map((user) => user.name.trim())',
    },
  },
  (context) => ({
    call_expression(call) {
      const method = calledMethodName(call);
      if (!method || !Object.hasOwn(CONSEQUENCE, method)) return;
      const callback = callArguments(call)[0];
      if (!callback || !CALLBACK_TYPES.has(callback.type) || isAsyncFunction(callback)) return;
      const body = callback.field('body');
      if (body?.type !== 'statement_block') return;
      const receiver = calleeLabel(call, method);
      // A dropped result makes the missing value harmless; using `map` as `forEach` is a style matter.
      if (!IN_PLACE.has(method) && resultDiscarded(call)) return;
      const returns = valueReturns(body);
      if (returns.length === 0) {
        if (neverCompletes(body)) return;
        context.report({
          node: callback,
          message: `The callback passed to \`${receiver}\` never returns a value, so ${CONSEQUENCE[method]}.`,
          evidence: { method, call: receiver, returnsWithValue: '0' },
        });
        return;
      }
      if (!VALUE_ON_EVERY_PATH.has(method) || !mayEndWithoutValue(body)) return;
      const firstReturn = returns[0].startRow + 1;
      context.report({
        node: callback,
        message: `The callback passed to \`${receiver}\` returns a value at line ${firstReturn} but can also finish without one, and the accumulator then becomes \`undefined\`.`,
        evidence: { method, call: receiver, returnsWithValue: String(returns.length), firstReturnLine: String(firstReturn) },
      });
    },
  }),
);
