import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import { codeChildren, hasSideEffects, numberValue, plainStringValue, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';

/** Literals that spell the same value differently (`1` and `1.0`, `'a'` and `"a"`) share a key. */
function literalKey(node: SyntaxNode): string | undefined {
  const bare = unparenthesize(node);
  const number = numberValue(bare);
  if (number !== undefined) return `number:${number}`;
  const string = plainStringValue(bare);
  if (string !== undefined) return `string:${string}`;
  return undefined;
}

function sameTest(a: SyntaxNode, b: SyntaxNode): boolean {
  const [keyA, keyB] = [literalKey(a), literalKey(b)];
  if (keyA !== undefined || keyB !== undefined) return keyA === keyB;
  return sameSyntax(unparenthesize(a), unparenthesize(b));
}

export default defineCodeRule(
  {
    id: 'javascript/duplicate-case',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'bug',
    summary: 'Flag a `case` whose test repeats an earlier `case` of the same switch.',
    provenance: 'ESLint no-duplicate-case',
    docs: {
      what: 'A `switch` with two `case` clauses testing the same value, such as two `case "open":` labels or `case 1:` and `case 1.0:`.',
      why: '`switch` picks the first matching clause, so the second one can never be reached for that value: its code is dead, and the value the author meant to handle there (usually a different constant) falls to `default` instead.',
      example: 'switch (status) {\n  case "open": return openIcon;\n  case "closed": return closedIcon;\n  case "open": return archivedIcon;\n}',
      useInstead: 'switch (status) {\n  case "open": return openIcon;\n  case "closed": return closedIcon;\n  case "archived": return archivedIcon;\n}',
    },
  },
  (context) => ({
    switch_body(body) {
      const seen: SyntaxNode[] = [];
      for (const clause of codeChildren(body)) {
        if (clause.type !== 'switch_case') continue;
        const test = clause.field('value');
        if (!test) continue;
        // A test with a call or assignment may give a different value each time it is evaluated.
        if (hasSideEffects(test)) continue;
        const earlier = seen.find((s) => sameTest(s, test));
        if (earlier) {
          context.report({
            node: clause,
            message: `\`case ${test.text}:\` repeats the test of the \`case\` at line ${earlier.startRow + 1}, so this clause is never reached for that value.`,
            evidence: { test: test.text, firstCaseLine: String(earlier.startRow + 1) },
          });
        } else {
          seen.push(test);
        }
      }
    },
  }),
);
