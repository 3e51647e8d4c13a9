import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { brief } from '../../src/analysis/types/common.js';
import { pythonTypes, unparenthesized, pythonErrorHandled } from '../../src/analysis/types/rule-support.js';

const ARITHMETIC = new Set(['+', '-', '*', '/', '//', '%', '**', '@', '&', '|', '^', '<<', '>>']);

export default defineCodeRule(
  {
    id: 'python/none-result-used',
    languages: ['python'],
    severity: 'error',
    category: 'type',
    summary: 'Flag uses of the result of a call that always returns None (`x = lst.sort()` then `x[0]`).',
    provenance: 'pylint E1111 assignment-from-no-return, mypy func-returns-value',
    docs: {
      what:
        'A value that can only be the `None` returned by a function that never returns anything else — an in-place ' +
        'method such as `list.sort`, `list.append`, `dict.update`, `random.shuffle`, or a function of the analysed ' +
        'code whose every path returns None — used as if it were something: subscripted, called, iterated, given ' +
        'to an operator, or asked for an attribute None does not have.',
      why: 'In-place methods return None by design. `x = items.sort()` leaves `x` as None, and the next use raises `TypeError` or `AttributeError` far from the mistake.',
      example: 'ranked = scores.sort(reverse=True)\nbest = ranked[0]',
      useInstead: 'ranked = sorted(scores, reverse=True)\nbest = ranked[0]',
    },
  },
  (context) => {
    const check = (operand: SyntaxNode | undefined, use: SyntaxNode, how: string) => {
      const types = pythonTypes(context);
      if (!types || !operand) return;
      const node = unparenthesized(operand);
      const t = types.typeOf(node);
      if (!t?.noneResult || t.type.kind !== 'none') return;
      const { callee, line } = t.noneResult;
      if (pythonErrorHandled(use, ['TypeError', 'AttributeError'])) return;
      const subject = node.type === 'call' ? `\`${brief(node.text)}\`` : `\`${brief(node.text)}\` is None here: \`${callee}()\` (line ${line})`;
      const lead = node.type === 'call' ? `${subject} always returns None` : `${subject} always returns None`;
      context.report({
        node: use,
        message: `${lead}, so ${how}.`,
        evidence: { value: `${brief(node.text)}: None`, source: `${callee}() at line ${line} always returns None` },
      });
    };
    return {
      attribute(node) {
        const object = node.field('object');
        const name = node.field('attribute')?.text ?? '';
        const types = pythonTypes(context);
        if (types?.stubs.hasMember('NoneType', name)) return;
        check(object, node, `\`${brief(node.text)}\` raises AttributeError`);
      },
      subscript(node) {
        check(node.field('value'), node, `\`${brief(node.text)}\` raises TypeError`);
      },
      call(node) {
        check(node.field('function'), node, `calling it raises TypeError`);
        const callee = node.field('function');
        if (callee?.type === 'identifier' && ['len', 'iter', 'sorted', 'list', 'tuple', 'set', 'sum', 'max', 'min', 'enumerate'].includes(callee.text)) {
          const types = pythonTypes(context);
          if (types?.typeOf(callee)?.type.kind !== 'function' && types?.typeOf(callee)?.type.kind !== 'builtin-class') return;
          const args = node.field('arguments')?.namedChildren ?? [];
          if (args.length >= 1 && args[0].type !== 'keyword_argument') check(args[0], node, `\`${brief(node.text)}\` raises TypeError`);
        }
      },
      for_statement(node) {
        if (node.children.some((c) => c.type === 'async')) return;
        const right = node.field('right');
        if (right) check(right, right, `iterating over it raises TypeError`);
      },
      for_in_clause(node) {
        for (const right of node.fieldAll('right')) check(right, right, `iterating over it raises TypeError`);
      },
      binary_operator(node) {
        const op = node.field('operator')?.type ?? '';
        if (!ARITHMETIC.has(op)) return;
        for (const side of [node.field('left'), node.field('right')]) check(side, node, `\`${brief(node.text)}\` raises TypeError`);
      },
      augmented_assignment(node) {
        const right = node.field('right');
        for (const side of [node.field('left'), right]) check(side, node, `\`${brief(node.text)}\` raises TypeError`);
      },
    };
  },
);
