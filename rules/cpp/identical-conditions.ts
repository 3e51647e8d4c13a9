import { defineCodeRule } from '../../src/engine/rule.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import { identicalConditionsDocs } from '../shared/identical-conditions.js';
import { lineOf, mayHaveSideEffects } from '../../src/rule-helpers/cpp/cpp.js';

/** The tested expression of an `if`, or undefined when the condition declares something or has an init-statement. */
function testedExpression(ifStatement: SyntaxNode): SyntaxNode | undefined {
  const clause = ifStatement.field('condition');
  if (!clause || clause.field('initializer')) return undefined;
  const value = clause.field('value');
  return value && value.type !== 'declaration' ? value : undefined;
}

export default defineCodeRule(
  {
    id: 'cpp/identical-conditions',
    languages: ['cpp'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag `if`/`else if` chains that test the same condition twice.',
    provenance: 'clang-tidy bugprone-branch-clone, PVS-Studio V517',
    docs: identicalConditionsDocs(
      'if (status == 404) {\n  not_found();\n} else if (status == 500) {\n  server_error();\n} else if (status == 404) {\n  retry();\n}',
      'if (status == 404) {\n  not_found();\n} else if (status == 500) {\n  server_error();\n} else if (status == 503) {\n  retry();\n}',
    ),
  },
  (context) => ({
    if_statement(node) {
      // Start at the head of a chain so each chain is examined once.
      if (node.parent?.type === 'else_clause') return;
      const seen: SyntaxNode[] = [];
      for (let current: SyntaxNode | undefined = node; current?.type === 'if_statement'; ) {
        const condition = testedExpression(current);
        // Calls or assignments may change what a later, textually equal condition evaluates to.
        if (!condition || mayHaveSideEffects(condition)) return;
        const earlier = seen.find((s) => sameSyntax(s, condition));
        if (earlier) {
          context.report({
            node: condition,
            message: `\`${condition.text}\` is tested again after the same test on line ${lineOf(earlier)}: this branch only runs when that condition is true, which the earlier branch already handled, so it is unreachable.`,
            evidence: { condition: condition.text, firstLine: String(lineOf(earlier)), repeatedLine: String(lineOf(condition)) },
          });
          return;
        }
        seen.push(condition);
        current = current.field('alternative')?.namedChildren.find((c) => c.type !== 'comment');
      }
    },
  }),
);
