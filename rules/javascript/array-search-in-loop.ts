import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { knownCollection } from '../../src/rule-helpers/javascript/js-collections.js';
import { callArguments, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';
import {
  enclosingLoop,
  equalityKey,
  hasFixedSmallTripCount,
  mutatesArray,
  perIterationNames,
  PREDICATE_SEARCHES,
  references,
  referencesAny,
  shortText,
  VALUE_SEARCHES,
  type Loop,
} from '../../src/rule-helpers/javascript/js-loops.js';

/** `xs.indexOf(x) !== -1`, `>= 0`, `< 0`, `~xs.indexOf(x)`: the position is only tested for presence. */
function isPresenceTest(call: SyntaxNode): boolean {
  let node = call;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  if (parent?.type === 'unary_expression') return parent.field('operator')?.type === '~';
  if (parent?.type !== 'binary_expression') return false;
  const onLeft = node.fieldName === 'left';
  const other = parent.field(onLeft ? 'right' : 'left');
  const bare = other ? unparenthesize(other) : undefined;
  const minusOne = bare?.type === 'unary_expression' && bare.field('operator')?.type === '-' && bare.field('argument')?.text === '1';
  const zero = bare?.type === 'number' && bare.text === '0';
  const written = parent.field('operator')?.type ?? '';
  // Read as `indexOf(...) OP literal` whichever side the call is on.
  const operator = onLeft ? written : ({ '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as Record<string, string>)[written] ?? written;
  return (minusOne && ['===', '!==', '==', '!=', '>', '<='].includes(operator)) || (zero && ['>=', '<'].includes(operator));
}

function suggestion(method: string, key: string | undefined, array: string, presenceOnly: boolean): string {
  if (method === 'includes' || presenceOnly || (method === 'some' && key === '')) return `build a Set of \`${array}\` once before the loop`;
  if (method === 'some') return `build a Set of the \`${key}\` values once before the loop`;
  if (method === 'indexOf' || method === 'lastIndexOf') return 'build a Map from value to index once before the loop';
  if (key === '') return `build a Set of \`${array}\` once before the loop`;
  if (method === 'find' || method === 'findLast') return `build a Map keyed by \`${key}\` once before the loop`;
  return `build a Map from \`${key}\` to index once before the loop`;
}

/** The loop's own collection, or a header that mentions the array: searching it is positional logic, not a lookup. */
function iteratesSameArray(loop: Loop, array: string): boolean {
  if (loop.collection && unparenthesize(loop.collection).text === array) return true;
  if (loop.node.type === 'for_statement' || loop.node.type === 'while_statement' || loop.node.type === 'do_statement') {
    return loop.node.fieldAll('condition').some((c) => references(c, array));
  }
  return false;
}

export default defineCodeRule(
  {
    id: 'javascript/array-search-in-loop',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'performance',
    summary: 'Flag linear array searches (includes, indexOf, find, some) repeated on every iteration of a loop.',
    docs: {
      what: 'A call such as `ids.includes(x)`, `ids.indexOf(x)` or `users.find(u => u.id === key)` inside a loop (or an `items.map`/`filter`/`forEach` callback) where the searched array is built outside the loop, is not changed inside it, and the value looked up changes on every iteration.',
      why: 'Each search walks the array from the start, so a loop of n iterations over an array of m elements costs O(n·m) comparisons. A Set or Map built once answers each lookup in O(1), making the whole loop O(n + m). The difference is invisible in tests with ten elements and dominant with ten thousand.',
      example: 'const blocked = users.filter((u) => u.blocked).map((u) => u.id);\nconst visible = posts.filter((p) => !blocked.includes(p.authorId));\n\nfor (const order of orders) {\n  const user = users.find((u) => u.id === order.userId);\n}',
      useInstead: 'const blocked = new Set(users.filter((u) => u.blocked).map((u) => u.id));\nconst visible = posts.filter((p) => !blocked.has(p.authorId));\n\nconst usersById = new Map(users.map((u) => [u.id, u]));\nfor (const order of orders) {\n  const user = usersById.get(order.userId);\n}',
    },
  },
  (context) => ({
    call_expression(node) {
      const callee = node.field('function');
      if (callee?.type !== 'member_expression') return;
      const array = callee.field('object');
      const method = callee.field('property')?.text ?? '';
      if (array?.type !== 'identifier' || !(VALUE_SEARCHES.has(method) || PREDICATE_SEARCHES.has(method))) return;
      const args = callArguments(node);
      // A second argument (fromIndex, thisArg) makes the call something other than a plain lookup.
      if (args.length !== 1 || args[0].type === 'spread_element') return;

      const loop = enclosingLoop(node);
      if (!loop || hasFixedSmallTripCount(loop) || iteratesSameArray(loop, array.text)) return;
      const known = knownCollection(array.text, node);
      if (!known || known.kind !== 'array' || known.fixedSize) return;
      // Declared inside the loop: it is rebuilt per iteration, so a Set built "once" does not exist.
      if (loop.node.contains(known.binding.node)) return;
      if (mutatesArray(loop.node, array.text)) return;

      const varying = perIterationNames(loop);
      let key: string | undefined;
      if (VALUE_SEARCHES.has(method)) {
        if (!referencesAny(args[0], varying)) return;
      } else {
        key = equalityKey(args[0], varying, { throughParentheses: false });
        if (key === undefined) return;
      }

      const call = shortText(node);
      const complexity = `O(n·m): \`${call}\` scans array \`${array.text}\` (line ${known.line}) on each iteration of ${loop.description}`;
      context.report({
        node,
        message: `${complexity}; ${suggestion(method, key, array.text, VALUE_SEARCHES.has(method) && isPresenceTest(node))}.`,
        evidence: {
          complexity,
          array: array.text,
          arrayDeclaredAt: `line ${known.line}`,
          arrayKnownFrom: known.evidence,
          loop: `line ${loop.line}`,
          search: method,
          ...(key ? { key } : {}),
        },
      });
    },
  }),
);
