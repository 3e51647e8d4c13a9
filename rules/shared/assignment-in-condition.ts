import type { RuleDocs } from '../../src/engine/rule.js';

/** One doc for the rule in every language (the id stem `assignment-in-condition` is shared). */
export const assignmentInConditionDocs = (example: string, useInstead: string): RuleDocs => ({
  what: 'An assignment with `=` used directly as the condition of an `if`, `while`, `do ... while`, `for` or conditional (`?:`) expression, such as `if (x = 0)`.',
  why: 'A single `=` where `==` was meant overwrites the variable and makes the branch depend on the assigned value instead of a comparison: `if (x = 0)` never runs and zeroes `x` on the way. When the assignment is intended, the convention is an extra pair of parentheses, `while ((m = next()))`, which tells readers and compilers it is deliberate; this rule leaves those alone.',
  example,
  useInstead,
});
