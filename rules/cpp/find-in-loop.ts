import { defineCodeRule } from '../../src/engine/rule.js';
import { sameSyntax } from '../../src/parse/syntax-node.js';
import { callArguments, calleeName, displayType, enclosingLoop, identifiersNamed, lineOf, methodCall, resolveVariable, stdType, stripParentheses } from '../../src/rule-helpers/cpp/cpp.js';

const LINEAR_CONTAINERS = new Set(['vector', 'list', 'deque', 'forward_list']);
const MUTATING_METHODS = new Set(['push_back', 'emplace_back', 'push_front', 'emplace_front', 'insert', 'emplace', 'erase', 'clear', 'pop_back', 'pop_front', 'resize', 'assign', 'swap']);

export default defineCodeRule(
  {
    id: 'cpp/find-in-loop',
    languages: ['cpp'],
    severity: 'warning',
    category: 'performance',
    summary: 'Flag `std::find` over a whole vector or list inside a loop: O(n·m); use a hash set.',
    docs: {
      what: 'A `std::find(c.begin(), c.end(), x)` over a `std::vector`, `std::list` or `std::deque` declared outside a `for` loop, evaluated in the loop body, when the loop does not change `c`.',
      why: 'Each search scans the container element by element, so a loop of n iterations over a container of m elements costs O(n·m) comparisons: quadratic when both grow together. Building a `std::unordered_set` once before the loop makes each membership test O(1) on average.',
      example: 'for (const auto& order : orders) {\n  if (std::find(blocked.begin(), blocked.end(), order.customer) != blocked.end()) {\n    reject(order);\n  }\n}',
      useInstead: 'const std::unordered_set<int> blocked_set(blocked.begin(), blocked.end());\nfor (const auto& order : orders) {\n  if (blocked_set.count(order.customer)) {\n    reject(order);\n  }\n}',
    },
  },
  (context) => ({
    call_expression(node) {
      const name = calleeName(node);
      if (name !== 'find' || node.field('function')?.type !== 'qualified_identifier') return;
      const args = callArguments(node);
      if (args.length !== 3) return;
      const first = stripParentheses(args[0]);
      const last = stripParentheses(args[1]);
      const begin = first?.type === 'call_expression' ? methodCall(first) : undefined;
      const end = last?.type === 'call_expression' ? methodCall(last) : undefined;
      if (!begin || !end || begin.method !== 'begin' || end.method !== 'end' || begin.object.type !== 'identifier' || !sameSyntax(begin.object, end.object)) return;
      const container = begin.object;
      const loop = enclosingLoop(node);
      if (!loop || (loop.type !== 'for_statement' && loop.type !== 'for_range_loop')) return;
      const range = stripParentheses(loop.field('right'));
      if (loop.type === 'for_range_loop' && range && sameSyntax(range, container)) return;
      const variable = resolveVariable(container);
      if (!variable || variable.pointerDepth > 0 || variable.array || loop.contains(variable.nameNode)) return;
      // A table spelled out in the source (`{1, 2, 3}`) is small and fixed: scanning it is cheap.
      if (variable.value?.type === 'initializer_list') return;
      const std = stdType(variable.type, node);
      if (!std || !LINEAR_CONTAINERS.has(std.name)) return;
      // If the loop changes the container, a set would have to be kept in sync: leave that design to the author.
      for (const use of identifiersNamed(loop, container.text)) {
        if (resolveVariable(use) !== variable) continue;
        const parent = use.parent;
        if (parent?.type === 'argument_list') return;
        if (parent?.type === 'field_expression' && MUTATING_METHODS.has(parent.field('field')?.text ?? '')) return;
      }
      context.report({
        node,
        message: `\`std::find\` scans all of \`${container.text}\` on each iteration of the loop at line ${lineOf(loop)}: O(n·m) comparisons overall; build a \`std::unordered_set\` from \`${container.text}\` once before the loop for O(1) average lookups.`,
        evidence: { container: container.text, containerType: displayType(variable), loopLine: String(lineOf(loop)), complexity: `O(n·m): linear scan of \`${container.text}\` (m elements) in each of the n iterations of the loop at line ${lineOf(loop)}` },
      });
    },
  }),
);
