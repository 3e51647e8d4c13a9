import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { assignmentInConditionDocs } from '../shared/assignment-in-condition.js';
import { assignmentInConditionVisitor, parenthesizedExpression, type AssignmentInConditionSyntax } from '../../src/rule-helpers/shared/assignment-in-condition.js';

/** Values that a mistyped comparison compares with (see `comparisonOperands`). */
const COMPARISON_OPERANDS = new Set([
  'number_literal',
  'char_literal',
  'string_literal',
  'true',
  'false',
  'null',
  'nullptr',
  'identifier',
  'qualified_identifier',
  'field_expression',
  'subscript_expression',
]);

/** The plain `=` assignment a statement or conditional tests, when written without the extra parentheses. */
function conditionAssignment(node: SyntaxNode): SyntaxNode | undefined {
  let tested: SyntaxNode | undefined;
  const condition = node.field('condition');
  if (!condition) return undefined;
  if (node.type === 'for_statement') tested = condition;
  // `if (x = 0)` / `if (init; x = 0)`; a declaration such as `if (auto* p = get())` is a `declaration` node.
  else if (condition.type === 'condition_clause') tested = condition.field('value');
  else if (condition.type === 'parenthesized_expression') tested = parenthesizedExpression(condition);
  return tested?.type === 'assignment_expression' && tested.field('operator')?.type === '=' ? tested : undefined;
}

const CPP_SYNTAX: AssignmentInConditionSyntax = {
  conditionAssignment,
  conditionalExpression: 'conditional_expression',
  comparisonOperands: COMPARISON_OPERANDS,
  truthTest: 'converts to `true`',
  equality: '==',
};

export default defineCodeRule(
  {
    id: 'cpp/assignment-in-condition',
    languages: ['cpp'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag `=` used as the condition of `if`, loops and `?:` where a comparison was likely meant.',
    provenance: 'GCC/Clang -Wparentheses; clang-tidy bugprone-assignment-in-if-condition',
    docs: assignmentInConditionDocs(
      'if (status = kReady) {\n  start();\n}',
      'if (status == kReady) {\n  start();\n}\n// an intended assignment is a declaration or keeps a second pair of parentheses:\nif (auto* node = find(key)) {\n  use(node);\n}\nwhile ((line = next_line())) {\n  parse(line);\n}',
    ),
  },
  (context) => assignmentInConditionVisitor(context, CPP_SYNTAX),
);
