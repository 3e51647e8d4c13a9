import type { SyntaxNode } from '../../parse/syntax-node.js';
import { callArguments, codeChildren, unparenthesize } from './js-expressions.js';

/**
 * `reduce` callbacks that copy their accumulator on every step: what the syntactic rule
 * (`javascript/reduce-spread-accumulator`) and the type-aware one (`typescript/accumulator-spread-in-reduce`)
 * both recognise.
 */

export interface AccumulatorCopy {
  /** The returned expression that copies the accumulator. */
  value: SyntaxNode;
  /** How a message shows the copy: `{ ...acc, … }`. */
  shown: string;
  kind: 'object' | 'array';
}

/**
 * `xs.reduce(callback, initial)` or `reduceRight`: the method, the receiver and the first argument;
 * undefined for other calls, and for a literal list of a few values (`[a, b].reduce(...)`), which
 * merges a constant number of them.
 */
export function reduceCall(call: SyntaxNode): { method: string; receiver: SyntaxNode | undefined; callback: SyntaxNode | undefined } | undefined {
  const callee = call.field('function');
  if (callee?.type !== 'member_expression') return undefined;
  const method = callee.field('property')?.text;
  if (method !== 'reduce' && method !== 'reduceRight') return undefined;
  const receiver = callee.field('object');
  const bareReceiver = receiver && unparenthesize(receiver);
  if (bareReceiver?.type === 'array' && !codeChildren(bareReceiver).some((e) => e.type === 'spread_element')) return undefined;
  return { method, receiver, callback: callArguments(call)[0] };
}

/** `{ ...acc, k: v }`, `[...acc, x]` or `Object.assign({}, acc, …)`: a fresh copy of the whole accumulator. */
export function spreadCopyOfAccumulator(value: SyntaxNode, accumulator: string): AccumulatorCopy | undefined {
  const spreads = (literal: SyntaxNode) => codeChildren(literal).some((e) => e.type === 'spread_element' && unparenthesize(codeChildren(e)[0] ?? e).text === accumulator);
  if (value.type === 'object' && spreads(value)) return { value, shown: `{ ...${accumulator}, … }`, kind: 'object' };
  if (value.type === 'array' && spreads(value)) return { value, shown: `[...${accumulator}, …]`, kind: 'array' };
  if (value.type === 'call_expression' && value.field('function')?.text === 'Object.assign') {
    const [target, ...sources] = callArguments(value);
    const fresh = target && unparenthesize(target).type === 'object' && codeChildren(unparenthesize(target)).length === 0;
    if (fresh && sources.some((s) => unparenthesize(s).text === accumulator)) return { value, shown: `Object.assign({}, ${accumulator}, …)`, kind: 'object' };
  }
  return undefined;
}

/** What to write instead of copying an accumulator of this kind. */
export function accumulatorAdvice(kind: AccumulatorCopy['kind'], accumulator: string): string {
  return kind === 'object'
    ? `assign into \`${accumulator}\` and return it, or build the object once with \`Object.fromEntries\``
    : `push onto \`${accumulator}\` and return it, or use \`map\`/\`filter\`/\`flatMap\``;
}
