import { defineCodeRule } from '../../src/engine/rule.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import { duplicateLogicalOperandDocs } from '../shared/duplicate-logical-operand.js';
import { mayHaveSideEffects, stripParentheses } from '../../src/rule-helpers/cpp/cpp.js';

const LOGICAL = new Set(['&&', '||', 'and', 'or']);

function operatorOf(node: SyntaxNode | undefined): string | undefined {
  return node?.type === 'binary_expression' ? node.field('operator')?.text : undefined;
}

/** The operands of a chain of one logical operator, `a && b && c` → [a, b, c], looking through parentheses. */
function chainOperands(node: SyntaxNode, operator: string): SyntaxNode[] {
  const operands: SyntaxNode[] = [];
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    const inner = stripParentheses(current) ?? current;
    if (operatorOf(inner) === operator) {
      stack.push(inner.field('right')!, inner.field('left')!);
    } else operands.push(inner);
  }
  return operands;
}

export default defineCodeRule(
  {
    id: 'cpp/duplicate-logical-operand',
    languages: ['cpp'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag `&&`/`||` chains that repeat the same operand.',
    provenance: 'clang-tidy misc-redundant-expression, PVS-Studio V501',
    docs: duplicateLogicalOperandDocs(
      'if (width > 0 && height > 0 && width > 0) {\n  draw();\n}',
      'if (width > 0 && height > 0 && depth > 0) {\n  draw();\n}',
    ),
  },
  (context) => ({
    binary_expression(node) {
      const operator = operatorOf(node);
      if (!operator || !LOGICAL.has(operator)) return;
      // Only the outermost node of a chain, so `a && b && a` is reported once.
      let outer: SyntaxNode = node;
      while (outer.parent?.type === 'parenthesized_expression') outer = outer.parent;
      if (operatorOf(outer.parent ?? undefined) === operator) return;
      const operands = chainOperands(node, operator);
      for (let i = 1; i < operands.length; i++) {
        const operand = operands[i];
        if (mayHaveSideEffects(operand)) continue;
        const earlier = operands.slice(0, i).find((o) => sameSyntax(o, operand));
        if (!earlier) continue;
        context.report({
          node: operand,
          message: `\`${operand.text}\` appears twice in this \`${operator}\` chain, so the second test changes nothing: one side was probably meant to test something else.`,
          evidence: { operand: operand.text, operator, firstColumn: String(earlier.startColumn + 1), firstLine: String(earlier.startRow + 1) },
        });
        return;
      }
    },
  }),
);
