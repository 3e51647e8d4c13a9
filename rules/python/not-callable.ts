import { defineCodeRule } from '../../src/engine/rule.js';
import { brief } from '../../src/analysis/types/common.js';
import { describe, members } from '../../src/analysis/types/lattice.js';
import { pythonTypes, shown, pythonErrorHandled } from '../../src/analysis/types/rule-support.js';

export default defineCodeRule(
  {
    id: 'python/not-callable',
    languages: ['python'],
    severity: 'error',
    category: 'type',
    summary: 'Flag calls of values whose inferred type cannot be called (an int, a str, a list, None, a module).',
    provenance: 'pylint E1102 not-callable',
    docs: {
      what: 'A call `x(...)` where `x` has an inferred builtin type without `__call__` (numbers, strings, containers), `None`, or a module.',
      why: 'Python raises `TypeError: \'int\' object is not callable`. The usual cause is a name that shadows a function (`len = len(items)`, then `len(other)`) or a missing operator (`2(x + 1)`).',
      example: 'total = sum(prices)\nprint(total(2))',
      useInstead: 'total = sum(prices)\nprint(round(total, 2))',
    },
  },
  (context) => ({
    call(node) {
      const types = pythonTypes(context);
      const callee = node.field('function');
      if (!types || !callee) return;
      const t = types.typeOf(callee);
      if (!t || t.noneResult) return;
      const parts = members(t.type);
      const notCallable = parts.every((m) => m.kind === 'none' || m.kind === 'module' || (m.kind === 'builtin' && !m.abstract && types.stubs.hasClass(m.name) && !types.stubs.hasMember(m.name, '__call__')));
      if (!notCallable) return;
      const what = describe(t.type, 'python');
      if (pythonErrorHandled(node, ['TypeError'])) return;
      context.report({
        node,
        message: `\`${brief(node.text, 50)}\` calls ${shown(callee, t, 'python')}; a ${what} value is not callable, so Python raises TypeError.`,
        evidence: { callee: shown(callee, t, 'python') },
      });
    },
  }),
);
