import { nextInSubtree, type SyntaxNode } from '../../parse/syntax-node.js';
import { CALLBACK_TYPES, codeChildren, FUNCTION_TYPES, unparenthesize } from './js-expressions.js';

/**
 * Where code runs once per element: inside a loop statement's repeated part, or inside a callback
 * that an array-like method calls per element (`items.map(cb)`). Shared by the performance rules.
 */

export const LOOP_STATEMENT_TYPES: ReadonlySet<string> = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);

/** Methods that call their first argument once per element of the receiver. */
export const ITERATION_METHODS: ReadonlySet<string> = new Set([
  'forEach',
  'map',
  'flatMap',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
]);

export interface Loop {
  /** The loop statement, or the callback function called once per element. */
  node: SyntaxNode;
  kind: 'statement' | 'callback';
  /** 1-based line of the loop statement or of the iterating call. */
  line: number;
  /** The collection iterated when the loop names one: `for (x of items)` and `items.map(cb)` give `items`. */
  collection?: SyntaxNode;
  /** How a message names it: "the loop at line 5", "the `orders.map` callback at line 5". */
  description: string;
}

export function lineOf(node: SyntaxNode): number {
  return node.startRow + 1;
}

/** Source text for a message: whitespace collapsed, long text cut with an ellipsis. */
export function shortText(node: SyntaxNode, max = 60): string {
  const text = node.text.replace(/\s+/g, ' ');
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Whether `child`, a direct child of the loop statement, runs on every iteration rather than once. */
export function isRepeatedPart(loop: SyntaxNode, child: SyntaxNode): boolean {
  switch (loop.type) {
    case 'for_statement':
      return child.fieldName === 'condition' || child.fieldName === 'increment' || child.fieldName === 'body';
    case 'for_in_statement':
      return child.fieldName === 'body' || child.fieldName === 'left';
    case 'while_statement':
    case 'do_statement':
      return child.fieldName === 'condition' || child.fieldName === 'body';
    default:
      return false;
  }
}

/** The `items.map(...)` call when `fn` is the callback it calls per element. */
export function iterationCall(fn: SyntaxNode): SyntaxNode | undefined {
  if (!CALLBACK_TYPES.has(fn.type)) return undefined;
  const args = fn.parent;
  if (args?.type !== 'arguments' || codeChildren(args)[0] !== fn) return undefined;
  const call = args.parent;
  if (call?.type !== 'call_expression') return undefined;
  const callee = call.field('function');
  if (callee?.type !== 'member_expression') return undefined;
  const method = callee.field('property');
  return method?.type === 'property_identifier' && ITERATION_METHODS.has(method.text) ? call : undefined;
}

export function statementLoop(loop: SyntaxNode): Loop {
  const collection = loop.type === 'for_in_statement' ? loop.field('right') : undefined;
  return { node: loop, kind: 'statement', line: lineOf(loop), collection, description: `the loop at line ${lineOf(loop)}` };
}

function callbackLoop(fn: SyntaxNode, call: SyntaxNode): Loop {
  const callee = call.field('function')!;
  const receiver = callee.field('object')!;
  const method = callee.field('property')!.text;
  const name = receiver.text.length <= 30 && !/\s/.test(receiver.text) ? `${receiver.text}.${method}` : method;
  return { node: fn, kind: 'callback', line: lineOf(call), collection: receiver, description: `the \`${name}\` callback at line ${lineOf(call)}` };
}

/**
 * The innermost loop whose every iteration evaluates `node`, without leaving the function `node`
 * belongs to (a function defined in a loop may be called later, or never). With `callbacks`, the
 * per-element callback of an iteration method counts as a loop.
 */
export function enclosingLoop(node: SyntaxNode, options: { callbacks: boolean } = { callbacks: true }): Loop | undefined {
  let child = node;
  for (const ancestor of node.ancestors()) {
    if (LOOP_STATEMENT_TYPES.has(ancestor.type) && isRepeatedPart(ancestor, child)) return statementLoop(ancestor);
    if (FUNCTION_TYPES.has(ancestor.type) || ancestor.type === 'class_body') {
      const call = options.callbacks ? iterationCall(ancestor) : undefined;
      return call ? callbackLoop(ancestor, call) : undefined;
    }
    child = ancestor;
  }
  return undefined;
}

/** Every node of a function body or loop body that runs as part of it, not inside a nested function or class. */
export function* ownNodes(root: SyntaxNode): Generator<SyntaxNode> {
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    if (node !== root && (FUNCTION_TYPES.has(node.type) || node.type === 'class_body')) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
}

/** The innermost loop statement (up to `outer`) that runs `node` on every iteration. */
export function innermostLoop(node: SyntaxNode, outer: SyntaxNode): SyntaxNode | undefined {
  let child = node;
  for (const ancestor of node.ancestors()) {
    if (LOOP_STATEMENT_TYPES.has(ancestor.type) && isRepeatedPart(ancestor, child)) return ancestor;
    if (ancestor === outer) return undefined;
    child = ancestor;
  }
  return undefined;
}

const DEFAULT_VALUE_PARENTS: ReadonlySet<string> = new Set(['assignment_pattern', 'object_assignment_pattern']);

/** Names a binding pattern introduces: `x`, `{ a, b: c }`, `[d, ...e]`, `f = 1`, `g: T[]`. */
export function patternNames(pattern: SyntaxNode): string[] {
  const names: string[] = [];
  const stack: SyntaxNode[] = [pattern];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'identifier' || node.type === 'shorthand_property_identifier_pattern') {
      names.push(node.text);
      continue;
    }
    for (const child of node.children) {
      // Default values and type annotations are expressions and types, not bound names.
      if (DEFAULT_VALUE_PARENTS.has(node.type) && child.fieldName === 'right') continue;
      if (child.fieldName === 'type' || child.fieldName === 'value' || child.fieldName === 'key') continue;
      stack.push(child);
    }
  }
  return names;
}

/** Names of a function's parameters. */
export function parameterNames(fn: SyntaxNode): string[] {
  const parameters = fn.field('parameters') ?? fn.field('parameter');
  return parameters ? patternNames(parameters) : [];
}

/** The first parameter's name when it is a plain identifier (`(acc, x) => ...`, `function (acc: T) {...}`). */
export function firstParameterName(fn: SyntaxNode): string | undefined {
  if (!CALLBACK_TYPES.has(fn.type) && fn.type !== 'function_declaration') return undefined;
  const parameters = fn.field('parameters') ?? fn.field('parameter');
  const first = parameters?.type === 'formal_parameters' ? codeChildren(parameters)[0] : parameters;
  const pattern = first && (first.type === 'required_parameter' || first.type === 'optional_parameter') ? first.field('pattern') : first;
  return pattern?.type === 'identifier' ? pattern.text : undefined;
}

/** Names declared by a loop statement's head and inside its body: fresh on every iteration. */
export function iterationLocals(loop: SyntaxNode): Set<string> {
  const names = new Set<string>();
  const left = loop.type === 'for_in_statement' ? loop.field('left') : undefined;
  if (left) for (const name of patternNames(left)) names.add(name);
  const initializer = loop.type === 'for_statement' ? loop.field('initializer') : undefined;
  if (initializer && initializer.type !== 'expression_statement') {
    for (const declarator of codeChildren(initializer)) {
      const name = declarator.field('name');
      if (name) for (const n of patternNames(name)) names.add(n);
    }
  }
  const body = loop.field('body');
  for (const node of body ? ownNodes(body) : []) {
    if (node.type !== 'variable_declarator') continue;
    const name = node.field('name');
    if (name) for (const n of patternNames(name)) names.add(n);
  }
  return names;
}

/**
 * Names that can hold a different value on each iteration: loop variables, callback parameters,
 * and every name declared or assigned inside the loop.
 */
export function perIterationNames(loop: Loop): Set<string> {
  const names = new Set<string>();
  if (loop.kind === 'callback') for (const name of parameterNames(loop.node)) names.add(name);
  for (let node: SyntaxNode | undefined = loop.node; node; node = nextInSubtree(node, loop.node)) {
    switch (node.type) {
      case 'variable_declarator': {
        const name = node.field('name');
        if (name) for (const n of patternNames(name)) names.add(n);
        break;
      }
      case 'assignment_expression':
      case 'augmented_assignment_expression': {
        const left = node.field('left');
        if (left && left.type !== 'member_expression' && left.type !== 'subscript_expression') for (const n of patternNames(left)) names.add(n);
        break;
      }
      case 'update_expression': {
        const argument = node.field('argument');
        if (argument?.type === 'identifier') names.add(argument.text);
        break;
      }
      case 'for_in_statement': {
        const left = node.field('left');
        if (left) for (const n of patternNames(left)) names.add(n);
        break;
      }
      default:
        if (FUNCTION_TYPES.has(node.type) && node !== loop.node) for (const n of parameterNames(node)) names.add(n);
    }
  }
  return names;
}

/** Whether the subtree reads any of the names (as a variable, not as a property name). */
export function referencesAny(node: SyntaxNode, names: ReadonlySet<string>): boolean {
  for (let d: SyntaxNode | undefined = node; d; d = nextInSubtree(d, node)) {
    if ((d.type === 'identifier' || d.type === 'shorthand_property_identifier') && names.has(d.text)) return true;
  }
  return false;
}

/** Whether the subtree reads the name. */
export function references(node: SyntaxNode, name: string): boolean {
  return referencesAny(node, new Set([name]));
}

/**
 * Whether the loop runs a fixed, small number of times: `for (const k of ['a', 'b'])`,
 * `['a', 'b'].map(...)`, `for (let i = 0; i < 3; i++)`. A cost per iteration is then a constant.
 */
export function hasFixedSmallTripCount(loop: Loop): boolean {
  if (loop.collection) {
    const collection = unparenthesize(loop.collection);
    return collection.type === 'array' && !codeChildren(collection).some((e) => e.type === 'spread_element');
  }
  if (loop.node.type === 'for_statement') {
    const condition = loop.node.fieldAll('condition').find((c) => c.isNamed);
    const bare = condition ? unparenthesize(condition) : undefined;
    if (bare?.type !== 'binary_expression') return false;
    const operator = bare.field('operator')?.type;
    return (operator === '<' || operator === '<=') && bare.field('right')?.type === 'number';
  }
  return false;
}

/** Array methods that scan for a value (`xs.includes(x)`), and those that scan with a predicate (`xs.find((x) => ...)`). */
export const VALUE_SEARCHES: ReadonlySet<string> = new Set(['includes', 'indexOf', 'lastIndexOf']);
export const PREDICATE_SEARCHES: ReadonlySet<string> = new Set(['find', 'findIndex', 'findLast', 'findLastIndex', 'some']);

/** `u.id`, `u.profile.id`: a property path read from the element parameter, without calls (`''` for the element itself). */
function propertyPathOf(node: SyntaxNode, parameter: string, throughParentheses: boolean): string | undefined {
  if (node.type === 'identifier') return node.text === parameter ? '' : undefined;
  if (node.type !== 'member_expression') return undefined;
  const object = node.field('object');
  const property = node.field('property');
  if (!object || property?.type !== 'property_identifier') return undefined;
  const inner = propertyPathOf(throughParentheses ? unparenthesize(object) : object, parameter, throughParentheses);
  return inner === undefined ? undefined : inner ? `${inner}.${property.text}` : property.text;
}

/**
 * For `users.find((u) => u.id === order.userId)`: the key path (`id`, or `''` for the element
 * itself) when the predicate is one equality between the element and a per-iteration value. With
 * `throughParentheses`, a path may also be written `(u).id` (the type-aware rule reads those; the
 * syntactic one does not).
 */
export function equalityKey(callback: SyntaxNode, varying: ReadonlySet<string>, { throughParentheses }: { throughParentheses: boolean }): string | undefined {
  if (!CALLBACK_TYPES.has(callback.type)) return undefined;
  const parameters = parameterNames(callback);
  if (parameters.length !== 1) return undefined;
  const [parameter] = parameters;
  let body = callback.field('body');
  if (body?.type === 'statement_block') {
    const statements = codeChildren(body);
    body = statements.length === 1 && statements[0].type === 'return_statement' ? codeChildren(statements[0])[0] : undefined;
  }
  const comparison = body ? unparenthesize(body) : undefined;
  if (comparison?.type !== 'binary_expression' || !['===', '=='].includes(comparison.field('operator')?.type ?? '')) return undefined;
  const left = comparison.field('left');
  const right = comparison.field('right');
  if (!left || !right) return undefined;
  const others = new Set([...varying].filter((n) => n !== parameter));
  for (const [element, probe] of [[left, right], [right, left]]) {
    const path = propertyPathOf(unparenthesize(element), parameter, throughParentheses);
    if (path === undefined || references(probe, parameter)) continue;
    return referencesAny(probe, others) ? path : undefined;
  }
  return undefined;
}

const MUTATING_METHODS: ReadonlySet<string> = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin']);

/** Whether the subtree changes the array named `name`: a mutating method, an element or length write, or a reassignment. */
export function mutatesArray(node: SyntaxNode, name: string, methods: ReadonlySet<string> = MUTATING_METHODS): boolean {
  for (let d: SyntaxNode | undefined = node; d; d = nextInSubtree(d, node)) {
    if (d.type === 'call_expression') {
      const callee = d.field('function');
      if (callee?.type === 'member_expression' && callee.field('object')?.text === name && methods.has(callee.field('property')?.text ?? '')) return true;
    } else if (d.type === 'assignment_expression' || d.type === 'augmented_assignment_expression') {
      const left = d.field('left');
      if (!left) continue;
      if (left.type === 'identifier' && left.text === name) return true;
      if ((left.type === 'subscript_expression' || left.type === 'member_expression') && left.field('object')?.text === name) return true;
    }
  }
  return false;
}

/** Methods that grow an array in place. */
export const GROWING_METHODS: ReadonlySet<string> = new Set(['push', 'unshift', 'splice']);
