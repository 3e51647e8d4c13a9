import type { RuleDocs } from '../../src/engine/rule.js';

/** One doc for the rule in every language (the id stem `self-comparison` is shared). */
export const selfComparisonDocs = (example: string, useInstead: string): RuleDocs => ({
  what: 'A comparison whose two operands are the same expression, such as `x == x` or `a.b < a.b`.',
  why: 'The result is fixed (always true or always false, except for NaN checks), so the comparison almost always hides a typo: the author meant to compare against a different variable.',
  example,
  useInstead,
});
