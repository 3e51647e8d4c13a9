import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { identicalBranchesDocs } from '../shared/identical-branches.js';
import { excerpt, unparenthesize } from '../../src/rule-helpers/python/literal-strings.js';
import { sameCode } from '../../src/rule-helpers/python/python-scopes.js';

/** A body that only says "nothing": `pass` or `...`. */
function isPlaceholder(block: SyntaxNode): boolean {
  return block.namedChildren
    .filter((c) => c.type !== 'comment')
    .every((s) => s.type === 'pass_statement' || (s.type === 'expression_statement' && s.namedChildren[0]?.type === 'ellipsis'));
}

/** Comments of a branch, including those the grammar hangs between the `:` and the block. */
function commentsOf(block: SyntaxNode): string {
  const texts: string[] = [];
  const header = block.parent;
  if (header) {
    const colon = header.children.findIndex((c) => c.type === ':');
    for (let i = colon + 1; i >= 1 && i < block.indexInParent; i++) if (header.children[i].type === 'comment') texts.push(header.children[i].text);
  }
  for (const d of block.descendants()) if (d.type === 'comment') texts.push(d.text);
  return texts.join('\n');
}

/** The bodies of an `if`/`elif`/`else` chain, or undefined when it has no final `else`. */
function chainBodies(node: SyntaxNode): SyntaxNode[] | undefined {
  const bodies: SyntaxNode[] = [];
  const consequence = node.field('consequence');
  if (!consequence) return undefined;
  bodies.push(consequence);
  let hasElse = false;
  for (const alternative of node.fieldAll('alternative')) {
    const body = alternative.type === 'elif_clause' ? alternative.field('consequence') : alternative.field('body');
    if (!body) return undefined;
    bodies.push(body);
    if (alternative.type === 'else_clause') hasElse = true;
  }
  return hasElse ? bodies : undefined;
}

export default defineCodeRule(
  {
    id: 'python/identical-branches',
    languages: ['python'],
    severity: 'warning',
    category: 'suspicious',
    summary: 'Flag `if`/`else` chains and conditional expressions whose branches are the same code.',
    provenance: 'SonarPython S3923 (all branches identical)',
    docs: identicalBranchesDocs(
      'if user.is_admin:\n    panel = render(admin_panel)\nelse:\n    panel = render(admin_panel)\nlimit = 1000 if premium else 1000',
      'if user.is_admin:\n    panel = render(admin_panel)\nelse:\n    panel = render(user_panel)\nlimit = 1000 if premium else 100',
    ),
  },
  (context) => ({
    if_statement(node) {
      const bodies = chainBodies(node);
      if (!bodies || bodies.some(isPlaceholder)) return;
      if (!bodies.slice(1).every((b) => sameCode(bodies[0], b))) return;
      // Different comments in otherwise equal branches mean the author kept them apart on purpose.
      if (bodies.some((b) => commentsOf(b) !== commentsOf(bodies[0]))) return;
      const condition = node.field('condition');
      const conditionText = condition ? excerpt(unparenthesize(condition).text) : '';
      const firstStatement = excerpt(bodies[0].namedChildren.find((c) => c.type !== 'comment')?.text ?? '');
      const message =
        bodies.length === 2
          ? `Both branches of \`if ${conditionText}:\` run the same code (\`${firstStatement}\`${bodies[0].namedChildren.length > 1 ? ', ...' : ''}): the condition makes no difference.`
          : `All ${bodies.length} branches of this \`if\`/\`elif\`/\`else\` chain run the same code (\`${firstStatement}\`${bodies[0].namedChildren.length > 1 ? ', ...' : ''}): the conditions make no difference.`;
      context.report({ node, message, evidence: { condition: conditionText, branches: String(bodies.length) } });
    },
    conditional_expression(node) {
      const parts = node.namedChildren.filter((c) => c.type !== 'comment');
      if (parts.length !== 3) return;
      const [whenTrue, condition, whenFalse] = parts;
      if (!sameCode(unparenthesize(whenTrue), unparenthesize(whenFalse))) return;
      context.report({
        node,
        message: `Both results of \`${excerpt(node.text)}\` are \`${excerpt(whenTrue.text)}\`: the condition \`${excerpt(condition.text)}\` makes no difference.`,
        evidence: { condition: condition.text, value: whenTrue.text },
      });
    },
  }),
);
