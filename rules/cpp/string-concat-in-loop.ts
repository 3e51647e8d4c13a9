import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { enclosingLoop, lineOf, resolveVariable, stdType, STRING_TYPES, stripParentheses } from '../../src/rule-helpers/cpp/cpp.js';

/** The leftmost operand of a `+` chain: `s + a + b` → `s`. */
function leftmostOperand(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === 'binary_expression' && current.field('operator')?.text === '+') current = current.field('left')!;
  return current;
}

export default defineCodeRule(
  {
    id: 'cpp/string-concat-in-loop',
    languages: ['cpp'],
    severity: 'warning',
    category: 'performance',
    summary: 'Flag `s = s + x` on a `std::string` inside a loop, which copies the whole string each iteration; use `s += x`.',
    fixable: true,
    provenance: 'clang-tidy performance-inefficient-string-concatenation',
    docs: {
      what: 'An assignment `s = s + x` (or `s = s + a + b`) to a `std::string` declared in the same function or class, inside the body of a loop.',
      why: '`s + x` builds a brand-new string holding a copy of all of `s` plus `x`, then assigns it back. Repeated in a loop the copies add up to O(n²) character copies and one allocation per iteration, where `s += x` appends in place in amortised O(length of x).',
      example: 'std::string csv;\nfor (const auto& field : fields) {\n  csv = csv + field + ",";\n}',
      useInstead: 'std::string csv;\nfor (const auto& field : fields) {\n  csv += field;\n  csv += ",";\n}',
    },
  },
  (context) => ({
    assignment_expression(node) {
      if (node.field('operator')?.text !== '=') return;
      const target = node.field('left');
      const value = stripParentheses(node.field('right'));
      if (target?.type !== 'identifier' || value?.type !== 'binary_expression' || value.field('operator')?.text !== '+') return;
      const first = stripParentheses(leftmostOperand(value));
      if (first?.type !== 'identifier' || first.text !== target.text) return;
      const loop = enclosingLoop(node);
      if (!loop) return;
      const variable = resolveVariable(target);
      const std = variable ? stdType(variable.type, node) : undefined;
      if (!variable || variable.pointerDepth > 0 || variable.array || !std || !STRING_TYPES.has(std.name) || std.args.length > 0) return;
      // A string declared inside the loop starts over each iteration: nothing accumulates.
      if (loop.contains(variable.nameNode)) return;
      // Only `s = s + x` is exactly `s += x`; longer chains would change the grouping of the right-hand side.
      const single = value.field('left') === first || stripParentheses(value.field('left')) === first;
      const appended = value.field('right')!;
      context.report({
        node,
        message: `\`${node.text}\` inside the loop at line ${lineOf(loop)} copies the whole of \`${target.text}\` into a new string on every iteration: O(n²) character copies over the loop; append in place with \`${target.text} +=\`.`,
        evidence: { string: target.text, loopLine: String(lineOf(loop)), complexity: `O(n²): each iteration copies all of \`${target.text}\` built so far` },
        fix: single ? { title: `Use \`${target.text} += …\``, edits: [{ startOffset: node.startIndex, endOffset: node.endIndex, text: `${target.text} += ${appended.text}` }] } : undefined,
      });
    },
  }),
);
