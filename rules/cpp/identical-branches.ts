import { defineCodeRule } from '../../src/engine/rule.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import { identicalBranchesDocs } from '../shared/identical-branches.js';
import { lineOf } from '../../src/rule-helpers/cpp/cpp.js';

/** Comments count: branches that differ only in an explanatory comment were written apart on purpose. */
const NO_IGNORED_COMMENTS: ReadonlySet<string> = new Set();

function isEmptyBlock(node: SyntaxNode): boolean {
  return node.type === 'compound_statement' && node.namedChildren.length === 0;
}

export default defineCodeRule(
  {
    id: 'cpp/identical-branches',
    languages: ['cpp'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag `if`/`else` statements and `?:` expressions whose two branches are the same code.',
    provenance: 'clang-tidy bugprone-branch-clone, PVS-Studio V523',
    docs: identicalBranchesDocs(
      'if (user.is_admin()) {\n  limit = 100;\n} else {\n  limit = 100;\n}',
      'if (user.is_admin()) {\n  limit = 1000;\n} else {\n  limit = 100;\n}',
    ),
  },
  (context) => ({
    if_statement(node) {
      const consequence = node.field('consequence');
      const elseClause = node.field('alternative');
      const alternative = elseClause?.namedChildren.find((c) => c.type !== 'comment');
      // `else if` starts another test; its own branches are checked when that `if` is visited.
      if (!consequence || !alternative || alternative.type === 'if_statement') return;
      if (isEmptyBlock(consequence) && isEmptyBlock(alternative)) return;
      if (!sameSyntax(consequence, alternative, NO_IGNORED_COMMENTS)) return;
      const condition = node.field('condition');
      context.report({
        node,
        message: `Both branches of \`if ${condition?.text ?? ''}\` run the same code (lines ${lineOf(consequence)} and ${lineOf(alternative)}), so the condition has no effect.`,
        evidence: { condition: condition?.text ?? '', thenLine: String(lineOf(consequence)), elseLine: String(lineOf(alternative)) },
      });
    },
    conditional_expression(node) {
      const consequence = node.field('consequence');
      const alternative = node.field('alternative');
      if (!consequence || !alternative || !sameSyntax(consequence, alternative, NO_IGNORED_COMMENTS)) return;
      const condition = node.field('condition');
      context.report({
        node,
        message: `Both results of \`${condition?.text ?? ''} ? … : …\` are \`${consequence.text}\`, so the condition has no effect.`,
        evidence: { condition: condition?.text ?? '', branch: consequence.text },
      });
    },
  }),
);
