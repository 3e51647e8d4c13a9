import type { RuleDocs } from '../../src/engine/rule.js';

/** One doc for the rule in every language (the id stem `duplicate-keys` is shared). */
export const duplicateKeysDocs = (example: string, useInstead: string): RuleDocs => ({
  what:
    'A dict or object literal that defines the same key twice. Keys are compared by value where they are literals, so ' +
    '`"a"` and `\'a\'` are the same key, and so are `1` and `"1"` in JavaScript or `1`, `1.0` and `True` in Python. ' +
    'A JavaScript getter and setter pair for one name is not a duplicate.',
  why:
    'The literal is built left to right and the later entry silently replaces the earlier one, so the first value is ' +
    'thrown away. That is almost always a copy-paste slip or a merge mistake: one of the two entries was meant to ' +
    'use a different key, and the data it carries is lost without any error.',
  example,
  useInstead,
});
