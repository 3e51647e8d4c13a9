import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { assignmentInConditionDocs } from '../shared/assignment-in-condition.js';

const PLACES: Record<string, string> = {
  if_statement: '`if` condition',
  while_statement: '`while` condition',
  do_statement: '`do ... while` condition',
  for_statement: '`for` loop condition',
  conditional_expression: '`?:` condition',
};

/**
 * Values that a mistyped comparison compares with. A conditional expression needs parentheses
 * around any assignment, so they say nothing about intent there; `(p = find(k)) ? p->v : 0` assigns
 * a computed value on purpose, while `(mode = kDark) ? a : b` is a comparison with one `=` missing.
 */
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

const oneLine = (text: string) => text.replace(/\s+/g, ' ');

/** The single expression inside `( ... )`, ignoring comments. */
function unwrap(node: SyntaxNode): SyntaxNode | undefined {
  const inner = node.namedChildren.filter((c) => c.type !== 'comment');
  return inner.length === 1 ? inner[0] : undefined;
}

/** The plain `=` assignment a statement or conditional tests, when written without the extra parentheses. */
function testedAssignment(node: SyntaxNode): SyntaxNode | undefined {
  let tested: SyntaxNode | undefined;
  const condition = node.field('condition');
  if (!condition) return undefined;
  if (node.type === 'for_statement') tested = condition;
  // `if (x = 0)` / `if (init; x = 0)`; a declaration such as `if (auto* p = get())` is a `declaration` node.
  else if (condition.type === 'condition_clause') tested = condition.field('value');
  else if (condition.type === 'parenthesized_expression') tested = unwrap(condition);
  if (tested?.type !== 'assignment_expression' || tested.field('operator')?.type !== '=') return undefined;
  if (node.type === 'conditional_expression' && !COMPARISON_OPERANDS.has(tested.field('right')?.type ?? '')) return undefined;
  return tested;
}

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
  (context) => {
    const check = (node: SyntaxNode) => {
      const assignment = testedAssignment(node);
      const target = assignment?.field('left');
      const value = assignment?.field('right');
      if (!assignment || !target || !value) return;
      // `for (;;)` has no parentheses of its own around the condition, so one pair marks intent there.
      const parentheses = node.type === 'for_statement' ? 'parentheses' : 'a second pair of parentheses';
      context.report({
        node: assignment,
        message: `The ${PLACES[node.type]} \`${oneLine(assignment.text)}\` assigns to \`${oneLine(target.text)}\` instead of comparing it, so it only tests whether \`${oneLine(value.text)}\` converts to \`true\`: compare with \`==\`, or wrap the assignment in ${parentheses} if it is intended.`,
        evidence: { assignment: assignment.text, assignedTo: target.text, assignedValue: value.text, statement: node.type.replace(/_(statement|expression)$/, '') },
      });
    };
    return Object.fromEntries(Object.keys(PLACES).map((type) => [type, check]));
  },
);
