/**
 * Local, conservative facts about Python names for the performance rules: which loop re-runs a
 * node, where a name is bound in its scope, and whether every binding makes it a list, tuple, str or
 * bytes. There is no type-inference engine yet, so everything here answers "unknown" (undefined)
 * as soon as the code does something it does not follow, and the rules then stay silent.
 *
 * The leading underscore keeps the rule loader from treating this helper as a rule.
 */
import { nextInSubtree, type SyntaxNode } from '../../parse/syntax-node.js';

export const COMPREHENSION_TYPES: ReadonlySet<string> = new Set([
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
]);

const NESTED_SCOPE_TYPES: ReadonlySet<string> = new Set(['function_definition', 'lambda', 'class_definition']);

export const lineOf = (node: SyntaxNode): number => node.startRow + 1;

/** The function, lambda, class body or module whose names `node` sees first. */
export function scopeOf(node: SyntaxNode): SyntaxNode {
  let last = node;
  for (const ancestor of node.ancestors()) {
    if (NESTED_SCOPE_TYPES.has(ancestor.type) || ancestor.type === 'module') return ancestor;
    last = ancestor;
  }
  return last;
}

/**
 * The innermost loop that evaluates `node` again on each of its iterations, without leaving the
 * node's function. A for-loop's iterable and `else` run once, so they are not "in" the loop; the
 * first iterable of a comprehension is likewise evaluated once.
 */
export function enclosingLoop(node: SyntaxNode): SyntaxNode | undefined {
  let child = node;
  for (const ancestor of node.ancestors()) {
    if (NESTED_SCOPE_TYPES.has(ancestor.type)) return undefined;
    if (ancestor.type === 'for_statement' && child.fieldName === 'body') return ancestor;
    if (ancestor.type === 'while_statement' && (child.fieldName === 'body' || child.fieldName === 'condition')) return ancestor;
    if (COMPREHENSION_TYPES.has(ancestor.type)) {
      const first = ancestor.children.find((c) => c.type === 'for_in_clause');
      const inFirstIterable = first === child && first.field('right')?.contains(node);
      if (!inFirstIterable) return ancestor;
    }
    child = ancestor;
  }
  return undefined;
}

/** "loop" or "comprehension", for messages. */
export const loopWord = (loop: SyntaxNode): string => (COMPREHENSION_TYPES.has(loop.type) ? 'comprehension' : 'loop');

/** The expression a for-loop or comprehension iterates over (its first iterable); undefined for while. */
export function loopIterable(loop: SyntaxNode): SyntaxNode | undefined {
  if (loop.type === 'for_statement') return loop.field('right');
  if (COMPREHENSION_TYPES.has(loop.type)) return loop.children.find((c) => c.type === 'for_in_clause')?.field('right');
  return undefined;
}

/** Whether `node` is part of the loop and evaluated again on its iterations (not the iterable, evaluated once). */
export function inLoopBody(loop: SyntaxNode, node: SyntaxNode): boolean {
  return loop.contains(node) && !loopIterable(loop)?.contains(node);
}

/**
 * The outermost loop around `node` that does not contain `origin` (where a value was created): the
 * region in which that value keeps being reused. Undefined when `node` is in no such loop.
 */
export function loopRegion(node: SyntaxNode, origin: SyntaxNode): SyntaxNode | undefined {
  let region: SyntaxNode | undefined;
  for (let loop = enclosingLoop(node); loop && !loop.contains(origin); loop = enclosingLoop(loop)) region = loop;
  return region;
}

/**
 * True when the loop runs a fixed, small number of times written in the source (`for m in ("GET", "POST")`,
 * `for _ in range(3)`): its cost does not grow with the data, so an O(n·m) claim would be false.
 */
export function hasFixedIterationCount(loop: SyntaxNode): boolean {
  const iterable = unwrapParens(loopIterable(loop));
  if (!iterable) return false;
  if (['list', 'tuple', 'set'].includes(iterable.type)) {
    return !iterable.namedChildren.some((c) => c.type === 'list_splat');
  }
  if (iterable.type === 'string' || iterable.type === 'concatenated_string') return true;
  if (iterable.type === 'call' && iterable.field('function')?.text === 'range') {
    const args = iterable.field('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
    return args.length > 0 && args.every((a) => a.type === 'integer');
  }
  return false;
}

export function unwrapParens(node: SyntaxNode | undefined): SyntaxNode | undefined {
  while (node?.type === 'parenthesized_expression') {
    const inner = node.namedChildren.filter((c) => c.type !== 'comment');
    if (inner.length !== 1) return node;
    node = inner[0];
  }
  return node;
}

/** How one occurrence of a name uses it. */
export type Role =
  | 'read'
  /** `name = value` or `name: T = value` / `name: T` (a single target). */
  | 'assign'
  /** `name op= value`. */
  | 'augment'
  | 'parameter'
  /** `global name` / `nonlocal name` in the scope itself. */
  | 'declaration'
  /** Any other binding: loop or `with` targets, unpacking, imports, `del`, walrus, match captures, defs. */
  | 'other-binding'
  /** Mentioned inside a nested function or lambda, which may read or mutate it whenever it is called. */
  | 'captured';

export interface Occurrence {
  node: SyntaxNode;
  role: Role;
}

export interface NameScan {
  name: string;
  scope: SyntaxNode;
  /** Every use of the name in the scope, in source order, not counting nested functions and classes. */
  occurrences: Occurrence[];
}

const READ_PARENTS: ReadonlySet<string> = new Set([
  'argument_list', 'comparison_operator', 'binary_operator', 'boolean_operator', 'not_operator',
  'unary_operator', 'call', 'subscript', 'slice', 'parenthesized_expression', 'list', 'tuple', 'set',
  'dictionary', 'pair', 'conditional_expression', 'interpolation', 'list_splat', 'dictionary_splat',
  'expression_statement', 'return_statement', 'yield', 'await', 'assert_statement', 'if_statement',
  'elif_clause', 'while_statement', 'if_clause', 'lambda', 'raise_statement', 'list_comprehension',
  'set_comprehension', 'dictionary_comprehension', 'generator_expression', 'with_item', 'as_pattern',
  'match_statement', 'decorator', 'type', 'print_statement', 'expression_list', 'format_specifier',
]);

const PATTERN_PARENTS: ReadonlySet<string> = new Set([
  'pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'dictionary_splat_pattern',
  'as_pattern_target', 'dotted_name', 'aliased_import', 'import_statement', 'import_from_statement',
  'delete_statement', 'case_pattern', 'keyword_pattern', 'splat_pattern', 'class_pattern',
  'dict_pattern', 'union_pattern',
]);

/** Undefined when the identifier is not a use of a variable (an attribute name, a keyword name). */
function classify(id: SyntaxNode): Role | 'unknown' | undefined {
  const parent = id.parent;
  if (!parent) return 'unknown';
  const field = id.fieldName;
  const annotation = outermostType(id);
  if (annotation) {
    // `type Alias = ...` and `def f[T]()` declare names; every other name in a type is a read.
    const declares = (annotation.parent?.type === 'type_alias_statement' && annotation.fieldName === 'left') || annotation.fieldName === 'type_parameters';
    return declares ? 'other-binding' : 'read';
  }
  switch (parent.type) {
    case 'attribute':
      return field === 'object' ? 'read' : undefined;
    case 'keyword_argument':
      return field === 'value' ? 'read' : undefined;
    case 'assignment':
      if (field === 'right') return 'read';
      if (field !== 'left') return 'unknown';
      // `a = b = []` makes two names for one list: mutation through one is invisible to a scan of the other.
      return parent.fieldName === 'right' && parent.parent?.type === 'assignment' ? 'other-binding' : 'assign';
    case 'augmented_assignment':
      return field === 'left' ? 'augment' : 'read';
    case 'parameters':
    case 'lambda_parameters':
    case 'typed_parameter':
      return 'parameter';
    case 'default_parameter':
    case 'typed_default_parameter':
      return field === 'name' ? 'parameter' : field === 'value' ? 'read' : 'unknown';
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern': {
      const owner = parent.parent?.type;
      return owner === 'parameters' || owner === 'lambda_parameters' || owner === 'typed_parameter' ? 'parameter' : 'other-binding';
    }
    case 'global_statement':
    case 'nonlocal_statement':
      return 'declaration';
    case 'function_definition':
    case 'class_definition':
      return field === 'name' ? 'other-binding' : 'unknown';
    case 'named_expression':
      return field === 'name' ? 'other-binding' : 'read';
    case 'for_statement':
    case 'for_in_clause':
      return field === 'right' ? 'read' : 'other-binding';
    case 'expression_list':
      return parent.parent?.type === 'delete_statement' ? 'other-binding' : insideTarget(parent) ? 'other-binding' : 'read';
    case 'tuple':
    case 'list':
    case 'parenthesized_expression':
      return insideTarget(parent) ? 'other-binding' : 'read';
  }
  if (PATTERN_PARENTS.has(parent.type)) return 'other-binding';
  return READ_PARENTS.has(parent.type) ? 'read' : 'unknown';
}

/** The outermost `type` node (an annotation, a type alias side) around `id`, if any. */
function outermostType(id: SyntaxNode): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  for (const ancestor of id.ancestors()) {
    if (ancestor.type === 'type') found = ancestor;
    else if (ancestor.type === 'block' || ancestor.type === 'module' || ancestor.type.endsWith('_statement')) break;
  }
  return found;
}

/** Whether a tuple/list display is really an assignment or loop target, e.g. `with f() as (a, b)`. */
function insideTarget(node: SyntaxNode): boolean {
  let current = node;
  for (const ancestor of node.ancestors()) {
    if (ancestor.type === 'as_pattern_target') return true;
    if ((ancestor.type === 'for_statement' || ancestor.type === 'for_in_clause') && current.fieldName === 'left') return true;
    if ((ancestor.type === 'assignment' || ancestor.type === 'augmented_assignment') && current.fieldName === 'left') return true;
    if (!['tuple', 'list', 'parenthesized_expression', 'expression_list', 'list_splat'].includes(ancestor.type)) return false;
    current = ancestor;
  }
  return false;
}

/**
 * Collects the uses of `name` directly in `scope`. Returns undefined when something rebinds it in a
 * way a scan cannot follow: a nested function declaring it `nonlocal`, or a use in an unknown position.
 */
function scanScope(scope: SyntaxNode, name: string): NameScan | undefined {
  const occurrences: Occurrence[] = [];
  const start = scope.type === 'module' ? scope.children : [scope.field('parameters'), scope.field('body')].filter((n): n is SyntaxNode => !!n);
  const stack = [...start].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (NESTED_SCOPE_TYPES.has(node.type)) {
      // The nested definition's own name binds here; its body is another scope, except that
      // `nonlocal name` in it rebinds ours.
      const own = node.field('name');
      if (own?.text === name) occurrences.push({ node: own, role: 'other-binding' });
      // At module level every function is "nested": looking into all of them would walk the whole
      // file, so module-level names are not checked for capture (functions that rebind them need
      // `global`, which the engine's walk reports to LocalNames).
      const body = scope.type === 'module' ? undefined : node.field('body');
      let captured = false;
      for (const d of body?.descendants() ?? []) {
        if (d.type === 'nonlocal_statement' && d.namedChildren.some((c) => c.text === name)) return undefined;
        if (!captured && d.type === 'identifier' && d.text === name && classify(d) !== undefined) {
          occurrences.push({ node: d, role: 'captured' });
          captured = true;
        }
      }
      // Default values are evaluated in this scope (decorators are siblings, walked as usual).
      for (const p of node.field('parameters')?.namedChildren ?? []) {
        const value = p.field('value');
        if (value) stack.push(value);
      }
      continue;
    }
    if (node.type === 'identifier') {
      if (node.text !== name) continue;
      const role = classify(node);
      if (role === 'unknown') return undefined;
      if (role) occurrences.push({ node, role });
      continue;
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return { name, scope, occurrences };
}

export const isBinding = (o: Occurrence): boolean => o.role !== 'read' && o.role !== 'captured';

/**
 * Resolves names with Python's LEGB rule over the scopes above a node. One instance per file: it
 * caches scans, and learns `global` statements from the engine's walk (merge `visitor` into the
 * rule's visitor), so module-level facts must be asked for in `file:exit`.
 */
export class LocalNames {
  private readonly globals = new Set<string>();
  private readonly scans = new Map<SyntaxNode, Map<string, NameScan | undefined>>();

  readonly visitor = {
    global_statement: (node: SyntaxNode) => {
      for (const id of node.namedChildren) if (id.type === 'identifier') this.globals.add(id.text);
    },
  };

  private scan(scope: SyntaxNode, name: string): NameScan | undefined {
    let byName = this.scans.get(scope);
    if (!byName) this.scans.set(scope, (byName = new Map()));
    if (!byName.has(name)) byName.set(name, scanScope(scope, name));
    return byName.get(name);
  }

  /** The scope that binds `name` as seen from `at`; undefined when it cannot be followed. */
  resolve(name: string, at: SyntaxNode): NameScan | undefined {
    let scope = scopeOf(at);
    // Class bodies have odd scoping (their names are invisible to their methods): not worth guessing.
    if (scope.type === 'class_definition') return undefined;
    for (;;) {
      const scan = this.scan(scope, name);
      if (!scan) return undefined;
      if (scope.type === 'module') return this.globals.has(name) ? undefined : scan;
      if (scan.occurrences.some((o) => o.role === 'declaration')) return undefined;
      if (scan.occurrences.some(isBinding)) return scan;
      // Free in this function: look outward, skipping class bodies, which enclosed functions cannot see.
      let outer = scopeOf(scope);
      while (outer.type === 'class_definition') outer = scopeOf(outer);
      scope = outer;
    }
  }

  /** True when `name` refers to the builtin at `at`: nothing in scope binds it. */
  isBuiltin(name: string, at: SyntaxNode): boolean {
    const scan = this.resolve(name, at);
    return !!scan && scan.scope.type === 'module' && !scan.occurrences.some(isBinding);
  }
}

export type SequenceKind = 'list' | 'tuple' | 'str' | 'bytes';

/** What one binding says about a name's type, and where. */
export interface TypedBinding {
  kind: SequenceKind;
  node: SyntaxNode;
  /** "assigned", "annotated" or "collected by `*`", for messages. */
  how: string;
  /** True when the size comes from data (comprehension, `list(...)`, annotation), not from the source text. */
  computed: boolean;
  /** The element expressions of a display or the body of a comprehension, when visible. */
  elements: SyntaxNode[];
  /** The annotation's type arguments, e.g. `dict[str, int]` in `list[dict[str, int]]`. */
  elementTypes: SyntaxNode[];
}

/** The sequence kind of a value expression, or undefined when it is not one of the known forms. */
export function valueKind(value: SyntaxNode, names: LocalNames): Omit<TypedBinding, 'node' | 'how'> | undefined {
  const v = unwrapParens(value);
  if (!v) return undefined;
  const items = (n: SyntaxNode) => n.namedChildren.filter((c) => c.type !== 'comment');
  switch (v.type) {
    case 'list':
      return { kind: 'list', computed: false, elements: items(v), elementTypes: [] };
    case 'list_comprehension':
      return { kind: 'list', computed: true, elements: [v.field('body')!].filter(Boolean), elementTypes: [] };
    case 'tuple':
    case 'expression_list':
      return { kind: 'tuple', computed: false, elements: items(v), elementTypes: [] };
    case 'string':
      return { kind: stringKind(v), computed: false, elements: [], elementTypes: [] };
    case 'concatenated_string': {
      const kinds = new Set(items(v).map(stringKind));
      return kinds.size === 1 ? { kind: [...kinds][0], computed: false, elements: [], elementTypes: [] } : undefined;
    }
    case 'call': {
      const fn = v.field('function');
      if (fn?.type !== 'identifier' || !['list', 'tuple', 'sorted'].includes(fn.text)) return undefined;
      if (!names.isBuiltin(fn.text, v)) return undefined;
      const args = items(v.field('arguments')!);
      const body = args.length === 1 && args[0].type === 'generator_expression' ? [args[0].field('body')!].filter(Boolean) : [];
      return { kind: fn.text === 'tuple' ? 'tuple' : 'list', computed: true, elements: body, elementTypes: [] };
    }
  }
  return undefined;
}

function stringKind(node: SyntaxNode): SequenceKind {
  const start = node.children.find((c) => c.type === 'string_start')?.text ?? '';
  return /b/i.test(start) ? 'bytes' : 'str';
}

const ANNOTATION_KINDS: Record<string, SequenceKind> = {
  list: 'list', List: 'list', 'typing.List': 'list',
  tuple: 'tuple', Tuple: 'tuple', 'typing.Tuple': 'tuple',
  str: 'str', bytes: 'bytes',
};

/** `list[int]`, `List[str]`, `typing.Tuple[int, ...]`, `str`; unions and aliases are unknown. */
export function annotationKind(type: SyntaxNode): { kind: SequenceKind; elementTypes: SyntaxNode[] } | undefined {
  const inner = type.type === 'type' ? type.namedChildren.find((c) => c.type !== 'comment') : type;
  if (!inner) return undefined;
  if (inner.type === 'identifier' || inner.type === 'attribute') {
    const kind = ANNOTATION_KINDS[inner.text];
    return kind ? { kind, elementTypes: [] } : undefined;
  }
  if (inner.type === 'generic_type' || inner.type === 'subscript') {
    const base = inner.type === 'generic_type' ? inner.namedChildren[0] : inner.field('value');
    const kind = base ? ANNOTATION_KINDS[base.text] : undefined;
    if (!kind) return undefined;
    const params = inner.type === 'generic_type'
      ? inner.children.find((c) => c.type === 'type_parameter')?.namedChildren ?? []
      : inner.fieldAll('subscript');
    return { kind, elementTypes: params.filter((c) => c.type !== 'comment') };
  }
  return undefined;
}

/** The typed facts of one binding occurrence, or undefined when it says nothing we trust. */
export function bindingType(occurrence: Occurrence, names: LocalNames): TypedBinding | undefined {
  const { node, role } = occurrence;
  if (role === 'assign') {
    const assignment = node.parent!;
    const value = assignment.field('right');
    const annotation = assignment.field('type');
    const annotated = annotation ? annotationKind(annotation) : undefined;
    const fromValue = value ? valueKind(value, names) : undefined;
    if (fromValue) {
      if (annotated && annotated.kind !== fromValue.kind) return undefined;
      return { ...fromValue, elementTypes: annotated?.elementTypes ?? [], node: assignment, how: 'assigned' };
    }
    // An annotation is the author's statement of the type, also when the value's type is not visible here.
    return annotated ? { ...annotated, computed: true, elements: [], node: assignment, how: 'annotated' } : undefined;
  }
  if (role === 'parameter') {
    const param = node.parent!;
    if (param.type === 'list_splat_pattern' && param.parent?.type === 'parameters') {
      // Sized by the call sites' argument lists: as fixed as a literal.
      return { kind: 'tuple', computed: false, elements: [], elementTypes: [], node: param, how: 'collected by `*`' };
    }
    const annotation = param.type === 'typed_parameter' || param.type === 'typed_default_parameter' ? param.field('type') : undefined;
    const annotated = annotation ? annotationKind(annotation) : undefined;
    return annotated ? { ...annotated, computed: true, elements: [], node: param, how: 'annotated' } : undefined;
  }
  return undefined;
}

export interface KnownSequence {
  scan: NameScan;
  kind: SequenceKind;
  /** Every binding that fixes the type (assignments, annotated parameters), in source order. */
  bindings: TypedBinding[];
  /** `name op= ...` occurrences. */
  augments: Occurrence[];
}

/**
 * The sequence kind of the name `id` refers to, when every binding of it in its scope agrees:
 * typed assignments or parameters, plus `+=` (which keeps list, tuple, str and bytes what they are).
 * `extraBinding` lets a rule accept more binding forms it understands (e.g. `s = s + t`).
 */
export function knownSequence(
  id: SyntaxNode,
  names: LocalNames,
  extraBinding?: (occurrence: Occurrence) => boolean,
): KnownSequence | undefined {
  if (id.type !== 'identifier') return undefined;
  const scan = names.resolve(id.text, id);
  if (!scan) return undefined;
  const bindings: TypedBinding[] = [];
  const augments: Occurrence[] = [];
  for (const occurrence of scan.occurrences) {
    if (occurrence.role === 'read' || occurrence.role === 'captured') continue;
    if (occurrence.role === 'augment') {
      if (occurrence.node.parent?.field('operator')?.text !== '+=') return undefined;
      augments.push(occurrence);
      continue;
    }
    if (extraBinding?.(occurrence)) continue;
    const typed = bindingType(occurrence, names);
    if (!typed) return undefined;
    bindings.push(typed);
  }
  if (bindings.length === 0) return undefined;
  const kind = bindings[0].kind;
  if (bindings.some((b) => b.kind !== kind)) return undefined;
  return { scan, kind, bindings, augments };
}

const ADDING_METHODS = new Set(['append', 'extend', 'insert', 'appendleft', 'extendleft']);

/**
 * Whether the sequence's size depends on data rather than on the source text: it comes from a
 * comprehension, a `list(...)`-style call or an annotation, or it is grown inside a loop, or extended
 * with something other than a literal display (`items += rows`, `items.extend(found)`).
 */
export function sizeDependsOnData(known: KnownSequence): boolean {
  if (known.bindings.some((b) => b.computed)) return true;
  const isDisplay = (n: SyntaxNode | undefined) => !!n && ['list', 'tuple', 'set'].includes(unwrapParens(n)?.type ?? '');
  for (const a of known.augments) {
    if (enclosingLoop(a.node) || !isDisplay(a.node.parent?.field('right'))) return true;
  }
  for (const o of known.scan.occurrences) {
    if (o.role !== 'read') continue;
    const call = methodCallOn(o.node);
    if (!call || !ADDING_METHODS.has(call.method)) continue;
    const args = callArguments(call.call);
    if (enclosingLoop(o.node)) return true;
    if ((call.method === 'extend' || call.method === 'extendleft') && !(args.length === 1 && isDisplay(args[0]))) return true;
  }
  return false;
}

/** The last typed binding before `node` starts (the one in force when the loop begins). */
export function bindingBefore(known: KnownSequence, node: SyntaxNode): TypedBinding | undefined {
  let found: TypedBinding | undefined;
  for (const b of known.bindings) if (b.node.endIndex <= node.startIndex) found = b;
  return found;
}

/** `name.method(...)` when `read` is the object of a method call: returns the call and method name. */
export function methodCallOn(read: SyntaxNode): { call: SyntaxNode; method: string } | undefined {
  const attribute = read.parent;
  if (attribute?.type !== 'attribute' || read.fieldName !== 'object') return undefined;
  const call = attribute.parent;
  if (call?.type !== 'call' || attribute.fieldName !== 'function') return undefined;
  const method = attribute.field('attribute')?.text;
  return method ? { call, method } : undefined;
}

/** The node's non-comment positional and keyword arguments. */
export function callArguments(call: SyntaxNode): SyntaxNode[] {
  return call.field('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
}

/** Whether `node` contains an `await` evaluated in its own function (not inside a nested lambda or def). */
export function containsAwait(node: SyntaxNode): boolean {
  for (let d: SyntaxNode | undefined = node; d; d = nextInSubtree(d, node)) {
    if (d.type === 'await' && ![...d.ancestors()].some((a) => node.contains(a) && NESTED_SCOPE_TYPES.has(a.type))) return true;
  }
  return false;
}

/** Shortens code for a message: the first line, at most `max` characters. */
export function excerpt(text: string, max = 60): string {
  const firstLine = text.split(/\r?\n/)[0].trimEnd();
  if (firstLine.length > max) return `${firstLine.slice(0, max - 1)}…`;
  return firstLine === text ? text : `${firstLine} …`;
}

/** "assigned at line 3", "annotated at line 2", for messages and evidence. */
export const bindingPhrase = (binding: TypedBinding): string => `${binding.how} at line ${lineOf(binding.node)}`;

/** True when `read` only looks at the collection: `x in name`, `len(name)`, `name[i]` (not as a target), `for y in name`. */
export function isInspectingRead(read: SyntaxNode): boolean {
  const parent = read.parent;
  if (!parent) return false;
  if (parent.type === 'comparison_operator') {
    const operands = parent.namedChildren.filter((c) => c.type !== 'comment');
    const operators = parent.children.filter((c) => !c.isNamed);
    return operands.length === 2 && operands[1] === read && (operators[0]?.type === 'in' || operators[0]?.type === 'not in');
  }
  if (parent.type === 'argument_list') {
    const call = parent.parent;
    return call?.field('function')?.text === 'len' && parent.namedChildren.filter((c) => c.type !== 'comment').length === 1;
  }
  if (parent.type === 'subscript' && read.fieldName === 'value') return !isTarget(parent);
  if ((parent.type === 'for_statement' || parent.type === 'for_in_clause') && read.fieldName === 'right') return true;
  return false;
}

/** Whether an expression is written to: an assignment or loop target, `del`, or the left of `op=`. */
export function isTarget(node: SyntaxNode): boolean {
  let current = node;
  for (const ancestor of node.ancestors()) {
    if (ancestor.type === 'delete_statement') return true;
    if (['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause'].includes(ancestor.type)) return current.fieldName === 'left';
    if (!['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list', 'parenthesized_expression', 'list_splat_pattern'].includes(ancestor.type)) return false;
    current = ancestor;
  }
  return false;
}
