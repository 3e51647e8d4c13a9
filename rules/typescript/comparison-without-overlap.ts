import { defineCodeRule } from '../../src/engine/rule.js';
import alwaysFalseComparison from '../javascript/always-false-comparison.js';
import { code } from '../../src/rule-helpers/javascript/js-expressions.js';
import { snippet, syntacticReports, TYPE_AWARE_LANGUAGES, typeEvidence, typeText } from '../../src/rule-helpers/typescript/ts-rules.js';

type Kind = 'string' | 'number' | 'bigint' | 'boolean' | 'symbol' | 'null' | 'undefined';

/**
 * The runtime kind of a type name, when the name alone proves it: `string`, `"a"` and template
 * literal types are strings; `number` and numeric literals numbers; and so on. Anything else (a
 * class, an alias, an enum, `any`) gives undefined and the comparison is left alone.
 */
function kindOf(name: string): Kind | undefined {
  if (name === 'string' || /^"(?:[^"\\]|\\.)*"$/.test(name) || /^`.*`$/.test(name)) return 'string';
  if (name === 'number' || /^-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|Infinity)$/i.test(name)) return 'number';
  if (name === 'bigint' || /^-?\d+n$/.test(name)) return 'bigint';
  if (name === 'boolean' || name === 'true' || name === 'false') return 'boolean';
  if (name === 'symbol' || name === 'unique symbol') return 'symbol';
  if (name === 'null') return 'null';
  if (name === 'undefined' || name === 'void') return 'undefined';
  return undefined;
}

function kinds(names: string[] | undefined): Set<Kind> | undefined {
  if (!names || names.length === 0) return undefined;
  const out = new Set<Kind>();
  for (const name of names) {
    const kind = kindOf(name);
    if (!kind) return undefined;
    out.add(kind);
  }
  return out;
}

const NULLISH: ReadonlySet<Kind> = new Set(['null', 'undefined']);

export default defineCodeRule(
  {
    id: 'typescript/comparison-without-overlap',
    languages: TYPE_AWARE_LANGUAGES,
    severity: 'warning',
    category: 'bug',
    summary: 'Flag `===` / `!==` between values whose types share no value (a string against a number).',
    provenance: 'TypeScript TS2367 (this comparison appears to be unintentional), for JavaScript too',
    docs: {
      what: 'A strict comparison `a === b` or `a !== b` where the type engine proves both sides are primitives of different kinds, such as a `string` against a `number` or a `boolean` against a `string`. Comparisons with `null` or `undefined` alone are left alone (defensive checks), as are loose `==` comparisons (they convert) and any side whose type is not a known primitive. Needs types: without them the rule is silent. Where `javascript/always-false-comparison` reports the comparison (from the tree-sitter inference), this rule leaves it to that rule. In `.ts` files the compiler reports the same as TS2367; this rule also covers JavaScript under a jsconfig without `checkJs`, and projects that never run `tsc`.',
      why: 'Strict equality never converts: values of different kinds are never equal, so `===` is always false and `!==` always true. The branch it guards is dead or always taken, usually because one side is a parsed number and the other its string form (`req.query.page === 1`).',
      example: 'const page = params.get("page"); // string | null\nif (page === 1) {\n  showFirstPage();\n}',
      useInstead: 'const page = Number(params.get("page") ?? "1");\nif (page === 1) {\n  showFirstPage();\n}',
    },
  },
  (context) => {
    const other = syntacticReports(context, [alwaysFalseComparison]);
    return {
      binary_expression(node) {
        const operator = node.field('operator')?.type;
        if (operator !== '===' && operator !== '!==') return;
        const left = node.field('left');
        const right = node.field('right');
        if (!left || !right) return;
        const types = context.types();
        if (!types) return;
        const leftType = types.typeOf(left);
        const leftKinds = kinds(leftType?.names);
        if (!leftKinds || [...leftKinds].every((k) => NULLISH.has(k))) return;
        const rightType = types.typeOf(right);
        const rightKinds = kinds(rightType?.names);
        if (!rightKinds || [...rightKinds].every((k) => NULLISH.has(k))) return;
        if ([...leftKinds].some((k) => rightKinds.has(k))) return;
        // `javascript/always-false-comparison` proves some of these from the tree-sitter inference: one finding per place.
        if (other('binary_expression', node).length > 0) return;
        const always = operator === '===' ? 'false' : 'true';
        context.report({
          node,
          message: `${code(node.text, 60)} compares \`${typeText(leftType)}\` with \`${typeText(rightType)}\`: the types have no value in common, so it is always ${always}.`,
          evidence: { comparison: snippet(node), ...typeEvidence('leftType', leftType), ...typeEvidence('rightType', rightType), value: `always ${always}` },
        });
      },
    };
  },
);
