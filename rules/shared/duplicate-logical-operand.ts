import type { RuleDocs } from '../../src/engine/rule.js';

/** One doc for the rule in every language (the id stem `duplicate-logical-operand` is shared). */
export const duplicateLogicalOperandDocs = (example: string, useInstead: string): RuleDocs => ({
  what: 'The same operand on both sides of a logical operator (`&&`/`||`, `and`/`or`), such as `a > 0 && a > 0`.',
  why: 'Repeating an operand changes nothing, so one side was almost certainly meant to test something else: a copy-paste slip that leaves a case unchecked.',
  example,
  useInstead,
});
