import { defineCodeRule } from '../../src/engine/rule.js';
import { closestNames } from '../../src/analysis/types/common.js';
import { describe, members, type Type } from '../../src/analysis/types/lattice.js';
import { pythonTypes, shown, pythonErrorHandled } from '../../src/analysis/types/rule-support.js';

export default defineCodeRule(
  {
    id: 'python/unknown-attribute',
    languages: ['python'],
    severity: 'error',
    category: 'type',
    summary: 'Flag attributes and methods the inferred builtin type does not have (`"s".push(1)`, `d.has_key(k)`, `lst.length`).',
    provenance: 'pylint E1101 no-member, mypy attr-defined',
    docs: {
      what:
        'An attribute access `x.name` where `x` has an inferred builtin type (str, bytes, int, float, list, dict, set, ' +
        'tuple, range, file objects, regex matches, None...) and that type has no attribute `name`. The stubs list ' +
        'every member of these types, so a missing name does not exist. The message suggests the closest member, ' +
        'and the Python spelling of methods borrowed from other languages (`push` → `append`, `length` → `len(...)`).',
      why: 'Python raises `AttributeError` when the line runs. These are typically habits from another language or Python 2 (`dict.has_key`, `str.decode`).',
      example: 'names = []\nnames.push("ada")\nif options.has_key("verbose"):\n    pass',
      useInstead: 'names = []\nnames.append("ada")\nif "verbose" in options:\n    pass',
    },
  },
  (context) => ({
    attribute(node) {
      const types = pythonTypes(context);
      const object = node.field('object');
      const attribute = node.field('attribute');
      if (!types || !object || !attribute) return;
      const t = types.typeOf(object);
      if (!t || t.noneResult) return;
      const name = attribute.text;
      // `type` and `object` values may be any class or object: their members are open.
      const classOf = (m: Type): string | undefined => (m.kind === 'none' ? 'NoneType' : m.kind === 'builtin' && !m.abstract && types.stubs.hasClass(m.name) && m.name !== 'type' && m.name !== 'object' ? m.name : undefined);
      const classes = members(t.type).map(classOf);
      if (classes.length === 0 || classes.some((c) => c === undefined)) return;
      if (classes.some((c) => types.stubs.hasMember(c!, name))) return;
      const first = classes[0]!;
      if (pythonErrorHandled(node, ['AttributeError'])) return;
      const hint = types.stubs.hints(first)[name];
      const similar = hint ? [] : closestNames(name, types.stubs.memberNames(first).filter((n) => !n.startsWith('__') || name.startsWith('__')), 1);
      const suggestion = hint ? (/^[a-z_]+$/.test(hint) ? `; did you mean \`${hint}\`?` : `; use ${hint}`) : similar.length ? `; did you mean \`${similar[0]}\`?` : '';
      const typeText = describe(t.type, 'python');
      context.report({
        node,
        message: `${typeText} has no attribute \`${name}\`${suggestion} (${shown(object, t, 'python')}); Python raises AttributeError.`,
        evidence: { object: shown(object, t, 'python'), attribute: name, ...(hint || similar.length ? { suggestion: hint ?? similar[0] } : {}) },
      });
    },
  }),
);
