import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { callArguments, COMPREHENSION_TYPES, enclosingLoop, isTarget, knownSequence, lineOf, LocalNames } from '../../src/rule-helpers/python/local-facts.js';

const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);

/** `range(len(x))` with plain arguments: returns `x`. */
function rangeOfLength(iterable: SyntaxNode): SyntaxNode | undefined {
  if (iterable.type !== 'call' || iterable.field('function')?.text !== 'range') return undefined;
  const args = callArguments(iterable);
  if (args.length !== 1 || args[0].type !== 'call' || args[0].field('function')?.text !== 'len') return undefined;
  const inner = callArguments(args[0]);
  return inner.length === 1 && inner[0].type === 'identifier' ? inner[0] : undefined;
}

/** `x[i]` read (not written, not deleted) where `index` is the `i`. */
function isElementRead(index: SyntaxNode, sequence: string): boolean {
  const subscript = index.parent;
  if (subscript?.type !== 'subscript' || index.fieldName !== 'subscript' || subscript.fieldAll('subscript').length !== 1) return false;
  const value = subscript.field('value');
  return value?.type === 'identifier' && value.text === sequence && !isTarget(subscript);
}

const isVariable = (d: SyntaxNode, name: string) =>
  d.type === 'identifier' && d.text === name && !(d.parent?.type === 'attribute' && d.fieldName === 'attribute') && !(d.parent?.type === 'keyword_argument' && d.fieldName === 'name');

function insideNestedScope(node: SyntaxNode, within: SyntaxNode): boolean {
  for (const a of node.ancestors()) {
    if (a === within) return false;
    if (NESTED_SCOPES.has(a.type)) return true;
  }
  return false;
}

/**
 * Whether a use of the index name outside the loop reads the loop's last value. Uses inside another
 * `for i in ...` (or comprehension) over the same name read that loop's own variable.
 */
function readsLoopValue(use: SyntaxNode, loop: SyntaxNode, index: string): boolean {
  for (const a of use.ancestors()) {
    if (a === loop) return true;
    if (a.type === 'for_statement' && a.field('left')?.text === index && a.field('body')?.contains(use)) return false;
    if (COMPREHENSION_TYPES.has(a.type) && a.children.some((c) => c.type === 'for_in_clause' && c.field('left')?.text === index)) return false;
  }
  return true;
}

export default defineCodeRule(
  {
    id: 'python/range-len-indexing',
    languages: ['python'],
    severity: 'info',
    category: 'performance',
    summary: 'Flag `for i in range(len(x))` loops that only use `i` to read `x[i]`; iterate `x` directly.',
    provenance: 'pylint consider-using-enumerate (C0200)',
    docs: {
      what:
        'A loop `for i in range(len(items)):` over a list, tuple or string whose body uses `i` for nothing but reading `items[i]`: no arithmetic on `i`, no writes to `items[i]`, and `i` is not read after the loop.',
      why:
        'Each `items[i]` is an extra index operation on top of the iteration the loop already does, and the indirection hides that the loop simply visits every element. Iterating the sequence directly (`for item in items:`) does the same work with one step per element, reads better, and keeps working if `items` becomes a generator or a deque (where indexing costs O(n)). When the index is needed as well, `enumerate(items)` gives both.',
      example: 'for i in range(len(users)):\n    send(users[i].email, users[i].name)',
      useInstead: 'for user in users:\n    send(user.email, user.name)',
    },
  },
  (context) => {
    const names = new LocalNames();
    const candidates: Array<{ loop: SyntaxNode; index: SyntaxNode; sequence: SyntaxNode }> = [];

    function check({ loop, index, sequence }: (typeof candidates)[number]) {
      if (!names.isBuiltin('range', loop) || !names.isBuiltin('len', loop)) return;
      const known = knownSequence(sequence, names);
      if (!known || known.kind === 'bytes') return;

      let reads = 0;
      for (const part of loop.children) {
        if (part.fieldName === 'left' || part.fieldName === 'right') continue;
        for (const d of part.descendants()) {
          if (isVariable(d, index.text)) {
            // Any use but reading `x[i]` needs the index (arithmetic, writes, printing it, closures).
            if (!isElementRead(d, sequence.text) || insideNestedScope(d, loop)) return;
            reads++;
          } else if (isVariable(d, sequence.text)) {
            // The sequence used otherwise (mutated, passed along, rebound) may not be what `x[i]` sees.
            if (d.fieldName !== 'value' || d.parent?.type !== 'subscript' || d.parent.field('subscript')?.text !== index.text) return;
          }
        }
      }
      if (reads === 0) return;

      const indexScan = names.resolve(index.text, loop);
      if (!indexScan) return;
      for (const o of indexScan.occurrences) {
        if (loop.contains(o.node)) continue;
        // A use before the loop only sees its value when an outer loop brings control back there.
        if (o.node.endIndex <= loop.startIndex && !enclosingLoop(loop)) continue;
        if (o.role === 'captured' || (o.role === 'read' && readsLoopValue(o.node, loop, index.text))) return;
      }

      const name = sequence.text;
      context.report({
        node: loop,
        message: `O(n) plus an index lookup per use: \`for ${index.text} in range(len(${name}))\` at line ${lineOf(loop)} uses \`${index.text}\` only to read \`${name}[${index.text}]\` from ${known.kind} \`${name}\`; iterate \`for item in ${name}:\` directly.`,
        evidence: {
          complexity: `O(n) iterations plus ${reads} \`${name}[${index.text}]\` lookup${reads === 1 ? '' : 's'} per iteration`,
          collection: name,
          collectionType: known.kind,
          loopLine: String(lineOf(loop)),
        },
      });
    }

    return {
      ...names.visitor,
      for_statement(node) {
        const index = node.field('left');
        const iterable = node.field('right');
        if (index?.type !== 'identifier' || !iterable) return;
        const sequence = rangeOfLength(iterable);
        if (sequence && sequence.text !== index.text) candidates.push({ loop: node, index, sequence });
      },
      'file:exit'() {
        for (const candidate of candidates) check(candidate);
      },
    };
  },
);
