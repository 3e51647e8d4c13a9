import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../package-root.js';
import {
  builtin,
  NEVER,
  NONE,
  NULL,
  UNDEFINED,
  UNKNOWN,
  union,
  type BuiltinType,
  type Flavor,
  type FunctionInfo,
  type ModuleInfo,
  type Param,
  type ParamKind,
  type Signature,
  type Type,
  type Typed,
} from './lattice.js';

/**
 * Builtin type stubs, read from `grammars/python/stubs.json` and `grammars/javascript/stubs.json`.
 *
 * Types and signatures are written as text in each language's own notation (`list[T]`, `str | None`,
 * `Array<T>`, `(sep: str | None = ..., maxsplit: SupportsIndex = ...) -> list[str]`) and parsed here on
 * first use. Member lists of classes are complete, so a name missing from a class does not exist on it.
 */

type RawSignature = string | string[];

interface RawClass {
  base?: string;
  typeParams?: string[];
  constructor?: RawSignature;
  members: Record<string, RawSignature>;
  /** JavaScript: the primitive whose members these are (`string` → String). */
  primitive?: string;
  /** JavaScript: the element type iteration yields. */
  iter?: string;
  index?: string;
}

interface RawProtocol {
  requires?: string[];
  implementedBy?: string[];
  typeParams?: string[];
  iter?: string;
  literals?: string[];
}

interface RawStubs {
  functions?: Record<string, RawSignature>;
  classes: Record<string, RawClass>;
  protocols?: Record<string, RawProtocol>;
  aliases?: Record<string, string>;
  modules?: Record<string, Record<string, RawSignature>>;
  hints?: Record<string, Record<string, string>>;
  typeVars?: string[];
  statics?: Record<string, Record<string, RawSignature>>;
  globals?: Record<string, RawSignature>;
  constructors?: Record<string, { call?: string; new?: string }>;
}

export type Member =
  | { kind: 'method'; fn: FunctionInfo; methodKind: 'instance' | 'class' | 'static' }
  | { kind: 'attribute'; type: Type };

const MAX_DEPTH = 12;

// ---------------------------------------------------------------------------------------------------------
// Type-expression and signature parsing

interface Token {
  text: string;
  kind: 'name' | 'punct' | 'string' | 'number';
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (text.startsWith('...', i)) {
      tokens.push({ text: '...', kind: 'punct' });
      i += 3;
      continue;
    }
    if (text.startsWith('->', i) || text.startsWith('**', i) || text.startsWith('=>', i)) {
      tokens.push({ text: text.slice(i, i + 2), kind: 'punct' });
      i += 2;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      const stop = end < 0 ? text.length : end;
      tokens.push({ text: text.slice(i + 1, stop), kind: 'string' });
      i = stop + 1;
      continue;
    }
    const name = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/.exec(text.slice(i));
    if (name) {
      tokens.push({ text: name[0], kind: 'name' });
      i += name[0].length;
      continue;
    }
    const number = /^-?\d+(?:\.\d+)?/.exec(text.slice(i));
    if (number) {
      tokens.push({ text: number[0], kind: 'number' });
      i += number[0].length;
      continue;
    }
    tokens.push({ text: c, kind: 'punct' });
    i++;
  }
  return tokens;
}

/** Resolves a name met in a type expression; undefined means "not a type I know" (unknown). */
export type NameResolver = (name: string, args: Type[] | undefined) => Type | undefined;

interface ParseOptions {
  /** Python: a string inside a type is a forward reference (`"Node"`), except inside `Literal[...]`. */
  forwardReferences?: boolean;
}

class TypeParser {
  private position = 0;
  private literal = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly resolve: NameResolver,
    private readonly options: ParseOptions = {},
    private readonly depthBase = 0,
  ) {}

  get done() {
    return this.position >= this.tokens.length;
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.position + offset];
  }

  take(): Token | undefined {
    return this.tokens[this.position++];
  }

  accept(text: string): boolean {
    if (this.peek()?.text === text && this.peek()?.kind === 'punct') {
      this.position++;
      return true;
    }
    return false;
  }

  type(depth = 0): Type {
    if (this.depthBase + depth > MAX_DEPTH) {
      // Too deep to be worth it: give up on the whole expression (and consume it, so loops end).
      this.position = this.tokens.length;
      return UNKNOWN;
    }
    const parts: Type[] = [this.postfix(depth)];
    while (this.accept('|')) parts.push(this.postfix(depth));
    return parts.length === 1 ? parts[0] : rawUnion(parts);
  }

  private postfix(depth: number): Type {
    let t = this.primary(depth);
    while (this.peek()?.text === '[' && this.peek(1)?.text === ']') {
      this.position += 2;
      t = builtin('Array', [t]);
    }
    return t;
  }

  private primary(depth: number): Type {
    const token = this.take();
    if (!token) return UNKNOWN;
    if (token.kind === 'punct' && token.text === '(') {
      const inner = this.type(depth + 1);
      this.accept(')');
      return inner;
    }
    if (token.kind === 'punct' && token.text === '[') {
      // JavaScript tuple `[K, V]`.
      const items: Type[] = [];
      while (!this.done && !this.accept(']')) {
        items.push(this.type(depth + 1));
        this.accept(',');
      }
      return builtin('Array', [rawUnion(items)], { items });
    }
    if (token.kind === 'string') {
      if (this.options.forwardReferences && this.literal === 0) {
        if (this.depthBase + depth > MAX_DEPTH) return UNKNOWN;
        return new TypeParser(tokenize(token.text), this.resolve, this.options, this.depthBase + depth + 1).type();
      }
      return this.resolve(`"${token.text}"`, undefined) ?? UNKNOWN;
    }
    if (token.kind === 'number') return this.resolve(token.text, undefined) ?? UNKNOWN;
    if (token.kind !== 'name') return UNKNOWN;
    let args: Type[] | undefined;
    const open = this.peek()?.text;
    if ((open === '[' && this.peek(1)?.text !== ']') || open === '<') {
      const close = open === '[' ? ']' : '>';
      this.take();
      args = [];
      const literal = /(^|\.)Literal$/.test(token.text);
      if (literal) this.literal++;
      while (!this.done && !this.accept(close)) {
        if (this.accept('...')) args.push({ kind: 'typevar', name: '...' });
        else if (this.peek()?.text === '(' && this.peek(1)?.text === ')') {
          this.position += 2;
          args.push({ kind: 'typevar', name: '()' });
        } else args.push(this.type(depth + 1));
        this.accept(',');
      }
      if (literal) this.literal--;
    }
    return this.resolve(token.text, args) ?? UNKNOWN;
  }
}

/** An own property of a data table (never one inherited from Object.prototype, such as `constructor`). */
function own<T>(table: Record<string, T> | undefined, key: string): T | undefined {
  return table && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** A union that keeps type variables (stub types are substituted later); otherwise the normal join. */
function rawUnion(parts: Type[]): Type {
  if (parts.length === 1) return parts[0];
  return parts.some(hasTypeVar) ? { kind: 'union', items: parts } : union(parts);
}

export function hasTypeVar(t: Type, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (t.kind === 'typevar') return true;
  if (t.kind === 'union') return t.items.some((m) => hasTypeVar(m, depth + 1));
  if (t.kind === 'builtin') return t.args.some((a) => hasTypeVar(a, depth + 1)) || (t.items?.some((a) => hasTypeVar(a, depth + 1)) ?? false);
  return false;
}

/** Parses a type expression such as `dict[str, list[int]] | None` with a name resolver. */
export function parseTypeExpression(text: string, resolve: NameResolver, options: ParseOptions = {}): Type {
  const parser = new TypeParser(tokenize(text), resolve, options);
  return parser.type();
}

interface ParsedSignature {
  signature: Signature;
  methodKind: 'instance' | 'class' | 'static';
}

function parseSignatureText(text: string, resolve: NameResolver): ParsedSignature | undefined {
  let rest = text.trim();
  let methodKind: ParsedSignature['methodKind'] = 'instance';
  if (rest.startsWith('@classmethod')) {
    methodKind = 'class';
    rest = rest.slice('@classmethod'.length).trim();
  } else if (rest.startsWith('@staticmethod')) {
    methodKind = 'static';
    rest = rest.slice('@staticmethod'.length).trim();
  }
  const parser = new TypeParser(tokenize(rest), resolve);
  if (!parser.accept('(')) return undefined;
  const params: Param[] = [];
  let keywordOnly = false;
  while (!parser.done && !parser.accept(')')) {
    if (parser.accept('/')) {
      for (let i = 0; i < params.length; i++) if (params[i].kind === 'normal') params[i] = { ...params[i], kind: 'positional' };
      parser.accept(',');
      continue;
    }
    if (parser.peek()?.text === '*' && parser.peek(1)?.text === ',') {
      parser.take();
      parser.accept(',');
      keywordOnly = true;
      continue;
    }
    let kind: ParamKind = keywordOnly ? 'keyword' : 'normal';
    if (parser.accept('**')) kind = 'kwargs';
    else if (parser.accept('*')) {
      kind = 'varargs';
      keywordOnly = true;
    } else if (parser.accept('...')) {
      if (parser.peek()?.text === ')' || parser.peek()?.text === ',') {
        // `(...)`: any arguments.
        params.push({ name: 'args', kind: 'varargs', optional: true }, { name: 'kwargs', kind: 'kwargs', optional: true });
        parser.accept(',');
        continue;
      }
      kind = 'varargs';
    }
    const name = parser.take()?.text ?? '_';
    let optional = kind === 'varargs' || kind === 'kwargs';
    if (parser.accept('?')) optional = true;
    let type: Type | undefined;
    if (parser.accept(':')) type = parser.type();
    if (parser.accept('=')) {
      parser.accept('...');
      optional = true;
    }
    // A JavaScript rest parameter is typed as its array; the elements are what each argument must be.
    if (kind === 'varargs' && type?.kind === 'builtin' && type.name === 'Array' && !type.items) type = type.args[0];
    params.push({ name, kind, optional, type });
    parser.accept(',');
  }
  let returns: Type = UNKNOWN;
  if (parser.accept('->') || parser.accept('=>')) returns = parser.type();
  return { signature: { params, returns }, methodKind };
}

// ---------------------------------------------------------------------------------------------------------
// Substitution of type variables

export function substitute(t: Type, bindings: ReadonlyMap<string, Type>, depth = 0): Type {
  if (depth > MAX_DEPTH || bindings.size === 0) return t;
  switch (t.kind) {
    case 'typevar':
      return bindings.get(t.name) ?? (t.name === '...' || t.name === '()' ? t : UNKNOWN);
    case 'builtin': {
      const args = t.args.map((a) => substitute(a, bindings, depth + 1));
      const items = t.items?.map((a) => substitute(a, bindings, depth + 1));
      return { ...t, args, items };
    }
    case 'union':
      return union(t.items.map((m) => substitute(m, bindings, depth + 1)));
    default:
      return t;
  }
}

export function substituteSignature(signature: Signature, bindings: ReadonlyMap<string, Type>): Signature {
  if (bindings.size === 0) return signature;
  return {
    params: signature.params.map((p) => (p.type ? { ...p, type: substituteKeepingVars(p.type, bindings) } : p)),
    returns: substituteKeepingVars(signature.returns, bindings),
  };
}

/** Like `substitute`, but type variables without a binding stay variables (a method's own `T`). */
function substituteKeepingVars(t: Type, bindings: ReadonlyMap<string, Type>, depth = 0): Type {
  if (depth > MAX_DEPTH) return t;
  switch (t.kind) {
    case 'typevar':
      return bindings.get(t.name) ?? t;
    case 'builtin':
      return { ...t, args: t.args.map((a) => substituteKeepingVars(a, bindings, depth + 1)), items: t.items?.map((a) => substituteKeepingVars(a, bindings, depth + 1)) };
    case 'union': {
      const items = t.items.map((m) => substituteKeepingVars(m, bindings, depth + 1));
      return items.some((m) => m.kind === 'typevar') ? { kind: 'union', items } : union(items);
    }
    default:
      return t;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The registry

interface StubClass {
  name: string;
  raw: RawClass;
  typeParams: string[];
  base?: Type;
  members: Map<string, Member | null>;
}

export class Stubs {
  private readonly classes = new Map<string, StubClass>();
  private readonly functionCache = new Map<string, FunctionInfo | null>();
  private readonly constructorCache = new Map<string, Signature[] | null>();
  private readonly moduleCache = new Map<string, ModuleInfo | null>();
  private readonly staticCache = new Map<string, ModuleInfo | null>();
  private readonly typeVars: Set<string>;
  /** JavaScript: primitive type name → class holding its members (`string` → `String`). */
  readonly primitiveClass = new Map<string, string>();
  private readonly classByPrimitive = new Map<string, string>();

  constructor(
    readonly flavor: Flavor,
    private readonly raw: RawStubs,
  ) {
    this.typeVars = new Set(raw.typeVars ?? []);
    for (const [name, cls] of Object.entries(raw.classes)) {
      this.classes.set(name, { name, raw: cls, typeParams: cls.typeParams ?? [], members: new Map() });
      if (cls.primitive) {
        this.primitiveClass.set(cls.primitive, name);
        this.classByPrimitive.set(name, cls.primitive);
      }
    }
  }

  /** Whether a builtin instance type name is a class with a complete member list. */
  hasClass(name: string): boolean {
    return this.classes.has(this.className(name));
  }

  /** `string` → `String` for JavaScript primitives; Python names map to themselves. */
  className(name: string): string {
    return this.primitiveClass.get(name) ?? name;
  }

  typeParams(name: string): string[] {
    return this.classes.get(this.className(name))?.typeParams ?? [];
  }

  hints(name: string): Record<string, string> {
    return own(this.raw.hints, this.className(name)) ?? own(this.raw.hints, name) ?? {};
  }

  isProtocol(name: string): boolean {
    return Boolean(own(this.raw.protocols, name));
  }

  protocol(name: string): RawProtocol | undefined {
    return own(this.raw.protocols, name);
  }

  alias(name: string): string | undefined {
    return own(this.raw.aliases, name);
  }

  /** Resolves a name inside a stub expression. */
  readonly resolveStubName: NameResolver = (name, args) => this.resolveName(name, args, new Set());

  resolveName(name: string, args: Type[] | undefined, typeVars: ReadonlySet<string>): Type | undefined {
    if (typeVars.has(name) || this.typeVars.has(name)) return { kind: 'typevar', name };
    if (name.startsWith('"')) {
      const value = name.slice(1, -1);
      return builtin(this.flavor === 'python' ? 'str' : 'string', [], { literal: value });
    }
    const a = args ?? [];
    if (this.flavor === 'python') {
      switch (name) {
        case 'Any':
          return UNKNOWN;
        case 'None':
          return NONE;
        case 'Never':
        case 'NoReturn':
          return NEVER;
        case 'object':
          return builtin('object', [], { abstract: true });
        case 'Callable':
          return builtin('Callable', [], { abstract: true });
        case 'tuple':
          if (a.length === 2 && a[1].kind === 'typevar' && a[1].name === '...') return builtin('tuple', [a[0]]);
          if (a.length === 1 && a[0].kind === 'typevar' && a[0].name === '()') return builtin('tuple', [NEVER], { items: [] });
          if (args) return builtin('tuple', [rawUnion(a)], { items: a });
          return builtin('tuple', [UNKNOWN]);
        default:
          break;
      }
      if (name.startsWith('module ')) return this.moduleType(name.slice(7));
      if (name.startsWith('type ')) return { kind: 'builtin-class', name: name.slice(5) };
    } else {
      switch (name) {
        case 'any':
        case 'unknown':
          return UNKNOWN;
        case 'undefined':
        case 'void':
          return UNDEFINED;
        case 'null':
          return NULL;
        case 'never':
          return NEVER;
        case 'string':
        case 'number':
        case 'boolean':
        case 'bigint':
        case 'symbol':
          return builtin(name);
        case 'PropertyKey':
          return union([builtin('string'), builtin('number'), builtin('symbol')]);
        case 'Function':
          return builtin('Function', [], { abstract: true });
        case 'Iterator':
        case 'Iterable':
          return builtin('Iterator', [a[0] ?? UNKNOWN], { abstract: true });
        default:
          break;
      }
    }
    const aliased = own(this.raw.aliases, name);
    if (aliased) return this.resolveName(aliased, args, typeVars);
    const protocol = own(this.raw.protocols, name);
    if (protocol) {
      const params = protocol.typeParams ?? [];
      return builtin(name, params.map((_, i) => a[i] ?? UNKNOWN), { abstract: true });
    }
    const cls = this.classes.get(name);
    if (cls && !cls.raw.primitive) {
      const params = cls.typeParams;
      return builtin(name, params.map((_, i) => a[i] ?? UNKNOWN));
    }
    return undefined;
  }

  private resolverFor(cls: StubClass | undefined): NameResolver {
    const vars = new Set(cls?.typeParams ?? []);
    return (name, args) => this.resolveName(name, args, vars);
  }

  parseType(text: string, cls?: StubClass): Type {
    return parseTypeExpression(text, this.resolverFor(cls));
  }

  private parseSignatures(raw: RawSignature, cls: StubClass | undefined): ParsedSignature[] {
    const texts = Array.isArray(raw) ? raw : [raw];
    const out: ParsedSignature[] = [];
    for (const text of texts) {
      const parsed = parseSignatureText(text, this.resolverFor(cls));
      if (parsed) out.push(parsed);
    }
    return out;
  }

  private isSignature(raw: RawSignature): boolean {
    const first = Array.isArray(raw) ? raw[0] : raw;
    return /^\s*(@\w+\s*)?\(/.test(first ?? '');
  }

  private baseOf(cls: StubClass): Type | undefined {
    if (cls.base !== undefined) return cls.base;
    const raw = cls.raw.base ?? (this.flavor === 'python' && cls.name !== 'object' ? 'object' : undefined);
    if (!raw) return undefined;
    cls.base = this.parseType(raw, cls);
    return cls.base;
  }

  /** Own member of a stub class, parsed, with the class's type parameters still free. */
  private ownMember(cls: StubClass, name: string): Member | undefined {
    if (cls.members.has(name)) return cls.members.get(name) ?? undefined;
    const raw = Object.hasOwn(cls.raw.members, name) ? cls.raw.members[name] : undefined;
    let member: Member | null = null;
    if (raw !== undefined) {
      if (this.isSignature(raw)) {
        const parsed = this.parseSignatures(raw, cls);
        const kind = parsed[0]?.methodKind ?? 'instance';
        const display = `${cls.raw.primitive ?? cls.name}.${name}`;
        member = { kind: 'method', methodKind: kind, fn: stubFunction(display, parsed.map((p) => p.signature)) };
      } else {
        const text = Array.isArray(raw) ? raw[0] : raw;
        member = { kind: 'attribute', type: text === 'None' ? NONE : this.parseType(text, cls) };
      }
    }
    cls.members.set(name, member);
    return member ?? undefined;
  }

  /**
   * A member of a builtin instance type, walking the base classes, with the class's type parameters
   * bound from the receiver (`list[int].pop` returns `int`) and `Self` bound to the receiver.
   */
  member(receiver: BuiltinType, name: string): Member | undefined {
    let clsName = this.className(receiver.name);
    let bindings = new Map<string, Type>();
    const self: Type = receiver;
    let cls = this.classes.get(clsName);
    if (cls) cls.typeParams.forEach((p, i) => bindings.set(p, receiver.args[i] ?? UNKNOWN));
    for (let depth = 0; cls && depth < MAX_DEPTH; depth++) {
      const own = this.ownMember(cls, name);
      if (own) {
        const all = new Map(bindings);
        all.set('Self', self);
        if (own.kind === 'attribute') return { kind: 'attribute', type: substitute(own.type, all) };
        return { ...own, fn: { ...own.fn, signatures: own.fn.signatures?.map((s) => substituteSignature(s, all)) } };
      }
      const base = this.baseOf(cls);
      if (!base || base.kind !== 'builtin') return undefined;
      const next = new Map<string, Type>();
      const baseCls = this.classes.get(this.className(base.name));
      baseCls?.typeParams.forEach((p, i) => next.set(p, substitute(base.args[i] ?? UNKNOWN, bindings)));
      bindings = next;
      clsName = base.name;
      cls = baseCls;
    }
    return undefined;
  }

  /** Whether `name` exists on the class or one of its bases (complete member lists). */
  hasMember(className: string, name: string): boolean {
    let cls = this.classes.get(this.className(className));
    for (let depth = 0; cls && depth < MAX_DEPTH; depth++) {
      if (Object.hasOwn(cls.raw.members, name)) return true;
      const base = this.baseOf(cls);
      cls = base?.kind === 'builtin' ? this.classes.get(this.className(base.name)) : undefined;
    }
    return false;
  }

  /** Every member name of a class and its bases. */
  memberNames(className: string): string[] {
    const names = new Set<string>();
    let cls = this.classes.get(this.className(className));
    for (let depth = 0; cls && depth < MAX_DEPTH; depth++) {
      for (const n of Object.keys(cls.raw.members)) names.add(n);
      const base = this.baseOf(cls);
      cls = base?.kind === 'builtin' ? this.classes.get(this.className(base.name)) : undefined;
    }
    return [...names];
  }

  /** Whether `className` is `ancestor` or derives from it (`bool` → `int`). */
  derivesFrom(className: string, ancestor: string): boolean {
    let cls = this.classes.get(this.className(className));
    const target = this.className(ancestor);
    for (let depth = 0; cls && depth < MAX_DEPTH; depth++) {
      if (cls.name === target) return true;
      const base = this.baseOf(cls);
      cls = base?.kind === 'builtin' ? this.classes.get(this.className(base.name)) : undefined;
    }
    return false;
  }

  /** The builtin base of a stub class with its arguments bound (`collections.Counter[str]` → `dict[str, int]`). */
  baseType(t: BuiltinType): BuiltinType | undefined {
    const cls = this.classes.get(this.className(t.name));
    if (!cls) return undefined;
    const base = this.baseOf(cls);
    if (!base || base.kind !== 'builtin') return undefined;
    const bindings = new Map<string, Type>();
    cls.typeParams.forEach((p, i) => bindings.set(p, t.args[i] ?? UNKNOWN));
    const bound = substitute(base, bindings);
    return bound.kind === 'builtin' ? bound : undefined;
  }

  /** Python builtin function or JavaScript global function. */
  function(name: string): FunctionInfo | undefined {
    if (this.functionCache.has(name)) return this.functionCache.get(name) ?? undefined;
    const raw = own(this.raw.functions, name) ?? own(this.raw.globals, name);
    let fn: FunctionInfo | null = null;
    if (raw !== undefined && this.isSignature(raw)) fn = stubFunction(name, this.parseSignatures(raw, undefined).map((p) => p.signature));
    this.functionCache.set(name, fn);
    return fn ?? undefined;
  }

  /** JavaScript global that is not a function: `namespace Math`, `constructor Map`, or a value type. */
  global(name: string): { kind: 'namespace' | 'constructor'; name: string } | { kind: 'value'; type: Type } | undefined {
    const raw = own(this.raw.globals, name);
    if (raw === undefined || Array.isArray(raw) || this.isSignature(raw)) return undefined;
    if (raw.startsWith('namespace ')) return { kind: 'namespace', name: raw.slice(10) };
    if (raw.startsWith('constructor ')) return { kind: 'constructor', name: raw.slice(12) };
    return { kind: 'value', type: this.parseType(raw) };
  }

  /** What calling (`call`) or `new`-ing a builtin class gives: its signatures; undefined when it cannot be done or is unknown. */
  constructorSignatures(className: string, how: 'call' | 'new'): Signature[] | undefined {
    // Every call of a builtin class asks: the signature text is parsed once.
    const key = `${how}\u0000${className}`;
    if (this.constructorCache.has(key)) return this.constructorCache.get(key) ?? undefined;
    const signatures = this.computeConstructorSignatures(className, how);
    this.constructorCache.set(key, signatures ?? null);
    return signatures;
  }

  private computeConstructorSignatures(className: string, how: 'call' | 'new'): Signature[] | undefined {
    const cls = this.classes.get(className);
    if (this.flavor === 'python') {
      const raw = cls && Object.hasOwn(cls.raw, 'constructor') ? cls.raw.constructor : undefined;
      if (!cls) return undefined;
      if (raw === undefined) return [{ params: [{ name: 'args', kind: 'varargs', optional: true }, { name: 'kwargs', kind: 'kwargs', optional: true }], returns: this.instanceOf(className) }];
      return this.parseSignatures(raw, cls).map((p) => p.signature);
    }
    const raw = own(own(this.raw.constructors, className), how);
    if (raw === undefined) return undefined;
    return this.parseSignatures(raw, cls).map((p) => p.signature);
  }

  /** Whether a JavaScript builtin constructor may be called with (`new`) or without `new`. */
  constructorKinds(className: string): { call: boolean; new: boolean } {
    const raw = own(this.raw.constructors, className);
    return { call: Boolean(raw?.call), new: Boolean(raw?.new) };
  }

  /** The instance type a builtin class produces, its type parameters unknown. */
  instanceOf(className: string): Type {
    const primitive = this.classByPrimitive.get(className);
    if (primitive) return builtin(primitive);
    const cls = this.classes.get(className);
    if (!cls) return UNKNOWN;
    return builtin(className, cls.typeParams.map(() => UNKNOWN));
  }

  /** A stub module (`os.path`) or JavaScript namespace / static members (`Math`, `Object`). */
  module(name: string): ModuleInfo | undefined {
    return this.namespaceInfo(name, own(this.raw.modules, name), this.moduleCache);
  }

  statics(name: string): ModuleInfo | undefined {
    return this.namespaceInfo(name, own(this.raw.statics, name), this.staticCache);
  }

  private namespaceInfo(name: string, raw: Record<string, RawSignature> | undefined, cache: Map<string, ModuleInfo | null>): ModuleInfo | undefined {
    if (cache.has(name)) return cache.get(name) ?? undefined;
    if (!raw) {
      cache.set(name, null);
      return undefined;
    }
    const members = new Map<string, Typed | null>();
    const info: ModuleInfo = {
      name,
      complete: this.flavor === 'javascript',
      has: (member) => Object.hasOwn(raw, member),
      member: (member) => {
        if (members.has(member)) return members.get(member) ?? undefined;
        const entry = Object.hasOwn(raw, member) ? raw[member] : undefined;
        let value: Typed | null = null;
        if (entry !== undefined) {
          const origin = `${name}.${member} (builtin stub)`;
          if (this.isSignature(entry)) value = { type: { kind: 'function', fn: stubFunction(`${name}.${member}`, this.parseSignatures(entry, undefined).map((p) => p.signature)) }, origin };
          else {
            const text = Array.isArray(entry) ? entry[0] : entry;
            const t = text.startsWith('module ') ? this.moduleType(text.slice(7)) : text.startsWith('type ') ? ({ kind: 'builtin-class', name: text.slice(5) } as Type) : this.parseType(text);
            value = { type: t, origin };
          }
        }
        members.set(member, value);
        return value ?? undefined;
      },
    };
    cache.set(name, info);
    return info;
  }

  moduleType(name: string): Type {
    const info = this.module(name);
    return info ? { kind: 'module', module: info } : UNKNOWN;
  }

  hasModule(name: string): boolean {
    return Boolean(own(this.raw.modules, name));
  }

  /** JavaScript: the element type a builtin iterates (`Array<T>` → T, `Map<K, V>` → `[K, V]`). */
  iterationType(t: BuiltinType): Type | undefined {
    const cls = this.classes.get(this.className(t.name));
    const iter = cls?.raw.iter;
    if (!cls || !iter) return undefined;
    const bindings = new Map<string, Type>();
    cls.typeParams.forEach((p, i) => bindings.set(p, t.args[i] ?? UNKNOWN));
    return substitute(this.parseType(iter, cls), bindings);
  }
}

export function stubFunction(name: string, signatures: Signature[]): FunctionInfo {
  return { name, signatures, isAsync: false, isGenerator: false, builtin: true };
}

const loaded = new Map<Flavor, Stubs>();

export function loadStubs(flavor: Flavor): Stubs {
  let stubs = loaded.get(flavor);
  if (!stubs) {
    const file = join(packageRoot(), 'grammars', flavor, 'stubs.json');
    stubs = new Stubs(flavor, JSON.parse(readFileSync(file, 'utf8')) as RawStubs);
    loaded.set(flavor, stubs);
  }
  return stubs;
}
