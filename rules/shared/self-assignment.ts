import type { RuleDocs } from '../../src/engine/rule.js';

/** One doc for the rule in every language (the id stem `self-assignment` is shared). */
export const selfAssignmentDocs = (example: string, useInstead: string): RuleDocs => ({
  what: 'An assignment of a variable or member to itself, such as `x = x` or `this.name = this.name`.',
  why: 'It has no effect, so it almost always stands where a different value was meant, typically a parameter with a similar name.',
  example,
  useInstead,
});
