import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import {
  bindingBefore,
  enclosingLoop,
  excerpt,
  hasFixedIterationCount,
  knownSequence,
  lineOf,
  LocalNames,
  loopRegion,
  type Occurrence,
} from '../../src/rule-helpers/python/local-facts.js';

/** `s = s + t`: the right side starts with the target itself. */
function isSelfConcat(assignment: SyntaxNode): boolean {
  const target = assignment.field('left');
  const value = assignment.field('right');
  return (
    target?.type === 'identifier' &&
    value?.type === 'binary_operator' &&
    value.field('operator')?.type === '+' &&
    value.field('left')?.type === 'identifier' &&
    value.field('left')?.text === target.text
  );
}

const isSelfConcatOccurrence = (o: Occurrence) => o.role === 'assign' && !!o.node.parent && isSelfConcat(o.node.parent);

export default defineCodeRule(
  {
    id: 'python/string-concat-in-loop',
    languages: ['python'],
    severity: 'warning',
    category: 'performance',
    summary: 'Flag building a string or bytes value with `+=` inside a loop.',
    provenance: 'pylint consider-using-join (R1713)',
    docs: {
      what:
        'A variable initialised to a string or bytes literal before a loop and grown with `s += part` (or `s = s + part`) inside the loop.',
      why:
        'Strings and bytes are immutable: each `+=` allocates a new object and copies everything accumulated so far, so n appends cost O(n²) character copies. CPython sometimes resizes a `str` in place when nothing else references it, but that optimisation is an implementation detail that other interpreters lack and that disappears as soon as the string is referenced elsewhere; for `bytes` it never applies. Collecting the parts in a list and joining once is O(n) everywhere.',
      example: 'report = ""\nfor row in rows:\n    report += f"{row.name}: {row.total}\\n"',
      useInstead: 'lines = []\nfor row in rows:\n    lines.append(f"{row.name}: {row.total}\\n")\nreport = "".join(lines)\n# or: report = "".join(f"{row.name}: {row.total}\\n" for row in rows)',
    },
  },
  (context) => {
    const names = new LocalNames();
    const candidates: Array<{ statement: SyntaxNode; target: SyntaxNode; part: SyntaxNode }> = [];
    const reported = new Set<string>();

    function check({ statement, target, part }: (typeof candidates)[number]) {
      const loop = enclosingLoop(statement);
      if (!loop || hasFixedIterationCount(loop)) return;
      const known = knownSequence(target, names, isSelfConcatOccurrence);
      if (!known || (known.kind !== 'str' && known.kind !== 'bytes')) return;
      // Reset inside the loop: each iteration builds a fresh, short value.
      if (known.bindings.some((b) => loop.contains(b.node))) return;
      const initial = bindingBefore(known, loop);
      if (!initial || initial.how !== 'assigned') return;
      // Every `+=` between the initialisation and the end of the outermost loop grows the same value:
      // one finding (at the first) is enough.
      const region = loopRegion(statement, initial.node) ?? loop;
      const key = `${target.text}@${known.scan.scope.startIndex}@${region.startIndex}`;
      if (reported.has(key)) return;
      reported.add(key);

      const name = target.text;
      const code = statement.type === 'augmented_assignment' ? `${name} += ${excerpt(part.text, 30)}` : `${name} = ${name} + ${excerpt(part.text, 30)}`;
      const loopLine = lineOf(loop);
      const bytes = known.kind === 'bytes';
      const message = bytes
        ? `O(n²): \`${code}\` in the loop at line ${loopLine} copies bytes \`${name}\` (initialised at line ${lineOf(initial.node)}) each time it grows; collect the parts in a list and \`b''.join()\` them, or use a \`bytearray\`.`
        : `O(n²): \`${code}\` in the loop at line ${loopLine} copies string \`${name}\` (initialised at line ${lineOf(initial.node)}) each time it grows unless CPython's fragile in-place resize applies; collect the parts in a list and \`''.join()\` them.`;
      context.report({
        node: statement,
        message,
        evidence: {
          complexity: bytes
            ? `O(n²): \`${name}\` is copied on each iteration of the loop at line ${loopLine}`
            : `O(n²) worst case: \`${name}\` may be copied on each iteration of the loop at line ${loopLine}`,
          variable: name,
          variableType: known.kind,
          initialisedAt: String(lineOf(initial.node)),
          loopLine: String(loopLine),
        },
      });
    }

    return {
      ...names.visitor,
      augmented_assignment(node) {
        const target = node.field('left');
        const part = node.field('right');
        if (node.field('operator')?.type !== '+=' || target?.type !== 'identifier' || !part) return;
        candidates.push({ statement: node, target, part });
      },
      assignment(node) {
        if (!isSelfConcat(node)) return;
        candidates.push({ statement: node, target: node.field('left')!, part: node.field('right')!.field('right')! });
      },
      'file:exit'() {
        for (const candidate of candidates) check(candidate);
      },
    };
  },
);
