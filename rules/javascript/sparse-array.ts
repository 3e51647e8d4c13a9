import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import { COMMENT_TYPES } from '../../src/rule-helpers/javascript/js-expressions.js';

export default defineCodeRule(
  {
    id: 'javascript/sparse-array',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'suspicious',
    summary: 'Flag array literals with holes, such as `[1, , 2]` or `[,]`.',
    provenance: 'ESLint no-sparse-arrays',
    docs: {
      what: 'An array literal with an empty slot between two commas (or right after `[`), such as `[1, , 2]` or `[,]`. A single trailing comma (`[1, 2,]`) is not a hole and is not flagged.',
      why: 'A hole is usually a doubled comma typed by mistake. It is not `undefined` but a missing element: `length` counts it, `map`, `forEach` and `filter` skip it, `for...of` and spreading turn it into `undefined`, so the same array behaves differently depending on how it is read.',
      example: 'const weekdays = ["mon", "tue", , "thu", "fri"];',
      useInstead: 'const weekdays = ["mon", "tue", "wed", "thu", "fri"];\n// or, if the gap is meant: ["mon", "tue", undefined, "thu", "fri"]',
    },
  },
  (context) => ({
    array(node) {
      // A hole is a `,` that directly follows `[` or another `,`.
      let holes = 0;
      let previous: string | undefined;
      for (const child of node.children) {
        if (COMMENT_TYPES.has(child.type)) continue;
        if (child.type === ',' && (previous === '[' || previous === ',')) holes++;
        previous = child.type;
      }
      if (holes === 0) return;
      const shown = node.text.length <= 60 && !node.text.includes('\n') ? `\`${node.text}\`` : 'This array literal';
      context.report({
        node,
        message: `${shown} has ${holes === 1 ? 'an empty slot' : `${holes} empty slots`} between commas, which \`length\` counts but \`map\`, \`forEach\` and \`filter\` skip.`,
        evidence: { holes: String(holes) },
      });
    },
  }),
);
