import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { identicalConditionsDocs } from '../shared/identical-conditions.js';
import { excerpt, unparenthesize } from '../../src/rule-helpers/python/literal-strings.js';
import { sameCode } from '../../src/rule-helpers/python/python-scopes.js';

/** Calls, awaits, yields and walruses may give a different result the second time (`next(it)`). */
function mayChange(node: SyntaxNode): boolean {
  for (const d of node.descendants()) {
    if (d.type === 'call' || d.type === 'await' || d.type === 'yield' || d.type === 'named_expression') return true;
  }
  return false;
}

export default defineCodeRule(
  {
    id: 'python/identical-conditions',
    languages: ['python'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag `if`/`elif` chains that test the same condition twice.',
    provenance: 'SonarPython S1862 (related if/elif conditions)',
    docs: identicalConditionsDocs(
      'if status == 404:\n    return not_found()\nelif status == 500:\n    return server_error()\nelif status == 404:\n    return gone()',
      'if status == 404:\n    return not_found()\nelif status == 500:\n    return server_error()\nelif status == 410:\n    return gone()',
    ),
  },
  (context) => ({
    if_statement(node) {
      const first = node.field('condition');
      if (!first) return;
      const tested: SyntaxNode[] = [first];
      for (const clause of node.fieldAll('alternative')) {
        if (clause.type !== 'elif_clause') continue;
        const condition = clause.field('condition');
        if (!condition) continue;
        const earlier = tested.find((t) => sameCode(unparenthesize(t), unparenthesize(condition)));
        tested.push(condition);
        if (!earlier || mayChange(condition)) continue;
        const earlierLine = earlier.startRow + 1;
        context.report({
          node: clause,
          message: `The \`elif\` condition \`${excerpt(condition.text)}\` repeats the condition at line ${earlierLine}, so this branch never runs.`,
          evidence: { condition: condition.text, firstTestedAtLine: String(earlierLine) },
        });
      }
    },
  }),
);
