import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import { identicalConditionsDocs } from '../shared/identical-conditions.js';
import { code, codeChildren, hasSideEffects, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';

/** The conditions of an `if` / `else if` chain, in order. */
function chainConditions(head: SyntaxNode): SyntaxNode[] {
  const conditions: SyntaxNode[] = [];
  let current: SyntaxNode | undefined = head;
  while (current?.type === 'if_statement') {
    const condition = current.field('condition');
    if (!condition) break;
    conditions.push(condition);
    const alternative = current.field('alternative');
    current = alternative ? codeChildren(alternative)[0] : undefined;
  }
  return conditions;
}

export default defineCodeRule(
  {
    id: 'javascript/identical-conditions',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'bug',
    summary: 'Flag an `else if` that repeats a condition already tested earlier in the same chain.',
    provenance: 'ESLint no-dupe-else-if, SonarJS S1862',
    docs: identicalConditionsDocs(
      'if (status === 404) {\n  showNotFound();\n} else if (status === 500) {\n  showServerError();\n} else if (status === 404) {\n  showGone();\n}',
      'if (status === 404) {\n  showNotFound();\n} else if (status === 500) {\n  showServerError();\n} else if (status === 410) {\n  showGone();\n}',
    ),
  },
  (context) => ({
    if_statement(node) {
      if (node.parent?.type === 'else_clause') return;
      const conditions = chainConditions(node);
      for (let i = 1; i < conditions.length; i++) {
        // A condition that calls or assigns can change what the next one sees (`if (next()) ... else if (next())`).
        if (conditions.slice(0, i + 1).some((c) => hasSideEffects(c))) return;
        const current = unparenthesize(conditions[i]);
        const earlier = conditions.slice(0, i).find((c) => sameSyntax(unparenthesize(c), current));
        if (!earlier) continue;
        const line = earlier.startRow + 1;
        context.report({
          node: conditions[i],
          message: `This \`else if\` tests ${code(current.text, 60)} again, which an earlier condition of this chain (line ${line}) already tested, so its block never runs.`,
          evidence: { condition: current.text, firstLine: String(line) },
        });
      }
    },
  }),
);
