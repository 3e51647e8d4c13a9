import type { RuleDocs } from '../../src/engine/rule.js';

/** One doc for the rule in every language (the id stem `constant-condition` is shared). */
export const constantConditionDocs = (example: string, useInstead: string): RuleDocs => ({
  what: 'An `if` (or ternary) whose condition is a literal constant, such as `if (0)`, `if True:` or `if ("false")`.',
  why: 'One branch is dead code. It is usually left over from debugging, and a non-empty string such as `"false"` being truthy is a classic surprise.',
  example,
  useInstead,
});
