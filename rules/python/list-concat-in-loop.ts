import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import {
  bindingBefore,
  bindingPhrase,
  enclosingLoop,
  excerpt,
  hasFixedIterationCount,
  isInspectingRead,
  knownSequence,
  lineOf,
  LocalNames,
  loopRegion,
  unwrapParens,
  valueKind,
  type KnownSequence,
  type Occurrence,
  type TypedBinding,
} from '../../src/rule-helpers/python/local-facts.js';

/** `lst = lst + other`: the right side is `+` with the target itself on the left. */
function selfConcat(assignment: SyntaxNode): { target: SyntaxNode; added: SyntaxNode } | undefined {
  const target = assignment.field('left');
  const value = assignment.field('right');
  if (target?.type !== 'identifier' || value?.type !== 'binary_operator' || value.field('operator')?.type !== '+') return undefined;
  const left = value.field('left');
  const added = value.field('right');
  if (left?.type !== 'identifier' || left.text !== target.text || !added) return undefined;
  // `a = b = a + x` aliases the result under two names.
  if (assignment.parent?.type !== 'expression_statement') return undefined;
  return { target, added };
}

const isSelfConcatOccurrence = (o: Occurrence) => o.role === 'assign' && !!o.node.parent && !!selfConcat(o.node.parent);

/** True when `added` is certainly a list, so `lst + added` is list concatenation (not, say, numpy broadcasting). */
function isList(added: SyntaxNode, names: LocalNames): boolean {
  const value = unwrapParens(added);
  if (!value) return false;
  if (value.type === 'identifier') return knownSequence(value, names)?.kind === 'list';
  return valueKind(value, names)?.kind === 'list';
}

/**
 * `lst.append(x)` mutates the list where `lst = lst + [x]` made a new one. That is only the same
 * when nobody else can hold the old list: it was created fresh in this function and, from its
 * creation to the end of the loop, the name is only inspected (`len(lst)`, `x in lst`, `lst[i]`).
 */
function mutationIsInvisible(known: KnownSequence, creation: TypedBinding, region: SyntaxNode): boolean {
  // A display, comprehension, `list(...)` or `sorted(...)` always makes a new list; an annotated value may not.
  if (creation.how !== 'assigned') return false;
  // A nested function may keep or hand out the list whenever it runs.
  if (known.scan.occurrences.some((o) => o.role === 'captured')) return false;
  for (const o of known.scan.occurrences) {
    if (o.node.startIndex < creation.node.endIndex || o.node.startIndex >= region.endIndex) continue;
    const statement = o.node.parent;
    if (o.role === 'assign' && statement && selfConcat(statement)) continue;
    if (o.role === 'read' && statement?.type === 'binary_operator' && statement.parent && selfConcat(statement.parent)?.target.text === o.node.text && o.node.fieldName === 'left') continue;
    // Iterating the list while it grows in place would see the new elements; the copy did not.
    if (o.role === 'read' && isInspectingRead(o.node) && !(o.node.fieldName === 'right' && o.node.parent?.type.startsWith('for'))) continue;
    return false;
  }
  return true;
}

function fixFor(statement: SyntaxNode, target: SyntaxNode, added: SyntaxNode): { title: string; text: string } | undefined {
  const value = unwrapParens(added)!;
  if ([...statement.descendants()].some((d) => d.type === 'comment')) return undefined;
  if (value.type === 'list') {
    const elements = value.namedChildren;
    if (elements.length === 1 && elements[0].type !== 'list_splat') {
      return { title: `Append in place with \`${target.text}.append(...)\``, text: `${target.text}.append(${elements[0].text})` };
    }
    if (elements.length === 0) return undefined;
  }
  if (value.type === 'identifier' && value.text === target.text) return undefined;
  return { title: `Extend in place with \`${target.text}.extend(...)\``, text: `${target.text}.extend(${added.text})` };
}

export default defineCodeRule(
  {
    id: 'python/list-concat-in-loop',
    languages: ['python'],
    severity: 'warning',
    category: 'performance',
    summary: 'Flag `lst = lst + [x]` inside a loop, which copies the whole list on every iteration.',
    fixable: true,
    docs: {
      what: 'An assignment `items = items + [x]` or `items = items + other` inside a loop, where `items` and the added value are known to be lists.',
      why:
        '`items + other` builds a brand-new list and copies every element of `items` into it, so growing a list this way over n iterations copies O(n²) elements. `items.append(x)` and `items.extend(other)` add to the existing list in amortised O(1) per element. The fix is offered only when the list was created in the same function and nothing else can see the old list while the loop runs (appending mutates the list object, concatenation did not).',
      example: 'selected = []\nfor row in rows:\n    if row.active:\n        selected = selected + [row]',
      useInstead: 'selected = []\nfor row in rows:\n    if row.active:\n        selected.append(row)',
    },
  },
  (context) => {
    const names = new LocalNames();
    const candidates: SyntaxNode[] = [];

    function check(assignment: SyntaxNode) {
      const { target, added } = selfConcat(assignment)!;
      const loop = enclosingLoop(assignment);
      if (!loop || hasFixedIterationCount(loop)) return;
      const known = knownSequence(target, names, isSelfConcatOccurrence);
      if (!known || known.kind !== 'list' || !isList(added, names)) return;
      if (known.bindings.some((b) => loop.contains(b.node))) return;
      const creation = bindingBefore(known, loop);
      if (!creation) return;

      const region = loopRegion(assignment, creation.node);
      const fix = region && mutationIsInvisible(known, creation, region) ? fixFor(assignment, target, added) : undefined;
      const code = excerpt(assignment.text, 50);
      const suggestion = fix ? `\`${excerpt(fix.text, 40)}\`` : `\`${target.text}.append(...)\` or \`${target.text}.extend(...)\``;
      context.report({
        node: assignment,
        message: `O(n²): \`${code}\` copies list \`${target.text}\` (${bindingPhrase(creation)}) on each iteration of the loop at line ${lineOf(loop)}; grow it in place with ${suggestion}.`,
        evidence: {
          complexity: `O(n) copy per iteration, O(n²) over the loop at line ${lineOf(loop)}: \`${code}\` rebuilds list \`${target.text}\``,
          collection: target.text,
          collectionLine: String(lineOf(creation.node)),
          loopLine: String(lineOf(loop)),
        },
        fix: fix ? { title: fix.title, edits: [{ startOffset: assignment.startIndex, endOffset: assignment.endIndex, text: fix.text }] } : undefined,
      });
    }

    return {
      ...names.visitor,
      assignment(node) {
        if (selfConcat(node)) candidates.push(node);
      },
      'file:exit'() {
        for (const assignment of candidates) check(assignment);
      },
    };
  },
);
