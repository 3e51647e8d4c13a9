import type { RuleDocs } from '../../src/engine/rule.js';

/** One doc for the rule in every language (the id stem `bitwise-comparison-precedence` is shared). */
export const bitwiseComparisonPrecedenceDocs = (example: string, useInstead: string): RuleDocs => ({
  what: 'A bitwise operator (`&`, `|`, `^`) mixed with a comparison without parentheses, such as `x & 1 == 0`.',
  why: 'In C, C++ and JavaScript comparisons bind tighter than bitwise operators, so `x & 1 == 0` means `x & (1 == 0)`; in Python the comparison chains with the bitwise result in ways few readers predict. The code tests something other than what it reads as.',
  example,
  useInstead,
});
