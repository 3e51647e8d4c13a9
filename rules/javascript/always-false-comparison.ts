import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { brief } from '../../src/analysis/types/common.js';
import { describe, members, type Type } from '../../src/analysis/types/lattice.js';
import { documentedOnly, javaScriptTypes, shown, unparenthesized } from '../../src/analysis/types/rule-support.js';

const FRESH: Record<string, string> = {
  array: 'a new array',
  object: 'a new object',
  arrow_function: 'a new function',
  function_expression: 'a new function',
  function: 'a new function',
  class: 'a new class',
  new_expression: 'a new object',
  regex: 'a new RegExp',
};

/** The primitive family of a type member, for strict equality. */
function family(m: Type): string | undefined {
  if (m.kind === 'undefined' || m.kind === 'null') return m.kind;
  if (m.kind === 'builtin' && ['string', 'number', 'boolean', 'bigint', 'symbol'].includes(m.name)) return m.name;
  return undefined;
}

export default defineCodeRule(
  {
    id: 'javascript/always-false-comparison',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'type',
    summary: 'Flag strict comparisons that can never be true: against a fresh `[]`/`{}`, `typeof x` against a non-string, or between different primitive types.',
    provenance: 'ESLint no-constant-binary-expression / valid-typeof, TypeScript 2367',
    docs: {
      what:
        '`x === []`, `x === {}` (any new array, object, function, regex or `new` expression: a fresh value is identical ' +
        'to nothing); `typeof x === 1` (typeof always gives a string); and `a === b` where the inferred types are ' +
        'different primitives (`count === "3"`). The `!==` forms are always true.',
      why: 'The condition is constant, so its branch never runs (or always does). Emptiness checks need `.length === 0`; values read as text need converting before comparing with numbers.',
      example: 'if (items === []) {\n  showEmpty();\n}\nif (typeof count === 0) reset();',
      useInstead: 'if (items.length === 0) {\n  showEmpty();\n}\nif (count === 0) reset();',
    },
  },
  (context) => ({
    binary_expression(node) {
      const op = node.field('operator')?.type ?? '';
      if (op !== '===' && op !== '!==') return;
      const left = node.field('left');
      const right = node.field('right');
      if (!left || !right) return;
      const [l, r] = [unparenthesized(left), unparenthesized(right)];
      const result = op === '===' ? 'false' : 'true';
      const report = (reason: string, evidence: Record<string, string>) =>
        context.report({ node, message: `\`${brief(node.text, 50)}\` is always ${result}: ${reason}.`, evidence });
      const fresh = FRESH[l.type] ? l : FRESH[r.type] ? r : undefined;
      if (fresh) {
        report(`\`${brief(fresh.text, 30)}\` creates ${FRESH[fresh.type]}, which is never identical to any other value`, { fresh: brief(fresh.text, 30) });
        return;
      }
      const isTypeof = (n: SyntaxNode) => n.type === 'unary_expression' && n.field('operator')?.type === 'typeof';
      const typeofSide = isTypeof(l) ? l : isTypeof(r) ? r : undefined;
      if (typeofSide) {
        const other = typeofSide === l ? r : l;
        if (['number', 'true', 'false', 'null', 'undefined', 'array', 'object'].includes(other.type)) {
          report(`\`typeof\` always gives a string, and \`${brief(other.text, 20)}\` is not one`, { compared: brief(other.text, 20) });
        }
        return;
      }
      const { inference } = javaScriptTypes(context);
      if (!inference) return;
      const lt = inference.typeOf(l);
      const rt = inference.typeOf(r);
      if (!lt || !rt) return;
      if (documentedOnly(lt) || documentedOnly(rt)) return;
      const lf = members(lt.type).map(family);
      const rf = members(rt.type).map(family);
      if (lf.some((f) => !f) || rf.some((f) => !f) || lf.some((f) => rf.includes(f))) return;
      // Defensive checks for a missing value (`x === undefined`) are not judged by inferred types.
      if ([...lf, ...rf].some((f) => f === 'undefined' || f === 'null')) return;
      report(`${describe(lt.type, 'javascript')} and ${describe(rt.type, 'javascript')} are different types, and \`${op}\` does not convert (${shown(l, lt, 'javascript')}, ${shown(r, rt, 'javascript')})`, {
        left: shown(l, lt, 'javascript'),
        right: shown(r, rt, 'javascript'),
      });
    },
  }),
);
