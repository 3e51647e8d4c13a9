import type { RuleDocs } from '../../src/engine/rule.js';

/** One doc for the rule in every language (the id stem `unused-variable` is shared). */
export const unusedVariableDocs = (what: string, example: string, useInstead: string): RuleDocs => ({
  what,
  why: 'A value that is computed and stored but never read is either dead code that readers must still understand, or the sign of a bug: the code meant to use it (a typo reads another name, a return statement forgot it, a refactor dropped the use).',
  example,
  useInstead,
});
