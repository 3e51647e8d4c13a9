import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { brief } from '../../src/analysis/types/common.js';
import { describe, members } from '../../src/analysis/types/lattice.js';
import { pythonTypes, shown, unparenthesized, pythonErrorHandled } from '../../src/analysis/types/rule-support.js';

export default defineCodeRule(
  {
    id: 'python/not-iterable',
    languages: ['python'],
    severity: 'error',
    category: 'type',
    summary: 'Flag iteration, unpacking and `in` tests over values that cannot be iterated (`for c in 5`, `a, b = None`).',
    provenance: 'pylint E1133 not-an-iterable',
    docs: {
      what:
        'A `for` loop, comprehension, unpacking assignment or `in` test whose iterable has an inferred type that ' +
        'cannot be iterated: a number, `None`, or another builtin without `__iter__`/`__getitem__` (and, for `in`, ' +
        'without `__contains__`).',
      why: 'Python raises `TypeError: \'int\' object is not iterable`. It usually means `range(n)` was meant, or a value that may be missing was not checked.',
      example: 'count = len(items)\nfor i in count:\n    print(items[i])',
      useInstead: 'for i in range(len(items)):\n    print(items[i])',
    },
  },
  (context) => {
    const check = (iterable: SyntaxNode | undefined, report: SyntaxNode, how: string, membership = false) => {
      const types = pythonTypes(context);
      if (!types || !iterable) return;
      const node = unparenthesized(iterable);
      const t = types.typeOf(node);
      if (!t || t.noneResult || !types.relations.notIterable(t.type)) return;
      if (pythonErrorHandled(report, ['TypeError'])) return;
      if (membership && members(t.type).some((m) => m.kind === 'builtin' && types.stubs.hasMember(m.name, '__contains__'))) return;
      context.report({
        node: report,
        message: `${how} ${shown(node, t, 'python')}, but ${describe(t.type, 'python')} is not iterable; Python raises TypeError.`,
        evidence: { iterable: shown(node, t, 'python') },
      });
    };
    return {
      for_statement(node) {
        if (node.children.some((c) => c.type === 'async')) return;
        const right = node.field('right');
        check(right, right ?? node, 'The loop iterates over');
      },
      for_in_clause(node) {
        if (node.children.some((c) => c.type === 'async')) return;
        for (const right of node.fieldAll('right')) check(right, right, 'The comprehension iterates over');
      },
      assignment(node) {
        const left = node.field('left');
        const right = node.field('right');
        if (!left || !right || !['pattern_list', 'tuple_pattern', 'list_pattern'].includes(left.type)) return;
        // `(x) = value` is a parenthesized name, not an unpacking.
        if (left.type === 'tuple_pattern' && left.namedChildren.filter((c) => c.type !== 'comment').length === 1 && !left.token(',')) return;
        check(right, node, `\`${brief(node.text, 40)}\` unpacks`);
      },
      comparison_operator(node) {
        const operands = node.namedChildren.filter((c) => c.type !== 'comment' && c.fieldName !== 'operators');
        const operators = node.children.filter((c) => c.fieldName === 'operators');
        operators.forEach((operator, i) => {
          const op = operator.text.replace(/\s+/g, ' ');
          if (op === 'in' || op === 'not in') check(operands[i + 1], node, `\`${brief(node.text, 40)}\` searches`, true);
        });
      },
    };
  },
);
