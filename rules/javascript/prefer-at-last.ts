import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { knownCollection } from '../../src/rule-helpers/javascript/js-collections.js';
import { numberValue, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';

/** `Array.prototype.at` and `String.prototype.at` are ES2022. */
const FIRST_EDITION_WITH_AT = 2022;

/** Writes through the element cannot become `.at(-1)`, which is a call, not a place. */
function isWriteTarget(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if ((parent.type === 'assignment_expression' || parent.type === 'augmented_assignment_expression') && node.fieldName === 'left') return true;
  if (parent.type === 'update_expression') return true;
  if (parent.type === 'unary_expression' && parent.field('operator')?.type === 'delete') return true;
  if (parent.type === 'for_in_statement' && node.fieldName === 'left') return true;
  return parent.type === 'array_pattern' || parent.type === 'object_pattern' || parent.type === 'pair_pattern' || parent.type === 'rest_pattern' || parent.type === 'assignment_pattern';
}

export default defineCodeRule(
  {
    id: 'javascript/prefer-at-last',
    languages: JS_FAMILY,
    severity: 'info',
    category: 'style',
    summary: 'Suggest `xs.at(-1)` for `xs[xs.length - 1]` when the target is ES2022 or later.',
    fixable: true,
    provenance: 'eslint-plugin-unicorn prefer-at',
    docs: {
      what: 'Reading an element counted from the end as `xs[xs.length - 1]` (or `- k` for a literal k), in JavaScript whose target is ES2022 or later, where `xs` is known to be a local array or string. Silent when the ECMAScript target is unknown, and in TypeScript, where `at` returns `T | undefined` and the change would alter types.',
      why: 'The name is written twice and the arithmetic is easy to get wrong (`xs[xs.length]`, or indexing one array with another\'s length after a copy-paste). `xs.at(-1)` says "the last element" directly and reads the array once. The two forms give the same value, including `undefined` for an empty array.',
      example: 'const parts = path.split("/");\nconst file = parts[parts.length - 1];',
      useInstead: 'const parts = path.split("/");\nconst file = parts.at(-1);',
    },
  },
  (context) => ({
    subscript_expression(node) {
      const edition = context.target.ecmaVersion;
      if (edition === undefined || edition < FIRST_EDITION_WITH_AT) return;
      if (context.language !== 'javascript') return;
      if (node.children.some((c) => c.type === 'optional_chain')) return;
      const object = node.field('object');
      const index = node.field('index');
      // `.at` exists on arrays and strings, not on NodeList, arguments or other array-likes: only a
      // local name whose declaration says which it is qualifies.
      if (object?.type !== 'identifier' || !index || isWriteTarget(node)) return;
      const difference = unparenthesize(index);
      if (difference.type !== 'binary_expression' || difference.field('operator')?.type !== '-') return;
      const length = difference.field('left');
      const offsetNode = difference.field('right');
      const offset = offsetNode ? numberValue(offsetNode) : undefined;
      if (length?.type !== 'member_expression' || length.field('property')?.text !== 'length' || offset === undefined || !Number.isInteger(offset) || offset < 1) return;
      const lengthOf = length.field('object');
      if (lengthOf?.type !== 'identifier' || lengthOf.text !== object.text) return;
      const known = knownCollection(object.text, node);
      if (!known) return;

      const replacement = `${object.text}.at(-${offset})`;
      context.report({
        node,
        message: `\`${node.text}\` reads the ${offset === 1 ? 'last element' : `element ${offset} from the end`} of ${known.kind} \`${object.text}\` (line ${known.line}) by repeating its name; \`${replacement}\` says it directly (ES${edition} target).`,
        evidence: { receiver: object.text, receiverKind: known.kind, knownFrom: known.evidence, ecmaVersion: String(edition) },
        fix: { title: `Use \`${replacement}\``, edits: [{ startOffset: node.startIndex, endOffset: node.endIndex, text: replacement }] },
      });
    },
  }),
);
