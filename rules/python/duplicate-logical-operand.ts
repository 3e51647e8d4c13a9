import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { duplicateLogicalOperandDocs } from '../shared/duplicate-logical-operand.js';
import { excerpt, unparenthesize } from '../../src/rule-helpers/python/literal-strings.js';
import { sameCode } from '../../src/rule-helpers/python/python-scopes.js';

/** Calls and awaits may answer differently the second time (`read() or read()`); walruses and yields change state. */
function mayChange(node: SyntaxNode): boolean {
  for (const d of node.descendants()) {
    if (d.type === 'call' || d.type === 'await' || d.type === 'yield' || d.type === 'named_expression') return true;
  }
  return false;
}

/** The operands of a chain of one operator: `a and b and c` → [a, b, c], looking through parentheses. */
function chainOperands(node: SyntaxNode, operator: string, into: SyntaxNode[] = []): SyntaxNode[] {
  const inner = unparenthesize(node);
  if (inner.type === 'boolean_operator' && inner.field('operator')?.type === operator) {
    chainOperands(inner.field('left')!, operator, into);
    chainOperands(inner.field('right')!, operator, into);
  } else {
    into.push(node);
  }
  return into;
}

export default defineCodeRule(
  {
    id: 'python/duplicate-logical-operand',
    languages: ['python'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag `and`/`or` chains that repeat the same operand.',
    provenance: 'SonarPython S1764 (identical operands)',
    docs: duplicateLogicalOperandDocs(
      'if user.age > 0 and user.age > 0:\n    save(user)\nvalid = name or name',
      'if user.age > 0 and user.age < 150:\n    save(user)\nvalid = name or alias',
    ),
  },
  (context) => ({
    boolean_operator(node) {
      const operator = node.field('operator')?.type;
      if (!operator) return;
      // Report each chain once, at its outermost node.
      let outer: SyntaxNode | null = node.parent;
      while (outer?.type === 'parenthesized_expression') outer = outer.parent;
      if (outer?.type === 'boolean_operator' && outer.field('operator')?.type === operator) return;
      const operands = chainOperands(node, operator);
      // `args and args or default` is the pre-2.5 spelling of `args if args else default`.
      if (operator === 'and' && operands.length === 2 && outer?.type === 'boolean_operator' && outer.field('operator')?.type === 'or') return;
      for (let j = 1; j < operands.length; j++) {
        const repeated = unparenthesize(operands[j]);
        if (mayChange(repeated)) continue;
        const first = operands.slice(0, j).find((o) => sameCode(unparenthesize(o), repeated));
        if (!first) continue;
        context.report({
          node,
          message: `\`${excerpt(repeated.text)}\` appears twice in this \`${operator}\` chain: the repeat changes nothing, so one side was probably meant to test something else.`,
          evidence: { operand: repeated.text, operator, firstAt: `${first.startRow + 1}:${first.startColumn + 1}` },
        });
        return;
      }
    },
  }),
);
