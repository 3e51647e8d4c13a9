import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { assignmentInConditionDocs } from '../shared/assignment-in-condition.js';

const PLACES: Record<string, string> = {
  if_statement: '`if` condition',
  while_statement: '`while` condition',
  do_statement: '`do ... while` condition',
  for_statement: '`for` loop condition',
  ternary_expression: '`?:` condition',
};

/**
 * Values that a mistyped comparison compares with. A ternary needs parentheses around any assignment,
 * so they say nothing about intent there; `(m = re.exec(s)) ? m[1] : null` assigns a computed value
 * on purpose, while `(mode = "dark") ? a : b` is a comparison with one `=` missing.
 */
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

const oneLine = (text: string) => text.replace(/\s+/g, ' ');

/** The single expression inside `( ... )`, ignoring comments. */
function unwrap(node: SyntaxNode): SyntaxNode | undefined {
  const inner = node.namedChildren.filter((c) => c.type !== 'comment');
  return inner.length === 1 ? inner[0] : undefined;
}

/** The assignment a statement or ternary tests, when it is written without the extra parentheses. */
function testedAssignment(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type === 'for_statement') {
    const condition = node.fieldAll('condition').find((c) => c.isNamed);
    return condition?.type === 'assignment_expression' ? condition : undefined;
  }
  const condition = node.field('condition');
  if (condition?.type !== 'parenthesized_expression') return undefined;
  const inner = unwrap(condition);
  if (inner?.type !== 'assignment_expression') return undefined;
  if (node.type === 'ternary_expression' && !COMPARISON_OPERANDS.has(inner.field('right')?.type ?? '')) return undefined;
  return inner;
}

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
  (context) => {
    const check = (node: SyntaxNode) => {
      const assignment = testedAssignment(node);
      const target = assignment?.field('left');
      const value = assignment?.field('right');
      if (!assignment || !target || !value) return;
      const place = PLACES[node.type];
      // `for (;;)` has no parentheses of its own around the condition, so one pair marks intent there.
      const parentheses = node.type === 'for_statement' ? 'parentheses' : 'a second pair of parentheses';
      context.report({
        node: assignment,
        message: `The ${place} \`${oneLine(assignment.text)}\` assigns to \`${oneLine(target.text)}\` instead of comparing it, so it only tests whether \`${oneLine(value.text)}\` is truthy: compare with \`===\`, or wrap the assignment in ${parentheses} if it is intended.`,
        evidence: { assignment: assignment.text, assignedTo: target.text, assignedValue: value.text, statement: node.type.replace(/_(statement|expression)$/, '') },
      });
    };
    return Object.fromEntries(Object.keys(PLACES).map((type) => [type, check]));
  },
);
