import type { RuleDocs } from '../../src/engine/rule.js';

/** One doc for the rule in every language (the id stem `empty-loop-body` is shared). */
export const emptyLoopBodyDocs = (example: string, useInstead: string): RuleDocs => ({
  what: 'A loop whose body is a lone `;` directly after the loop header, such as `for (...);` or `while (...);`.',
  why: 'The stray semicolon ends the loop, so the block below runs once after the loop instead of on every iteration; when the condition has no side effect the loop may also never end.',
  example,
  useInstead,
});
