import { builtin, joinAll, members, NEVER, union, UNKNOWN, type BuiltinType, type Param, type Signature, type Type, type Typed } from './lattice.js';
import { hasTypeVar, substitute, type Stubs } from './stubs.js';

/**
 * Relations between types that rules and inference share: assignability (three-valued: true, false,
 * or undefined for "cannot tell"), iteration, argument matching against signatures, and Python's binary
 * operator protocol (`__add__` / `__radd__`) over the stubs.
 */

const MAX_DEPTH = 10;

/** Members every Python function, class and module object has, for protocol checks. */
const CALLABLE_MEMBERS = new Set(['__call__', '__eq__', '__ne__', '__hash__', '__repr__', '__str__', '__name__', '__doc__', '__module__', '__dict__']);

export class Relations {
  constructor(readonly stubs: Stubs) {}

  /**
   * Whether a value of type `value` is acceptable where `target` is expected: true, false (definitely
   * not), or undefined (cannot tell). Type variables of `target` are bound in `bindings` on the way.
   */
  assignable(value: Type, target: Type, bindings?: Map<string, Type>, depth = 0): boolean | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (target.kind === 'typevar') {
      if (bindings && target.name !== '...' && target.name !== '()') {
        const bound = bindings.get(target.name);
        bindings.set(target.name, bound ? union([bound, value]) : value);
      }
      return true;
    }
    if (target.kind === 'unknown') return true;
    if (value.kind === 'never') return true;
    if (value.kind === 'unknown' || value.kind === 'typevar') {
      // An argument of unknown type says nothing about the type variables it would bind.
      if (bindings) poison(target, bindings);
      return undefined;
    }
    if (value.kind === 'union') {
      const results = value.items.map((m) => this.assignable(m, target, bindings, depth + 1));
      if (results.every((r) => r === true)) return true;
      if (results.every((r) => r === false)) return false;
      return undefined;
    }
    if (target.kind === 'union') {
      // Bind type variables only through the member that matches: `V | T` with a V already bound.
      const results = target.items.map((m) => this.assignable(value, m, m.kind === 'typevar' ? undefined : bindings, depth + 1));
      if (results.some((r) => r === true)) {
        const variable = target.items.find((m) => m.kind === 'typevar');
        if (variable && bindings && results[target.items.indexOf(variable)] === true && !target.items.some((m, i) => m !== variable && results[i] === true)) {
          this.assignable(value, variable, bindings, depth + 1);
        }
        return true;
      }
      if (results.every((r) => r === false)) return false;
      return undefined;
    }
    if (target.kind === 'never') return false;
    if (target.kind === 'none' || target.kind === 'undefined' || target.kind === 'null') {
      if (value.kind === target.kind) return true;
      return isConcrete(value) ? false : undefined;
    }
    if (target.kind !== 'builtin') return undefined;
    if (target.abstract) return this.satisfiesProtocol(value, target, bindings, depth);
    // A concrete builtin class.
    if (value.kind === 'none' || value.kind === 'undefined' || value.kind === 'null') return false;
    if (value.kind === 'function' || value.kind === 'module' || value.kind === 'builtin-class') return target.name === 'object' ? true : this.stubs.flavor === 'python' ? false : undefined;
    if (value.kind !== 'builtin') return undefined;
    if (value.abstract) return undefined;
    if (this.stubs.derivesFrom(value.name, target.name)) return this.argumentsAssignable(value, target, bindings, depth);
    if (this.promotes(value.name, target.name)) return true;
    if (!this.stubs.hasClass(value.name) || !this.stubs.hasClass(target.name)) return undefined;
    return false;
  }

  /** Numeric tower and buffer promotions the Python type system applies implicitly. */
  private promotes(from: string, to: string): boolean {
    if (this.stubs.flavor !== 'python') return false;
    if ((from === 'int' || from === 'bool') && (to === 'float' || to === 'complex')) return true;
    if (from === 'float' && to === 'complex') return true;
    if ((from === 'bytearray' || from === 'memoryview') && to === 'bytes') return true;
    return false;
  }

  private argumentsAssignable(value: BuiltinType, target: BuiltinType, bindings: Map<string, Type> | undefined, depth: number): boolean | undefined {
    // Compare type arguments only between the same class (`list[int]` vs `list[str]`), covariantly.
    if (value.name !== target.name) {
      if (bindings && hasTypeVar(target)) {
        const base = this.stubs.baseType(value);
        if (base) return this.assignable(base, target, bindings, depth + 1);
      }
      return true;
    }
    if (target.items && value.items) {
      if (target.items.length !== value.items.length) return false;
      let result: boolean | undefined = true;
      for (let i = 0; i < target.items.length; i++) {
        const r = this.assignable(value.items[i], target.items[i], bindings, depth + 1);
        if (r === false) return false;
        if (r === undefined) result = undefined;
      }
      return result;
    }
    let result: boolean | undefined = true;
    const valueArgs = value.items && !target.items ? [joinAll(value.items)] : value.args;
    for (let i = 0; i < target.args.length; i++) {
      const arg = valueArgs[i];
      if (!arg || arg.kind === 'never') continue;
      const r = this.assignable(arg, target.args[i], bindings, depth + 1);
      if (r === false) return false;
      if (r === undefined) result = undefined;
    }
    return result;
  }

  private satisfiesProtocol(value: Type, target: BuiltinType, bindings: Map<string, Type> | undefined, depth: number): boolean | undefined {
    if (target.name === 'object') return true;
    if (this.stubs.flavor === 'javascript') {
      if (target.name === 'Function') return value.kind === 'function' || value.kind === 'builtin-class' || value.kind === 'class' ? true : isConcrete(value) ? false : undefined;
      if (target.name === 'Iterator') {
        const element = this.elementType(value);
        if (element === undefined) return isConcrete(value) && value.kind === 'builtin' ? false : undefined;
        return this.assignable(element, target.args[0] ?? UNKNOWN, bindings, depth + 1);
      }
      return undefined;
    }
    if (target.name === 'Callable') {
      if (value.kind === 'function' || value.kind === 'builtin-class' || value.kind === 'class') return true;
      if (value.kind === 'none') return false;
      if (value.kind === 'builtin' && !value.abstract) return this.stubs.hasMember(value.name, '__call__');
      return undefined;
    }
    const protocol = this.stubs.protocol(target.name);
    if (!protocol) return undefined;
    if (protocol.literals) {
      if (value.kind !== 'builtin' || value.abstract) return value.kind === 'none' ? false : undefined;
      if (value.name !== 'str') return false;
      if (typeof value.literal !== 'string') return undefined;
      return protocol.literals.includes(value.literal);
    }
    let satisfied: boolean | undefined;
    if (value.kind === 'none') {
      satisfied = protocol.requires ? protocol.requires.every((r) => r.split('|').some((m) => this.stubs.hasMember('NoneType', m))) : false;
      return satisfied;
    }
    if (value.kind === 'function' || value.kind === 'builtin-class' || value.kind === 'module') {
      if (!protocol.requires) return false;
      return protocol.requires.every((r) => r.split('|').some((m) => CALLABLE_MEMBERS.has(m) && value.kind !== 'module'));
    }
    if (value.kind !== 'builtin') return undefined;
    if (value.abstract) {
      if (value.name === target.name || PROTOCOL_IMPLIES[value.name]?.includes(target.name)) satisfied = true;
      else return undefined;
    } else if (protocol.implementedBy) {
      satisfied = protocol.implementedBy.some((c) => this.stubs.derivesFrom(value.name, c));
      if (!satisfied && !this.stubs.hasClass(value.name)) return undefined;
    } else if (protocol.requires) {
      if (!this.stubs.hasClass(value.name)) return undefined;
      satisfied = protocol.requires.every((r) => r.split('|').some((m) => this.hasUsableMember(value.name, m)));
    }
    if (!satisfied) return satisfied;
    // Element types: `Iterable[str]` given `list[int]`.
    if (protocol.iter && target.args.length > 0) {
      const element = this.elementType(value);
      const expected = this.protocolElement(target);
      if (element && expected) return this.assignable(element, expected, bindings, depth + 1);
      if (expected && bindings && hasTypeVar(expected)) return true;
    }
    if (target.name === 'Mapping' || target.name === 'MutableMapping') {
      const mapping = this.mappingArgs(value);
      if (mapping) {
        const k = this.assignable(mapping[0], target.args[0] ?? UNKNOWN, bindings, depth + 1);
        const v = this.assignable(mapping[1], target.args[1] ?? UNKNOWN, bindings, depth + 1);
        if (k === false || v === false) return false;
        return k === true && v === true ? true : undefined;
      }
    }
    return true;
  }

  /** A member that exists and is not set to None (`list.__hash__ = None` makes lists unhashable). */
  private hasUsableMember(className: string, member: string): boolean {
    if (!this.stubs.hasMember(className, member)) return false;
    const found = this.stubs.member(builtin(className), member);
    return !(found?.kind === 'attribute' && found.type.kind === 'none');
  }

  private protocolElement(target: BuiltinType): Type | undefined {
    const protocol = this.stubs.protocol(target.name);
    if (!protocol?.iter || !protocol.typeParams) return undefined;
    const index = protocol.typeParams.indexOf(protocol.iter);
    return index >= 0 ? target.args[index] : undefined;
  }

  private mappingArgs(value: BuiltinType): [Type, Type] | undefined {
    let t: BuiltinType | undefined = value;
    for (let i = 0; t && i < 5; i++) {
      if (t.name === 'dict') return [t.args[0] ?? UNKNOWN, t.args[1] ?? UNKNOWN];
      t = this.stubs.baseType(t);
    }
    return undefined;
  }

  /**
   * What iterating a value yields; undefined when unknown. `NOT_ITERABLE` when the type is known and
   * cannot be iterated (`int`, `None`).
   */
  elementType(t: Type, depth = 0): Type | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (t.kind === 'union') {
      const parts = t.items.map((m) => this.elementType(m, depth + 1));
      if (parts.some((p) => p === undefined || p === NOT_ITERABLE)) return undefined;
      return union(parts as Type[]);
    }
    if (t.kind !== 'builtin') return undefined;
    if (t.items) return t.items.length ? union(t.items) : NEVER;
    if (t.abstract) {
      if (this.stubs.flavor === 'javascript') return t.name === 'Iterator' ? t.args[0] : undefined;
      const element = this.protocolElement(t);
      return element && !hasTypeVar(element) ? element : undefined;
    }
    if (this.stubs.flavor === 'javascript') return this.stubs.iterationType(t);
    const iter = this.stubs.member(t, '__iter__');
    if (iter?.kind === 'method') {
      const returns = iter.fn.signatures?.[0]?.returns;
      if (returns?.kind === 'builtin' && returns.args.length > 0) {
        const element = returns.args[0];
        return hasTypeVar(element) ? undefined : element;
      }
      return undefined;
    }
    if (this.stubs.hasClass(t.name) && !this.stubs.hasMember(t.name, '__getitem__')) return NOT_ITERABLE;
    return undefined;
  }

  /** Whether a known type definitely cannot be iterated. */
  notIterable(t: Type): boolean {
    const parts = members(t);
    return parts.length > 0 && parts.every((m) => {
      if (m.kind === 'none') return true;
      if (m.kind === 'builtin' && !m.abstract && this.stubs.flavor === 'python') return this.elementType(m) === NOT_ITERABLE;
      return false;
    });
  }
}

function poison(t: Type, bindings: Map<string, Type>, depth = 0) {
  if (depth > MAX_DEPTH) return;
  if (t.kind === 'typevar') bindings.set(t.name, UNKNOWN);
  else if (t.kind === 'union') for (const m of t.items) poison(m, bindings, depth + 1);
  else if (t.kind === 'builtin') {
    for (const a of t.args) poison(a, bindings, depth + 1);
    for (const a of t.items ?? []) poison(a, bindings, depth + 1);
  }
}

/** Protocols and ABCs that imply others (every Sequence is Iterable and Sized). */
const PROTOCOL_IMPLIES: Record<string, string[]> = {
  Iterator: ['Iterable'],
  Generator: ['Iterator', 'Iterable'],
  Reversible: ['Iterable'],
  Collection: ['Iterable', 'Sized', 'Container'],
  Sequence: ['Iterable', 'Sized', 'Container', 'Collection', 'Reversible'],
  MutableSequence: ['Sequence', 'Iterable', 'Sized', 'Container', 'Collection', 'Reversible'],
  Mapping: ['Iterable', 'Sized', 'Container', 'Collection'],
  MutableMapping: ['Mapping', 'Iterable', 'Sized', 'Container', 'Collection'],
  AbstractSet: ['Iterable', 'Sized', 'Container', 'Collection'],
  MutableSet: ['AbstractSet', 'Iterable', 'Sized', 'Container', 'Collection'],
};

/** Marker returned by `elementType` for types that cannot be iterated. */
export const NOT_ITERABLE: Type = { kind: 'never' };

/** Types whose every member is fully known (no unknown, no abstract protocol, no user class). */
export function isConcrete(t: Type): boolean {
  return members(t).every((m) => m.kind === 'none' || m.kind === 'undefined' || m.kind === 'null' || (m.kind === 'builtin' && !m.abstract));
}

// ---------------------------------------------------------------------------------------------------------
// Calls

export interface CallArgument {
  typed?: Typed;
  /** Keyword name, for keyword arguments. */
  name?: string;
}

export interface CallShape {
  positional: CallArgument[];
  keywords: CallArgument[];
  /** `*args` / `...spread` at the call site: positional count unknown. */
  starArgs: boolean;
  /** `**kwargs` at the call site. */
  starKwargs: boolean;
}

export type ArityProblem =
  | { kind: 'too-many'; given: number; max: number }
  | { kind: 'missing'; names: string[] }
  | { kind: 'unknown-keyword'; name: string }
  | { kind: 'duplicate'; name: string }
  | { kind: 'positional-only-keyword'; name: string };

export interface TypeProblem {
  param: Param;
  argument: CallArgument;
  /** 0-based position for positional arguments. */
  position?: number;
}

export interface CallMatch {
  arity: ArityProblem[];
  types: TypeProblem[];
  /** Some argument could not be judged (unknown types): the match is not certain. */
  uncertain: boolean;
  bindings: Map<string, Type>;
}

/** Matches call arguments against one signature (`skip`: leading parameters already bound, e.g. `self`). */
export function matchCall(relations: Relations | undefined, signature: Signature, call: CallShape, skip = 0): CallMatch {
  const params = signature.params.slice(skip);
  const arity: ArityProblem[] = [];
  const types: TypeProblem[] = [];
  const bindings = new Map<string, Type>();
  let uncertain = false;
  const filled = new Set<Param>();
  const positionalParams = params.filter((p) => p.kind === 'positional' || p.kind === 'normal');
  const varargs = params.find((p) => p.kind === 'varargs');
  const kwargs = params.find((p) => p.kind === 'kwargs');
  const check = (param: Param, argument: CallArgument, position?: number) => {
    if (!relations || !param.type || !argument.typed) return;
    const ok = relations.assignable(argument.typed.type, param.type, bindings);
    if (ok === false) types.push({ param, argument, position });
    else if (ok === undefined) uncertain = true;
  };
  call.positional.forEach((argument, i) => {
    if (i < positionalParams.length) {
      filled.add(positionalParams[i]);
      check(positionalParams[i], argument, i);
    } else if (varargs) check(varargs, argument, i);
  });
  if (!varargs && !call.starArgs && call.positional.length > positionalParams.length) {
    arity.push({ kind: 'too-many', given: call.positional.length, max: positionalParams.length });
  }
  for (const argument of call.keywords) {
    const name = argument.name!;
    const param = params.find((p) => p.name === name && (p.kind === 'normal' || p.kind === 'keyword'));
    if (param) {
      if (filled.has(param)) arity.push({ kind: 'duplicate', name });
      filled.add(param);
      check(param, argument);
      continue;
    }
    const positionalOnly = params.find((p) => p.name === name && p.kind === 'positional');
    if (kwargs) {
      check(kwargs, argument);
      continue;
    }
    if (positionalOnly) arity.push({ kind: 'positional-only-keyword', name });
    else arity.push({ kind: 'unknown-keyword', name });
  }
  if (!call.starArgs && !call.starKwargs) {
    const missing = params.filter((p) => !p.optional && p.kind !== 'varargs' && p.kind !== 'kwargs' && !filled.has(p)).map((p) => p.name);
    if (missing.length > 0) arity.push({ kind: 'missing', names: missing });
  } else if (!call.starKwargs) {
    // `f(*args)`: positional ones may be filled by the splat; keyword-only ones cannot.
    const missing = params.filter((p) => !p.optional && p.kind === 'keyword' && !filled.has(p)).map((p) => p.name);
    if (missing.length > 0) arity.push({ kind: 'missing', names: missing });
  }
  return { arity, types, uncertain, bindings };
}

/** The return type of a signature once its type variables are bound. */
export function boundReturn(signature: Signature, bindings: ReadonlyMap<string, Type>): Type {
  return hasTypeVar(signature.returns) ? substitute(signature.returns, bindings) : signature.returns;
}

// ---------------------------------------------------------------------------------------------------------
// Python binary operators

const DUNDERS: Record<string, [string, string]> = {
  '+': ['__add__', '__radd__'],
  '-': ['__sub__', '__rsub__'],
  '*': ['__mul__', '__rmul__'],
  '/': ['__truediv__', '__rtruediv__'],
  '//': ['__floordiv__', '__rfloordiv__'],
  '%': ['__mod__', '__rmod__'],
  '**': ['__pow__', '__rpow__'],
  '@': ['__matmul__', '__rmatmul__'],
  '&': ['__and__', '__rand__'],
  '|': ['__or__', '__ror__'],
  '^': ['__xor__', '__rxor__'],
  '<<': ['__lshift__', '__rlshift__'],
  '>>': ['__rshift__', '__rrshift__'],
  '<': ['__lt__', '__gt__'],
  '<=': ['__le__', '__ge__'],
  '>': ['__gt__', '__lt__'],
  '>=': ['__ge__', '__le__'],
};

export const PYTHON_BINARY_OPERATORS = new Set(Object.keys(DUNDERS));

export type OperatorResult = { kind: 'ok'; type: Type } | { kind: 'unsupported' } | { kind: 'unknown' };

/** Evaluates `left <op> right` over builtin operands: the result type, or `unsupported` when Python raises TypeError. */
export function pythonBinary(relations: Relations, op: string, left: Type, right: Type): OperatorResult {
  const dunders = DUNDERS[op];
  if (!dunders) return { kind: 'unknown' };
  // No value yet (a recursive call on its first pass): no value either.
  if (left.kind === 'never' || right.kind === 'never') return { kind: 'ok', type: NEVER };
  const results: Type[] = [];
  let unsupported = 0;
  let total = 0;
  for (const l of members(left)) {
    for (const r of members(right)) {
      total++;
      const one = pythonBinaryPair(relations, dunders, l, r);
      if (one.kind === 'unknown') return { kind: 'unknown' };
      if (one.kind === 'unsupported') unsupported++;
      else results.push(one.type);
    }
  }
  if (total > 0 && unsupported === total) return { kind: 'unsupported' };
  if (unsupported > 0) return { kind: 'unknown' };
  return { kind: 'ok', type: union(results) };
}

function pythonBinaryPair(relations: Relations, [forward, reflected]: [string, string], left: Type, right: Type): OperatorResult {
  const operand = (t: Type) => t.kind === 'none' || (t.kind === 'builtin' && !t.abstract && relations.stubs.hasClass(t.name));
  if (!operand(left) || !operand(right)) return { kind: 'unknown' };
  const attempt = (receiver: Type, dunder: string, argument: Type): OperatorResult => {
    const receiverType = receiver.kind === 'none' ? builtin('NoneType') : (receiver as BuiltinType);
    const member = relations.stubs.member(receiverType, dunder);
    if (!member || member.kind !== 'method' || !member.fn.signatures) return { kind: 'unsupported' };
    let maybe = false;
    for (const signature of member.fn.signatures) {
      const first = signature.params[0];
      if (!first) continue;
      const bindings = new Map<string, Type>();
      const ok = first.type ? relations.assignable(argument, first.type, bindings) : true;
      if (ok === true) return { kind: 'ok', type: boundReturn(signature, bindings) };
      if (ok === undefined) maybe = true;
    }
    return maybe ? { kind: 'unknown' } : { kind: 'unsupported' };
  };
  const direct = attempt(left, forward, right);
  if (direct.kind !== 'unsupported') return direct;
  return attempt(right, reflected, left);
}
