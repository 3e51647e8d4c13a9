import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import {
  bindingBefore,
  bindingPhrase,
  enclosingLoop,
  excerpt,
  hasFixedIterationCount,
  inLoopBody,
  isInspectingRead,
  knownSequence,
  lineOf,
  LocalNames,
  loopWord,
  sizeDependsOnData,
  type KnownSequence,
} from '../../src/rule-helpers/python/local-facts.js';

/** Elements that cannot go into a set: the advice would not apply. */
const UNHASHABLE_ELEMENTS = new Set(['dictionary', 'list', 'set', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension']);
const UNHASHABLE_TYPE = /^(dict|Dict|list|List|set|Set|typing\.(Dict|List|Set)|bytearray)\b/;

function mayHoldUnhashables(known: KnownSequence): boolean {
  return known.bindings.some(
    (b) => b.elements.some((e) => UNHASHABLE_ELEMENTS.has(e.type)) || b.elementTypes.some((t) => UNHASHABLE_TYPE.test(t.text)),
  );
}

export default defineCodeRule(
  {
    id: 'python/list-membership-in-loop',
    languages: ['python'],
    severity: 'warning',
    category: 'performance',
    summary: 'Flag `x in some_list` inside a loop, which scans the whole list on every iteration.',
    docs: {
      what:
        'A membership test `x in items` or `x not in items` inside a `for`/`while` loop or a comprehension, where `items` is a list or tuple built before the loop from data (a comprehension, `list(...)`, an annotated parameter, or a list that is appended to) and not changed inside the loop.',
      why:
        'A list or tuple answers `in` by comparing against every element, so a loop of n iterations over a collection of m elements costs O(n·m). A set answers the same question by hashing in O(1) on average, so building `set(items)` once before the loop makes the whole loop O(n + m). Lists of literal constants and collections modified inside the loop are not flagged.',
      example: 'allowed = [row.id for row in rows]\nfor event in events:\n    if event.user_id in allowed:\n        handle(event)',
      useInstead: 'allowed = {row.id for row in rows}\nfor event in events:\n    if event.user_id in allowed:\n        handle(event)\n# the elements must be hashable; keep the list too if its order matters elsewhere',
    },
  },
  (context) => {
    const names = new LocalNames();
    const candidates: SyntaxNode[] = [];
    const reported = new Set<string>();

    function check(comparison: SyntaxNode) {
      const operands = comparison.namedChildren.filter((c) => c.type !== 'comment');
      const operator = comparison.children.find((c) => !c.isNamed)?.type;
      const collection = operands[1];
      const loop = enclosingLoop(comparison);
      if (!loop || hasFixedIterationCount(loop)) return;
      const known = knownSequence(collection, names);
      if (!known || (known.kind !== 'list' && known.kind !== 'tuple')) return;
      // Built or rebuilt inside the loop: a set would have to be rebuilt just as often.
      if (known.bindings.some((b) => loop.contains(b.node)) || known.augments.some((a) => loop.contains(a.node))) return;
      const binding = bindingBefore(known, loop);
      if (!binding) return;
      for (const o of known.scan.occurrences) {
        // `alias = items` or a nested function using `items` can change the list where this scan cannot see it.
        if (o.role === 'captured') return;
        if (o.role === 'read' && o.node.parent?.type === 'assignment' && o.node.fieldName === 'right') return;
        if (inLoopBody(loop, o.node) && !isInspectingRead(o.node)) return;
      }
      // A literal list that never grows is a constant-cost scan, not O(m).
      if (!sizeDependsOnData(known) || mayHoldUnhashables(known)) return;
      // One set answers every test of this list in this loop: report the first only.
      const key = `${collection.text}@${known.scan.scope.startIndex}@${loop.startIndex}`;
      if (reported.has(key)) return;
      reported.add(key);

      const test = `${excerpt(operands[0].text, 40)} ${operator} ${collection.text}`;
      const where = `the ${loopWord(loop)} at line ${lineOf(loop)}`;
      const complexity = `O(n·m): \`${test}\` scans ${known.kind} \`${collection.text}\` on each iteration of ${where}`;
      context.report({
        node: comparison,
        message: `O(n·m): \`${test}\` scans ${known.kind} \`${collection.text}\` (${bindingPhrase(binding)}) on each iteration of ${where}; build a set once before the ${loopWord(loop)}.`,
        evidence: {
          complexity,
          collection: collection.text,
          collectionType: known.kind,
          collectionLine: String(lineOf(binding.node)),
          loopLine: String(lineOf(loop)),
        },
      });
    }

    return {
      ...names.visitor,
      comparison_operator(node) {
        const operands = node.namedChildren.filter((c) => c.type !== 'comment');
        const operators = node.children.filter((c) => !c.isNamed);
        if (operands.length !== 2 || operators.length !== 1) return;
        if (operators[0].type !== 'in' && operators[0].type !== 'not in') return;
        if (operands[1].type !== 'identifier') return;
        // A composite key like `(sql, params)` is hashable only if every part is; a set could raise TypeError.
        if (['tuple', 'list', 'dictionary', 'set'].includes(operands[0].type)) return;
        candidates.push(node);
      },
      // Module-level names can be rebound by `global` statements anywhere, so resolve after the walk.
      'file:exit'() {
        for (const node of candidates) check(node);
      },
    };
  },
);
