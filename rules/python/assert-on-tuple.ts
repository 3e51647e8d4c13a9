import { defineCodeRule } from '../../src/engine/rule.js';
import type { Fix } from '../../src/types.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { excerpt } from '../../src/rule-helpers/python/literal-strings.js';

const MESSAGE_TYPES = new Set(['string', 'concatenated_string']);

/** `assert (x, "msg")` → `assert x, "msg"`, only when the second element is clearly the message. */
function unwrapFix(tuple: SyntaxNode, elements: SyntaxNode[]): Fix | undefined {
  if (elements.length !== 2) return undefined;
  const [condition, message] = elements;
  if (!MESSAGE_TYPES.has(message.type)) return undefined;
  // Outside the parentheses a newline would end the statement, and `:=` or `*x` would not parse.
  if (condition.type === 'named_expression' || condition.type === 'list_splat') return undefined;
  for (const d of tuple.descendants()) if (d.type === 'comment') return undefined;
  if (condition.text.includes('\n') || message.text.includes('\n')) return undefined;
  // `assert(x, "m")` has no space to keep once the parentheses go.
  const space = /\s/.test(tuple.source[tuple.startIndex - 1] ?? '') ? '' : ' ';
  return {
    title: 'Assert the condition with the message as the second operand',
    edits: [{ startOffset: tuple.startIndex, endOffset: tuple.endIndex, text: `${space}${condition.text}, ${message.text}` }],
  };
}

export default defineCodeRule(
  {
    id: 'python/assert-on-tuple',
    languages: ['python'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag `assert` statements whose whole operand is a parenthesised tuple.',
    fixable: true,
    provenance: 'pyflakes F631 / pylint assert-on-tuple (W0199)',
    docs: {
      what: 'An `assert` whose operand is a non-empty tuple, typically `assert (condition, "message")`.',
      why: 'A non-empty tuple is always true, so the assertion can never fail: the check the author wrote is silently switched off. The parentheses turn the condition and its message into a single tuple.',
      example: 'assert (len(rows) == expected, "row count mismatch")',
      useInstead: 'assert len(rows) == expected, "row count mismatch"',
    },
  },
  (context) => ({
    assert_statement(node) {
      const operand = node.namedChildren.find((c) => c.type !== 'comment');
      if (operand?.type !== 'tuple') return;
      const elements = operand.namedChildren.filter((c) => c.type !== 'comment');
      if (elements.length === 0) return;
      const fix = unwrapFix(operand, elements);
      context.report({
        node,
        message: `\`${excerpt(node.text)}\` asserts a ${elements.length}-element tuple, which is always true: this assertion can never fail.`,
        evidence: { tupleLength: String(elements.length), condition: elements[0].text },
        ...(fix ? { fix } : {}),
      });
    },
  }),
);
