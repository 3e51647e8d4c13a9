import type { RuleContext, Visitor } from '../../engine/rule.js';
import type { SyntaxNode } from '../../parse/syntax-node.js';
import { oneLine } from './text.js';

/**
 * The `assignment-in-condition` check for C++ and the JavaScript family: an `=` written directly as
 * the condition of an `if`, a loop or a conditional expression. The languages differ in where the
 * condition sits in the tree and in their words for truth and equality; the check is one.
 */
export interface AssignmentInConditionSyntax {
  /** The assignment a node tests as its condition, when it is written without the extra parentheses. */
  conditionAssignment: (node: SyntaxNode) => SyntaxNode | undefined;
  /** The node type of the conditional expression (`a ? b : c`), which needs parentheses around any assignment. */
  conditionalExpression: string;
  /**
   * Values that a mistyped comparison compares with. Parentheses say nothing about intent in a
   * conditional expression, so there only an assignment of one of these is reported: `(p = find(k)) ? ...`
   * assigns a computed value on purpose, while `(mode = kDark) ? a : b` is a comparison with one `=` missing.
   */
  comparisonOperands: ReadonlySet<string>;
  /** What testing a value means in the language: `converts to \`true\``, `is truthy`. */
  truthTest: string;
  /** The comparison that was likely meant: `==`, `===`. */
  equality: string;
}

/** The statements whose condition is checked (the same node types in both grammars), with how a message names it. */
const STATEMENT_PLACES: Readonly<Record<string, string>> = {
  if_statement: '`if` condition',
  while_statement: '`while` condition',
  do_statement: '`do ... while` condition',
  for_statement: '`for` loop condition',
};

/** The single expression inside `( ... )`, ignoring comments. */
export function parenthesizedExpression(node: SyntaxNode): SyntaxNode | undefined {
  const inner = node.namedChildren.filter((c) => c.type !== 'comment');
  return inner.length === 1 ? inner[0] : undefined;
}

function testedAssignment(node: SyntaxNode, syntax: AssignmentInConditionSyntax): SyntaxNode | undefined {
  const assignment = syntax.conditionAssignment(node);
  if (node.type === syntax.conditionalExpression && !syntax.comparisonOperands.has(assignment?.field('right')?.type ?? '')) return undefined;
  return assignment;
}

export function assignmentInConditionVisitor(context: RuleContext, syntax: AssignmentInConditionSyntax): Visitor {
  const places: Record<string, string> = { ...STATEMENT_PLACES, [syntax.conditionalExpression]: '`?:` condition' };
  const check = (node: SyntaxNode) => {
    const assignment = testedAssignment(node, syntax);
    const target = assignment?.field('left');
    const value = assignment?.field('right');
    if (!assignment || !target || !value) return;
    // `for (;;)` has no parentheses of its own around the condition, so one pair marks intent there.
    const parentheses = node.type === 'for_statement' ? 'parentheses' : 'a second pair of parentheses';
    context.report({
      node: assignment,
      message: `The ${places[node.type]} \`${oneLine(assignment.text)}\` assigns to \`${oneLine(target.text)}\` instead of comparing it, so it only tests whether \`${oneLine(value.text)}\` ${syntax.truthTest}: compare with \`${syntax.equality}\`, or wrap the assignment in ${parentheses} if it is intended.`,
      evidence: { assignment: assignment.text, assignedTo: target.text, assignedValue: value.text, statement: node.type.replace(/_(statement|expression)$/, '') },
    });
  };
  return Object.fromEntries(Object.keys(places).map((type) => [type, check]));
}
