import { defineCodeRule, type Visitor } from '../../src/engine/rule.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import { ASSOCIATIVE_CONTAINERS, callArguments, methodCall, outerParentheses, resolveExpression, stdType, stripParentheses } from '../../src/rule-helpers/cpp/cpp.js';

interface Membership {
  /** The whole test to replace. */
  test: SyntaxNode;
  container: SyntaxNode;
  key: SyntaxNode;
  negated: boolean;
}

function isZero(node: SyntaxNode | undefined): boolean {
  const literal = stripParentheses(node);
  return literal?.type === 'number_literal' && /^0+[uUlL]*$/.test(literal.text);
}

function lookupCall(node: SyntaxNode | undefined, method: string): { container: SyntaxNode; key: SyntaxNode } | undefined {
  const call = stripParentheses(node);
  if (call?.type !== 'call_expression') return undefined;
  const m = methodCall(call);
  const args = callArguments(call);
  if (!m || m.operator !== '.' || m.method !== method || args.length !== 1) return undefined;
  return { container: m.object, key: args[0] };
}

/** Where a bare `m.count(k)` is read as a truth value. */
function usedAsBoolean(call: SyntaxNode): boolean {
  const node = outerParentheses(call);
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'condition_clause') return parent.field('value') === node && parent.parent?.type !== 'switch_statement';
  if (parent.type === 'unary_expression') return parent.field('operator')?.text === '!';
  if (parent.type === 'conditional_expression') return parent.field('condition') === node;
  if (parent.type === 'binary_expression') return ['&&', '||'].includes(parent.field('operator')?.text ?? '');
  return false;
}

function membership(node: SyntaxNode): Membership | undefined {
  if (node.type === 'call_expression') {
    const found = lookupCall(node, 'count');
    return found && usedAsBoolean(node) ? { test: node, ...found, negated: false } : undefined;
  }
  if (node.type !== 'binary_expression') return undefined;
  const operator = node.field('operator')?.text;
  const left = node.field('left');
  const right = node.field('right');
  if (operator === '==' || operator === '!=') {
    for (const [findSide, endSide] of [[left, right], [right, left]]) {
      const found = lookupCall(findSide, 'find');
      const end = stripParentheses(endSide);
      const endCall = end?.type === 'call_expression' ? methodCall(end) : undefined;
      if (found && endCall?.method === 'end' && callArguments(end!).length === 0 && sameSyntax(endCall.object, found.container)) {
        return { test: node, ...found, negated: operator === '==' };
      }
    }
    const counted = lookupCall(left, 'count');
    if (counted && isZero(right)) return { test: node, ...counted, negated: operator === '==' };
  }
  if (operator === '>') {
    const counted = lookupCall(left, 'count');
    if (counted && isZero(right)) return { test: node, ...counted, negated: false };
  }
  return undefined;
}

export default defineCodeRule(
  {
    id: 'cpp/prefer-contains',
    languages: ['cpp'],
    severity: 'info',
    category: 'style',
    summary: 'Suggest `m.contains(k)` (C++20) for `m.find(k) != m.end()` and `m.count(k)` used as a membership test.',
    fixable: true,
    provenance: 'clang-tidy readability-container-contains',
    docs: {
      what: 'A membership test on a standard set or map written as `m.find(k) != m.end()`, `m.find(k) == m.end()`, `m.count(k) > 0`, `m.count(k) != 0` or a bare `m.count(k)` used as a condition, in a project that targets C++20 or later.',
      why: '`contains` states the intent directly and cannot be misread; `count` on a `multimap` or `multiset` also counts every matching element, O(log n + k), where `contains` stops at the first. Only reported when the configured C++ standard is 20 or newer, because older compilers lack `contains`.',
      example: 'if (users.find(id) != users.end()) {\n  greet(id);\n}',
      useInstead: 'if (users.contains(id)) {\n  greet(id);\n}',
    },
  },
  (context): Visitor => {
    const standard = context.target.cppStandard;
    if (standard === undefined || standard < 20) return {};
    const check = (node: SyntaxNode) => {
      const found = membership(node);
      if (!found) return;
      const variable = resolveExpression(stripParentheses(found.container));
      const std = variable ? stdType(variable.type, node) : undefined;
      if (!variable || variable.pointerDepth > 0 || !std || !ASSOCIATIVE_CONTAINERS.has(std.name)) return;
      const replacement = `${found.negated ? '!' : ''}${found.container.text}.contains(${found.key.text})`;
      context.report({
        node: found.test,
        message: `\`${found.test.text}\` tests whether \`${found.container.text}\` holds \`${found.key.text}\`; with C++${standard} write \`${replacement}\`, which says so directly.`,
        evidence: { container: found.container.text, key: found.key.text, cppStandard: String(standard), replacement },
        fix: { title: `Use \`${replacement}\``, edits: [{ startOffset: found.test.startIndex, endOffset: found.test.endIndex, text: replacement }] },
      });
    };
    return { binary_expression: check, call_expression: check };
  },
);
