import type { RuleDocs } from '../../src/engine/rule.js';

/** One doc for the rule in every language (the id stem `identical-conditions` is shared). */
export const identicalConditionsDocs = (example: string, useInstead: string): RuleDocs => ({
  what: 'An `if`/`else if` (`elif`) chain that tests the same condition twice.',
  why: 'The second test can never be reached with a true condition, because the first one already took that path: the branch is dead code and the case the author meant to handle is not handled.',
  example,
  useInstead,
});
