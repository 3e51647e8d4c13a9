import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { FUNCTION_TYPES, isPlainValue, isUnsignedIntegerType, lineOf, resolveVariable, stripParentheses } from '../../src/rule-helpers/cpp/cpp.js';

const EXITS = new Set(['break_statement', 'return_statement', 'goto_statement', 'throw_expression', 'co_return_statement']);

function isZero(node: SyntaxNode | undefined): boolean {
  const literal = stripParentheses(node);
  return literal?.type === 'number_literal' && /^0+[uUlL]*$/.test(literal.text);
}

/** Whether the loop body can leave the loop other than through its condition. */
function hasExit(body: SyntaxNode | undefined): boolean {
  if (!body) return false;
  const stack = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (EXITS.has(node.type)) return true;
    // A nested loop's or switch's `break` does not leave this loop, but its `return` would: keep looking inside them.
    if (FUNCTION_TYPES.has(node.type)) continue;
    for (const child of node.children) stack.push(child);
    if (node.type === 'call_expression' && /^(std::)?(exit|abort|quick_exit|_Exit|longjmp|terminate)$/.test(node.field('function')?.text ?? '')) return true;
  }
  return false;
}

export default defineCodeRule(
  {
    id: 'cpp/unsigned-nonnegative-loop',
    languages: ['cpp'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag loop conditions `i >= 0` on an unsigned counter, which are always true.',
    provenance: 'clang -Wtautological-unsigned-zero-compare, GCC -Wtype-limits',
    docs: {
      what: 'A `for`, `while` or `do` loop whose whole condition is `i >= 0` (or `0 <= i`) where `i` is declared in the same function with an unsigned type such as `unsigned`, `size_t`, `std::size_t` or `uint32_t`, and whose body has no `break`, `return`, `goto` or `throw`.',
      why: 'An unsigned value is never negative: when the counter passes 0 it wraps to its maximum value, the condition stays true and the loop never ends, usually indexing far outside the array on the way.',
      example: 'for (std::size_t i = items.size() - 1; i >= 0; --i) {\n  process(items[i]);\n}',
      useInstead: 'for (std::size_t i = items.size(); i-- > 0;) {\n  process(items[i]);\n}',
    },
  },
  (context) => {
    const check = (loop: SyntaxNode, condition: SyntaxNode | undefined) => {
      const comparison = stripParentheses(condition);
      if (comparison?.type !== 'binary_expression') return;
      const operator = comparison.field('operator')?.text;
      let counter: SyntaxNode | undefined;
      if (operator === '>=' && isZero(comparison.field('right'))) counter = stripParentheses(comparison.field('left'));
      else if (operator === '<=' && isZero(comparison.field('left'))) counter = stripParentheses(comparison.field('right'));
      if (counter?.type !== 'identifier') return;
      const variable = resolveVariable(counter);
      if (!variable || !isPlainValue(variable) || !isUnsignedIntegerType(variable.type)) return;
      if (hasExit(loop.field('body'))) return;
      context.report({
        node: comparison,
        message: `\`${comparison.text}\` is always true because \`${counter.text}\` is \`${variable.type}\` (declared on line ${lineOf(variable.nameNode)}): after 0 it wraps to the maximum value and the loop never ends.`,
        evidence: { variable: counter.text, type: variable.type, declaredLine: String(lineOf(variable.nameNode)) },
      });
    };
    return {
      for_statement: (node) => check(node, node.field('condition')),
      while_statement: (node) => check(node, node.field('condition')?.field('value')),
      do_statement: (node) => check(node, node.field('condition')),
    };
  },
);
