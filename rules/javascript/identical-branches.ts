import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import { identicalBranchesDocs } from '../shared/identical-branches.js';
import { code, codeChildren, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';

/** `{ f(); }` and `f();` are the same branch. */
function branchBody(statement: SyntaxNode): SyntaxNode {
  if (statement.type === 'statement_block') {
    const inner = codeChildren(statement);
    if (inner.length === 1) return inner[0];
  }
  return statement;
}

function isEmpty(statement: SyntaxNode): boolean {
  return statement.type === 'empty_statement' || (statement.type === 'statement_block' && codeChildren(statement).length === 0);
}

/** The branches of an `if` / `else if` / `else` chain, and whether it ends in a plain `else`. */
function chainBranches(head: SyntaxNode): { branches: SyntaxNode[]; hasElse: boolean } {
  const branches: SyntaxNode[] = [];
  let current: SyntaxNode | undefined = head;
  while (current?.type === 'if_statement') {
    const consequence = current.field('consequence');
    if (!consequence) return { branches: [], hasElse: false };
    branches.push(consequence);
    const alternative = current.field('alternative');
    const next: SyntaxNode | undefined = alternative ? codeChildren(alternative)[0] : undefined;
    if (!next) return { branches, hasElse: false };
    if (next.type !== 'if_statement') {
      branches.push(next);
      return { branches, hasElse: true };
    }
    current = next;
  }
  return { branches, hasElse: false };
}

export default defineCodeRule(
  {
    id: 'javascript/identical-branches',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'suspicious',
    summary: 'Flag `if`/`else` chains and `? :` expressions whose branches are the same code.',
    provenance: 'SonarJS S3923 (no-all-duplicated-branches)',
    docs: identicalBranchesDocs(
      'if (user.isAdmin) {\n  showPanel(adminPanel);\n} else {\n  showPanel(adminPanel);\n}\nconst limit = premium ? 100 : 100;',
      'if (user.isAdmin) {\n  showPanel(adminPanel);\n} else {\n  showPanel(userPanel);\n}\nconst limit = premium ? 1000 : 100;',
    ),
  },
  (context) => ({
    if_statement(node) {
      if (node.parent?.type === 'else_clause') return;
      const { branches, hasElse } = chainBranches(node);
      // Without a final `else` some inputs run no branch at all, so equal branches still differ from "always".
      if (!hasElse || branches.length < 2 || branches.some(isEmpty)) return;
      const first = branchBody(branches[0]);
      if (!branches.slice(1).every((b) => sameSyntax(first, branchBody(b)))) return;
      const condition = node.field('condition');
      const conditionText = condition ? unparenthesize(condition).text : '';
      const message =
        branches.length === 2
          ? `Both branches of \`if\` on ${code(conditionText, 60)} run the same code, so the condition makes no difference.`
          : `All ${branches.length} branches of this \`if\`/\`else if\` chain run the same code, so its conditions make no difference.`;
      context.report({ node, message, evidence: { condition: conditionText, branches: String(branches.length) } });
    },
    ternary_expression(node) {
      const condition = node.field('condition');
      const consequence = node.field('consequence');
      const alternative = node.field('alternative');
      if (!condition || !consequence || !alternative) return;
      if (!sameSyntax(unparenthesize(consequence), unparenthesize(alternative))) return;
      context.report({
        node,
        message: `Both results of this conditional are ${code(consequence.text, 60)}, so ${code(condition.text, 60)} makes no difference.`,
        evidence: { condition: condition.text, value: consequence.text },
      });
    },
  }),
);
