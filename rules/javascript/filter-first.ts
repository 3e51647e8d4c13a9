import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import type { TextEdit } from '../../src/types.js';
import { callArguments, numberValue, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';
import { shortText } from '../../src/rule-helpers/javascript/js-loops.js';

/** `.length OP n` meaning "has a match", or with `negated` "has none"; keyed by operator and literal, length on the left. */
const LENGTH_TESTS: Record<string, { value: number; negated: boolean }> = {
  '>': { value: 0, negated: false },
  '!==': { value: 0, negated: false },
  '!=': { value: 0, negated: false },
  '>=': { value: 1, negated: false },
  '===': { value: 0, negated: true },
  '==': { value: 0, negated: true },
  '<': { value: 1, negated: true },
  '<=': { value: 0, negated: true },
};

/** The same tests written with the literal on the left: `0 < xs.filter(f).length`. */
const MIRRORED: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '===': '===', '!==': '!==', '==': '==', '!=': '!=' };

/** jQuery's `filter` takes selectors and its `find` searches descendants: `$items.filter(fn)[0]` is not an array call. */
function isJQueryChain(receiver: SyntaxNode): boolean {
  let node = unparenthesize(receiver);
  for (;;) {
    const next = node.type === 'member_expression' || node.type === 'subscript_expression' ? node.field('object') : node.type === 'call_expression' ? node.field('function') : undefined;
    if (!next) break;
    node = unparenthesize(next);
  }
  return node.type === 'identifier' && (node.text.startsWith('$') || node.text === 'jQuery');
}

/** Positions where only the truthiness of the value matters: `if (x)`, `while (x)`, `x ? a : b`, `!x`. */
function inTruthinessPosition(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'parenthesized_expression' && ['if_statement', 'while_statement', 'do_statement'].includes(parent.parent?.type ?? '') && parent.fieldName === 'condition') return true;
  if (parent.type === 'ternary_expression' && node.fieldName === 'condition') return true;
  return parent.type === 'unary_expression' && parent.field('operator')?.type === '!';
}

export default defineCodeRule(
  {
    id: 'javascript/filter-first',
    languages: JS_FAMILY,
    severity: 'info',
    category: 'performance',
    summary: 'Flag `filter(...)[0]` and `filter(...).length > 0`, which build a whole array to read one fact.',
    fixable: true,
    provenance: 'eslint-plugin-unicorn prefer-array-find, prefer-array-some',
    docs: {
      what: '`xs.filter(fn)[0]`, which wants the first match, and `xs.filter(fn).length > 0` (or `!== 0`, `>= 1`, `=== 0`, or `.length` used as a condition), which wants to know whether any element matches.',
      why: '`filter` always calls `fn` on every element and allocates an array holding every match, only for the code to read its first element or its emptiness. `find` and `some` return at the first match and allocate nothing, so a match near the front costs O(1) instead of O(n).',
      example: 'const admin = users.filter((u) => u.role === "admin")[0];\nif (users.filter((u) => u.banned).length > 0) warn();',
      useInstead: 'const admin = users.find((u) => u.role === "admin");\nif (users.some((u) => u.banned)) warn();',
    },
  },
  (context) => ({
    call_expression(call) {
      const callee = call.field('function');
      if (callee?.type !== 'member_expression') return;
      const property = callee.field('property');
      const receiver = callee.field('object');
      if (property?.type !== 'property_identifier' || property.text !== 'filter' || !receiver) return;
      const args = callArguments(call);
      if (args.length < 1 || args.length > 2 || args.some((a) => a.type === 'spread_element')) return;
      // A string argument is a selector (jQuery, Cheerio), not a predicate.
      if (args[0].type === 'string' || args[0].type === 'template_string' || isJQueryChain(receiver)) return;
      const parent = call.parent;
      if (!parent) return;
      const filterText = shortText(call);

      if (parent.type === 'subscript_expression' && call.fieldName === 'object') {
        const index = parent.field('index');
        if (!index || numberValue(index) !== 0) return;
        const outer = parent.parent;
        if (outer && ((outer.type === 'assignment_expression' || outer.type === 'augmented_assignment_expression') && parent.fieldName === 'left')) return;
        if (outer?.type === 'update_expression' || (outer?.type === 'unary_expression' && outer.field('operator')?.type === 'delete')) return;
        const complexity = `O(n): \`${filterText}[0]\` calls the predicate on all n elements and collects every match to read the first`;
        context.report({
          node: parent,
          message: `${complexity}; \`${receiver.text.length <= 30 ? receiver.text : '…'}.find(…)\` stops at the first match.`,
          evidence: { complexity, replacement: 'find' },
          fix: {
            title: 'Use `find` instead of `filter(...)[0]`',
            edits: [
              { startOffset: property.startIndex, endOffset: property.endIndex, text: 'find' },
              { startOffset: call.endIndex, endOffset: parent.endIndex, text: '' },
            ],
          },
        });
        return;
      }

      if (parent.type !== 'member_expression' || call.fieldName !== 'object' || parent.field('property')?.text !== 'length') return;
      const length = parent;
      const rename: TextEdit = { startOffset: property.startIndex, endOffset: property.endIndex, text: 'some' };
      const dropLength: TextEdit = { startOffset: call.endIndex, endOffset: length.endIndex, text: '' };
      const comparison = length.parent;
      let reported: SyntaxNode | undefined;
      let negated = false;
      let edits: TextEdit[] | undefined;

      if (comparison?.type === 'binary_expression') {
        const operator = comparison.field('operator')?.type ?? '';
        const onLeft = length.fieldName === 'left';
        const other = comparison.field(onLeft ? 'right' : 'left');
        const test = LENGTH_TESTS[onLeft ? operator : MIRRORED[operator] ?? ''];
        if (!test || !other || numberValue(other) !== test.value) return;
        negated = test.negated;
        reported = comparison;
        edits = onLeft
          ? [
              ...(negated ? [{ startOffset: comparison.startIndex, endOffset: comparison.startIndex, text: '!' }] : []),
              rename,
              { startOffset: call.endIndex, endOffset: comparison.endIndex, text: '' },
            ]
          : [{ startOffset: comparison.startIndex, endOffset: length.startIndex, text: negated ? '!' : '' }, rename, dropLength];
      } else if (inTruthinessPosition(length)) {
        reported = length;
        edits = [rename, dropLength];
      }
      if (!reported || !edits) return;

      const replacement = `${negated ? '!' : ''}${receiver.text.length <= 30 ? receiver.text : '…'}.some(…)`;
      const complexity = `O(n): \`${shortText(reported)}\` calls the predicate on all n elements and collects every match only to test ${negated ? 'for none' : 'for any'}`;
      context.report({
        node: reported,
        message: `${complexity}; \`${replacement}\` stops at the first match.`,
        evidence: { complexity, replacement: negated ? '!some' : 'some' },
        fix: { title: `Use \`${negated ? '!' : ''}some\` instead of \`filter(...).length\``, edits },
      });
    },
  }),
);
