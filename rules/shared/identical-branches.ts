import type { RuleDocs } from '../../src/engine/rule.js';

/** One doc for the rule in every language (the id stem `identical-branches` is shared). */
export const identicalBranchesDocs = (example: string, useInstead: string): RuleDocs => ({
  what: 'An `if`/`else` (or conditional expression) whose branches contain the same code.',
  why: 'When both branches do the same thing the condition is pointless, which usually means one branch was copied and never edited: the intended behaviour is missing.',
  example,
  useInstead,
});
