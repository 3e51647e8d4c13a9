import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import { knownCollection } from '../../src/rule-helpers/javascript/js-collections.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { callArguments, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';
import { enclosingLoop, GROWING_METHODS, mutatesArray, references, type Loop } from '../../src/rule-helpers/javascript/js-loops.js';

/** `queue.length` anywhere in the subtree. */
function readsLength(node: SyntaxNode, name: string): boolean {
  for (const d of node.descendants()) {
    if (d.type === 'member_expression' && d.field('object')?.text === name && d.field('property')?.text === 'length') return true;
  }
  return false;
}

/**
 * Whether the loop works through the array rather than trimming a few elements off it: its
 * condition tests the array's length, the loop refills it (a work queue), or the loop has no
 * condition of its own and ends on what `shift` returns. Stripping a common prefix
 * (`while (a[0] === b[0]) { a.shift(); b.shift(); }`) is none of these.
 */
function drains(loop: Loop, shift: SyntaxNode, name: string): boolean {
  if (mutatesArray(loop.node, name, GROWING_METHODS)) return true;
  if (loop.kind !== 'statement') return false;
  const condition = loop.node.fieldAll('condition').find((c) => c.isNamed && c.type !== 'empty_statement');
  if (condition && readsLength(condition, name)) return true;
  if (loop.node.type === 'for_in_statement') return false;
  const bare = condition ? unparenthesize(condition) : undefined;
  const endless = !bare || bare.type === 'true';
  if (endless) return true;
  // `for (let job = jobs.shift(); job; job = jobs.shift())`: the condition tests what shift returned.
  const assigned = shift.parent?.type === 'variable_declarator' ? shift.parent.field('name') : shift.parent?.type === 'assignment_expression' ? shift.parent.field('left') : undefined;
  return assigned?.type === 'identifier' && condition !== undefined && references(condition, assigned.text);
}

export default defineCodeRule(
  {
    id: 'javascript/shift-in-loop',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'performance',
    summary: 'Flag `array.shift()` called on every iteration of a loop.',
    docs: {
      what: 'A call `queue.shift()` inside a loop that works through the array: the loop tests `queue.length`, refills the queue, or ends on what `shift` returns, and `queue` is a local array holding a variable number of elements (built from data, or grown with `push`). The classic case is a work queue drained with `while (queue.length) queue.shift()`.',
      why: '`shift` removes the first element and moves every remaining element down one index, so each call costs O(n) in the array\'s length and draining n elements costs O(n²). V8 avoids the move for small arrays, but past a few tens of thousands of elements every call copies: on Node 20, draining 200,000 numbers with `shift` took about 2 s, and reading them with an index took 4 ms.',
      example: 'const queue = [root];\nwhile (queue.length > 0) {\n  const node = queue.shift();\n  queue.push(...node.children);\n}',
      useInstead: 'const queue = [root];\nfor (let head = 0; head < queue.length; head++) {\n  const node = queue[head];\n  queue.push(...node.children);\n}\n// or a deque/ring buffer when memory must be released as the queue drains',
    },
  },
  (context) => ({
    call_expression(node) {
      const callee = node.field('function');
      if (callee?.type !== 'member_expression' || callee.field('property')?.text !== 'shift') return;
      const array = callee.field('object');
      if (array?.type !== 'identifier' || callArguments(node).length !== 0) return;
      const loop = enclosingLoop(node);
      if (!loop) return;
      const known = knownCollection(array.text, node);
      // A literal of a few constants shifted a few times costs a few moves.
      if (!known || known.kind !== 'array' || known.fixedSize) return;
      if (loop.node.contains(known.binding.node)) return;
      if (!drains(loop, node, array.text)) return;

      const complexity = `O(n²): \`${array.text}.shift()\` moves every remaining element of array \`${array.text}\` (line ${known.line}) on each iteration of ${loop.description}`;
      context.report({
        node,
        message: `${complexity}; read it with an advancing index (\`${array.text}[head++]\`) or use a deque.`,
        evidence: {
          complexity,
          perCall: 'O(n) in the array length',
          array: array.text,
          arrayDeclaredAt: `line ${known.line}`,
          arrayKnownFrom: known.evidence,
          loop: `line ${loop.line}`,
        },
      });
    },
  }),
);
