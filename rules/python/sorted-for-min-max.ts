import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { callArguments, excerpt, LocalNames } from '../../src/rule-helpers/python/local-facts.js';

interface Candidate {
  subscript: SyntaxNode;
  collection: SyntaxNode;
  key?: SyntaxNode;
  /** `[0]` reads the first element of the sorted list, `[-1]` the last. */
  first: boolean;
  reverse: boolean;
}

function match(subscript: SyntaxNode): Candidate | undefined {
  const call = subscript.field('value');
  if (call?.type !== 'call' || call.field('function')?.type !== 'identifier' || call.field('function')?.text !== 'sorted') return undefined;
  const indexes = subscript.fieldAll('subscript');
  if (indexes.length !== 1) return undefined;
  const index = indexes[0];
  const first = index.type === 'integer' && index.text === '0';
  const last = index.type === 'unary_operator' && index.field('operator')?.type === '-' && index.field('argument')?.text === '1';
  if (!first && !last) return undefined;

  const args = callArguments(call);
  const positional = args.filter((a) => a.type !== 'keyword_argument');
  if (positional.length !== 1 || positional[0].type === 'list_splat' || positional[0].type === 'dictionary_splat') return undefined;
  let key: SyntaxNode | undefined;
  let reverse = false;
  for (const keyword of args.filter((a) => a.type === 'keyword_argument')) {
    const name = keyword.field('name')?.text;
    const value = keyword.field('value');
    if (!value) return undefined;
    if (name === 'key') key = value.type === 'none' ? undefined : value;
    else if (name === 'reverse' && (value.type === 'true' || value.type === 'false')) reverse = value.type === 'true';
    // A computed `reverse=` leaves the direction unknown.
    else return undefined;
  }
  return { subscript, collection: positional[0], key, first, reverse };
}

const CATCHES_INDEX_ERROR = /^(IndexError|LookupError|Exception|BaseException)$/;

/** Inside `try` with a handler that would catch `sorted(...)[0]`'s IndexError: `min` raises ValueError instead. */
function reliesOnIndexError(node: SyntaxNode): boolean {
  let child = node;
  for (const ancestor of node.ancestors()) {
    if (ancestor.type === 'function_definition' || ancestor.type === 'lambda' || ancestor.type === 'class_definition') return false;
    if (ancestor.type === 'try_statement' && child.fieldName === 'body') {
      for (const handler of ancestor.children.filter((c) => c.type === 'except_clause')) {
        const caught = handler.field('value') ?? handler.namedChildren.find((c) => c.type !== 'block' && c.type !== 'comment');
        if (!caught) return true;
        const types = caught.type === 'as_pattern' ? caught.namedChildren[0] : caught;
        const names = types?.type === 'tuple' || types?.type === 'parenthesized_expression' ? types.namedChildren : [types];
        if (names.some((n) => n && CATCHES_INDEX_ERROR.test(n.text.replace(/^builtins\./, '')))) return true;
      }
    }
    child = ancestor;
  }
  return false;
}

export default defineCodeRule(
  {
    id: 'python/sorted-for-min-max',
    languages: ['python'],
    severity: 'warning',
    category: 'performance',
    summary: 'Flag `sorted(x)[0]` and `sorted(x)[-1]`; use `min(x)` or `max(x)`.',
    fixable: true,
    provenance: 'Ruff FURB192 (sorted-min-max)',
    docs: {
      what: 'Indexing the result of `sorted(...)` with `[0]` or `[-1]` to get the smallest or largest element, with or without `key=` and `reverse=`.',
      why:
        'Sorting costs O(n log n) time and a full copy of the data, only to read one element that `min` or `max` finds in a single O(n) pass without copying. `sorted(x, reverse=True)[0]` is the maximum. The fix is offered for `[0]`, which picks the same element as `min`/`max` even on ties (both keep the first of equal elements); `sorted(x)[-1]` returns the last of tied elements while `max(x)` returns the first, so that case is reported without a fix. On empty input `min`/`max` raise ValueError instead of IndexError, so the fix is also withheld inside `try` blocks that catch IndexError.',
      example: 'cheapest = sorted(offers, key=lambda o: o.price)[0]\nnewest = sorted(timestamps)[-1]',
      useInstead: 'cheapest = min(offers, key=lambda o: o.price)\nnewest = max(timestamps)',
    },
  },
  (context) => {
    const names = new LocalNames();
    const candidates: Candidate[] = [];

    function check(candidate: Candidate) {
      const { subscript, collection, key, first, reverse } = candidate;
      // `sorted(x)[0]` is the minimum and `sorted(x, reverse=True)[0]` the maximum.
      const picksMinimum = first !== reverse;
      const replacementName = picksMinimum ? 'min' : 'max';
      if (!names.isBuiltin('sorted', subscript) || !names.isBuiltin(replacementName, subscript)) return;
      const replacement = `${replacementName}(${collection.text}${key ? `, key=${key.text}` : ''})`;
      const code = excerpt(subscript.text, 60);
      const extreme = `${picksMinimum ? 'smallest' : 'largest'} element${key ? ` by \`key=${excerpt(key.text, 30)}\`` : ''}`;
      const tieNote = first ? '' : ` (on ties it returns the first such element where \`[-1]\` returns the last)`;
      const hasComments = [...subscript.descendants()].some((d) => d.type === 'comment');
      const fixable = first && !hasComments && !reliesOnIndexError(subscript);
      context.report({
        node: subscript,
        message: `O(n log n): \`${code}\` sorts all of \`${excerpt(collection.text, 40)}\` to read its ${extreme}; \`${excerpt(replacement, 60)}\` finds it in O(n)${tieNote}.`,
        evidence: {
          complexity: `O(n log n) sort of \`${excerpt(collection.text, 40)}\` where an O(n) scan suffices`,
          collection: collection.text,
          replacement,
        },
        fix: fixable
          ? { title: `Replace with \`${excerpt(replacement, 60)}\``, edits: [{ startOffset: subscript.startIndex, endOffset: subscript.endIndex, text: replacement }] }
          : undefined,
      });
    }

    return {
      ...names.visitor,
      subscript(node) {
        const candidate = match(node);
        if (candidate) candidates.push(candidate);
      },
      'file:exit'() {
        for (const candidate of candidates) check(candidate);
      },
    };
  },
);
