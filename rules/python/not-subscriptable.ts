import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { brief } from '../../src/analysis/types/common.js';
import { describe, members, type Type } from '../../src/analysis/types/lattice.js';
import { pythonTypes, shown, unparenthesized, pythonErrorHandled } from '../../src/analysis/types/rule-support.js';

/** How a subscript uses its object: read, stored into, deleted. */
function usage(node: SyntaxNode): 'read' | 'write' | 'delete' | 'update' {
  let n = node;
  while (n.parent && ['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list', 'parenthesized_expression'].includes(n.parent.type)) n = n.parent;
  const parent = n.parent;
  if (parent?.type === 'assignment' && parent.field('left') === n) return 'write';
  if (parent?.type === 'augmented_assignment' && parent.field('left') === n) return 'update';
  if (parent?.type === 'for_statement' && parent.field('left') === n) return 'write';
  if (parent?.type === 'delete_statement') return 'delete';
  return 'read';
}

export default defineCodeRule(
  {
    id: 'python/not-subscriptable',
    languages: ['python'],
    severity: 'error',
    category: 'type',
    summary: 'Flag indexing of values that do not support it (`None[0]`, `count[1]`, `some_set[0]`, item assignment to a str or tuple).',
    provenance: 'pylint E1136/E1137 unsubscriptable-object / unsupported-assignment-operation',
    docs: {
      what:
        'A subscript `x[i]` where `x` has an inferred type without `__getitem__` (None, numbers, sets, dict views, ' +
        'iterators), or an item assignment/deletion `x[i] = v` / `del x[i]` on a type without `__setitem__` / ' +
        '`__delitem__` (str, tuple, bytes, range).',
      why: 'Python raises `TypeError: \'NoneType\' object is not subscriptable` or `\'str\' object does not support item assignment`; strings and tuples are immutable, sets are unordered.',
      example: 'name = "bob"\nname[0] = "B"\nfirst = {3, 1, 2}[0]',
      useInstead: 'name = "bob"\nname = "B" + name[1:]\nfirst = sorted({3, 1, 2})[0]',
    },
  },
  (context) => ({
    subscript(node) {
      const types = pythonTypes(context);
      const value = node.field('value');
      if (!types || !value) return;
      const object = unparenthesized(value);
      const t = types.typeOf(object);
      if (!t || t.noneResult) return;
      const use = usage(node);
      const needed = use === 'read' ? ['__getitem__'] : use === 'write' ? ['__setitem__'] : use === 'delete' ? ['__delitem__'] : ['__getitem__', '__setitem__'];
      const lacks = (m: Type) => (m.kind === 'none' ? true : m.kind === 'builtin' && !m.abstract && types.stubs.hasClass(m.name) ? needed.some((d) => !types.stubs.hasMember(m.name, d)) : false);
      if (!members(t.type).every(lacks)) return;
      const what = describe(t.type, 'python');
      if (pythonErrorHandled(node, ['TypeError'])) return;
      const problem = use === 'read' ? `${what} is not subscriptable` : use === 'delete' ? `${what} does not support item deletion` : `${what} does not support item assignment`;
      context.report({
        node,
        message: `\`${brief(node.text, 40)}\`: ${problem} (${shown(object, t, 'python')}); Python raises TypeError.`,
        evidence: { object: shown(object, t, 'python'), operation: use },
      });
    },
  }),
);
