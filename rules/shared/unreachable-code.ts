import type { RuleDocs } from '../../src/engine/rule.js';

/** One doc for the rule in every language (the id stem `unreachable-code` is shared). */
export const unreachableCodeDocs = (example: string, useInstead: string): RuleDocs => ({
  what:
    'A statement that follows a `return`, `raise`/`throw`, `break` or `continue` in the same block, so control can ' +
    'never reach it, or that follows an `if`/`else` whose every branch ends in such a jump. Only the first such ' +
    'statement of a block is reported. Code after an `if` without an `else` is still reachable and is not reported; ' +
    'hoisted JavaScript `function` declarations, `var` declarations without initialisers and TypeScript type-only ' +
    'declarations are skipped, as are a lone defensive `break` after a `return`/`throw` in a `switch` case and the ' +
    'Python `return` (or `raise`) then `yield` idiom that makes an empty generator.',
  why:
    'Dead code never runs, yet readers assume it does: a cleanup, a log line or an assignment after an early exit is ' +
    'usually a sign that the exit was added in the wrong place (or a debugging `return` was left behind), and the ' +
    'behaviour the author wanted is silently missing.',
  example,
  useInstead,
});
