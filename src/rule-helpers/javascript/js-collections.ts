import { nextInSubtree, type SyntaxNode } from '../../parse/syntax-node.js';
import { callArguments, codeChildren, FUNCTION_TYPES, unparenthesize } from './js-expressions.js';
import { GROWING_METHODS, lineOf, LOOP_STATEMENT_TYPES, patternNames } from './js-loops.js';

/**
 * What a local name certainly holds (an array, a string), read from its declaration and every
 * assignment to it in the declaring scope. There is no type inference yet, so this is narrow on
 * purpose: an unknown declaration, a parameter without a type, or an assignment of something else
 * gives `undefined`, and the rules asking stay silent.
 */

export interface LocalBinding {
  name: string;
  /** The variable declarator, parameter or other node that introduces the name. */
  node: SyntaxNode;
  /** `const`, `let`, `var`, `parameter`, or `other` for imports, functions, destructuring and loop heads. */
  kind: 'const' | 'let' | 'var' | 'parameter' | 'other';
  /** The block, function or program the name is declared in. */
  scope: SyntaxNode;
}

export interface KnownCollection {
  kind: 'array' | 'string';
  /** 1-based line of the declaration. */
  line: number;
  /** How we know, for evidence: `array literal`, `type string[]`, `Object.keys(...)`. */
  evidence: string;
  /** An array literal without spread that no loop grows: a handful of constants, however many pushes follow once. */
  fixedSize: boolean;
}

const BLOCK_TYPES: ReadonlySet<string> = new Set(['statement_block', 'program', 'switch_case', 'switch_default', 'class_static_block']);
const DECLARATION_TYPES: ReadonlySet<string> = new Set(['lexical_declaration', 'variable_declaration']);
const NAMED_DECLARATION_TYPES: ReadonlySet<string> = new Set(['function_declaration', 'generator_function_declaration', 'class_declaration']);

function declarationIn(block: SyntaxNode, name: string): LocalBinding | undefined {
  for (const statement of block.children) {
    const declaration = statement.type === 'export_statement' ? statement.field('declaration') ?? statement : statement;
    if (DECLARATION_TYPES.has(declaration.type)) {
      const kind = declaration.children.find((c) => !c.isNamed && (c.type === 'const' || c.type === 'let' || c.type === 'var'))?.type as LocalBinding['kind'] | undefined;
      for (const declarator of declaration.namedChildren) {
        if (declarator.type !== 'variable_declarator') continue;
        const target = declarator.field('name');
        if (!target) continue;
        if (target.type === 'identifier' && target.text === name) return { name, node: declarator, kind: kind ?? 'other', scope: block };
        if (patternNames(target).includes(name)) return { name, node: declarator, kind: 'other', scope: block };
      }
    } else if (NAMED_DECLARATION_TYPES.has(declaration.type) && declaration.field('name')?.text === name) {
      return { name, node: declaration, kind: 'other', scope: block };
    } else if (declaration.type === 'import_statement' && codeChildren(declaration).some((c) => c.type === 'import_clause' && patternNames(c).includes(name))) {
      return { name, node: declaration, kind: 'other', scope: block };
    }
  }
  return undefined;
}

/** The declaration `use` (an identifier's position) resolves to, looking outward through blocks and functions. */
export function findBinding(name: string, use: SyntaxNode): LocalBinding | undefined {
  for (const scope of use.ancestors()) {
    if (BLOCK_TYPES.has(scope.type)) {
      const found = declarationIn(scope, name);
      if (found) return found;
    } else if (scope.type === 'for_statement') {
      const initializer = scope.field('initializer');
      if (initializer && DECLARATION_TYPES.has(initializer.type)) {
        for (const declarator of initializer.namedChildren) {
          const target = declarator.field('name');
          if (target && patternNames(target).includes(name)) return { name, node: declarator, kind: 'other', scope };
        }
      }
    } else if (scope.type === 'for_in_statement') {
      const left = scope.field('left');
      if (left && patternNames(left).includes(name)) return { name, node: left, kind: 'other', scope };
    } else if (scope.type === 'catch_clause') {
      const parameter = scope.field('parameter');
      if (parameter && patternNames(parameter).includes(name)) return { name, node: parameter, kind: 'other', scope };
    } else if (FUNCTION_TYPES.has(scope.type)) {
      const parameters = scope.field('parameters') ?? scope.field('parameter');
      const list = parameters?.type === 'formal_parameters' ? codeChildren(parameters) : parameters ? [parameters] : [];
      for (const parameter of list) {
        const pattern = parameter.type === 'required_parameter' || parameter.type === 'optional_parameter' ? parameter.field('pattern') : parameter;
        if (pattern?.type === 'identifier' && pattern.text === name) return { name, node: parameter, kind: 'parameter', scope };
        if (pattern && patternNames(pattern).includes(name)) return { name, node: parameter, kind: 'other', scope };
      }
      if ((scope.type === 'function_expression' || scope.type === 'function') && scope.field('name')?.text === name) {
        return { name, node: scope, kind: 'other', scope };
      }
    }
  }
  return undefined;
}

/** `T[]`, `readonly T[]`, `Array<T>`, `ReadonlyArray<T>` → array; `string` → string. */
function typeKind(annotation: SyntaxNode | undefined): { kind: KnownCollection['kind']; evidence: string } | undefined {
  let type = annotation?.type === 'type_annotation' ? codeChildren(annotation)[0] : annotation;
  while (type && (type.type === 'parenthesized_type' || type.type === 'readonly_type')) type = codeChildren(type)[0];
  if (!type) return undefined;
  if (type.type === 'array_type') return { kind: 'array', evidence: `type \`${type.text}\`` };
  if (type.type === 'generic_type' && ['Array', 'ReadonlyArray'].includes(type.field('name')?.text ?? '')) return { kind: 'array', evidence: `type \`${type.text}\`` };
  if (type.type === 'predefined_type' && type.text === 'string') return { kind: 'string', evidence: 'type `string`' };
  return undefined;
}

/** Methods whose result is a new array whatever array-like receiver they are called on. */
const ARRAY_RESULT_METHODS: ReadonlySet<string> = new Set(['map', 'filter', 'flatMap', 'flat', 'split', 'toSorted', 'toReversed', 'toSpliced']);
const ARRAY_FACTORIES: ReadonlySet<string> = new Set(['Array.from', 'Array.of', 'Object.keys', 'Object.values', 'Object.entries', 'Object.getOwnPropertyNames']);

/** What an expression evaluates to, when its syntax alone says: `[...]`, `new Array(n)`, `xs.map(f)`, `"..."`. */
export function expressionKind(expression: SyntaxNode): { kind: KnownCollection['kind']; evidence: string; literal?: SyntaxNode } | undefined {
  let bare = unparenthesize(expression);
  if (bare.type === 'as_expression' || bare.type === 'satisfies_expression') {
    const [value, type] = codeChildren(bare);
    return typeKind(type) ?? (value ? expressionKind(value) : undefined);
  }
  if (bare.type === 'non_null_expression') bare = codeChildren(bare)[0] ?? bare;
  if (bare.type === 'await_expression') {
    // `await Promise.all([...])` is an array; awaiting anything else is unknown.
    const awaited = codeChildren(bare)[0];
    const call = awaited ? unparenthesize(awaited) : undefined;
    const callee = call?.type === 'call_expression' ? call.field('function') : undefined;
    return callee && (callee.text === 'Promise.all' || callee.text === 'Promise.allSettled') ? { kind: 'array', evidence: `\`${callee.text}(...)\`` } : undefined;
  }
  switch (bare.type) {
    case 'array':
      return { kind: 'array', evidence: 'array literal', literal: bare };
    case 'string':
    case 'template_string':
      return { kind: 'string', evidence: 'string literal' };
    case 'new_expression':
      return bare.field('constructor')?.text === 'Array' ? { kind: 'array', evidence: '`new Array(...)`' } : undefined;
    case 'call_expression': {
      const callee = bare.field('function');
      if (!callee) return undefined;
      if (callee.type === 'identifier' && callee.text === 'Array') return { kind: 'array', evidence: '`Array(...)`' };
      if (callee.type !== 'member_expression') return undefined;
      if (ARRAY_FACTORIES.has(callee.text)) return { kind: 'array', evidence: `\`${callee.text}(...)\`` };
      const method = callee.field('property');
      if (method?.type === 'property_identifier' && ARRAY_RESULT_METHODS.has(method.text)) return { kind: 'array', evidence: `\`.${method.text}(...)\` result` };
      // `.concat` and `.slice` also exist on strings: only an array receiver makes the result an array.
      const receiver = callee.field('object');
      if (method && ['concat', 'slice'].includes(method.text) && receiver && expressionKind(receiver)?.kind === 'array') {
        return { kind: 'array', evidence: `\`.${method.text}(...)\` of an array` };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Whether an assignment to an array name keeps it an array: `xs = xs.concat(y)`, `xs = [...xs, y]`, `xs = ys.map(f)`. */
function keepsArray(name: string, value: SyntaxNode): boolean {
  if (expressionKind(value)?.kind === 'array') return true;
  const bare = unparenthesize(value);
  if (bare.type !== 'call_expression') return false;
  const callee = bare.field('function');
  return callee?.type === 'member_expression' && callee.field('object')?.text === name && ['concat', 'slice'].includes(callee.field('property')?.text ?? '');
}

/**
 * What the name holds at `use`, when its declaration (and every assignment in its scope) says it is
 * an array or a string. Parameters count only with a type annotation.
 */
export function knownCollection(name: string, use: SyntaxNode): (KnownCollection & { binding: LocalBinding }) | undefined {
  const binding = findBinding(name, use);
  if (!binding || binding.kind === 'other') return undefined;
  const annotated = typeKind(binding.node.field('type'));
  let known: { kind: KnownCollection['kind']; evidence: string; literal?: SyntaxNode } | undefined = annotated;
  if (!known) {
    if (binding.kind === 'parameter') return undefined;
    const value = binding.node.field('value');
    known = value ? expressionKind(value) : undefined;
  }
  if (!known) return undefined;
  const index = scopeIndex(binding.scope);
  if (binding.kind !== 'const') {
    // A reassignment anywhere in the scope (nested functions included) must keep the kind.
    if (index.destructured.has(name) || (known.kind === 'array' && index.augmented.has(name))) return undefined;
    for (const value of index.assignments.get(name) ?? []) {
      if (annotated) continue;
      if (known.kind === 'array' ? !keepsArray(name, value) : expressionKind(value)?.kind !== 'string') return undefined;
      known = { kind: known.kind, evidence: known.evidence };
    }
  }
  const literal = known.literal;
  const fixedSize =
    literal !== undefined &&
    !codeChildren(literal).some((e) => e.type === 'spread_element') &&
    !index.grown.has(name);
  return { kind: known.kind, evidence: known.evidence, line: lineOf(binding.node), fixedSize, binding };
}

/**
 * A push repeated by a loop (or by a function that may be called any number of times), or one that
 * spreads a collection, adds a number of elements the code does not fix; `xs.push("a")` once does.
 */
function growsWithoutBound(call: SyntaxNode, scope: SyntaxNode): boolean {
  if (callArguments(call).some((a) => a.type === 'spread_element')) return true;
  for (const ancestor of call.ancestors()) {
    if (ancestor === scope) return false;
    if (LOOP_STATEMENT_TYPES.has(ancestor.type) || FUNCTION_TYPES.has(ancestor.type)) return true;
  }
  return false;
}

interface ScopeIndex {
  /** Values assigned with `name = value`, by name. */
  assignments: Map<string, SyntaxNode[]>;
  /** Names given `name += ...` and the like. */
  augmented: Set<string>;
  /** Names assigned by destructuring, `[a, b] = pair`: their new value is unknown. */
  destructured: Set<string>;
  /** Names of arrays grown with push/unshift/splice by a loop, a function or a spread. */
  grown: Set<string>;
}

/** One walk per declaring scope, shared by every question about names declared there. */
const scopeIndexes = new WeakMap<SyntaxNode, ScopeIndex>();

function scopeIndex(scope: SyntaxNode): ScopeIndex {
  let index = scopeIndexes.get(scope);
  if (index) return index;
  index = { assignments: new Map(), augmented: new Set(), destructured: new Set(), grown: new Set() };
  for (let node: SyntaxNode | undefined = scope; node; node = nextInSubtree(node, scope)) {
    if (node.type === 'assignment_expression') {
      const left = node.field('left');
      const right = node.field('right');
      if (left?.type === 'identifier' && right) {
        const list = index.assignments.get(left.text) ?? [];
        list.push(right);
        index.assignments.set(left.text, list);
      } else if (left && (left.type === 'array_pattern' || left.type === 'object_pattern')) {
        for (const name of patternNames(left)) index.destructured.add(name);
      }
    } else if (node.type === 'augmented_assignment_expression') {
      const left = node.field('left');
      if (left?.type === 'identifier') index.augmented.add(left.text);
    } else if (node.type === 'call_expression') {
      const callee = node.field('function');
      const object = callee?.type === 'member_expression' ? callee.field('object') : undefined;
      if (object?.type === 'identifier' && GROWING_METHODS.has(callee!.field('property')?.text ?? '') && growsWithoutBound(node, scope)) index.grown.add(object.text);
    }
  }
  scopeIndexes.set(scope, index);
  return index;
}
