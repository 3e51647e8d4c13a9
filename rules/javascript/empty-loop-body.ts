import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { emptyLoopBodyDocs } from '../shared/empty-loop-body.js';
import { hasSideEffects } from '../../src/rule-helpers/javascript/js-expressions.js';

function header(loop: SyntaxNode, body: SyntaxNode): string {
  return loop.text.slice(0, body.startIndex - loop.startIndex).replace(/\s+/g, ' ').trim();
}

export default defineCodeRule(
  {
    id: 'javascript/empty-loop-body',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'suspicious',
    summary: 'Flag `for (...);` and `while (...);` loops whose body is a stray semicolon.',
    provenance: 'clang -Wempty-body; SonarJS S1116',
    docs: emptyLoopBodyDocs(
      'for (let i = 0; i < rows.length; i++);\n{\n  render(rows[i]);\n}',
      'for (let i = 0; i < rows.length; i++) {\n  render(rows[i]);\n}',
    ),
  },
  (context) => {
    const check = (loop: SyntaxNode) => {
      const body = loop.field('body');
      if (body?.type !== 'empty_statement') return;
      const text = header(loop, body);
      const next = loop.nextNamedSibling;
      if (next?.type === 'statement_block') {
        context.report({
          node: loop,
          message: `The \`;\` right after \`${text}\` ends the loop, so the block on line ${next.startRow + 1} runs once after it instead of on each iteration.`,
          evidence: { loop: text, blockLine: String(next.startRow + 1) },
        });
        return;
      }
      if (loop.type === 'for_statement') {
        const condition = loop.field('condition');
        const noCondition = !condition || condition.type === 'empty_statement';
        // `for (i = 0; a[i] !== x; i++);` scans with its header on purpose; only a header that does nothing is a bug.
        if (!noCondition || loop.field('increment')) return;
        context.report({
          node: loop,
          message: `\`${text};\` has no condition, no update and an empty body, so it spins forever.`,
          evidence: { loop: text },
        });
        return;
      }
      if (loop.type === 'while_statement') {
        const condition = loop.field('condition');
        // `while (queue.pop());` and `while (i-- > 0);` do their work in the condition.
        if (!condition || hasSideEffects(condition)) return;
        context.report({
          node: loop,
          message: `\`${text};\` has an empty body and a condition without side effects, so it either never runs or never ends.`,
          evidence: { loop: text },
        });
      }
    };
    return { for_statement: check, while_statement: check, for_in_statement: check };
  },
);
