import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import type { SemanticModel } from '../../src/analysis/index.js';
import { arrayBinding } from '../../src/rule-helpers/javascript/js-arrays.js';
import { callArguments, calledMethodName, code, codeChildren, isNumericLiteral, numberValue, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';

interface NumberArray {
  /** The literal's numbers when the array is written out, so the message can show the wrong order. */
  values?: number[];
  evidence: string;
}

function literalNumbers(array: SyntaxNode): number[] | undefined {
  const elements = codeChildren(array);
  if (elements.length < 2 || !elements.every((e) => isNumericLiteral(e))) return undefined;
  return elements.map((e) => {
    const bare = unparenthesize(e);
    if (bare.type === 'number') return numberValue(bare)!;
    const magnitude = numberValue(bare.field('argument')!)!;
    return bare.field('operator')?.type === '-' ? -magnitude : magnitude;
  });
}

/** `[10, 9, 1]`, a local known to hold numbers, `[...nums]` or `nums.slice()` of one. */
function numberArray(receiver: SyntaxNode, model: SemanticModel | undefined): NumberArray | undefined {
  const bare = unparenthesize(receiver);
  if (bare.type === 'array') {
    const values = literalNumbers(bare);
    if (values) return { values, evidence: 'an array literal of numbers' };
    const elements = codeChildren(bare);
    if (elements.length === 1 && elements[0].type === 'spread_element') {
      const inner = codeChildren(elements[0])[0];
      return inner ? numberArray(inner, model) : undefined;
    }
    return undefined;
  }
  if (bare.type === 'identifier') {
    const binding = arrayBinding(bare, model);
    if (!binding?.numbers) return undefined;
    return { evidence: `\`${bare.text}\` is declared with ${binding.evidence} at line ${binding.declaration.startRow + 1}` };
  }
  if (bare.type === 'call_expression' && calledMethodName(bare) === 'slice' && callArguments(bare).length === 0) {
    const object = bare.field('function')?.field('object');
    return object ? numberArray(object, model) : undefined;
  }
  return undefined;
}

export default defineCodeRule(
  {
    id: 'javascript/numeric-sort-without-comparator',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'bug',
    summary: 'Flag `.sort()` / `.toSorted()` without a comparator on an array of numbers: it sorts them as strings.',
    fixable: true,
    provenance: 'SonarJS S2871 (no-alphabetical-sort)',
    docs: {
      what: 'A call of `sort()` or `toSorted()` with no comparator on an array known to hold numbers: an array literal of numbers, a local variable initialised with one, or a value typed `number[]` / `Array<number>`.',
      why: 'Without a comparator, `sort` converts every element to a string and orders them character by character, so `[10, 9, 1].sort()` gives `[1, 10, 9]` and `-1` sorts after `-10`. The result looks right on small test data with one-digit numbers and breaks on real data.',
      example: 'const latencies = [120, 95, 1000, 8];\nlatencies.sort(); // [1000, 120, 8, 95]',
      useInstead: 'const latencies = [120, 95, 1000, 8];\nlatencies.sort((a, b) => a - b); // [8, 95, 120, 1000]',
    },
  },
  (context) => ({
    call_expression(call) {
      const method = calledMethodName(call);
      if (method !== 'sort' && method !== 'toSorted') return;
      const args = call.field('arguments');
      if (!args || args.type !== 'arguments' || callArguments(call).length > 0) return;
      // Comments inside the parentheses would be lost by the rewrite; leave those alone.
      if (args.children.length !== 2) return;
      const receiver = call.field('function')?.field('object');
      const known = receiver ? numberArray(receiver, context.semantic()) : undefined;
      if (!receiver || !known) return;
      const evidence: Record<string, string> = { method, receiver: receiver.text, arrayEvidence: known.evidence };
      let message: string;
      if (known.values) {
        const asStrings = [...known.values].sort();
        const numeric = [...known.values].sort((a, b) => a - b);
        // One-digit non-negative numbers happen to sort the same either way; that is not yet a bug.
        if (asStrings.every((v, i) => v === numeric[i])) return;
        evidence.result = `[${asStrings.join(', ')}]`;
        message = `${code(call.text)} sorts the numbers as strings and gives \`[${asStrings.join(', ')}]\`, not \`[${numeric.join(', ')}]\`.`;
      } else {
        message = `${code(call.text)} sorts numbers as strings (${known.evidence}), so \`10\` comes before \`9\`.`;
      }
      context.report({
        node: call,
        message,
        evidence,
        fix: { title: 'Sort numerically with `(a, b) => a - b`', edits: [{ startOffset: args.startIndex, endOffset: args.endIndex, text: '((a, b) => a - b)' }] },
      });
    },
  }),
);
