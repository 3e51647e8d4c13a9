import { defineCodeRule } from '../../src/engine/rule.js';
import { code, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';
import { snippet, TYPE_AWARE_LANGUAGES, typeEvidence, typeText } from '../../src/rule-helpers/typescript/ts-rules.js';

export default defineCodeRule(
  {
    id: 'typescript/for-in-array',
    languages: TYPE_AWARE_LANGUAGES,
    severity: 'warning',
    category: 'bug',
    summary: 'Flag `for...in` loops over values whose type is an array or tuple.',
    provenance: 'typescript-eslint no-for-in-array',
    docs: {
      what: 'A `for (const k in xs)` loop where the type engine (the TypeScript checker, or the tree-sitter inference for a local such as `const xs = [1, 2]`) proves `xs` is an array or a tuple. Needs types: without them the rule is silent.',
      why: '`for...in` walks property keys, not elements: the loop variable is the index as a string (`"0"`, `"1"`, …), so `k + 1` concatenates and `k === 0` is never true; holes are skipped; and any enumerable property added to the array or to `Array.prototype` by a library is visited too.',
      example: 'const totals: number[] = load();\nfor (const i in totals) {\n  sum += totals[i] * weights[i + 1]; // i is "0", "1", ...; i + 1 is "01"\n}',
      useInstead: 'for (const [i, total] of totals.entries()) {\n  sum += total * weights[i + 1];\n}\n// or: for (const total of totals) ...',
    },
  },
  (context) => ({
    for_in_statement(loop) {
      if (loop.field('operator')?.type !== 'in') return;
      const right = loop.field('right');
      if (!right) return;
      const types = context.types();
      if (!types || types.isArrayLike(unparenthesize(right)) !== true) return;
      const type = types.typeOf(unparenthesize(right));
      const key = loop.field('left');
      context.report({
        node: loop,
        message: `This \`for...in\` walks the index keys of ${code(right.text, 40)} as strings ("0", "1", …) and any other enumerable property, not its elements: ${code(right.text, 40)} is \`${typeText(type, 'an array')}\`.`,
        evidence: { collection: snippet(right), ...(key ? { key: snippet(key) } : {}), ...typeEvidence('type', type) },
      });
    },
  }),
);
