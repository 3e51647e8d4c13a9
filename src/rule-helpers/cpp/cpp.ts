/**
 * Local, conservative knowledge about C++ code shared by the cpp rules: which declaration a name
 * refers to inside one function (or the members of the class an inline method belongs to), what its
 * declared type looks like, and a few structural questions (enclosing loop, side effects).
 * Nothing here guesses: when the answer is not certain the helpers return undefined and rules stay silent.
 */
import { nextInSubtree, type SyntaxNode } from '../../parse/syntax-node.js';

export const FUNCTION_TYPES: ReadonlySet<string> = new Set(['function_definition', 'lambda_expression']);
export const LOOP_TYPES: ReadonlySet<string> = new Set(['for_statement', 'for_range_loop', 'while_statement', 'do_statement']);
const SCOPE_TYPES: ReadonlySet<string> = new Set([
  'compound_statement',
  'for_statement',
  'for_range_loop',
  'if_statement',
  'while_statement',
  'switch_statement',
  'catch_clause',
  'lambda_expression',
  'function_definition',
]);
const CLASS_TYPES: ReadonlySet<string> = new Set(['class_specifier', 'struct_specifier', 'union_specifier']);

export interface DeclaratorShape {
  nameNode: SyntaxNode;
  pointerDepth: number;
  reference: boolean;
  rvalueReference: boolean;
  array: boolean;
  /** The initialiser of an `init_declarator` (`= value`, `(args)` or `{...}`). */
  value?: SyntaxNode;
}

export interface Variable extends DeclaratorShape {
  name: string;
  /** Declared type as written, whitespace-normalised, without cv-qualifiers: `std::vector<int>`, `unsigned int`. */
  type: string;
  typeNode?: SyntaxNode;
  isConst: boolean;
  /** Declared `static`, `thread_local` or `extern`: outlives the function. */
  isStatic: boolean;
  kind: 'parameter' | 'local' | 'member';
  /** The declaring node: `declaration`, `parameter_declaration`, `field_declaration`, `for_range_loop`. */
  declaration: SyntaxNode;
  /** The node within which the name is visible. */
  scope: SyntaxNode;
}

/** Collapses whitespace and drops the spaces around punctuation, so `std::vector< int >` reads `std::vector<int>`. */
export function normalizeType(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\s*([<>,:*&()[\]])\s*/g, '$1').trim();
}

/** Follows a declarator down to the declared name, recording pointer/reference/array levels. Undefined for functions and bindings. */
export function declaratorShape(declarator: SyntaxNode | undefined): DeclaratorShape | undefined {
  const shape = { pointerDepth: 0, reference: false, rvalueReference: false, array: false } as DeclaratorShape;
  let node = declarator;
  while (node) {
    switch (node.type) {
      case 'identifier':
      case 'field_identifier':
        shape.nameNode = node;
        return shape;
      case 'init_declarator':
        shape.value = node.field('value');
        node = node.field('declarator');
        break;
      case 'pointer_declarator':
        shape.pointerDepth++;
        node = node.field('declarator');
        break;
      case 'reference_declarator':
        shape.reference = true;
        if (node.token('&&')) shape.rvalueReference = true;
        node = node.namedChildren.at(-1);
        break;
      case 'array_declarator':
        shape.array = true;
        node = node.field('declarator');
        break;
      case 'parenthesized_declarator':
        node = node.namedChildren[0];
        break;
      default:
        return undefined;
    }
  }
  return undefined;
}

function qualifiers(declaration: SyntaxNode) {
  let isConst = false;
  let isStatic = false;
  for (const child of declaration.children) {
    if (child.type === 'type_qualifier' && (child.text === 'const' || child.text === 'constexpr')) isConst = true;
    if (child.type === 'storage_class_specifier' && /^(static|thread_local|extern)$/.test(child.text)) isStatic = true;
  }
  return { isConst, isStatic };
}

function variablesOfDeclaration(declaration: SyntaxNode, kind: Variable['kind'], scope: SyntaxNode): Variable[] {
  const typeNode = declaration.field('type');
  const type = typeNode ? normalizeType(typeNode.text) : '';
  const { isConst, isStatic } = qualifiers(declaration);
  const result: Variable[] = [];
  for (const declarator of declaration.fieldAll('declarator')) {
    const shape = declaratorShape(declarator);
    if (!shape) continue;
    // `if (auto* p = get())` keeps its initialiser on the declaration itself.
    if (!shape.value && declaration.field('value')) shape.value = declaration.field('value');
    if (!shape.value && declaration.field('default_value')) shape.value = declaration.field('default_value');
    result.push({ ...shape, name: shape.nameNode.text, type, typeNode, isConst, isStatic, kind, declaration, scope });
  }
  return result;
}

/** The closest function or lambda around a node. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  return node.closest(FUNCTION_TYPES);
}

/** The parameter list of a function definition or lambda. */
export function parameterList(fn: SyntaxNode): SyntaxNode | undefined {
  let declarator = fn.field('declarator');
  while (declarator && declarator.type !== 'function_declarator' && declarator.type !== 'abstract_function_declarator') {
    declarator = declarator.field('declarator') ?? declarator.namedChildren.find((c) => c.type.endsWith('declarator'));
  }
  return declarator?.field('parameters');
}

const PARAMETER_TYPES = new Set(['parameter_declaration', 'optional_parameter_declaration']);

const variableCache = new WeakMap<SyntaxNode, Map<string, Variable[]>>();

/** Every variable declared in a function or lambda (its parameters and all declarations in its subtree), by name. */
export function functionVariables(fn: SyntaxNode): Map<string, Variable[]> {
  const cached = variableCache.get(fn);
  if (cached) return cached;
  const byName = new Map<string, Variable[]>();
  const add = (v: Variable) => {
    const list = byName.get(v.name);
    if (list) list.push(v);
    else byName.set(v.name, [v]);
  };
  for (let node: SyntaxNode | undefined = fn; node; node = nextInSubtree(node, fn)) {
    if (node.type === 'declaration') {
      const scope = node.closest(SCOPE_TYPES);
      if (scope) for (const v of variablesOfDeclaration(node, 'local', scope)) add(v);
    } else if (PARAMETER_TYPES.has(node.type) && node.parent?.type === 'parameter_list') {
      let owner = node.parent.parent?.parent;
      // `T* f(...)` and `T& f(...)` wrap the function declarator in pointer/reference declarators.
      while (owner && (owner.type === 'pointer_declarator' || owner.type === 'reference_declarator')) owner = owner.parent;
      // Parameters of a function pointer type inside a declaration are not variables of anything.
      if (owner && FUNCTION_TYPES.has(owner.type)) for (const v of variablesOfDeclaration(node, 'parameter', owner)) add(v);
      else if (node.parent.parent?.type === 'catch_clause') for (const v of variablesOfDeclaration(node, 'local', node.parent.parent)) add(v);
    } else if (node.type === 'for_range_loop') {
      for (const v of variablesOfDeclaration(node, 'local', node)) add(v);
    }
  }
  variableCache.set(fn, byName);
  return byName;
}

/** The class an inline member function belongs to, when the definition sits in the class body. */
export function enclosingClass(fn: SyntaxNode): SyntaxNode | undefined {
  let node = fn.parent;
  if (node?.type === 'template_declaration') node = node.parent;
  if (node?.type !== 'field_declaration_list') return undefined;
  const owner = node.parent;
  return owner && CLASS_TYPES.has(owner.type) ? owner : undefined;
}

const memberCache = new WeakMap<SyntaxNode, Map<string, Variable[]>>();

/** Data members declared in a class body, by name. */
export function classMembers(cls: SyntaxNode): Map<string, Variable[]> {
  const cached = memberCache.get(cls);
  if (cached) return cached;
  const byName = new Map<string, Variable[]>();
  const body = cls.field('body');
  for (const child of body?.namedChildren ?? []) {
    if (child.type !== 'field_declaration') continue;
    for (const v of variablesOfDeclaration(child, 'member', cls)) {
      const list = byName.get(v.name);
      if (list) list.push(v);
      else byName.set(v.name, [v]);
    }
  }
  memberCache.set(cls, byName);
  return byName;
}

/** A data member of the class whose inline method contains `node`, looked up by name. */
export function resolveMember(node: SyntaxNode, name: string): Variable | undefined {
  let fn = node.closest('function_definition');
  // A lambda inside a method still sees the members (through `this`).
  while (fn && !enclosingClass(fn)) fn = fn.parent?.closest('function_definition');
  if (!fn) return undefined;
  const members = classMembers(enclosingClass(fn)!).get(name);
  return members?.length === 1 ? members[0] : undefined;
}

/**
 * The variable an identifier refers to: the innermost declaration of that name in the enclosing
 * function whose scope contains it and which precedes it, else (for inline methods) a data member.
 * Undefined when the name is declared elsewhere (globals, captures, base classes) or is ambiguous.
 */
export function resolveVariable(identifier: SyntaxNode): Variable | undefined {
  if (identifier.type !== 'identifier') return undefined;
  const fn = enclosingFunction(identifier);
  if (!fn) return undefined;
  const candidates = (functionVariables(fn).get(identifier.text) ?? []).filter(
    (v) => v.scope.contains(identifier) && (v.kind === 'parameter' || v.nameNode.startIndex <= identifier.startIndex),
  );
  if (candidates.length > 0) {
    let best = candidates[0];
    let tie = false;
    for (const c of candidates.slice(1)) {
      if (c.scope.startIndex > best.scope.startIndex || (c.scope.startIndex === best.scope.startIndex && c.scope.endIndex < best.scope.endIndex)) {
        best = c;
        tie = false;
      } else if (c.scope === best.scope) tie = true;
    }
    return tie ? undefined : best;
  }
  // Names not declared in a lambda may be captures of the outer function: leave those alone.
  if (fn.type === 'lambda_expression') return undefined;
  return resolveMember(identifier, identifier.text);
}

/** Resolves `name` or `this->name` to a variable. */
export function resolveExpression(node: SyntaxNode | undefined): Variable | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return resolveVariable(node);
  if (node.type === 'field_expression' && node.field('argument')?.type === 'this' && node.field('operator')?.text === '->') {
    const field = node.field('field');
    return field ? resolveMember(node, field.text) : undefined;
  }
  return undefined;
}

/** Whether `using namespace std;` appears at the top level of the file (bounded to the root's children). */
const namespaceStdCache = new WeakMap<SyntaxNode, boolean>();
export function usesNamespaceStd(node: SyntaxNode): boolean {
  let root = node;
  while (root.parent) root = root.parent;
  let cached = namespaceStdCache.get(root);
  if (cached === undefined) {
    cached = root.children.some((c) => c.type === 'using_declaration' && /^using\s+namespace\s+(::)?std\s*;$/.test(c.text));
    namespaceStdCache.set(root, cached);
  }
  return cached;
}

export interface StdType {
  /** Name inside `std`, e.g. `vector`, `string`. */
  name: string;
  /** Template arguments, normalised. */
  args: string[];
}

/** Splits a normalised type into its standard-library template name and arguments, when it names one. */
export function stdType(type: string, at?: SyntaxNode): StdType | undefined {
  let rest: string;
  if (type.startsWith('std::')) rest = type.slice(5);
  else if (type.startsWith('::std::')) rest = type.slice(7);
  else if (at && usesNamespaceStd(at) && /^[a-z_]+(<|$)/.test(type)) rest = type;
  else return undefined;
  const open = rest.indexOf('<');
  if (open === -1) return /^[a-z_0-9]+$/.test(rest) ? { name: rest, args: [] } : undefined;
  if (!rest.endsWith('>')) return undefined;
  const name = rest.slice(0, open);
  if (!/^[a-z_0-9]+$/.test(name)) return undefined;
  return { name, args: splitTopLevel(rest.slice(open + 1, -1)) };
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '<' || ch === '(') depth++;
    else if (ch === '>' || ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

export const STRING_TYPES: ReadonlySet<string> = new Set(['string', 'wstring', 'u8string', 'u16string', 'u32string']);
export const SEQUENCE_CONTAINERS: ReadonlySet<string> = new Set(['vector', 'list', 'deque', 'forward_list']);
export const SET_CONTAINERS: ReadonlySet<string> = new Set(['set', 'unordered_set', 'multiset', 'unordered_multiset']);
export const MAP_CONTAINERS: ReadonlySet<string> = new Set(['map', 'unordered_map', 'multimap', 'unordered_multimap']);
export const ASSOCIATIVE_CONTAINERS: ReadonlySet<string> = new Set([...SET_CONTAINERS, ...MAP_CONTAINERS]);

/** Whether copying a value of this type allocates and copies its contents (strings and standard containers). */
export function isExpensiveToCopy(type: string, at?: SyntaxNode): boolean {
  const std = stdType(type, at);
  if (!std) return false;
  if (STRING_TYPES.has(std.name)) return std.args.length === 0;
  return (SEQUENCE_CONTAINERS.has(std.name) || ASSOCIATIVE_CONTAINERS.has(std.name)) && std.args.length > 0;
}

/** The element type of a standard container, when the container type says it (map elements are pairs). */
export function elementType(type: string, at?: SyntaxNode): { type: string; expensive: boolean } | undefined {
  const std = stdType(type, at);
  if (!std || std.args.length === 0) return undefined;
  if (SEQUENCE_CONTAINERS.has(std.name) || SET_CONTAINERS.has(std.name) || std.name === 'array') {
    return { type: std.args[0], expensive: isExpensiveToCopy(std.args[0], at) };
  }
  if (MAP_CONTAINERS.has(std.name) && std.args.length >= 2) {
    const pair = `std::pair<const ${std.args[0]}, ${std.args[1]}>`;
    return { type: pair, expensive: isExpensiveToCopy(std.args[0], at) || isExpensiveToCopy(std.args[1], at) };
  }
  return undefined;
}

const FIXED_UNSIGNED = /^(::)?(std::)?(size_t|uint(8|16|32|64|ptr|max)_t|uint_(fast|least)(8|16|32|64)_t)$/;
const FIXED_SIGNED = /^(::)?(std::)?(ptrdiff_t|ssize_t|int(8|16|32|64|ptr|max)_t|int_(fast|least)(8|16|32|64)_t)$/;
const INTEGER_WORDS = /^(signed|unsigned|short|long|int)( (signed|unsigned|short|long|int))*$/;
const CHAR_WORDS = /^(signed|unsigned|short|long|int|char)( (signed|unsigned|short|long|int|char))*$/;

export function isUnsignedIntegerType(type: string): boolean {
  return FIXED_UNSIGNED.test(type) || (/\bunsigned\b/.test(type) && CHAR_WORDS.test(type));
}

/** Integer types other than the character types (whose arithmetic is rarely meant as numbers). */
export function isIntegerType(type: string): boolean {
  return FIXED_UNSIGNED.test(type) || FIXED_SIGNED.test(type) || INTEGER_WORDS.test(type);
}

export function isFloatingType(type: string): boolean {
  return type === 'float' || type === 'double' || type === 'long double';
}

/** A variable holding a plain value of its declared type (no pointer, reference or array level). */
export function isPlainValue(v: Variable): boolean {
  return v.pointerDepth === 0 && !v.reference && !v.array;
}

const SIDE_EFFECT_TYPES = new Set([
  'call_expression',
  'assignment_expression',
  'update_expression',
  'new_expression',
  'delete_expression',
  'co_await_expression',
  'co_yield_statement',
  'throw_expression',
  'lambda_expression',
]);

/** Whether evaluating the expression may change state or give a different value each time (calls, assignments, `++`). */
export function mayHaveSideEffects(node: SyntaxNode): boolean {
  for (let d: SyntaxNode | undefined = node; d; d = nextInSubtree(d, node)) if (SIDE_EFFECT_TYPES.has(d.type)) return true;
  return false;
}

/** Skips parentheses upwards: the outermost `(...)` wrapping this expression. */
export function outerParentheses(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent?.type === 'parenthesized_expression') current = current.parent;
  return current;
}

/** Skips parentheses downwards. */
export function stripParentheses(node: SyntaxNode | undefined): SyntaxNode | undefined {
  let current = node;
  while (current?.type === 'parenthesized_expression') current = current.namedChildren.find((c) => c.type !== 'comment');
  return current;
}

/** The loop whose body (not header) contains the node, without crossing a function or lambda boundary. */
export function enclosingLoop(node: SyntaxNode): SyntaxNode | undefined {
  let child = node;
  for (const ancestor of node.ancestors()) {
    if (FUNCTION_TYPES.has(ancestor.type)) return undefined;
    if (LOOP_TYPES.has(ancestor.type) && ancestor.field('body') === child) return ancestor;
    child = ancestor;
  }
  return undefined;
}

/** The name of a called function when it is a plain or `std::`-qualified identifier: `memset`, `std::memset`, `::memset`. */
export function calleeName(call: SyntaxNode, allowStd = true): string | undefined {
  const fn = call.field('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'qualified_identifier') {
    const text = fn.text.replace(/\s+/g, '');
    const match = /^(::)?(std::)?([A-Za-z_]\w*)$/.exec(text);
    if (match && (allowStd || !match[2])) return match[3];
  }
  return undefined;
}

/** Whether the call is `std::move(x)` (qualified, so user functions named `move` are left alone). */
export function isStdMove(call: SyntaxNode): boolean {
  const fn = call.field('function');
  return fn?.type === 'qualified_identifier' && /^(::)?std::move$/.test(fn.text.replace(/\s+/g, ''));
}

/** Call arguments without the punctuation and comments. */
export function callArguments(call: SyntaxNode): SyntaxNode[] {
  return call.field('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
}

/** For `obj.method(args)`: the object node and the method name. */
export function methodCall(call: SyntaxNode): { object: SyntaxNode; method: string; operator: string } | undefined {
  const fn = call.field('function');
  if (fn?.type !== 'field_expression') return undefined;
  const object = fn.field('argument');
  const field = fn.field('field');
  if (!object || !field || field.type !== 'field_identifier') return undefined;
  return { object, method: field.text, operator: fn.field('operator')?.text ?? '.' };
}

/** 1-based line of a node, for messages. */
export function lineOf(node: SyntaxNode): number {
  return node.startRow + 1;
}

/** Leading whitespace of the line a node starts on. */
export function indentationOf(node: SyntaxNode): string {
  const lineStart = node.source.lastIndexOf('\n', node.startIndex - 1) + 1;
  return /^[ \t]*/.exec(node.source.slice(lineStart, node.startIndex))![0];
}

/** All identifier nodes with this name inside a subtree (the caller bounds the subtree). */
export function identifiersNamed(root: SyntaxNode, name: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let d: SyntaxNode | undefined = root; d; d = nextInSubtree(d, root)) if (d.type === 'identifier' && d.text === name) found.push(d);
  return found;
}

/** The declared type as the author wrote it (whitespace collapsed), for messages. */
export function displayType(v: Variable): string {
  return v.typeNode ? v.typeNode.text.replace(/\s+/g, ' ') : v.type;
}
