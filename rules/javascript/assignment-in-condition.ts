import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { assignmentInConditionDocs } from '../shared/assignment-in-condition.js';
import { assignmentInConditionVisitor, parenthesizedExpression, type AssignmentInConditionSyntax } from '../../src/rule-helpers/shared/assignment-in-condition.js';

/** Values that a mistyped comparison compares with (see `comparisonOperands`). */
const COMPARISON_OPERANDS = new Set([
  'number',
  'string',
  'true',
  'false',
  'null',
  'undefined',
  'identifier',
  'member_expression',
  'subscript_expression',
]);

/** The assignment a statement or ternary tests, when it is written without the extra parentheses. */
function conditionAssignment(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type === 'for_statement') {
    const condition = node.fieldAll('condition').find((c) => c.isNamed);
    return condition?.type === 'assignment_expression' ? condition : undefined;
  }
  const condition = node.field('condition');
  if (condition?.type !== 'parenthesized_expression') return undefined;
  const inner = parenthesizedExpression(condition);
  return inner?.type === 'assignment_expression' ? inner : undefined;
}

const JS_SYNTAX: AssignmentInConditionSyntax = {
  conditionAssignment,
  conditionalExpression: 'ternary_expression',
  comparisonOperands: COMPARISON_OPERANDS,
  truthTest: 'is truthy',
  equality: '===',
};

export default defineCodeRule(
  {
    id: 'javascript/assignment-in-condition',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'bug',
    summary: 'Flag `=` used as the condition of `if`, loops and `?:` where a comparison was likely meant.',
    provenance: 'ESLint no-cond-assign (except-parens)',
    docs: assignmentInConditionDocs(
      'if (user.role = "admin") {\n  grantAll(user);\n}',
      'if (user.role === "admin") {\n  grantAll(user);\n}\n// an intended assignment keeps a second pair of parentheses:\nwhile ((match = pattern.exec(text))) {\n  collect(match);\n}',
    ),
  },
  (context) => assignmentInConditionVisitor(context, JS_SYNTAX),
);
