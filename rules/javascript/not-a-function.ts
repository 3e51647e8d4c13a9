import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import { brief } from '../../src/analysis/types/common.js';
import { describe, members, type Type } from '../../src/analysis/types/lattice.js';
import { documentedOnly, javaScriptTypes, shown, unparenthesized } from '../../src/analysis/types/rule-support.js';

/** Values that are never callable. */
function notCallable(m: Type): boolean {
  if (m.kind === 'null' || m.kind === 'undefined' || m.kind === 'object') return true;
  return m.kind === 'builtin' && !m.abstract;
}

export default defineCodeRule(
  {
    id: 'javascript/not-a-function',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'type',
    summary: 'Flag calls of values known not to be functions, such as a property that holds a number (`arr.length()`).',
    provenance: 'TypeScript 2349 (not callable)',
    docs: {
      what: 'A call `x(...)` or `obj.prop(...)` where the callee has an inferred type that is not a function: a number, string or boolean, `null`/`undefined`, an array, map, set or other builtin object, or a plain object. `arr.length()`, `map.size()` and `str.length()` are the classic cases.',
      why: 'JavaScript throws `TypeError: arr.length is not a function` when the line runs. Properties such as `length` and `size` are values, not methods.',
      example: 'const names = ["ada", "grace"];\nif (names.length() > 1) {\n  greetAll(names);\n}',
      useInstead: 'const names = ["ada", "grace"];\nif (names.length > 1) {\n  greetAll(names);\n}',
    },
  },
  (context) => ({
    call_expression(node) {
      const callee = node.field('function');
      const { inference } = javaScriptTypes(context);
      if (!callee || !inference || callee.type === 'super' || callee.type === 'import') return;
      if (node.children.some((c) => c.type === 'optional_chain')) return;
      // `a - b!.c()` misread by the grammar as `(a - b!).c()`: not judged.
      const object = callee.type === 'member_expression' ? callee.field('object') : undefined;
      const inner = object?.type === 'non_null_expression' ? object.namedChildren[0] : object;
      if (inner && ['binary_expression', 'unary_expression', 'update_expression', 'ternary_expression'].includes(inner.type)) return;
      const target = unparenthesized(callee);
      const t = inference.typeOf(target);
      if (!t || !members(t.type).every(notCallable)) return;
      if (documentedOnly(t)) return;
      context.report({
        node,
        message: `\`${brief(node.text, 50)}\` calls ${shown(target, t, 'javascript')}; a ${describe(t.type, 'javascript')} is not a function, so JavaScript throws TypeError.`,
        evidence: { callee: shown(target, t, 'javascript') },
      });
    },
  }),
);
