import { defineCodeRule } from '../../src/engine/rule.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import { callArguments, displayType, lineOf, mayHaveSideEffects, methodCall, resolveExpression, stdType, stripParentheses } from '../../src/rule-helpers/cpp/cpp.js';

const INDEXABLE_MAPS = new Set(['map', 'unordered_map']);

interface Lookup {
  map: SyntaxNode;
  key: SyntaxNode;
  test: SyntaxNode;
}

function isZero(node: SyntaxNode | undefined): boolean {
  return node?.type === 'number_literal' && /^0+[uUlL]*$/.test(node.text);
}

/** `m.count(k)`, `m.contains(k)`: the map and key of a membership call. */
function membershipCall(node: SyntaxNode | undefined, methods: string[]): { map: SyntaxNode; key: SyntaxNode } | undefined {
  const call = stripParentheses(node);
  if (call?.type !== 'call_expression') return undefined;
  const method = methodCall(call);
  const args = callArguments(call);
  if (!method || method.operator !== '.' || !methods.includes(method.method) || args.length !== 1) return undefined;
  return { map: method.object, key: args[0] };
}

/** The membership test in an `if` condition: `m.count(k)`, `m.count(k) > 0`, `m.find(k) != m.end()`, `m.contains(k)`. */
function membershipTest(condition: SyntaxNode | undefined): Lookup | undefined {
  const test = stripParentheses(condition);
  if (!test) return undefined;
  const direct = membershipCall(test, ['count', 'contains']);
  if (direct) return { ...direct, test };
  if (test.type !== 'binary_expression') return undefined;
  const operator = test.field('operator')?.text;
  const left = test.field('left');
  const right = test.field('right');
  if ((operator === '>' || operator === '!=') && isZero(stripParentheses(right))) {
    const found = membershipCall(left, ['count']);
    if (found) return { ...found, test };
  }
  if (operator === '!=') {
    for (const [findSide, endSide] of [[left, right], [right, left]]) {
      const found = membershipCall(findSide, ['find']);
      const end = stripParentheses(endSide);
      const endCall = end?.type === 'call_expression' ? methodCall(end) : undefined;
      if (found && endCall?.method === 'end' && callArguments(end!).length === 0 && sameSyntax(endCall.object, found.map)) return { ...found, test };
    }
  }
  return undefined;
}

export default defineCodeRule(
  {
    id: 'cpp/count-then-index',
    languages: ['cpp'],
    severity: 'info',
    category: 'performance',
    summary: 'Flag `if (m.count(k)) ... m[k]` and `m.find(k) != m.end()` followed by `m[k]`: two lookups where one `find` suffices.',
    docs: {
      what: 'An `if` that tests whether a `std::map` or `std::unordered_map` contains a key (`m.count(k)`, `m.count(k) > 0`, `m.find(k) != m.end()`, `m.contains(k)`) and then reads `m[k]` or `m.at(k)` with the same key inside the branch.',
      why: 'Each lookup searches the map again: a tree walk of O(log n) comparisons for `std::map`, a hash and bucket probe for `std::unordered_map`. In hot code the second search doubles the cost, and `m[k]` additionally requires a default-constructible value type.',
      example: 'if (prices.count(item)) {\n  total += prices[item];\n}',
      useInstead: 'if (auto it = prices.find(item); it != prices.end()) {\n  total += it->second;\n}',
    },
  },
  (context) => ({
    if_statement(node) {
      const clause = node.field('condition');
      if (!clause || clause.field('initializer')) return;
      const lookup = membershipTest(clause.field('value'));
      const consequence = node.field('consequence');
      if (!lookup || !consequence || mayHaveSideEffects(lookup.key)) return;
      const variable = resolveExpression(lookup.map);
      const std = variable ? stdType(variable.type, node) : undefined;
      if (!variable || variable.pointerDepth > 0 || !std || !INDEXABLE_MAPS.has(std.name)) return;
      for (const d of consequence.descendants()) {
        let second: SyntaxNode | undefined;
        if (d.type === 'subscript_expression') {
          const indices = d.field('indices')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
          const object = d.field('argument');
          if (object && indices.length === 1 && sameSyntax(object, lookup.map) && sameSyntax(indices[0], lookup.key)) second = d;
        } else if (d.type === 'call_expression') {
          const again = membershipCall(d, ['at']);
          if (again && sameSyntax(again.map, lookup.map) && sameSyntax(again.key, lookup.key)) second = d;
        }
        if (!second) continue;
        const cost = std.name === 'map' ? 'O(log n) each' : 'a hash and bucket probe each';
        context.report({
          node: second,
          message: `\`${second.text}\` searches \`${lookup.map.text}\` for \`${lookup.key.text}\` again right after \`${lookup.test.text}\` on line ${lineOf(lookup.test)}: two lookups (${cost}) where one \`find\` whose iterator is reused suffices.`,
          evidence: { container: lookup.map.text, type: displayType(variable), key: lookup.key.text, testLine: String(lineOf(lookup.test)), complexity: `2 lookups instead of 1 (${cost})` },
        });
        return;
      }
    },
  }),
);
