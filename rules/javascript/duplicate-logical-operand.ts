import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import { duplicateLogicalOperandDocs } from '../shared/duplicate-logical-operand.js';
import { code, hasSideEffects, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';

const LOGICAL: ReadonlySet<string> = new Set(['&&', '||', '??']);

/** The operands of `a && b && c` (left-associative), looking through parentheses of the same operator. */
function chainOperands(node: SyntaxNode, operator: string, out: SyntaxNode[] = []): SyntaxNode[] {
  const bare = unparenthesize(node);
  if (bare.type === 'binary_expression' && bare.field('operator')?.type === operator) {
    const left = bare.field('left');
    const right = bare.field('right');
    if (left) chainOperands(left, operator, out);
    if (right) chainOperands(right, operator, out);
  } else {
    out.push(bare);
  }
  return out;
}

/** Whether this node is an inner link of a larger chain of the same operator (the outermost one reports). */
function isInnerLink(node: SyntaxNode, operator: string): boolean {
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') parent = parent.parent;
  return parent?.type === 'binary_expression' && parent.field('operator')?.type === operator;
}

/** A plain value (name, property, element), as opposed to a test such as `x > 0` or `!x`. */
function isValueOperand(node: SyntaxNode): boolean {
  return node.type === 'identifier' || node.type === 'member_expression' || node.type === 'subscript_expression' || node.type === 'this';
}

/** Whether only the truthiness of the expression is used: an `if`/loop condition, `!`, a `? :` test. */
function inTestPosition(node: SyntaxNode): boolean {
  let child = node;
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (['if_statement', 'while_statement', 'do_statement', 'for_statement'].includes(parent.type)) return child.fieldName === 'condition';
  if (parent.type === 'ternary_expression') return child.fieldName === 'condition';
  if (parent.type === 'unary_expression') return parent.field('operator')?.type === '!';
  return false;
}

export default defineCodeRule(
  {
    id: 'javascript/duplicate-logical-operand',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'bug',
    summary: 'Flag `&&`/`||`/`??` chains that test the same operand twice.',
    provenance: 'SonarJS S1764 (no-identical-expressions)',
    docs: duplicateLogicalOperandDocs(
      'if (user.isAdmin || user.isAdmin) {\n  grant();\n}',
      'if (user.isAdmin || user.isOwner) {\n  grant();\n}',
    ),
  },
  (context) => ({
    binary_expression(node) {
      const operator = node.field('operator')?.type;
      if (!operator || !LOGICAL.has(operator) || isInnerLink(node, operator)) return;
      const operands = chainOperands(node, operator);
      for (let i = 1; i < operands.length; i++) {
        // `next() && next()` reads two different values.
        if (hasSideEffects(operands[i])) continue;
        const earlier = operands.slice(0, i).find((o) => !hasSideEffects(o) && sameSyntax(o, operands[i]));
        if (!earlier) continue;
        // `typeof g == "object" && g && g.Object === Object && g` tests `g`, then yields it as the value.
        if (operator === '&&' && i === operands.length - 1 && operands.length > 2 && isValueOperand(operands[i]) && !inTestPosition(node)) continue;
        context.report({
          node,
          message: `${code(operands[i].text, 60)} appears twice in this \`${operator}\` chain, so the second test adds nothing.`,
          evidence: { operand: operands[i].text, operator, firstColumn: String(earlier.startColumn + 1), firstLine: String(earlier.startRow + 1) },
        });
        return;
      }
    },
  }),
);
