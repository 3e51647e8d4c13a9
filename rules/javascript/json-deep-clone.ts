import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { callArguments } from '../../src/rule-helpers/javascript/js-expressions.js';
import { shortText } from '../../src/rule-helpers/javascript/js-loops.js';

/** `structuredClone` is a global from Node 17 on. */
const FIRST_NODE_WITH_STRUCTURED_CLONE = 17;

function isJsonCall(call: SyntaxNode | undefined, method: string): call is SyntaxNode {
  if (call?.type !== 'call_expression') return false;
  const callee = call.field('function');
  return callee?.type === 'member_expression' && callee.field('object')?.text === 'JSON' && callee.field('property')?.text === method && !call.children.some((c) => c.type === 'optional_chain') && !callee.children.some((c) => c.type === 'optional_chain');
}

export default defineCodeRule(
  {
    id: 'javascript/json-deep-clone',
    languages: JS_FAMILY,
    severity: 'info',
    category: 'suspicious',
    summary: 'Flag `JSON.parse(JSON.stringify(x))` deep copies when the target Node has `structuredClone`.',
    provenance: 'eslint-plugin-unicorn prefer-structured-clone',
    docs: {
      what: 'A deep copy written as `JSON.parse(JSON.stringify(value))` in code whose target is Node 17 or later, where the built-in `structuredClone(value)` is available. Silent when the target Node version is unknown.',
      why: 'The JSON round trip is a lossy copy: `Date` values come back as strings, `undefined` and function-valued properties vanish, `Map` and `Set` become `{}`, `NaN` and `Infinity` become `null`, `toJSON` methods run, and cycles or `BigInt` values throw. `structuredClone` copies these faithfully (it throws on functions instead of dropping them). It is not faster on Node: the reason to switch is the copy being right, not speed. Because the copies differ for such values, the finding carries no automatic fix.',
      example: 'const draft = JSON.parse(JSON.stringify(order));\ndraft.placedAt.getTime(); // TypeError: placedAt is now a string',
      useInstead: 'const draft = structuredClone(order);\ndraft.placedAt.getTime();',
    },
  },
  (context) => ({
    call_expression(node) {
      const nodeMajor = context.target.node;
      if (nodeMajor === undefined || nodeMajor < FIRST_NODE_WITH_STRUCTURED_CLONE) return;
      if (!isJsonCall(node, 'parse')) return;
      const parseArgs = callArguments(node);
      if (parseArgs.length !== 1) return;
      const stringify = parseArgs[0];
      if (!isJsonCall(stringify, 'stringify')) return;
      // A replacer or indentation makes the round trip a transformation, not a copy.
      const stringifyArgs = callArguments(stringify);
      if (stringifyArgs.length !== 1 || stringifyArgs[0].type === 'spread_element') return;
      const value = stringifyArgs[0];
      context.report({
        node,
        message: `\`${shortText(node)}\` is a lossy deep copy (Dates become strings, \`undefined\` and functions are dropped, Map and Set become \`{}\`); \`structuredClone(${shortText(value, 40)})\` copies them faithfully and exists on the target (Node ${nodeMajor}).`,
        evidence: { value: value.text, targetNode: String(nodeMajor), replacement: `structuredClone(${value.text})` },
      });
    },
  }),
);
