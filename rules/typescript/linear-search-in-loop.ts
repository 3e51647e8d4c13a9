import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import arraySearchInLoop from '../javascript/array-search-in-loop.js';
import { findBinding, knownCollection } from '../../src/rule-helpers/javascript/js-collections.js';
import { callArguments, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';
import { enclosingLoop, equalityKey, hasFixedSmallTripCount, mutatesArray, perIterationNames, PREDICATE_SEARCHES, referencesAny, VALUE_SEARCHES, type Loop } from '../../src/rule-helpers/javascript/js-loops.js';
import { snippet, syntacticReports, TYPE_AWARE_LANGUAGES, typeEvidence, typeText } from '../../src/rule-helpers/typescript/ts-rules.js';

/** `xs`, `this.allowed`, `config.ids`: a receiver read without calls or computed keys, so it names one array. */
function plainPath(node: SyntaxNode): SyntaxNode | undefined {
  const bare = unparenthesize(node);
  if (bare.type === 'identifier') return bare;
  if (bare.type === 'member_expression' && bare.field('property')?.type === 'property_identifier' && !bare.children.some((c) => c.type === 'optional_chain')) {
    const object = bare.field('object');
    if (object && (object.type === 'this' || plainPath(object))) return bare;
  }
  return undefined;
}

function rootName(path: SyntaxNode): string {
  let node = path;
  while (node.type === 'member_expression') node = unparenthesize(node.field('object')!);
  return node.text;
}

/** The loop walks another collection: `for...of`/`for...in`, an iteration callback, or a counting `for` not bounded by this array. */
function walksAnotherCollection(loop: Loop, array: string): boolean {
  if (loop.collection) return unparenthesize(loop.collection).text !== array;
  if (loop.node.type !== 'for_statement') return false;
  return !loop.node.fieldAll('condition').some((c) => c.text.includes(array));
}

function suggestion(method: string, key: string | undefined, array: string): string {
  if (method === 'includes' || (method === 'some' && key === '') || key === '') return `build a \`Set\` of \`${array}\` once before the loop`;
  if (method === 'some') return `build a \`Set\` of the \`${key}\` values once before the loop`;
  if (method === 'indexOf' || method === 'lastIndexOf') return 'build a `Map` from value to index once before the loop';
  if (method === 'find' || method === 'findLast') return `build a \`Map\` keyed by \`${key}\` once before the loop`;
  return `build a \`Map\` from \`${key}\` to index once before the loop`;
}

export default defineCodeRule(
  {
    id: 'typescript/linear-search-in-loop',
    languages: TYPE_AWARE_LANGUAGES,
    severity: 'warning',
    category: 'performance',
    summary: 'Flag `includes`/`indexOf`/`find` on an array the types prove, repeated on every iteration of a loop over another collection.',
    docs: {
      what: 'A call `xs.includes(v)`, `xs.indexOf(v)` or `xs.find((x) => x.key === v)` inside a loop (or an `items.map`/`filter`/`forEach` callback) over another collection, where the type engine proves `xs` is an array (not a string, not a tuple), `xs` is neither declared nor changed inside the loop, and the value looked up changes on every iteration. `javascript/array-search-in-loop` reports the arrays it can see built in the same file; this rule covers the ones only their types reveal: parameters (`ids: string[]`), properties (`this.allowed`), results of calls and imports.',
      why: 'Each search walks the array from the start, so n iterations over an array of m elements cost O(n·m) comparisons. A `Set` or `Map` built once answers each lookup in O(1), making the loop O(n + m).',
      example: 'function visible(posts: Post[], blocked: string[]) {\n  return posts.filter((p) => !blocked.includes(p.authorId));\n}',
      useInstead: 'function visible(posts: Post[], blocked: string[]) {\n  const blockedSet = new Set(blocked);\n  return posts.filter((p) => !blockedSet.has(p.authorId));\n}',
    },
  },
  (context) => {
    const syntactic = syntacticReports(context, [arraySearchInLoop]);
    return {
      call_expression(node) {
        const callee = node.field('function');
        if (callee?.type !== 'member_expression') return;
        const method = callee.field('property')?.text ?? '';
        if (!VALUE_SEARCHES.has(method) && !PREDICATE_SEARCHES.has(method)) return;
        const receiver = callee.field('object');
        const array = receiver ? plainPath(receiver) : undefined;
        if (!array || callee.children.some((c) => c.type === 'optional_chain')) return;
        const args = callArguments(node);
        // A second argument (fromIndex, thisArg) makes the call something other than a plain lookup.
        if (args.length !== 1 || args[0].type === 'spread_element') return;

        const loop = enclosingLoop(node);
        if (!loop || hasFixedSmallTripCount(loop) || !walksAnotherCollection(loop, array.text)) return;
        const varying = perIterationNames(loop);
        if (varying.has(rootName(array))) return;
        if (array.type === 'identifier') {
          const binding = findBinding(array.text, node);
          if (binding && loop.node.contains(binding.node)) return;
          if (knownCollection(array.text, node)?.fixedSize) return;
        }
        if (mutatesArray(loop.node, array.text)) return;
        // A member array may change through any call on its owner inside the loop.
        if (array.type === 'member_expression' && [...loop.node.descendants()].some((d) => d.type === 'call_expression' && d !== node && d.field('function')?.text.startsWith(`${rootName(array)}.`))) return;

        let key: string | undefined;
        if (VALUE_SEARCHES.has(method)) {
          if (!referencesAny(args[0], varying)) return;
        } else {
          key = equalityKey(args[0], varying, { throughParentheses: true });
          if (key === undefined) return;
        }
        const types = context.types();
        if (!types || types.isArrayLike(array) !== true) return;
        const type = types.typeOf(array);
        if (!type || type.names.some((n) => /^(readonly )?\[/.test(n))) return; // tuples have a fixed length
        if (syntactic('call_expression', node).length > 0) return;

        const complexity = `O(n·m): \`${snippet(node)}\` scans array \`${array.text}\` on each iteration of ${loop.description}`;
        context.report({
          node,
          message: `${complexity}, and \`${array.text}\` is \`${typeText(type)}\`; ${suggestion(method, key, array.text)}.`,
          evidence: {
            complexity,
            array: array.text,
            ...typeEvidence('arrayType', type),
            loop: `line ${loop.line}`,
            search: method,
            ...(key ? { key } : {}),
          },
        });
      },
    };
  },
);
