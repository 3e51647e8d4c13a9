import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import {
  ASSOCIATIVE_CONTAINERS, enclosingLoop, identifiersNamed, indentationOf, lineOf, LOOP_TYPES, methodCall, mayHaveSideEffects,
  isUnsignedIntegerType, resolveVariable, SEQUENCE_CONTAINERS, stdType, STRING_TYPES, stripParentheses, type Variable,
} from '../../src/rule-helpers/cpp/cpp.js';

const GROWING_METHODS = new Set(['push_back', 'emplace_back']);
const CAPACITY_METHODS = new Set(['reserve', 'resize', 'assign', 'swap', 'shrink_to_fit', 'insert', 'clear']);
const EXITS = new Set(['break_statement', 'return_statement', 'goto_statement', 'throw_expression', 'co_return_statement']);

/** The number of iterations of a counted loop as source text (for `reserve`), or null when known but not expressible. */
function tripCount(loop: SyntaxNode): { count: string | null; nonNegative?: boolean } | undefined {
  if (loop.type === 'for_range_loop') {
    const range = stripParentheses(loop.field('right'));
    if (range?.type !== 'identifier') return undefined;
    const variable = resolveVariable(range);
    if (!variable || variable.pointerDepth > 0) return undefined;
    if (variable.array) return { count: null };
    const std = stdType(variable.type, loop);
    if (!std || !(SEQUENCE_CONTAINERS.has(std.name) || ASSOCIATIVE_CONTAINERS.has(std.name) || STRING_TYPES.has(std.name) || std.name === 'array')) return undefined;
    return { count: `${range.text}.size()`, nonNegative: true };
  }
  if (loop.type !== 'for_statement') return undefined;
  const condition = stripParentheses(loop.field('condition'));
  const update = stripParentheses(loop.field('update'));
  if (condition?.type !== 'binary_expression' || !update) return undefined;
  const operator = condition.field('operator')?.text;
  const counter = condition.field('left');
  const bound = condition.field('right');
  if (counter?.type !== 'identifier' || !bound || (operator !== '<' && operator !== '!=')) return undefined;
  const increments =
    (update.type === 'update_expression' && update.field('operator')?.text === '++' && update.field('argument')?.text === counter.text) ||
    (update.type === 'assignment_expression' && update.field('operator')?.text === '+=' && update.field('left')?.text === counter.text && update.field('right')?.text === '1');
  if (!increments) return undefined;
  // The bound must not change while looping: plain names, literals and `c.size()`.
  if (mayHaveSideEffects(bound) && !/^[A-Za-z_]\w*(\.|->)(size|length)\(\)$/.test(bound.text.replace(/\s+/g, ''))) return undefined;
  const body = loop.field('body');
  for (const d of body?.descendants() ?? []) {
    if ((d.type === 'assignment_expression' && d.field('left')?.text === counter.text) || (d.type === 'update_expression' && d.field('argument')?.text === counter.text)) return undefined;
  }
  const initializer = loop.field('initializer');
  const start = initializer?.type === 'declaration' ? initializer.field('declarator')?.field('value') : initializer?.type === 'assignment_expression' ? initializer.field('right') : undefined;
  if (start?.text !== '0') return { count: null };
  return { count: bound.text, nonNegative: isNonNegative(bound) };
}

/** `reserve` takes a `size_t`: a negative signed bound would become huge and throw, so only unsigned bounds are rewritten. */
function isNonNegative(bound: SyntaxNode): boolean {
  if (bound.type === 'number_literal') return /^[0-9]+[uUlL]*$/.test(bound.text);
  if (/^[A-Za-z_]\w*(\.|->)(size|length)\(\)$/.test(bound.text.replace(/\s+/g, ''))) return true;
  const variable = bound.type === 'identifier' ? resolveVariable(bound) : undefined;
  return Boolean(variable && variable.pointerDepth === 0 && !variable.array && isUnsignedIntegerType(variable.type));
}

function hasExit(body: SyntaxNode): boolean {
  for (const d of body.descendants()) if (EXITS.has(d.type)) return true;
  return false;
}

/** Whether the call runs exactly once per iteration: it is a statement of the loop body's own block. */
function runsOncePerIteration(call: SyntaxNode, loop: SyntaxNode): boolean {
  const statement = call.parent;
  if (statement?.type !== 'expression_statement') return false;
  const body = loop.field('body');
  return statement === body || statement.parent === body;
}

/** The vector was created empty and nothing touched it between its declaration and the loop. */
function startsEmptyBeforeLoop(vector: Variable, loop: SyntaxNode): boolean {
  if (vector.kind !== 'local' || vector.pointerDepth > 0 || vector.reference || vector.array || vector.isStatic) return false;
  const value = vector.value;
  if (value && !(value.type === 'initializer_list' && value.namedChildren.length === 0)) return false;
  if (!vector.scope.contains(loop) || vector.nameNode.startIndex > loop.startIndex) return false;
  // Inside an outer loop the vector keeps growing across its iterations: the count of this loop is not the final size.
  for (const ancestor of loop.ancestors()) {
    if (ancestor === vector.scope) break;
    if (LOOP_TYPES.has(ancestor.type)) return false;
  }
  for (const use of identifiersNamed(vector.scope, vector.name)) {
    if (use === vector.nameNode || resolveVariable(use) !== vector) continue;
    if (use.startIndex < loop.startIndex) return false;
  }
  return true;
}

export default defineCodeRule(
  {
    id: 'cpp/push-back-without-reserve',
    languages: ['cpp'],
    severity: 'info',
    category: 'performance',
    summary: 'Flag `push_back`/`emplace_back` in a counted loop into a vector that was never `reserve()`d.',
    fixable: true,
    provenance: 'clang-tidy performance-inefficient-vector-operation',
    docs: {
      what: 'A `std::vector` declared empty in the same function and untouched until a loop with a known trip count (`for (int i = 0; i < n; ++i)` or a range-`for` over a container) appends one element per iteration with `push_back` or `emplace_back`, without calling `reserve` first.',
      why: 'A growing vector reallocates whenever its capacity runs out, moving or copying every element already stored each time: about log2(n) allocations and up to 2n element moves for n appends. When the final size is known, one `reserve(n)` makes it a single allocation.',
      example: 'std::vector<std::string> names;\nfor (const auto& user : users) {\n  names.push_back(user.name);\n}',
      useInstead: 'std::vector<std::string> names;\nnames.reserve(users.size());\nfor (const auto& user : users) {\n  names.push_back(user.name);\n}',
    },
  },
  (context) => ({
    call_expression(node) {
      const call = methodCall(node);
      if (!call || call.operator !== '.' || !GROWING_METHODS.has(call.method) || call.object.type !== 'identifier') return;
      const loop = enclosingLoop(node);
      const body = loop?.field('body');
      if (!loop || !body || !runsOncePerIteration(node, loop) || hasExit(body)) return;
      const vector = resolveVariable(call.object);
      if (!vector || stdType(vector.type, node)?.name !== 'vector' || !startsEmptyBeforeLoop(vector, loop)) return;
      const trip = tripCount(loop);
      if (!trip) return;
      let appends = 0;
      for (const use of identifiersNamed(body, vector.name)) {
        if (resolveVariable(use) !== vector) continue;
        const parent = use.parent;
        if (parent?.type !== 'field_expression') return;
        const method = parent.field('field')?.text ?? '';
        if (CAPACITY_METHODS.has(method)) return;
        if (GROWING_METHODS.has(method)) appends++;
      }
      // Report once per vector and loop, at the first append.
      const first = identifiersNamed(body, vector.name).find((u) => u.parent?.type === 'field_expression' && GROWING_METHODS.has(u.parent.field('field')?.text ?? ''));
      if (first?.parent?.parent !== node) return;
      const count = trip.count;
      const fix =
        count !== null && trip.nonNegative && appends === 1
          ? {
              title: `Reserve ${count} elements before the loop`,
              edits: [{ startOffset: loop.startIndex, endOffset: loop.startIndex, text: `${vector.name}.reserve(${count});\n${indentationOf(loop)}` }],
            }
          : undefined;
      const bound = count ?? 'the iteration count';
      context.report({
        node,
        message: `\`${vector.name}.${call.method}(…)\` grows \`${vector.name}\` by ${appends === 1 ? 'one element' : `${appends} elements`} per iteration of the loop at line ${lineOf(loop)} without a prior \`${vector.name}.reserve(${bound})\`: about log2(n) reallocations, each moving every element stored so far.`,
        evidence: { vector: vector.name, loopLine: String(lineOf(loop)), iterations: bound, complexity: 'O(log n) reallocations moving up to 2n elements in total; one allocation with reserve' },
        fix,
      });
    },
  }),
);
