import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { emptyLoopBodyDocs } from '../shared/empty-loop-body.js';
import { lineOf } from '../../src/rule-helpers/cpp/cpp.js';

function header(loop: SyntaxNode): string {
  const body = loop.field('body')!;
  return loop.source.slice(loop.startIndex, body.startIndex).replace(/\s+/g, ' ').trim();
}

/** The statement after the loop, if the layout shows it was meant as the body: a block, or a more indented statement. */
function intendedBody(loop: SyntaxNode, semicolon: SyntaxNode): SyntaxNode | undefined {
  let next = loop.nextSibling;
  while (next && (next.type === 'comment' || !next.isNamed)) next = next.nextSibling;
  if (!next || next.startRow <= semicolon.startRow) return undefined;
  if (next.type === 'compound_statement') return next;
  return next.startColumn > loop.startColumn ? next : undefined;
}

export default defineCodeRule(
  {
    id: 'cpp/empty-loop-body',
    languages: ['cpp'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag `for (...);` and `while (...);` whose stray semicolon detaches the block meant as the body.',
    provenance: 'clang -Wempty-body, PVS-Studio V529',
    docs: emptyLoopBodyDocs(
      'while (count > 0);\n{\n  consume(count);\n  --count;\n}',
      'while (count > 0) {\n  consume(count);\n  --count;\n}',
    ),
  },
  (context) => {
    const check = (loop: SyntaxNode) => {
      const body = loop.field('body');
      if (body?.type !== 'expression_statement' || body.namedChildren.length > 0) return;
      // `;` on a line of its own is the deliberate way to write an empty body.
      const closing = loop.type === 'while_statement' ? loop.field('condition') : loop.children.filter((c) => c.type === ')').at(-1);
      if (!closing || closing.endRow !== body.startRow) return;
      const next = intendedBody(loop, body);
      if (!next) return;
      context.report({
        node: loop,
        message: `The \`;\` right after \`${header(loop)}\` is the loop's entire body, so the ${next.type === 'compound_statement' ? 'block' : 'indented statement'} on line ${lineOf(next)} runs once after the loop instead of on every iteration.`,
        evidence: { loop: header(loop), detachedLine: String(lineOf(next)) },
      });
    };
    return { for_statement: check, while_statement: check, for_range_loop: check };
  },
);
