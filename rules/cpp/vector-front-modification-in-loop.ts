import { defineCodeRule } from '../../src/engine/rule.js';
import { sameSyntax } from '../../src/parse/syntax-node.js';
import { callArguments, enclosingLoop, lineOf, methodCall, resolveExpression, stdType, stripParentheses } from '../../src/rule-helpers/cpp/cpp.js';

const FRONT_METHODS = new Set(['insert', 'emplace', 'erase']);

export default defineCodeRule(
  {
    id: 'cpp/vector-front-modification-in-loop',
    languages: ['cpp'],
    severity: 'warning',
    category: 'performance',
    summary: 'Flag `v.insert(v.begin(), …)` and `v.erase(v.begin())` on a `std::vector` inside a loop; use `std::deque`.',
    docs: {
      what: 'A call inserting at or erasing from the front of a `std::vector` (`v.insert(v.begin(), x)`, `v.emplace(v.begin(), …)`, `v.erase(v.begin())`) inside a loop body, where the vector is declared outside the loop.',
      why: 'A vector stores its elements contiguously, so changing the front shifts every other element by one: O(n) per call. Done once per iteration that is O(n²) over the loop, which turns a queue of a few hundred thousand items into seconds of memmove.',
      example: 'while (!pending.empty()) {\n  process(pending.front());\n  pending.erase(pending.begin());\n}',
      useInstead: 'std::deque<Task> pending;  // O(1) at both ends\nwhile (!pending.empty()) {\n  process(pending.front());\n  pending.pop_front();\n}',
    },
  },
  (context) => ({
    call_expression(node) {
      const call = methodCall(node);
      if (!call || call.operator !== '.' || !FRONT_METHODS.has(call.method)) return;
      const args = callArguments(node);
      if (args.length === 0 || (call.method === 'erase' && args.length !== 1)) return;
      const position = stripParentheses(args[0]);
      const begin = position?.type === 'call_expression' ? methodCall(position) : undefined;
      if (!begin || begin.method !== 'begin' || callArguments(position!).length !== 0 || !sameSyntax(begin.object, call.object)) return;
      const loop = enclosingLoop(node);
      if (!loop) return;
      const vector = resolveExpression(call.object);
      if (!vector || vector.pointerDepth > 0 || vector.array || stdType(vector.type, node)?.name !== 'vector') return;
      // A vector created inside the loop is rebuilt each time; its size does not grow with the loop.
      if (loop.contains(vector.nameNode)) return;
      const action = call.method === 'erase' ? 'removing the first element' : 'inserting at the front';
      context.report({
        node,
        message: `\`${node.text}\` shifts every element of \`${call.object.text}\` on each iteration of the loop at line ${lineOf(loop)}: O(n) per call and O(n²) over the loop for ${action}; a \`std::deque\` does this in O(1).`,
        evidence: { vector: call.object.text, operation: call.method, loopLine: String(lineOf(loop)), complexity: `O(n²): O(n) shift per iteration of the loop at line ${lineOf(loop)}` },
      });
    },
  }),
);
