import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { callArguments, CALLBACK_TYPES, codeChildren, FUNCTION_TYPES, unparenthesize } from './_js-expressions.js';
import { lineOf, patternNames } from './_js-loops.js';

/** The value expressions a callback can return: the arrow's expression body or its own `return`s, through `?:`. */
function returnedValues(callback: SyntaxNode): SyntaxNode[] {
  const body = callback.field('body');
  if (!body) return [];
  const roots: SyntaxNode[] = [];
  if (body.type !== 'statement_block') roots.push(body);
  else {
    const stack = [...body.children];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (FUNCTION_TYPES.has(node.type)) continue;
      if (node.type === 'return_statement') {
        const value = codeChildren(node)[0];
        if (value) roots.push(value);
        continue;
      }
      stack.push(...node.children);
    }
  }
  const values: SyntaxNode[] = [];
  while (roots.length > 0) {
    const value = unparenthesize(roots.pop()!);
    if (value.type === 'ternary_expression') {
      for (const branch of [value.field('consequence'), value.field('alternative')]) if (branch) roots.push(branch);
    } else if (value.type === 'sequence_expression') {
      const last = codeChildren(value).at(-1);
      if (last) roots.push(last);
    } else values.push(value);
  }
  return values;
}

/** `{ ...acc, k: v }`, `[...acc, x]` or `Object.assign({}, acc, ...)`: a fresh copy of the whole accumulator. */
function copyOfAccumulator(value: SyntaxNode, accumulator: string): 'object' | 'array' | undefined {
  const spreadsAccumulator = (literal: SyntaxNode) =>
    codeChildren(literal).some((e) => e.type === 'spread_element' && unparenthesize(codeChildren(e)[0] ?? e).text === accumulator);
  if (value.type === 'object' && spreadsAccumulator(value)) return 'object';
  if (value.type === 'array' && spreadsAccumulator(value)) return 'array';
  if (value.type === 'call_expression' && value.field('function')?.text === 'Object.assign') {
    const [target, ...sources] = callArguments(value);
    const fresh = target && unparenthesize(target).type === 'object' && codeChildren(unparenthesize(target)).length === 0;
    if (fresh && sources.some((s) => unparenthesize(s).text === accumulator)) return 'object';
  }
  return undefined;
}

export default defineCodeRule(
  {
    id: 'javascript/reduce-spread-accumulator',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'performance',
    summary: 'Flag reduce callbacks that copy the whole accumulator on every step with spread.',
    provenance: 'Biome noAccumulatingSpread, oxc no-accumulating-spread',
    docs: {
      what: 'A `reduce` or `reduceRight` callback that returns a new object or array built by spreading its accumulator: `{ ...acc, [k]: v }`, `[...acc, x]`, or `Object.assign({}, acc, ...)`.',
      why: 'Each step copies every entry gathered so far, so reducing n elements copies 1 + 2 + … + n entries: O(n²) time and garbage. With 10,000 elements that is about 50 million property copies where 10,000 writes would do. The accumulator is a value the reduce call created, so mutating it is safe.',
      example: 'const byId = users.reduce((acc, user) => ({ ...acc, [user.id]: user }), {});\nconst names = users.reduce((acc, user) => [...acc, user.name], []);',
      useInstead: 'const byId = users.reduce((acc, user) => {\n  acc[user.id] = user;\n  return acc;\n}, {});\n// or: Object.fromEntries(users.map((user) => [user.id, user]))\nconst names = users.map((user) => user.name);',
    },
  },
  (context) => ({
    call_expression(node) {
      const callee = node.field('function');
      if (callee?.type !== 'member_expression') return;
      const method = callee.field('property')?.text;
      if (method !== 'reduce' && method !== 'reduceRight') return;
      // A literal list of a few objects (`[a, b].reduce(...)`) merges a constant number of them.
      const receiver = callee.field('object');
      if (receiver && unparenthesize(receiver).type === 'array' && !codeChildren(unparenthesize(receiver)).some((e) => e.type === 'spread_element')) return;
      const callback = callArguments(node)[0];
      if (!callback || !CALLBACK_TYPES.has(callback.type)) return;
      const parameters = callback.field('parameters') ?? callback.field('parameter');
      const first = parameters?.type === 'formal_parameters' ? codeChildren(parameters)[0] : parameters;
      const pattern = first && (first.type === 'required_parameter' || first.type === 'optional_parameter') ? first.field('pattern') : first;
      if (pattern?.type !== 'identifier') return;
      const accumulator = pattern.text;
      // Rebinding the accumulator inside the callback would make the spread copy something else.
      const body = callback.field('body');
      if (body && [...body.descendants()].some((d) => d.type === 'variable_declarator' && patternNames(d.field('name') ?? d).includes(accumulator))) return;

      // One finding per callback, at its first copying return: the fix is the same for all of them.
      const copies = returnedValues(callback)
        .map((value) => ({ value, kind: copyOfAccumulator(value, accumulator) }))
        .filter((c): c is { value: SyntaxNode; kind: 'object' | 'array' } => c.kind !== undefined)
        .sort((a, b) => a.value.startIndex - b.value.startIndex);
      if (copies.length === 0) return;
      const { value, kind } = copies[0];
      const shape = kind === 'object' ? `{ ...${accumulator}, … }` : `[...${accumulator}, …]`;
      const shown = value.type === 'call_expression' ? `Object.assign({}, ${accumulator}, …)` : shape;
      const complexity = `O(n²): the \`${method}\` callback at line ${lineOf(node)} returns \`${shown}\`, copying the whole accumulator \`${accumulator}\` on each of the n steps`;
      const advice = kind === 'object'
        ? `assign into \`${accumulator}\` and return it, or build the object once with \`Object.fromEntries\``
        : `push onto \`${accumulator}\` and return it, or use \`map\`/\`filter\`/\`flatMap\``;
      context.report({
        node: value,
        message: `${complexity}; ${advice}.`,
        evidence: { complexity, accumulator, copy: shown, reduceCall: `line ${lineOf(node)}`, copyingReturns: String(copies.length) },
      });
    },
  }),
);
