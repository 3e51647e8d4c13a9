import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import { CALLBACK_TYPES } from '../../src/rule-helpers/javascript/js-expressions.js';
import { returnedValues } from '../../src/rule-helpers/javascript/js-flow.js';
import { firstParameterName, lineOf, patternNames } from '../../src/rule-helpers/javascript/js-loops.js';
import { accumulatorAdvice, reduceCall, spreadCopyOfAccumulator, type AccumulatorCopy } from '../../src/rule-helpers/javascript/js-reduce.js';

export default defineCodeRule(
  {
    id: 'javascript/reduce-spread-accumulator',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'performance',
    summary: 'Flag reduce callbacks that copy the whole accumulator on every step with spread.',
    provenance: 'Biome noAccumulatingSpread, oxc no-accumulating-spread',
    docs: {
      what: 'A `reduce` or `reduceRight` callback that returns a new object or array built by spreading its accumulator: `{ ...acc, [k]: v }`, `[...acc, x]`, or `Object.assign({}, acc, ...)`.',
      why: 'Each step copies every entry gathered so far, so reducing n elements copies 1 + 2 + … + n entries: O(n²) time and garbage. With 10,000 elements that is about 50 million property copies where 10,000 writes would do. The accumulator is a value the reduce call created, so mutating it is safe.',
      example: 'const byId = users.reduce((acc, user) => ({ ...acc, [user.id]: user }), {});\nconst names = users.reduce((acc, user) => [...acc, user.name], []);',
      useInstead: 'const byId = users.reduce((acc, user) => {\n  acc[user.id] = user;\n  return acc;\n}, {});\n// or: Object.fromEntries(users.map((user) => [user.id, user]))\nconst names = users.map((user) => user.name);',
    },
  },
  (context) => ({
    call_expression(node) {
      const reduce = reduceCall(node);
      const callback = reduce?.callback;
      if (!reduce || !callback || !CALLBACK_TYPES.has(callback.type)) return;
      const accumulator = firstParameterName(callback);
      if (!accumulator) return;
      // Rebinding the accumulator inside the callback would make the spread copy something else.
      const body = callback.field('body');
      if (body && [...body.descendants()].some((d) => d.type === 'variable_declarator' && patternNames(d.field('name') ?? d).includes(accumulator))) return;

      // One finding per callback, at its first copying return: the fix is the same for all of them.
      const copies = returnedValues(callback)
        .map((value) => spreadCopyOfAccumulator(value, accumulator))
        .filter((c): c is AccumulatorCopy => c !== undefined);
      if (copies.length === 0) return;
      const { value, shown, kind } = copies[0];
      const complexity = `O(n²): the \`${reduce.method}\` callback at line ${lineOf(node)} returns \`${shown}\`, copying the whole accumulator \`${accumulator}\` on each of the n steps`;
      context.report({
        node: value,
        message: `${complexity}; ${accumulatorAdvice(kind, accumulator)}.`,
        evidence: { complexity, accumulator, copy: shown, reduceCall: `line ${lineOf(node)}`, copyingReturns: String(copies.length) },
      });
    },
  }),
);
