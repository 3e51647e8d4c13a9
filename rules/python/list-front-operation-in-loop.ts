import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import {
  bindingBefore,
  bindingPhrase,
  callArguments,
  enclosingLoop,
  excerpt,
  hasFixedIterationCount,
  knownSequence,
  lineOf,
  LocalNames,
  methodCallOn,
  sizeDependsOnData,
} from '../../src/rule-helpers/python/local-facts.js';

/** `name.pop(0)` or `name.insert(0, x)`: which operation, and the deque method that replaces it. */
function frontOperation(call: SyntaxNode): { method: 'pop' | 'insert'; replacement: string } | undefined {
  const fn = call.field('function');
  if (fn?.type !== 'attribute' || fn.field('object')?.type !== 'identifier') return undefined;
  const method = fn.field('attribute')?.text;
  const args = callArguments(call);
  if (args.some((a) => a.type === 'keyword_argument' || a.type === 'list_splat' || a.type === 'dictionary_splat')) return undefined;
  if (method === 'pop' && args.length === 1 && args[0].text === '0') return { method, replacement: 'popleft()' };
  if (method === 'insert' && args.length === 2 && args[0].text === '0') return { method, replacement: 'appendleft()' };
  return undefined;
}

/**
 * Uses a deque does not support or answers differently, so the advice would not apply as is:
 * slicing, `.sort()`, `lst + other` / `lst * n`, and `lst == [...]` (a deque never equals a list).
 */
function needsListOnlyFeatures(read: SyntaxNode): boolean {
  const parent = read.parent;
  if (parent?.type === 'subscript' && read.fieldName === 'value' && parent.field('subscript')?.type === 'slice') return true;
  if (parent?.type === 'binary_operator' && ['+', '*'].includes(parent.field('operator')?.type ?? '')) return true;
  if (parent?.type === 'comparison_operator' && parent.children.some((c) => !c.isNamed && (c.type === '==' || c.type === '!='))) return true;
  return methodCallOn(read)?.method === 'sort';
}

export default defineCodeRule(
  {
    id: 'python/list-front-operation-in-loop',
    languages: ['python'],
    severity: 'warning',
    category: 'performance',
    summary: 'Flag `list.pop(0)` and `list.insert(0, x)` inside a loop; use `collections.deque`.',
    docs: {
      what: 'A call `items.pop(0)` or `items.insert(0, x)` inside a loop, where `items` is known to be a list in the same function.',
      why:
        'A Python list is an array: removing or inserting at the front moves every other element one slot, so each call is O(n) and a loop that drains or fills the list from the front is O(n²). `collections.deque` adds and removes at both ends in O(1).',
      example: 'queue = [root]\nwhile queue:\n    node = queue.pop(0)\n    queue.extend(node.children)',
      useInstead: 'from collections import deque\n\nqueue = deque([root])\nwhile queue:\n    node = queue.popleft()\n    queue.extend(node.children)',
    },
  },
  (context) => {
    const names = new LocalNames();
    const candidates: SyntaxNode[] = [];
    const reported = new Set<string>();

    function check(call: SyntaxNode) {
      const operation = frontOperation(call)!;
      const list = call.field('function')!.field('object')!;
      const loop = enclosingLoop(call);
      if (!loop || hasFixedIterationCount(loop)) return;
      const known = knownSequence(list, names);
      if (!known || known.kind !== 'list') return;
      if (known.bindings.some((b) => loop.contains(b.node))) return;
      const binding = bindingBefore(known, loop);
      if (!binding) return;
      if (known.scan.occurrences.some((o) => o.role === 'read' && needsListOnlyFeatures(o.node))) return;
      // Popping from a literal that never grows costs a bounded amount; inserting in a loop grows the list itself.
      if (operation.method === 'pop' && !sizeDependsOnData(known)) return;
      // One deque fixes every front operation on this list in this loop: report the first only.
      const key = `${list.text}@${known.scan.scope.startIndex}@${loop.startIndex}`;
      if (reported.has(key)) return;
      reported.add(key);

      const code = excerpt(call.text, 50);
      const moved = operation.method === 'pop' ? 'shifts every remaining element of' : 'shifts every element of';
      context.report({
        node: call,
        message: `O(n²): \`${code}\` ${moved} list \`${list.text}\` (${bindingPhrase(binding)}) on each iteration of the loop at line ${lineOf(loop)}; use a \`collections.deque\` and \`${operation.replacement}\`${operation.method === 'insert' ? ', or append and reverse once after the loop' : ''}.`,
        evidence: {
          complexity: `O(n) per call, O(n²) over the loop at line ${lineOf(loop)}: \`${code}\` shifts list \`${list.text}\``,
          collection: list.text,
          collectionLine: String(lineOf(binding.node)),
          loopLine: String(lineOf(loop)),
          replacement: `deque.${operation.replacement}`,
        },
      });
    }

    return {
      ...names.visitor,
      call(node) {
        if (frontOperation(node)) candidates.push(node);
      },
      'file:exit'() {
        for (const call of candidates) check(call);
      },
    };
  },
);
