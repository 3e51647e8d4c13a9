/**
 * The type lattice of the tree-sitter inference pass (Python and JavaScript).
 *
 * `unknown` is the top: the pass does not know, and rules stay silent. `never` is the bottom: no value
 * (unreachable code, a function that never returns). Everything in between is sound-leaning: a type is
 * only claimed when every way the value can be produced was seen.
 */

export type Literal = string | number | boolean;

export type Type =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'never' }
  /** Python `None`. */
  | { readonly kind: 'none' }
  | { readonly kind: 'undefined' }
  | { readonly kind: 'null' }
  /**
   * An instance of a builtin class from the stubs: `int`, `str`, `list[int]`, `dict[str, int]`, `number`,
   * `Array<string>`, `Promise<number>`. A fixed-length tuple lists its `items`; literals keep their value.
   */
  | BuiltinType
  /**
   * An instance of a class defined in analysed code. `exact` when it is known not to be a subclass
   * instance (it came from calling the class); `self` and annotated values may be subclass instances.
   */
  | { readonly kind: 'instance'; readonly cls: ClassInfo; readonly exact?: boolean }
  /** A class defined in analysed code, as a value (`Foo` itself); `exact` when named directly, not `cls`. */
  | { readonly kind: 'class'; readonly cls: ClassInfo; readonly exact?: boolean }
  /** A builtin class as a value: `int`, `str`, `Map`. */
  | { readonly kind: 'builtin-class'; readonly name: string }
  /** A function: defined in analysed code, or a builtin from the stubs. `bound` when `self`/`this` is already bound. */
  | FunctionType
  | { readonly kind: 'module'; readonly module: ModuleInfo }
  /** A JavaScript object literal with the properties it was created with. */
  | { readonly kind: 'object'; readonly props: ReadonlyMap<string, Typed>; readonly line: number }
  /** A type variable of a stub signature (`T`, `Self`); only inside stubs. */
  | { readonly kind: 'typevar'; readonly name: string }
  | { readonly kind: 'union'; readonly items: readonly Type[] };

export interface BuiltinType {
  readonly kind: 'builtin';
  readonly name: string;
  readonly args: readonly Type[];
  readonly literal?: Literal;
  /** Fixed-length tuple members (`tuple[int, str]`). */
  readonly items?: readonly Type[];
  /**
   * Abstract: a protocol or ABC from an annotation (`Iterable[int]`, `Sequence[str]`, `Callable`): the value
   * may be any class that implements it, so its element type is known but not its exact members.
   */
  readonly abstract?: boolean;
}

export interface FunctionType {
  readonly kind: 'function';
  readonly fn: FunctionInfo;
  /** The receiver is bound (`obj.method`): the first parameter of an instance method is no longer passed. */
  readonly bound?: Type;
}

/** A type with the place it came from, for evidence: `assigned at line 3`, `annotation at line 2`. */
export interface Typed {
  readonly type: Type;
  readonly origin: string;
  /** The value is the result of a call that always returns None (`lst.sort()`): `callee` names it. */
  readonly noneResult?: { callee: string; line: number };
  /** Only documentation says so (JSDoc `@param` / `@type` / `@returns`): comments are not checked by anything. */
  readonly documented?: boolean;
}

export type ParamKind = 'positional' | 'normal' | 'varargs' | 'keyword' | 'kwargs';

export interface Param {
  readonly name: string;
  readonly kind: ParamKind;
  readonly optional: boolean;
  readonly type?: Type;
}

export interface Signature {
  readonly params: readonly Param[];
  readonly returns: Type;
}

export interface FunctionInfo {
  /** What a message calls it: `len`, `str.join`, `Cart.total`, `parse`. */
  readonly name: string;
  /** Where it is defined, for evidence (`line 12`, `utils.py line 4`); undefined for builtins. */
  readonly where?: string;
  /**
   * The signatures a call is checked against (overloads for builtins); undefined when they cannot be
   * trusted (an unknown decorator, a `*args` forwarder the pass does not follow).
   */
  readonly signatures?: readonly Signature[];
  /** The inferred return of a function defined in analysed code; for builtins the signatures say it. */
  returns?(): Typed | undefined;
  readonly isAsync: boolean;
  readonly isGenerator: boolean;
  readonly builtin: boolean;
  /** Python: how a method binds its first parameter. */
  readonly methodKind?: 'instance' | 'class' | 'static' | 'property';
  /** The body only passes/raises (an abstract placeholder): its result says nothing. */
  readonly placeholder?: boolean;
  /** Every path returns None (or falls off the end), and it is neither a stub nor a generator. */
  alwaysNone?(): boolean;
  /** JavaScript: `new` works on it (function declarations and expressions, classes). */
  readonly constructible?: boolean;
  /** JavaScript: why `new` fails on it (`an arrow function`, `an async function`, `a method`). */
  readonly notConstructible?: string;
}

export interface ClassInfo {
  readonly name: string;
  readonly where?: string;
  /** Base classes; `undefined` entries are bases the pass could not resolve. */
  bases(): ReadonlyArray<Type | undefined>;
  /** Own members: methods, class attributes and instance attributes assigned in methods. */
  member(name: string): Typed | undefined;
  /** Names of own members (for listings and did-you-mean). */
  memberNames(): readonly string[];
  /** Every name `member` may answer for, when the class can tell (a superset of `memberNames`). */
  definedNames?(): ReadonlySet<string>;
  /** A decorator or metaclass may rewrite the class (dataclass, attrs): constructor signature unknown. */
  readonly rewritten: boolean;
  /** `__getattr__` / `__getattribute__` / `__slots__` tricks: attribute lookups can answer anything. */
  readonly dynamicAttributes: boolean;
  /** Python: whether the class body binds the name, in any form. */
  isClassBodyName?(name: string): boolean;
  /** Python: whether the name is an unannotated class-body variable (subclasses commonly override it). */
  isPlainClassVariable?(name: string): boolean;
}

export interface ModuleInfo {
  readonly name: string;
  member(name: string): Typed | undefined;
  /** Whether the module defines the name at all (its type may still be unknown). */
  has?(name: string): boolean;
  /** Whether `member` lists every name of the module (stub modules do not). */
  readonly complete: boolean;
  /** Names the module defines, when it can list them (its own top-level names, or its exports). */
  names?(): readonly string[];
}

export const UNKNOWN: Type = { kind: 'unknown' };
export const NEVER: Type = { kind: 'never' };
export const NONE: Type = { kind: 'none' };
export const UNDEFINED: Type = { kind: 'undefined' };
export const NULL: Type = { kind: 'null' };

/** Wider unions say too little to act on: they become unknown. */
export const MAX_UNION = 6;

export function builtin(name: string, args: readonly Type[] = [], extra: Partial<Omit<BuiltinType, 'kind' | 'name' | 'args'>> = {}): BuiltinType {
  return { kind: 'builtin', name, args, ...extra };
}

export function tupleOf(items: readonly Type[]): BuiltinType {
  return builtin('tuple', [items.length ? joinAll(items) : UNKNOWN], { items });
}

export function typed(type: Type, origin: string, extra: Partial<Typed> = {}): Typed {
  return { type, origin, ...extra };
}

export const isUnknown = (t: Type | undefined): boolean => !t || t.kind === 'unknown' || t.kind === 'typevar';

/** The members of a union, or the type itself. */
export function members(t: Type): readonly Type[] {
  return t.kind === 'union' ? t.items : [t];
}

/** Drops a literal value: `Literal[3]` → `int`. */
export function widen(t: Type): Type {
  if (t.kind === 'builtin' && t.literal !== undefined) {
    const { literal: _literal, ...rest } = t;
    return rest;
  }
  if (t.kind === 'union') return union(t.items.map(widen));
  return t;
}

function sameType(a: Type, b: Type, depth = 0): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || depth > 8) return false;
  switch (a.kind) {
    case 'builtin': {
      const y = b as BuiltinType;
      if (a.name !== y.name || a.literal !== y.literal || Boolean(a.abstract) !== Boolean(y.abstract)) return false;
      if (a.args.length !== y.args.length || !a.args.every((x, i) => sameType(x, y.args[i], depth + 1))) return false;
      if (Boolean(a.items) !== Boolean(y.items)) return false;
      if (a.items && y.items) return a.items.length === y.items.length && a.items.every((x, i) => sameType(x, y.items![i], depth + 1));
      return true;
    }
    case 'instance':
    case 'class':
      return a.cls === (b as typeof a).cls;
    case 'builtin-class':
      return a.name === (b as typeof a).name;
    case 'function':
      return a.fn === (b as FunctionType).fn && a.bound === (b as FunctionType).bound;
    case 'module':
      return a.module === (b as typeof a).module;
    case 'object':
      return a === b;
    case 'typevar':
      return a.name === (b as typeof a).name;
    case 'union': {
      const y = b as typeof a;
      return a.items.length === y.items.length && a.items.every((x) => y.items.some((z) => sameType(x, z, depth + 1)));
    }
    default:
      return true;
  }
}

export { sameType };

/** Least upper bound of two types, with the width cap. */
export function join(a: Type, b: Type): Type {
  return union([a, b]);
}

export function joinAll(types: readonly Type[]): Type {
  return types.length === 0 ? NEVER : union(types);
}

export function union(types: readonly Type[]): Type {
  const out: Type[] = [];
  const add = (t: Type) => {
    if (t.kind === 'never') return;
    for (let i = 0; i < out.length; i++) {
      const existing = out[i];
      if (sameType(existing, t)) return;
      // Two literals (or a literal and its plain type) of one builtin merge into the plain type.
      if (existing.kind === 'builtin' && t.kind === 'builtin' && existing.name === t.name && !existing.items === !t.items) {
        if (existing.literal !== t.literal && sameArgs(existing, t)) {
          out[i] = widen(existing);
          return;
        }
        if (existing.literal === undefined && t.literal === undefined) {
          // Same class, different type arguments: join the arguments (`list[int] | list[str]` → `list[int | str]`).
          if (existing.items && t.items && existing.items.length === t.items.length) {
            out[i] = tupleOf(existing.items.map((x, j) => join(x, t.items![j])));
            return;
          }
          if (!existing.items && !t.items && existing.args.length === t.args.length && Boolean(existing.abstract) === Boolean(t.abstract)) {
            out[i] = builtin(existing.name, existing.args.map((x, j) => join(x, t.args[j])), { abstract: existing.abstract });
            return;
          }
          if (existing.items && t.items) {
            out[i] = builtin('tuple', [join(existing.args[0] ?? UNKNOWN, t.args[0] ?? UNKNOWN)]);
            return;
          }
        }
      }
    }
    out.push(t);
  };
  for (const t of types) {
    if (t.kind === 'unknown' || t.kind === 'typevar') return UNKNOWN;
    if (t.kind === 'union') for (const m of t.items) add(m);
    else add(t);
  }
  if (out.length === 0) return NEVER;
  if (out.length === 1) return out[0];
  if (out.length > MAX_UNION) return UNKNOWN;
  return { kind: 'union', items: out };
}

function sameArgs(a: BuiltinType, b: BuiltinType) {
  return a.args.length === b.args.length && a.args.every((x, i) => sameType(x, b.args[i]));
}

/** Joins two typed values, combining their origins. */
export function joinTyped(a: Typed | undefined, b: Typed | undefined): Typed | undefined {
  // The same value on both sides: flow environments join every variable at every branch, and most
  // branches leave most variables alone. The value itself, not a copy: the Python pass recognises an
  // import binding not resolved yet by its identity (python.ts, `lazyImports`).
  if (!a || a === b) return b;
  if (!b) return a;
  const type = join(a.type, b.type);
  const noneResult = a.noneResult && b.noneResult ? a.noneResult : undefined;
  const documented = a.documented || b.documented || undefined;
  if (a.origin === b.origin) return { type, origin: a.origin, noneResult, documented };
  if (a.type.kind === 'never') return b;
  if (b.type.kind === 'never') return a;
  return { type, origin: combineOrigins(a.origin, b.origin), noneResult, documented };
}

/** Where a joined value came from: the distinct origins of both sides in order, the first three of them. */
export function combineOrigins(a: string, b: string): string {
  // Joins at every branch of every function make this hot: a few short arrays and no set, and it stops
  // as soon as a fourth distinct origin decides the result.
  const parts: string[] = [];
  for (const side of [a, b]) {
    for (const part of side.split('; ')) {
      if (parts.includes(part)) continue;
      if (parts.length === 3) return `${parts.join('; ')}; …`;
      parts.push(part);
    }
  }
  return parts.join('; ');
}

/** Removes members matching `drop` from a type (narrowing); unknown stays unknown. */
export function filterType(t: Type, keep: (member: Type) => boolean): Type {
  if (t.kind === 'unknown') return t;
  return joinAll(members(t).filter(keep));
}

export type Flavor = 'python' | 'javascript';

/** The names `revisor types` prints, one per union member; unknown gives none. */
export function typeNames(t: Type, flavor: Flavor, depth = 0): string[] {
  if (t.kind === 'unknown' || t.kind === 'never' || t.kind === 'typevar' || depth > 4) return [];
  const names: string[] = [];
  for (const m of members(t)) {
    const name = typeName(m, flavor, depth);
    if (name === undefined) return [];
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** One member's display name, e.g. `list[int]`, `Array<string>`; undefined when it says nothing. */
export function typeName(t: Type, flavor: Flavor, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  switch (t.kind) {
    case 'none':
      return 'None';
    case 'undefined':
      return 'undefined';
    case 'null':
      return 'null';
    case 'builtin': {
      const unknownArg = flavor === 'python' ? 'Any' : 'unknown';
      if (t.items && flavor === 'python') {
        if (t.items.length === 0) return 'tuple[()]';
        const parts = t.items.map((x) => argName(x, flavor, depth) ?? unknownArg);
        return `tuple[${parts.join(', ')}]`;
      }
      if (t.items && flavor === 'javascript') {
        const parts = t.items.map((x) => argName(x, flavor, depth) ?? unknownArg);
        return `[${parts.join(', ')}]`;
      }
      const args = t.args.map((a) => argName(a, flavor, depth));
      if (args.every((a) => a === undefined)) return t.name;
      const shownArgs = args.map((a) => a ?? unknownArg);
      if (flavor === 'python' && t.name === 'tuple') return `tuple[${shownArgs[0]}, ...]`;
      return flavor === 'python' ? `${t.name}[${shownArgs.join(', ')}]` : `${t.name}<${shownArgs.join(', ')}>`;
    }
    case 'instance':
      return t.cls.name;
    case 'class':
      return flavor === 'python' ? `type[${t.cls.name}]` : `typeof ${t.cls.name}`;
    case 'builtin-class':
      return flavor === 'python' ? `type[${t.name}]` : `${t.name}Constructor`;
    case 'function':
      if (t.fn.methodKind === 'property') return undefined;
      return flavor === 'python' ? 'Callable' : 'Function';
    case 'module':
      return 'module';
    case 'object':
      return 'object';
    case 'union': {
      const names = typeNames(t, flavor, depth + 1);
      return names.length ? names.join(' | ') : undefined;
    }
    default:
      return undefined;
  }
}

/** A type argument's name; undefined when unknown (printed as `Any` / `unknown` among known arguments). */
function argName(t: Type, flavor: Flavor, depth: number): string | undefined {
  const names = typeNames(t, flavor, depth + 1);
  return names.length === 0 ? undefined : names.join(' | ');
}

/** One readable string for a message: `int`, `str | None`, `list[int]`. */
export function describe(t: Type, flavor: Flavor): string {
  const names = typeNames(t, flavor);
  return names.length ? names.join(' | ') : 'unknown';
}

export const isBuiltinNamed = (t: Type, ...names: string[]): t is BuiltinType => t.kind === 'builtin' && !t.abstract && names.includes(t.name);

/** Element type of an iterable builtin (list, set, tuple, str, dict keys, Array, Set, Map entries...). */
export function elementOf(t: Type): Type | undefined {
  if (t.kind !== 'builtin') return undefined;
  if (t.items) return t.items.length ? joinAll(t.items) : NEVER;
  return undefined;
}
