import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { brief } from '../../src/analysis/types/common.js';
import { describe, type Typed } from '../../src/analysis/types/lattice.js';
import { pythonBinary, PYTHON_BINARY_OPERATORS } from '../../src/analysis/types/relations.js';
import { pythonTypes, shown, pythonErrorHandled } from '../../src/analysis/types/rule-support.js';

const ORDERING = new Set(['<', '<=', '>', '>=']);

export default defineCodeRule(
  {
    id: 'python/unsupported-operand-types',
    languages: ['python'],
    severity: 'error',
    category: 'type',
    summary: 'Flag binary operators applied to builtin types that do not support them (`"a" + 1`, `None + 1`, `[] + ()`).',
    provenance: 'mypy operator / pyright reportOperatorIssue',
    docs: {
      what:
        'A binary operator (`+ - * / // % ** & | ^ << >>`, an augmented assignment such as `+=`, or an ordering comparison ' +
        '`< <= > >=`) whose two operands have inferred builtin types for which neither operand\'s special method ' +
        '(`__add__`, `__radd__`, ...) accepts the other. Types come from the inference pass: literals, assignments, ' +
        'annotations, builtin return types. Unknown types never fire.',
      why: 'Python raises `TypeError: unsupported operand type(s)` at run time, often on a path tests do not cover (an error message built with `"count: " + n`).',
      example: 'count = 3\nmessage = "items: " + count\ntotal = None\ntotal + 1',
      useInstead: 'count = 3\nmessage = f"items: {count}"\ntotal = 0\ntotal + 1',
    },
  },
  (context) => {
    const check = (node: SyntaxNode, op: string, left: SyntaxNode, right: SyntaxNode, inPlace = false) => {
      const types = pythonTypes(context);
      if (!types) return;
      const l = types.typeOf(left);
      const r = types.typeOf(right);
      if (!l || !r || l.noneResult || r.noneResult) return;
      let result = pythonBinary(types.relations, op, l.type, r.type);
      if (inPlace && result.kind === 'unsupported' && l.type.kind === 'builtin') {
        // `x += y` tries `__iadd__` first (list += tuple works).
        const dunder = IN_PLACE[op];
        if (dunder && types.stubs.member(l.type, dunder)) result = { kind: 'unknown' };
      }
      if (result.kind !== 'unsupported') return;
      report(node, op, left, l, right, r);
    };
    const report = (node: SyntaxNode, op: string, left: SyntaxNode, l: Typed, right: SyntaxNode, r: Typed) => {
      if (pythonErrorHandled(node, ['TypeError'])) return;
      const lt = describe(l.type, 'python');
      const rt = describe(r.type, 'python');
      const what = ORDERING.has(op) ? `\`${op}\` is not supported between instances of ${lt} and ${rt}` : `\`${op}\` is not supported between ${lt} and ${rt}`;
      context.report({
        node,
        message: `\`${brief(node.text, 50)}\`: ${what}, so Python raises TypeError; ${shown(left, l, 'python')}, ${shown(right, r, 'python')}.`,
        evidence: { left: shown(left, l, 'python'), right: shown(right, r, 'python'), operator: op },
      });
    };
    return {
      binary_operator(node) {
        const op = node.field('operator')?.type ?? '';
        const left = node.field('left');
        const right = node.field('right');
        if (!left || !right || !PYTHON_BINARY_OPERATORS.has(op) || ORDERING.has(op)) return;
        check(node, op, left, right);
      },
      augmented_assignment(node) {
        const op = (node.field('operator')?.type ?? '').replace(/=$/, '');
        const left = node.field('left');
        const right = node.field('right');
        if (!left || !right || !PYTHON_BINARY_OPERATORS.has(op)) return;
        check(node, op, left, right, true);
      },
      comparison_operator(node) {
        const operands = node.namedChildren.filter((c) => c.type !== 'comment' && c.fieldName !== 'operators');
        const operators = node.children.filter((c) => c.fieldName === 'operators');
        if (operators.length !== operands.length - 1) return;
        operators.forEach((operator, i) => {
          if (ORDERING.has(operator.type)) check(node, operator.type, operands[i], operands[i + 1]);
        });
      },
    };
  },
);

const IN_PLACE: Record<string, string> = {
  '+': '__iadd__', '-': '__isub__', '*': '__imul__', '/': '__itruediv__', '//': '__ifloordiv__', '%': '__imod__', '**': '__ipow__',
  '&': '__iand__', '|': '__ior__', '^': '__ixor__', '<<': '__ilshift__', '>>': '__irshift__', '@': '__imatmul__',
};
