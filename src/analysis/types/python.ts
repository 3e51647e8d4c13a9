import { basename } from 'node:path';
import type { ParsedFile } from '../../parse/parser.js';
import { nextAfterSubtree, nextInSubtree, type SyntaxNode } from '../../parse/syntax-node.js';
import type { Scope, SemanticModel, SemanticSymbol } from '../index.js';
import { brief, Env, lineOf, unitsInPreorder, unitScope, type ImportResolver, type TypeEntry } from './common.js';
import {
  builtin,
  describe,
  filterType,
  isUnknown,
  join,
  joinAll,
  joinTyped,
  members,
  NEVER,
  NONE,
  sameType,
  tupleOf,
  typed,
  typeNames,
  union,
  UNKNOWN,
  widen,
  type BuiltinType,
  type ClassInfo,
  type FunctionInfo,
  type ModuleInfo,
  type Param,
  type ParamKind,
  type Signature,
  type Type,
  type Typed,
} from './lattice.js';
import { boundReturn, matchCall, pythonBinary, Relations, NOT_ITERABLE, type CallArgument, type CallShape } from './relations.js';
import { loadStubs, parseTypeExpression, type Stubs } from './stubs.js';

/**
 * Flow-sensitive type inference for one Python file.
 *
 * Each "unit" (the module body, a class body, a function or lambda body) is interpreted once over an
 * environment of variable types: assignments set, branches join, `isinstance` / `is None` / truthiness
 * narrow, `return` / `raise` / `break` / `continue` end a path. Loops run a discovery pass before the
 * recorded pass so loop-carried types are joined. Units are analysed lazily when another unit needs
 * their result (a function's return type, a class's attributes), memoised, with a nesting bound; a unit
 * still running answers "unknown". Every expression evaluated on a recorded pass keeps its type, so rules
 * ask for any node's type after the fact.
 */

const MAX_EXPRESSION_DEPTH = 120;
const MAX_STATEMENT_DEPTH = 60;
const MAX_UNIT_NESTING = 24;
const FUNCTION_TYPES = new Set(['function_definition', 'lambda']);
const UNIT_TYPES = new Set(['function_definition', 'lambda', 'class_definition', 'module']);
/** Decorators that keep a function's signature as written. */
const TRANSPARENT_DECORATORS = new Set([
  'staticmethod', 'classmethod', 'abstractmethod', 'abc.abstractmethod', 'functools.wraps', 'wraps', 'override', 'typing.override',
  'functools.lru_cache', 'lru_cache', 'functools.cache', 'cache', 'final', 'typing.final', 'typing_extensions.override',
]);
const PROPERTY_DECORATORS = new Set(['property', 'cached_property', 'functools.cached_property', 'abc.abstractproperty']);
const TYPING_MODULES = new Set(['typing', 'typing_extensions', 'collections.abc', 'builtins']);
const LITERAL_FALSY = (t: Type) => t.kind === 'builtin' && (t.literal === 0 || t.literal === '' || t.literal === false);
const LITERAL_TRUTHY = (t: Type) => t.kind === 'builtin' && t.literal !== undefined && !LITERAL_FALSY(t);
/** Values that are always truthy: functions, classes, modules. */
const ALWAYS_TRUTHY = (t: Type) => t.kind === 'function' || t.kind === 'class' || t.kind === 'builtin-class' || t.kind === 'module' || LITERAL_TRUTHY(t);

interface UnitContext {
  node: SyntaxNode;
  kind: 'module' | 'function' | 'lambda' | 'class';
  recording: boolean;
  returns: Typed[];
  loops: Array<{ breaks: Env[]; continues: Env[] }>;
  /** The function's own return was needed while it ran (direct recursion). */
  selfRecursive: boolean;
}

interface UnitState {
  status: 'running' | 'done';
  returns?: Typed;
}

/** Details of a call kept for rules: what was called, how, and what it gave. */
export interface CallRecord {
  callee: Typed;
  shape: CallShape;
  /** The argument nodes, positional then keyword. */
  positionalNodes: SyntaxNode[];
  keywordNodes: SyntaxNode[];
  result: Typed;
}

export interface PythonTypesOptions {
  /** Display path of the file, for evidence in other files. */
  label: string;
  /** Analysed on behalf of another file (an import): evidence names the file. */
  external?: boolean;
  resolver?: ImportResolver;
}

export class PythonTypes {
  readonly flavor = 'python' as const;
  readonly stubs: Stubs;
  readonly relations: Relations;
  private readonly exprTypes = new Map<SyntaxNode, Typed>();
  private readonly writes = new Map<SyntaxNode, Typed>();
  private readonly calls = new Map<SyntaxNode, CallRecord>();
  private readonly units = new Map<SyntaxNode, UnitState>();
  private readonly functions = new Map<SyntaxNode, FunctionInfo>();
  private readonly functionNodes = new Map<FunctionInfo, SyntaxNode>();
  private readonly classes = new Map<SyntaxNode, PythonClass>();
  private readonly declared = new Map<SemanticSymbol, Typed>();
  private readonly declaring = new Set<SemanticSymbol>();
  private readonly paramTypes = new Map<SyntaxNode, Typed | null>();
  private readonly annotationCache = new Map<SyntaxNode, Type>();
  private readonly unstable = new Map<SemanticSymbol, boolean>();
  /** Attribute names assigned through something other than `self` (`obj.x = ...`): their class types are unknown. */
  private externallyAssigned?: Set<string>;
  private nesting = 0;
  private analysedAll = false;
  private moduleInfo?: ModuleInfo;

  constructor(
    readonly parsed: ParsedFile,
    readonly model: SemanticModel,
    readonly options: PythonTypesOptions,
  ) {
    this.stubs = loadStubs('python');
    this.relations = new Relations(this.stubs);
  }

  private where(node: SyntaxNode): string {
    return this.options.external ? `${basename(this.options.label)} line ${lineOf(node)}` : `line ${lineOf(node)}`;
  }

  // -------------------------------------------------------------------------------------------------------
  // Public answers

  /** Analyses every unit of the file, in source order. */
  ensureAll() {
    if (this.analysedAll) return;
    this.analysedAll = true;
    this.analyseUnit(this.parsed.root);
    for (const unit of unitsInPreorder(this.parsed.root, UNIT_TYPES)) this.analyseUnit(unit);
  }

  typeOf(node: SyntaxNode): Typed | undefined {
    this.ensureAll();
    let n = node;
    while (n.type === 'parenthesized_expression' && n.namedChildren.length === 1) n = n.namedChildren[0];
    const found = this.exprTypes.get(n) ?? this.exprTypes.get(node) ?? this.writes.get(n);
    if (found && found.type.kind !== 'unknown' && found.type.kind !== 'never') return found;
    return undefined;
  }

  /** The type stored by an assignment target (`x` in `x = 1`). */
  writeType(target: SyntaxNode): Typed | undefined {
    this.ensureAll();
    return this.writes.get(target);
  }

  call(node: SyntaxNode): CallRecord | undefined {
    this.ensureAll();
    return this.calls.get(node);
  }

  functionOf(node: SyntaxNode): FunctionInfo | undefined {
    return FUNCTION_TYPES.has(node.type) ? this.functionInfo(node) : undefined;
  }

  classOf(node: SyntaxNode): ClassInfo | undefined {
    return node.type === 'class_definition' ? this.classInfo(node) : undefined;
  }

  /** The declared (annotation) type of a function's return, if annotated. */
  declaredReturn(fn: SyntaxNode): Typed | undefined {
    const annotation = fn.field('return_type');
    if (!annotation) return undefined;
    const t = this.annotationType(annotation);
    return isUnknown(t) ? undefined : typed(t, `return annotation at line ${lineOf(annotation)}`);
  }

  /** The type an annotation node denotes (unknown when it uses anything the pass does not understand). */
  annotationType(annotation: SyntaxNode): Type {
    let cached = this.annotationCache.get(annotation);
    if (cached) return cached;
    cached = this.parseAnnotation(annotation);
    this.annotationCache.set(annotation, cached);
    return cached;
  }

  /** Module-level names as seen by other files. */
  summary(): ModuleInfo {
    if (this.moduleInfo) return this.moduleInfo;
    const label = basename(this.options.label);
    this.moduleInfo = {
      name: label,
      complete: false,
      has: (name) => this.model.globalScope.symbols.has(name) || this.model.hasStarImport,
      names: () => [...this.model.globalScope.symbols.keys()],
      member: (name) => {
        const symbol = this.model.globalScope.symbols.get(name);
        if (!symbol) return undefined;
        const t = this.declaredType(symbol);
        if (!t || isUnknown(t.type)) return undefined;
        return this.options.external ? { ...t, origin: t.origin.includes(label) ? t.origin : `${t.origin} in ${label}` } : t;
      },
    };
    return this.moduleInfo;
  }

  // -------------------------------------------------------------------------------------------------------
  // Units

  private unitNodeOf(node: SyntaxNode): SyntaxNode {
    return unitScope(this.model.scopeOf(node)).node;
  }

  private symbolUnit(symbol: SemanticSymbol): SyntaxNode {
    return unitScope(symbol.scope).node;
  }

  /** A symbol some other unit writes (`global` / `nonlocal`): flow types in its own unit cannot be trusted. */
  private isUnstable(symbol: SemanticSymbol): boolean {
    let result = this.unstable.get(symbol);
    if (result === undefined) {
      const home = this.symbolUnit(symbol);
      result = symbol.declarations.some((d) => this.unitNodeOf(d.name) !== home) || symbol.references.some((r) => r.isWrite && unitScope(r.scope).node !== home);
      this.unstable.set(symbol, result);
    }
    return result;
  }

  private analyseUnit(unit: SyntaxNode): UnitState | undefined {
    const state = this.units.get(unit);
    if (state) return state;
    if (this.nesting >= MAX_UNIT_NESTING) return undefined;
    const running: UnitState = { status: 'running' };
    this.units.set(unit, running);
    this.nesting++;
    try {
      this.runUnit(unit, running);
    } finally {
      this.nesting--;
    }
    running.status = 'done';
    return running;
  }

  private runUnit(unit: SyntaxNode, state: UnitState) {
    const kind: UnitContext['kind'] = unit.type === 'module' ? 'module' : unit.type === 'class_definition' ? 'class' : unit.type === 'lambda' ? 'lambda' : 'function';
    const scope = this.model.scopeCreatedBy(unit) ?? this.model.globalScope;
    const dynamic = this.model.isDynamic(scope);
    const run = (recording: boolean): UnitContext => {
      const ctx: UnitContext = { node: unit, kind, recording: recording && !dynamic, returns: [], loops: [], selfRecursive: false };
      const env = new Env();
      if (kind === 'function' || kind === 'lambda') this.bindParameters(unit, env);
      if (kind === 'lambda') {
        const body = unit.field('body');
        if (body) ctx.returns.push(this.expr(body, env, ctx, 0));
        return ctx;
      }
      const body = unit.type === 'module' ? unit : unit.field('body');
      if (body) this.block(body.namedChildren, env, ctx, 0);
      if (env.live && kind === 'function') ctx.returns.push(typed(NONE, `end of \`${this.functionInfo(unit).name}\` at line ${lineOf(unit) + (unit.endRow - unit.startRow)}`));
      return ctx;
    };
    let ctx = run(true);
    if (kind === 'function' || kind === 'lambda') {
      state.returns = this.combineReturns(unit, ctx);
      if (ctx.selfRecursive) {
        // The first pass saw its own recursive calls as "no value yet"; run again with the result.
        const first = state.returns;
        ctx = run(true);
        const second = this.combineReturns(unit, ctx);
        state.returns = second && first && sameType(first.type, second.type) ? second : second ? typed(UNKNOWN, second.origin) : undefined;
      }
    }
    if (dynamic) state.returns = undefined;
  }

  private combineReturns(unit: SyntaxNode, ctx: UnitContext): Typed | undefined {
    let result: Typed | undefined;
    for (const r of ctx.returns) result = joinTyped(result, r);
    return result ?? typed(NEVER, `\`${this.functionInfo(unit).name}\` never returns`);
  }

  /** The inferred result of calling a function (before async/generator wrapping). */
  private returnOf(fn: SyntaxNode, caller?: UnitContext): Typed | undefined {
    const declared = this.declaredReturn(fn);
    if (declared) return this.trustedDeclaration(fn, declared);
    const state = this.units.get(fn);
    if (state?.status === 'running') {
      if (caller && caller.node === fn) caller.selfRecursive = true;
      return caller && caller.node === fn ? typed(NEVER, 'recursive call') : undefined;
    }
    const done = this.analyseUnit(fn);
    return done?.returns;
  }

  /**
   * A return annotation the body contradicts (`-> None` over `return value`, `-> str` over a returned
   * int) is not believed by callers: one of the two is wrong, and the pass cannot tell which.
   */
  private readonly trusted = new Map<SyntaxNode, boolean>();

  private trustedDeclaration(fn: SyntaxNode, declared: Typed): Typed | undefined {
    const memo = this.trusted.get(fn);
    if (memo !== undefined) return memo ? declared : undefined;
    const verdict = this.computeTrusted(fn, declared);
    if (verdict !== undefined) this.trusted.set(fn, verdict);
    return verdict === false ? undefined : declared;
  }

  /** True/false once known; undefined while the body's own analysis is still running. */
  private computeTrusted(fn: SyntaxNode, declared: Typed): boolean | undefined {
    if (fn.type !== 'function_definition' || this.functionInfo(fn).isGenerator) return true;
    if (declared.type.kind === 'none') {
      for (const r of returnStatements(fn)) {
        const value = r.namedChildren.find((c) => c.type !== 'comment');
        if (value && value.type !== 'none') return false;
      }
      return true;
    }
    const state = this.units.get(fn);
    if (state?.status === 'running') return undefined;
    const inferred = (state ?? this.analyseUnit(fn))?.returns;
    if (inferred && !isUnknown(inferred.type) && inferred.type.kind !== 'never' && this.relations.assignable(inferred.type, declared.type) === false) return false;
    return true;
  }

  // -------------------------------------------------------------------------------------------------------
  // Functions and classes

  functionInfo(node: SyntaxNode): FunctionInfo {
    let info = this.functions.get(node);
    if (info) return info;
    const isLambda = node.type === 'lambda';
    const nameNode = node.field('name');
    const name = isLambda ? '<lambda>' : this.qualifiedName(node);
    const decorators = this.decoratorsOf(node);
    const decoratorNames = decorators.map((d) => decoratorName(d));
    const inClass = !isLambda && this.enclosingClass(node) !== undefined && this.isDirectMethod(node);
    let methodKind: FunctionInfo['methodKind'];
    if (inClass) {
      methodKind = 'instance';
      if (decoratorNames.includes('staticmethod')) methodKind = 'static';
      else if (decoratorNames.includes('classmethod')) methodKind = 'class';
      else if (decoratorNames.some((d) => d !== undefined && PROPERTY_DECORATORS.has(d))) methodKind = 'property';
      else if (nameNode && ['__new__', '__init_subclass__', '__class_getitem__'].includes(nameNode.text)) methodKind = nameNode.text === '__new__' ? 'static' : 'class';
    }
    const transparent = decoratorNames.every((d) => d !== undefined && (TRANSPARENT_DECORATORS.has(d) || PROPERTY_DECORATORS.has(d) || /\.(setter|getter|deleter)$/.test(d)));
    const isAsync = !isLambda && node.children.some((c) => c.type === 'async');
    const isGenerator = !isLambda && containsYield(node);
    const self = this;
    const signature = this.signatureOf(node);
    info = {
      name,
      where: this.where(node),
      signatures: transparent && signature ? [signature] : undefined,
      returns: () => {
        if (!transparent) return undefined;
        if (isGenerator) return typed(builtin(isAsync ? 'async_generator' : 'generator', [UNKNOWN]), `generator \`${name}\` (${self.where(node)})`);
        const r = self.returnOf(node);
        if (isAsync) return typed(builtin('coroutine', [r && !isUnknown(r.type) ? r.type : UNKNOWN]), `coroutine of async \`${name}\` (${self.where(node)})`);
        return r;
      },
      isAsync,
      isGenerator,
      builtin: false,
      methodKind,
      placeholder: !isLambda && isPlaceholderBody(node),
      alwaysNone: () => {
        if (!transparent || isGenerator || isAsync || isLambda) return false;
        if (info!.placeholder) return false;
        const declared = self.declaredReturn(node);
        if (declared) return declared.type.kind === 'none';
        const r = self.returnOf(node);
        return r?.type.kind === 'none';
      },
    };
    this.functions.set(node, info);
    this.functionNodes.set(info, node);
    return info;
  }

  /** The syntax node of a function defined in this file. */
  functionNode(fn: FunctionInfo): SyntaxNode | undefined {
    return this.functionNodes.get(fn);
  }

  private decoratorsOf(node: SyntaxNode): SyntaxNode[] {
    const parent = node.parent;
    if (parent?.type !== 'decorated_definition') return [];
    return parent.namedChildren.filter((c) => c.type === 'decorator');
  }

  /** The class whose body defines this function (directly, or inside an `if`/`try` of the body). */
  private enclosingClass(node: SyntaxNode): SyntaxNode | undefined {
    if (node.type !== 'function_definition') return undefined;
    const scope = this.model.scopeOf(node);
    return scope.kind === 'class' && scope.node.type === 'class_definition' ? scope.node : undefined;
  }

  private isDirectMethod(node: SyntaxNode): boolean {
    return node.type === 'function_definition' && this.enclosingClass(node) !== undefined;
  }

  qualifiedName(node: SyntaxNode): string {
    const names: string[] = [];
    for (let n: SyntaxNode | null = node; n; n = n.parent) {
      if (n.type === 'function_definition' || n.type === 'class_definition') {
        const name = n.field('name');
        if (name) names.push(name.text);
      }
    }
    return names.reverse().join('.');
  }

  /** Dotted name of the functions and classes enclosing a node (not the node itself). */
  scopeName(node: SyntaxNode): string {
    const names: string[] = [];
    for (let n = node.parent; n; n = n.parent) {
      if (n.type === 'function_definition' || n.type === 'class_definition') {
        const name = n.field('name');
        if (name) names.push(name.text);
      }
    }
    return names.reverse().join('.');
  }

  private signatureOf(node: SyntaxNode): Signature | undefined {
    const parameters = node.field('parameters');
    const params: Param[] = [];
    let keywordOnly = false;
    for (const p of parameters?.namedChildren ?? []) {
      let kind: ParamKind = keywordOnly ? 'keyword' : 'normal';
      let name: string | undefined;
      let optional = false;
      switch (p.type) {
        case 'identifier':
          name = p.text;
          break;
        case 'typed_parameter': {
          const inner = p.namedChildren.find((c) => c.type !== 'type');
          if (inner?.type === 'list_splat_pattern') {
            kind = 'varargs';
            keywordOnly = true;
          } else if (inner?.type === 'dictionary_splat_pattern') kind = 'kwargs';
          name = (inner?.type === 'identifier' ? inner : inner?.namedChildren.find((c) => c.type === 'identifier'))?.text;
          optional = kind === 'varargs' || kind === 'kwargs';
          break;
        }
        case 'default_parameter':
        case 'typed_default_parameter':
          name = p.field('name')?.text;
          optional = true;
          break;
        case 'list_splat_pattern':
          kind = 'varargs';
          keywordOnly = true;
          name = p.namedChildren.find((c) => c.type === 'identifier')?.text;
          optional = true;
          break;
        case 'dictionary_splat_pattern':
          kind = 'kwargs';
          name = p.namedChildren.find((c) => c.type === 'identifier')?.text;
          optional = true;
          break;
        case 'keyword_separator':
          keywordOnly = true;
          continue;
        case 'positional_separator':
          for (let i = 0; i < params.length; i++) if (params[i].kind === 'normal') params[i] = { ...params[i], kind: 'positional' };
          continue;
        case 'comment':
          continue;
        default:
          return undefined;
      }
      if (!name) return undefined;
      const declared = this.parameterAnnotation(p);
      params.push({ name, kind, optional, type: declared });
    }
    return { params, returns: UNKNOWN };
  }

  private parameterAnnotation(p: SyntaxNode): Type | undefined {
    const annotation = p.field('type');
    if (!annotation) return undefined;
    const t = this.annotationType(annotation);
    return isUnknown(t) ? undefined : t;
  }

  classInfo(node: SyntaxNode): PythonClass {
    let info = this.classes.get(node);
    if (!info) {
      info = new PythonClass(this, node);
      this.classes.set(node, info);
    }
    return info;
  }

  /** The type of a base-class expression of a class statement. */
  baseType(expression: SyntaxNode): Type | undefined {
    this.analyseUnit(this.unitNodeOf(expression));
    const t = this.exprTypes.get(expression);
    return t?.type;
  }

  /** Types of `self.<name> = value` writes in the methods of a class, joined. */
  instanceAttribute(cls: SyntaxNode, name: string, sites: SyntaxNode[]): Typed | undefined {
    if (this.externallyAssignedNames().has(name)) return undefined;
    let result: Typed | undefined;
    // Plain writes first; `self.x += <literal>` is then applied to them (it would otherwise depend on itself).
    const augmented: SyntaxNode[] = [];
    for (const site of sites) {
      if (site.parent?.type === 'augmented_assignment') {
        augmented.push(site);
        continue;
      }
      const method = site.closest('function_definition');
      if (method) this.analyseUnit(method);
      const t = this.writes.get(site);
      if (!t) return undefined;
      result = joinTyped(result, t);
    }
    if (result) result = placeholderFree(result);
    for (const site of augmented) {
      const statement = site.parent!;
      const right = statement.field('right');
      const op = (statement.field('operator')?.type ?? '').replace(/=$/, '');
      const operand = right ? (literalType(right) ?? this.exprTypes.get(right)?.type) : undefined;
      if (!result || !operand || isUnknown(operand)) return undefined;
      const r = pythonBinary(this.relations, op, result.type, operand);
      if (r.kind !== 'ok') return undefined;
      result = joinTyped(result, typed(widen(r.type), `\`${brief(statement.text)}\` at line ${lineOf(statement)}`));
    }
    return result;
  }

  /** Type of a class-body variable (`x = 1` / `x: int` in the class body). */
  // (placeholderFree is applied by declaredType)
  classVariable(symbol: SemanticSymbol): Typed | undefined {
    if (this.externallyAssignedNames().has(symbol.name)) return undefined;
    return this.declaredType(symbol);
  }

  private externallyAssignedNames(): Set<string> {
    if (this.externallyAssigned) return this.externallyAssigned;
    const names = new Set<string>();
    const root = this.parsed.root;
    for (let node: SyntaxNode | undefined = root; node; node = nextInSubtree(node, root)) {
      if (node.type === 'assignment' || node.type === 'augmented_assignment') {
        for (const target of targetsOf(node.field('left'))) {
          if (target.type !== 'attribute') continue;
          const object = target.field('object');
          const attribute = target.field('attribute');
          if (attribute && !(object?.type === 'identifier' && (object.text === 'self' || object.text === 'cls'))) names.add(attribute.text);
        }
      } else if (node.type === 'call') {
        // setattr(obj, "name", value) with a literal name.
        const callee = node.field('function');
        const args = node.field('arguments')?.namedChildren ?? [];
        if (callee?.text === 'setattr' && args[1]?.type === 'string') names.add(stringValue(args[1]) ?? '');
      }
    }
    this.externallyAssigned = names;
    return names;
  }

  // -------------------------------------------------------------------------------------------------------
  // Declared (flow-insensitive) types of symbols

  /** The join of every value a symbol is ever given: what other units see. */
  declaredType(symbol: SemanticSymbol): Typed | undefined {
    const memo = this.declared.get(symbol);
    if (memo) return memo;
    if (this.declaring.has(symbol)) return undefined;
    if (symbol.declarations.length === 0 || symbol.declarations.length > 32) return undefined;
    if (this.model.isDynamic(symbol.scope)) return undefined;
    if (this.model.hasStarImport && symbol.scope === this.model.globalScope && symbol.declarations.some((d) => d.kind !== 'function' && d.kind !== 'class')) {
      // A later `from m import *` may rebind it.
    }
    this.declaring.add(symbol);
    let complete = true;
    let result: Typed | undefined;
    try {
      // An annotation anywhere is the declared type.
      for (const d of symbol.declarations) {
        if ((d.form === 'annotated-assignment' || d.form === 'annotation') && d.node.field('type')) {
          const t = this.annotationType(d.node.field('type')!);
          if (!isUnknown(t)) {
            result = typed(t, `annotation at line ${lineOf(d.node)}`);
            this.declared.set(symbol, result);
            return result;
          }
        }
      }
      for (const d of symbol.declarations) {
        let t: Typed | undefined;
        switch (d.form) {
          case 'def':
            t = typed(this.decorated(d.node, { kind: 'function', fn: this.functionInfo(d.node) }), `def at line ${lineOf(d.node)}`);
            break;
          case 'class':
            t = typed(this.decorated(d.node, { kind: 'class', cls: this.classInfo(d.node), exact: true }), `class at line ${lineOf(d.node)}`);
            break;
          case 'import':
          case 'import-from':
            t = this.resolvedImports.get(d.name) ?? this.importType(d.node, d.part, d.name);
            if (t) this.resolvedImports.set(d.name, t);
            break;
          case 'parameter':
            t = this.parameterTyped(d.node);
            break;
          case 'annotation':
            continue;
          default: {
            t = this.writes.get(d.name);
            if (!t) {
              const unit = this.unitNodeOf(d.name);
              const state = this.units.get(unit);
              if (!state) this.analyseUnit(unit);
              else if (state.status === 'running') complete = false;
              t = this.writes.get(d.name);
            }
          }
        }
        if (!t) return undefined;
        result = joinTyped(result, t);
      }
    } finally {
      this.declaring.delete(symbol);
    }
    if (result) result = placeholderFree(result);
    if (result && complete) this.declared.set(symbol, result);
    return result;
  }

  // -------------------------------------------------------------------------------------------------------
  // Imports

  private importType(statement: SyntaxNode, part: SyntaxNode | undefined, _name?: SyntaxNode): Typed | undefined {
    if (!part) return undefined;
    const origin = `import at line ${lineOf(statement)}`;
    if (statement.type === 'import_statement') {
      // `import a.b.c` binds `a`; `import a.b as x` binds the module a.b.
      const dotted = part.type === 'aliased_import' ? part.field('name') : part;
      if (!dotted) return undefined;
      const full = dotted.text.replace(/\s+/g, '');
      const bound = part.type === 'aliased_import' ? full : full.split('.')[0];
      const module = this.moduleNamed(bound, 0);
      return module ? typed({ kind: 'module', module }, origin) : undefined;
    }
    if (statement.type === 'import_from_statement') {
      const moduleNode = statement.field('module_name');
      if (!moduleNode) return undefined;
      const text = moduleNode.text.replace(/\s+/g, '');
      const level = /^\.*/.exec(text)![0].length;
      const moduleName = text.slice(level);
      const imported = (part.type === 'aliased_import' ? part.field('name') : part)?.text;
      if (!imported) return undefined;
      if (level === 0 && TYPING_MODULES.has(moduleName)) return undefined;
      const module = this.moduleNamed(moduleName, level);
      const member = module?.member(imported);
      if (member) return { ...member, origin: `${member.origin}, imported at line ${lineOf(statement)}` };
      // The package defines the name itself (its type unknown here): not the submodule of that name.
      if (module?.has?.(imported)) return undefined;
      // `from pkg import submodule`
      const sub = this.moduleNamed(moduleName ? `${moduleName}.${imported}` : imported, level);
      return sub ? typed({ kind: 'module', module: sub }, origin) : undefined;
    }
    return undefined;
  }

  private moduleNamed(name: string, level: number): ModuleInfo | undefined {
    if (level === 0 && this.stubs.hasModule(name)) return this.stubs.module(name);
    return this.options.resolver?.module(this.parsed.file.absolutePath, name, level);
  }

  // -------------------------------------------------------------------------------------------------------
  // Parameters

  private bindParameters(fn: SyntaxNode, env: Env) {
    const parameters = fn.field('parameters');
    for (const p of parameters?.namedChildren ?? []) {
      const nameNode = parameterName(p);
      if (!nameNode) continue;
      const symbol = this.model.resolve(nameNode);
      const t = this.parameterTyped(p);
      if (symbol) env.setVar(symbol, t ?? typed(UNKNOWN, `parameter \`${nameNode.text}\``));
      if (t && this.options.external !== true) this.writes.set(nameNode, t);
    }
  }

  /** The type of a parameter inside its function: annotation, `self`/`cls`, or default value. */
  parameterTyped(p: SyntaxNode): Typed | undefined {
    if (this.paramTypes.has(p)) return this.paramTypes.get(p) ?? undefined;
    this.paramTypes.set(p, null);
    const result = this.computeParameterType(p);
    this.paramTypes.set(p, result ?? null);
    return result;
  }

  private computeParameterType(p: SyntaxNode): Typed | undefined {
    const fn = p.parent?.parent;
    if (!fn || !FUNCTION_TYPES.has(fn.type)) return undefined;
    const isStar = p.type === 'list_splat_pattern' || (p.type === 'typed_parameter' && p.namedChildren.some((c) => c.type === 'list_splat_pattern'));
    const isDoubleStar = p.type === 'dictionary_splat_pattern' || (p.type === 'typed_parameter' && p.namedChildren.some((c) => c.type === 'dictionary_splat_pattern'));
    const annotation = p.field('type');
    if (annotation) {
      const t = this.annotationType(annotation);
      if (isUnknown(t)) return isStar ? typed(builtin('tuple', [UNKNOWN]), 'star parameter') : isDoubleStar ? typed(builtin('dict', [builtin('str'), UNKNOWN]), 'keyword parameter') : undefined;
      const origin = `annotation at line ${lineOf(annotation)}`;
      if (isStar) return typed(builtin('tuple', [t]), origin);
      if (isDoubleStar) return typed(builtin('dict', [builtin('str'), t]), origin);
      return typed(t, origin);
    }
    if (isStar) return typed(builtin('tuple', [UNKNOWN]), `star parameter at line ${lineOf(p)}`);
    if (isDoubleStar) return typed(builtin('dict', [builtin('str'), UNKNOWN]), `keyword parameter at line ${lineOf(p)}`);
    const parameters = p.parent!;
    const first = parameters.namedChildren.find((c) => c.type !== 'comment');
    if (fn.type === 'function_definition' && p === first && p.type === 'identifier') {
      const cls = this.enclosingClass(fn);
      const kind = this.functionInfo(fn).methodKind;
      if (cls && (kind === 'instance' || kind === 'property')) return typed({ kind: 'instance', cls: this.classInfo(cls) }, `\`${p.text}\` of ${this.classInfo(cls).name}`);
      if (cls && kind === 'class') return typed({ kind: 'class', cls: this.classInfo(cls) }, `\`${p.text}\` of ${this.classInfo(cls).name}`);
    }
    return this.callSiteType(fn, p);
  }

  /**
   * A parameter of a function every call of which is visible (a nested function, or a module-level
   * `_private` one, only ever called directly): the join of its default and the literal arguments of
   * every call. Undefined as soon as one call passes something else, or splats.
   */
  private callSiteType(fn: SyntaxNode, p: SyntaxNode): Typed | undefined {
    if (fn.type !== 'function_definition' || this.enclosingClass(fn) || this.decoratorsOf(fn).length > 0) return undefined;
    const nameNode = fn.field('name');
    const symbol = nameNode ? this.model.resolve(nameNode) : undefined;
    if (!symbol || symbol.declarations.length !== 1) return undefined;
    const nested = symbol.scope.kind === 'function';
    if (!nested && !(symbol.scope === this.model.globalScope && symbol.name.startsWith('_') && !symbol.name.startsWith('__'))) return undefined;
    if (this.model.globalScope.symbols.has('__all__') && !nested) return undefined;
    const parameters = (fn.field('parameters')?.namedChildren ?? []).filter((c) => c.type !== 'comment');
    const index = parameters.indexOf(p);
    const name = parameterName(p)?.text;
    if (index < 0 || !name || parameters.slice(0, index + 1).some((q) => q.type !== 'identifier' && q.type !== 'default_parameter')) return undefined;
    const readsOnly = symbol.references.filter((r) => !r.isWrite);
    if (readsOnly.length === 0 || readsOnly.length > 20 || symbol.references.some((r) => r.isWrite)) return undefined;
    const parts: Type[] = [];
    const value = p.field('value');
    if (value) {
      const t = literalType(value);
      if (!t) return undefined;
      parts.push(widen(t));
    }
    for (const reference of readsOnly) {
      const call = reference.node.parent;
      if (call?.type !== 'call' || call.field('function') !== reference.node) return undefined;
      const args = (call.field('arguments')?.namedChildren ?? []).filter((c) => c.type !== 'comment');
      if (args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat')) return undefined;
      const keyword = args.find((a) => a.type === 'keyword_argument' && a.field('name')?.text === name);
      const positional = args.filter((a) => a.type !== 'keyword_argument');
      const argument = keyword ? keyword.field('value') : positional[index];
      if (!argument) {
        if (!value) return undefined;
        continue;
      }
      const t = literalType(argument);
      if (!t) return undefined;
      parts.push(widen(t));
    }
    const joined = union(parts);
    if (isUnknown(joined) || joined.kind === 'never') return undefined;
    return typed(joined, `every call of \`${symbol.name}\` passes it`);
  }

  // -------------------------------------------------------------------------------------------------------
  // Annotations

  private parseAnnotation(annotation: SyntaxNode): Type {
    let node = annotation.type === 'type' ? annotation.firstNamedChild ?? annotation : annotation;
    let text = node.text;
    if (node.type === 'string') {
      const value = stringValue(node);
      if (value === undefined) return UNKNOWN;
      text = value;
    } else if (node.type === 'concatenated_string') return UNKNOWN;
    const scope = this.model.scopeOf(annotation);
    const classNode = this.enclosingClassOfNode(annotation);
    return parseTypeExpression(text, (name, args) => this.resolveAnnotationName(name, args, scope, classNode), { forwardReferences: true });
  }

  private enclosingClassOfNode(node: SyntaxNode): SyntaxNode | undefined {
    for (const a of node.ancestors()) if (a.type === 'class_definition') return a;
    return undefined;
  }

  private resolveAnnotationName(name: string, args: Type[] | undefined, scope: Scope, classNode: SyntaxNode | undefined): Type | undefined {
    if (/^-?\d/.test(name)) return builtin('int', [], { literal: Number(name) });
    if (name.startsWith('"')) return builtin('str', [], { literal: name.slice(1, -1) });
    const parts = name.split('.');
    const head = parts[0];
    const symbol = lookupSymbol(scope, head);
    let typingName: string | undefined;
    if (!symbol) {
      if (parts.length === 1) {
        if (head === 'None') return NONE;
        if (head === 'True' || head === 'False') return builtin('bool', [], { literal: head === 'True' });
        if (this.model.isBuiltin(head)) return this.typingForm(head, args, classNode) ?? this.stubs.resolveName(head, args, new Set());
        return undefined;
      }
      return undefined;
    }
    const declaration = symbol.declarations[0];
    if (symbol.declarations.length === 1 && declaration.kind === 'import') {
      const statement = declaration.node;
      if (statement.type === 'import_from_statement') {
        const module = statement.field('module_name')?.text ?? '';
        const original = (declaration.part?.type === 'aliased_import' ? declaration.part.field('name') : declaration.part)?.text;
        if (TYPING_MODULES.has(module) && original && parts.length === 1) typingName = original;
        else if ((module === 'collections' || module === 're' || module === 'io') && original && parts.length === 1) typingName = `${module}.${original}`;
      } else if (statement.type === 'import_statement') {
        const imported = (declaration.part?.type === 'aliased_import' ? declaration.part.field('name') : declaration.part)?.text ?? '';
        const module = declaration.part?.type === 'aliased_import' ? imported : parts.slice(0, -1).join('.');
        if (parts.length >= 2 && TYPING_MODULES.has(module)) typingName = parts[parts.length - 1];
        else if (parts.length === 2 && (imported === 'collections' || imported === 're' || imported === 'io')) typingName = `${imported}.${parts[1]}`;
      }
    }
    if (typingName) {
      const form = this.typingForm(typingName, args, classNode);
      if (form) return form;
      if (typingName.includes('.')) return this.stubs.resolveName(typingName, args, new Set());
      return this.stubs.resolveName(typingName, args, new Set());
    }
    if (parts.length === 1 && symbol.declarations.every((d) => d.form === 'class')) {
      const cls = this.classInfo(symbol.declarations[symbol.declarations.length - 1].node);
      return { kind: 'instance', cls };
    }
    if (parts.length === 1 && symbol.declarations.length === 1 && declaration.kind === 'import') {
      const t = this.declaredType(symbol);
      if (t?.type.kind === 'class') return { kind: 'instance', cls: t.type.cls };
    }
    return undefined;
  }

  /** `Optional[X]`, `Union[...]`, `Literal[...]`, `ClassVar[X]`, `Type[X]`, `Self`, ... */
  private typingForm(name: string, args: Type[] | undefined, classNode: SyntaxNode | undefined): Type | undefined {
    const a = args ?? [];
    switch (name) {
      case 'Optional':
        return a.length === 1 ? union([a[0], NONE]) : UNKNOWN;
      case 'Union':
        return union(a);
      case 'Literal':
        return a.length ? union(a) : UNKNOWN;
      case 'ClassVar':
      case 'Final':
      case 'Required':
      case 'NotRequired':
      case 'ReadOnly':
        return a[0] ?? UNKNOWN;
      case 'Annotated':
        return a[0] ?? UNKNOWN;
      case 'Type':
      case 'type': {
        const inner = a[0];
        if (!args) return name === 'type' ? builtin('type') : UNKNOWN;
        if (inner?.kind === 'instance') return { kind: 'class', cls: inner.cls };
        if (inner?.kind === 'builtin' && !inner.abstract) return { kind: 'builtin-class', name: inner.name };
        return UNKNOWN;
      }
      case 'TypeGuard':
      case 'TypeIs':
        return builtin('bool');
      case 'Self':
        return classNode ? { kind: 'instance', cls: this.classInfo(classNode) } : UNKNOWN;
      case 'Any':
      case 'TypeVar':
      case 'ParamSpec':
      case 'TypeAlias':
      case 'Concatenate':
      case 'Unpack':
      case 'LiteralString':
        return name === 'LiteralString' ? builtin('str') : UNKNOWN;
      case 'NoReturn':
      case 'Never':
        return NEVER;
      case 'AnyStr':
        return UNKNOWN;
      default:
        return undefined;
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // Statements

  private block(statements: readonly SyntaxNode[], env: Env, ctx: UnitContext, depth: number) {
    for (const statement of statements) {
      if (!env.live) return;
      this.statement(statement, env, ctx, depth);
    }
  }

  private havoc(node: SyntaxNode, env: Env) {
    // Every variable written inside `node` may hold anything afterwards.
    for (let d: SyntaxNode | undefined = node; d; d = nextInSubtree(d, node)) {
      if (d.type !== 'identifier') continue;
      const reference = this.model.referenceAt(d);
      if (reference?.isWrite && reference.symbol) env.setVar(reference.symbol, typed(UNKNOWN, 'not followed'));
    }
    env.clearPaths();
  }

  private statement(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number) {
    if (depth > MAX_STATEMENT_DEPTH || node.hasError) {
      this.havoc(node, env);
      return;
    }
    switch (node.type) {
      case 'expression_statement':
        for (const child of node.namedChildren) this.expr(child, env, ctx, 0);
        return;
      case 'return_statement': {
        const value = node.namedChildren.find((c) => c.type !== 'comment');
        ctx.returns.push(value ? this.expr(value, env, ctx, 0) : typed(NONE, `bare return at line ${lineOf(node)}`));
        env.live = false;
        return;
      }
      case 'raise_statement':
        for (const child of node.namedChildren) this.expr(child, env, ctx, 0);
        env.live = false;
        return;
      case 'pass_statement':
      case 'global_statement':
      case 'nonlocal_statement':
      case 'comment':
      case 'future_import_statement':
        return;
      case 'break_statement':
      case 'continue_statement': {
        const loop = ctx.loops[ctx.loops.length - 1];
        if (loop) (node.type === 'break_statement' ? loop.breaks : loop.continues).push(env.clone());
        env.live = false;
        return;
      }
      case 'if_statement':
        this.ifStatement(node, env, ctx, depth);
        return;
      case 'for_statement':
        this.forStatement(node, env, ctx, depth);
        return;
      case 'while_statement':
        this.whileStatement(node, env, ctx, depth);
        return;
      case 'try_statement':
        this.tryStatement(node, env, ctx, depth);
        return;
      case 'with_statement':
        this.withStatement(node, env, ctx, depth);
        return;
      case 'match_statement':
        this.matchStatement(node, env, ctx, depth);
        return;
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
        this.definition(node, env, ctx);
        return;
      case 'import_statement':
      case 'import_from_statement':
        this.importStatement(node, env, ctx);
        return;
      case 'delete_statement':
        for (const target of node.namedChildren) {
          for (const t of targetsOf(target)) {
            if (t.type === 'identifier') {
              const symbol = this.model.resolve(t);
              if (symbol) env.deleteVar(symbol);
            } else this.expr(t, env, ctx, 0);
          }
        }
        env.clearPaths();
        return;
      case 'assert_statement': {
        const [condition, ...rest] = node.namedChildren.filter((c) => c.type !== 'comment');
        if (!condition) return;
        this.expr(condition, env, ctx, 0);
        for (const r of rest) this.expr(r, this.narrow(condition, env, false, ctx, 0), ctx, 0);
        if (condition.type === 'false' || (condition.type === 'integer' && condition.text === '0')) {
          env.live = false;
          return;
        }
        const narrowed = this.narrow(condition, env, true, ctx, 0);
        env.adopt(narrowed);
        return;
      }
      case 'block':
        this.block(node.namedChildren, env, ctx, depth + 1);
        return;
      default:
        for (const child of node.namedChildren) this.expr(child, env, ctx, 0);
    }
  }

  private ifStatement(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number) {
    const ends: Env[] = [];
    let current = env;
    const condition = node.field('condition');
    if (condition) this.expr(condition, current, ctx, 0);
    const consequence = node.field('consequence');
    const thenEnv = condition ? this.narrow(condition, current, true, ctx, 0) : current.clone();
    if (consequence && !isConstant(condition, false)) this.block(consequence.namedChildren, thenEnv, ctx, depth + 1);
    if (!isConstant(condition, false)) ends.push(thenEnv);
    current = condition ? this.narrow(condition, current, false, ctx, 0) : current.clone();
    if (isConstant(condition, true)) current.live = false;
    let hasElse = false;
    for (const alternative of node.fieldAll('alternative')) {
      if (!current.live) break;
      if (alternative.type === 'elif_clause') {
        const c = alternative.field('condition');
        if (c) this.expr(c, current, ctx, 0);
        const branch = c ? this.narrow(c, current, true, ctx, 0) : current.clone();
        const body = alternative.field('consequence');
        if (body) this.block(body.namedChildren, branch, ctx, depth + 1);
        ends.push(branch);
        current = c ? this.narrow(c, current, false, ctx, 0) : current;
      } else if (alternative.type === 'else_clause') {
        hasElse = true;
        const body = alternative.field('body') ?? alternative.namedChildren.find((c) => c.type === 'block');
        const branch = current.clone();
        if (body) this.block(body.namedChildren, branch, ctx, depth + 1);
        ends.push(branch);
      }
    }
    if (!hasElse) ends.push(current);
    env.replaceWith(Env.join(ends));
  }

  private loopBody(body: SyntaxNode | undefined, env: Env, ctx: UnitContext, depth: number, before: (env: Env) => void): { end: Env; breaks: Env[] } {
    const loop = { breaks: [] as Env[], continues: [] as Env[] };
    ctx.loops.push(loop);
    before(env);
    if (body) this.block(body.namedChildren, env, ctx, depth + 1);
    ctx.loops.pop();
    return { end: Env.join([env, ...loop.continues]), breaks: loop.breaks };
  }

  /**
   * Runs a loop: a discovery pass (not recorded) gives the loop-carried types, the head joins them in,
   * and the recorded pass runs from that head. Types that still change after it are widened to unknown.
   */
  private runLoop(loop: SyntaxNode, env: Env, ctx: UnitContext, iterate: (head: Env, recording: boolean) => { end: Env; breaks: Env[] }): { head: Env; end: Env; breaks: Env[] } {
    const pre = env.clone();
    if (!ctx.recording) {
      // Inside a discovery pass: one pass over a head where loop-written variables are unknown.
      const head = pre.clone();
      const body = loop.field('body');
      if (body) this.havoc(body, head);
      return { head, ...iterate(head.clone(), false) };
    }
    const discovery = iterate(pre.clone(), false);
    let head = Env.join([pre, discovery.end]);
    let result = iterate(head.clone(), true);
    const next = Env.join([head, result.end]);
    const unstable = [...next.vars.keys()].filter((s) => head.vars.get(s) && !sameType(head.vars.get(s)!.type, next.vars.get(s)!.type));
    if (unstable.length > 0) {
      head = next.clone();
      for (const s of unstable) head.setVar(s, typed(UNKNOWN, 'changes on each iteration'));
      result = iterate(head.clone(), true);
    }
    return { head, ...result };
  }

  private forStatement(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number) {
    const right = node.field('right');
    const left = node.field('left');
    const iterable = right ? this.expr(right, env, ctx, 0) : undefined;
    const isAsync = node.children.some((c) => c.type === 'async');
    const element = iterable && !isAsync ? this.relations.elementType(iterable.type) : undefined;
    const elementTyped = element && element !== NOT_ITERABLE ? typed(element, `element of \`${brief(right!.text, 30)}\` (line ${lineOf(node)})`) : typed(UNKNOWN, 'loop element');
    const body = node.field('body');
    const { head, end, breaks } = this.runLoop(node, env, ctx, (h, recording) => {
      const saved = ctx.recording;
      ctx.recording = recording;
      try {
        return this.loopBody(body, h, ctx, depth, (e) => {
          if (left) this.assign(left, elementTyped, e, ctx, node);
        });
      } finally {
        ctx.recording = saved;
      }
    });
    const exhausted = Env.join([head, end]);
    const alternative = node.field('alternative');
    if (alternative) {
      const body2 = alternative.namedChildren.find((c) => c.type === 'block');
      if (body2) this.block(body2.namedChildren, exhausted, ctx, depth + 1);
    }
    env.replaceWith(Env.join([exhausted, ...breaks]));
  }

  private whileStatement(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number) {
    const condition = node.field('condition');
    const body = node.field('body');
    const forever = isConstant(condition, true);
    const { head, end, breaks } = this.runLoop(node, env, ctx, (h, recording) => {
      const saved = ctx.recording;
      ctx.recording = recording;
      try {
        if (condition) this.expr(condition, h, ctx, 0);
        const entered = condition ? this.narrow(condition, h, true, ctx, 0) : h.clone();
        return this.loopBody(body, entered, ctx, depth, () => undefined);
      } finally {
        ctx.recording = saved;
      }
    });
    let exit = Env.join([head, end]);
    if (condition) exit = this.narrow(condition, exit, false, ctx, 0);
    if (forever) exit = Env.dead();
    const alternative = node.field('alternative');
    if (alternative && exit.live) {
      const body2 = alternative.namedChildren.find((c) => c.type === 'block');
      if (body2) this.block(body2.namedChildren, exit, ctx, depth + 1);
    }
    env.replaceWith(Env.join([exit, ...breaks]));
  }

  private tryStatement(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number) {
    const pre = env.clone();
    const snapshots: Env[] = [pre.clone()];
    const body = node.field('body');
    const bodyEnv = pre.clone();
    for (const statement of body?.namedChildren ?? []) {
      if (!bodyEnv.live) break;
      this.statement(statement, bodyEnv, ctx, depth + 1);
      snapshots.push(bodyEnv.clone());
    }
    const handlerStart = Env.join(snapshots.map((s) => Object.assign(s.clone(), { live: true })));
    // An exception may leave from inside a nested statement that never completes (a loop that only
    // returns): anything the body writes may hold any of its values.
    if (body) this.havoc(body, handlerStart);
    const ends: Env[] = [];
    let elseEnv = bodyEnv;
    let finallyClause: SyntaxNode | undefined;
    for (const clause of node.namedChildren) {
      if (clause.type === 'except_clause' || clause.type === 'except_group_clause') {
        const h = handlerStart.clone();
        const value = clause.namedChildren.find((c) => c.type !== 'block' && c.type !== 'comment');
        if (value?.type === 'as_pattern') {
          const [kind] = value.namedChildren;
          if (kind) this.expr(kind, h, ctx, 0);
          const alias = value.field('alias');
          const target = alias?.type === 'as_pattern_target' ? alias.firstNamedChild : alias;
          if (target) this.assign(target, this.exceptionType(kind, h, ctx), h, ctx, clause);
        } else if (value) this.expr(value, h, ctx, 0);
        const block = clause.namedChildren.find((c) => c.type === 'block');
        if (block) this.block(block.namedChildren, h, ctx, depth + 1);
        ends.push(h);
      } else if (clause.type === 'else_clause') {
        const block = clause.namedChildren.find((c) => c.type === 'block') ?? clause.field('body');
        if (block && elseEnv.live) this.block(block.namedChildren, elseEnv, ctx, depth + 1);
      } else if (clause.type === 'finally_clause') finallyClause = clause;
    }
    ends.unshift(elseEnv);
    let after = Env.join(ends);
    if (finallyClause) {
      const block = finallyClause.namedChildren.find((c) => c.type === 'block');
      const wasLive = after.live;
      const f = Env.join([Object.assign(after.clone(), { live: true }), handlerStart]);
      if (block) this.block(block.namedChildren, f, ctx, depth + 1);
      after = wasLive && f.live ? f : Env.dead();
      if (wasLive && !f.live) after = Env.dead();
    }
    env.replaceWith(after);
  }

  private exceptionType(kind: SyntaxNode | undefined, env: Env, ctx: UnitContext): Typed {
    if (!kind) return typed(UNKNOWN, 'exception');
    const t = this.exprTypes.get(kind) ?? this.expr(kind, env, ctx, 0);
    if (t.type.kind === 'class') return typed({ kind: 'instance', cls: t.type.cls }, `exception caught at line ${lineOf(kind)}`);
    return typed(UNKNOWN, 'exception');
  }

  private withStatement(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number) {
    const clause = node.namedChildren.find((c) => c.type === 'with_clause');
    const isAsync = node.children.some((c) => c.type === 'async');
    for (const item of clause?.namedChildren ?? []) {
      if (item.type !== 'with_item') continue;
      const value = item.field('value');
      if (!value) continue;
      if (value.type === 'as_pattern') {
        const [manager] = value.namedChildren;
        const managerType = manager ? this.expr(manager, env, ctx, 0) : undefined;
        const alias = value.field('alias');
        const target = alias?.type === 'as_pattern_target' ? alias.firstNamedChild : alias;
        if (target) this.assign(target, isAsync ? typed(UNKNOWN, 'async with') : this.enterType(managerType, manager!), env, ctx, item);
      } else this.expr(value, env, ctx, 0);
    }
    const body = node.field('body');
    if (!body) return;
    // A context manager may swallow an exception raised anywhere in the body.
    const snapshots: Env[] = [env.clone()];
    const bodyEnv = env.clone();
    for (const statement of body.namedChildren) {
      if (!bodyEnv.live) break;
      this.statement(statement, bodyEnv, ctx, depth + 1);
      snapshots.push(bodyEnv.clone());
    }
    if (bodyEnv.live) env.replaceWith(bodyEnv);
    else {
      const swallowed = Env.join(snapshots.slice(0, -1));
      this.havoc(body, swallowed);
      swallowed.live = snapshots.length > 1 && !this.isKnownNonSuppressing(clause);
      env.replaceWith(swallowed.live ? swallowed : bodyEnv);
    }
  }

  /** Context managers that never swallow exceptions: files from `open()`. */
  private isKnownNonSuppressing(clause: SyntaxNode | undefined): boolean {
    return (clause?.namedChildren ?? []).every((item) => {
      const value = item.field('value');
      const manager = value?.type === 'as_pattern' ? value.namedChildren[0] : value;
      const t = manager ? this.exprTypes.get(manager)?.type : undefined;
      return t?.kind === 'builtin' && t.name.startsWith('io.');
    });
  }

  private enterType(manager: Typed | undefined, node: SyntaxNode): Typed {
    if (!manager) return typed(UNKNOWN, 'with');
    const t = manager.type;
    if (t.kind === 'builtin' && !t.abstract) {
      const member = this.stubs.member(t, '__enter__');
      const returns = member?.kind === 'method' ? member.fn.signatures?.[0]?.returns : undefined;
      if (returns) return typed(returns, `\`with ${brief(node.text)}\` at line ${lineOf(node)}`);
    }
    if (t.kind === 'instance') {
      const enter = t.cls.member('__enter__');
      if (enter?.type.kind === 'function') {
        const r = enter.type.fn.returns?.();
        if (r) return typed(r.type, `\`${t.cls.name}.__enter__\` result`);
      }
    }
    return typed(UNKNOWN, 'with');
  }

  private matchStatement(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number) {
    const subject = node.field('subject');
    if (subject) this.expr(subject, env, ctx, 0);
    const body = node.field('body');
    const ends: Env[] = [];
    let exhaustive = false;
    for (const clause of body?.namedChildren ?? []) {
      if (clause.type !== 'case_clause') continue;
      const branch = env.clone();
      // Captures bind whatever matched: unknown.
      for (let d: SyntaxNode | undefined = clause; d; d = nextInSubtree(d, clause)) {
        if (d.type !== 'identifier') continue;
        const reference = this.model.referenceAt(d);
        if (reference?.isWrite && reference.symbol) branch.setVar(reference.symbol, typed(UNKNOWN, 'match capture'));
      }
      const pattern = clause.namedChildren.find((c) => c.type === 'case_pattern');
      if (pattern && /^\s*_\s*$/.test(pattern.text) && !clause.field('guard')) exhaustive = true;
      const guard = clause.field('guard');
      if (guard) this.expr(guard, branch, ctx, 0);
      const block = clause.field('consequence') ?? clause.namedChildren.find((c) => c.type === 'block');
      if (block) this.block(block.namedChildren, branch, ctx, depth + 1);
      ends.push(branch);
    }
    if (!exhaustive) ends.push(env.clone());
    env.replaceWith(Env.join(ends));
  }

  private definition(node: SyntaxNode, env: Env, ctx: UnitContext) {
    let definition = node;
    if (node.type === 'decorated_definition') {
      for (const decorator of node.namedChildren.filter((c) => c.type === 'decorator')) for (const child of decorator.namedChildren) this.expr(child, env, ctx, 0);
      definition = node.field('definition') ?? node;
    }
    const name = definition.field('name');
    if (definition.type === 'function_definition') {
      // Defaults and annotations are evaluated where the function is defined.
      for (const p of definition.field('parameters')?.namedChildren ?? []) {
        const value = p.field('value');
        if (value) this.expr(value, env, ctx, 0);
      }
      if (name) this.bind(name, typed(this.decorated(definition, { kind: 'function', fn: this.functionInfo(definition) }), `def at line ${lineOf(definition)}`), env, ctx);
    } else if (definition.type === 'class_definition') {
      for (const base of definition.field('superclasses')?.namedChildren ?? []) this.expr(base.type === 'keyword_argument' ? base.field('value') ?? base : base, env, ctx, 0);
      if (name) this.bind(name, typed(this.decorated(definition, { kind: 'class', cls: this.classInfo(definition), exact: true }), `class at line ${lineOf(definition)}`), env, ctx);
    }
  }

  /** A decorator other than the known transparent ones may replace the function or class. */
  private decorated(definition: SyntaxNode, t: Type): Type {
    const names = this.decoratorsOf(definition).map((d) => decoratorName(d));
    if (definition.type === 'class_definition') return names.length === 0 ? t : t;
    if (names.every((d) => d !== undefined && (TRANSPARENT_DECORATORS.has(d) || PROPERTY_DECORATORS.has(d) || /\.(setter|getter|deleter)$/.test(d)))) return t;
    return UNKNOWN;
  }

  private importStatement(node: SyntaxNode, env: Env, ctx: UnitContext) {
    for (const child of node.children) {
      if (child.fieldName !== 'name') continue;
      const name = child.type === 'aliased_import' ? child.field('alias') : child.type === 'dotted_name' ? child.firstNamedChild : undefined;
      if (name?.type !== 'identifier') continue;
      const symbol = this.model.resolve(name);
      if (!symbol) continue;
      // Resolved when first read: an imported module is only read from disk if a name from it is used.
      // The marker object is what `resolveLazy` recognises, so there is one per imported name: a loop's
      // passes evaluate the statement again, and two markers would meet at the loop's join as two
      // different values and resolve to neither.
      let marker = this.importMarkers.get(name);
      if (!marker) {
        marker = typed(UNKNOWN, `import at line ${lineOf(node)}`);
        this.importMarkers.set(name, marker);
        this.lazyImports.set(marker, { statement: node, name });
      }
      this.bind(name, marker, env, ctx, false);
    }
  }

  /**
   * Import bindings not resolved yet, recognised by the identity of their marker value: a join keeps a
   * marker only when both sides hold that same object (`joinTyped(x, x)` is x).
   */
  private readonly lazyImports = new WeakMap<Typed, { statement: SyntaxNode; name: SyntaxNode }>();
  private readonly importMarkers = new Map<SyntaxNode, Typed>();
  private readonly resolvedImports = new Map<SyntaxNode, Typed>();

  /** The value of an import binding, resolving it on first use. */
  private resolveLazy(value: Typed): Typed {
    const lazy = this.lazyImports.get(value);
    if (!lazy) return value;
    let resolved = this.resolvedImports.get(lazy.name);
    if (!resolved) {
      const symbol = this.model.resolve(lazy.name);
      const declaration = symbol?.declarations.find((d) => d.name === lazy.name);
      resolved = (declaration ? this.importType(lazy.statement, declaration.part, lazy.name) : undefined) ?? typed(UNKNOWN, value.origin);
      this.resolvedImports.set(lazy.name, resolved);
    }
    return resolved;
  }

  // -------------------------------------------------------------------------------------------------------
  // Assignments

  /** Binds a name in the environment and records the write. */
  private bind(name: SyntaxNode, value: Typed, env: Env, ctx: UnitContext, record = true) {
    const symbol = this.model.resolve(name);
    if (ctx.recording && record) this.writes.set(name, value);
    if (symbol) env.setVar(symbol, value);
  }

  private assign(target: SyntaxNode, value: Typed, env: Env, ctx: UnitContext, statement: SyntaxNode) {
    switch (target.type) {
      case 'identifier': {
        const symbol = this.model.resolve(target);
        let stored = value;
        if (symbol && !hasTypeIgnore(statement)) {
          // A variable with a declared (annotated) type keeps it when the value does not fit.
          const annotation = symbol.declarations.find((d) => (d.form === 'annotated-assignment' || d.form === 'annotation') && d.node.field('type'));
          if (annotation) {
            const declared = this.annotationType(annotation.node.field('type')!);
            if (!isUnknown(declared) && this.relations.assignable(value.type, declared) !== true) stored = typed(declared, `annotation at line ${lineOf(annotation.node)}`);
          }
        }
        const origin = statement.type === 'for_statement' || statement.type === 'for_in_clause' ? value.origin : value.origin;
        this.bind(target, { ...stored, origin }, env, ctx);
        return;
      }
      case 'attribute': {
        const object = target.field('object');
        if (object) this.expr(object, env, ctx, 0);
        if (ctx.recording) this.writes.set(target, value);
        const path = pathOf(target);
        if (path) {
          env.clearPaths(path);
          env.setPath(path, value);
        } else env.clearPaths();
        return;
      }
      case 'subscript': {
        const object = target.field('value');
        if (object) this.expr(object, env, ctx, 0);
        for (const s of target.fieldAll('subscript')) this.expr(s, env, ctx, 0);
        if (object?.type === 'identifier') this.widenContainer(object, env);
        return;
      }
      case 'parenthesized_expression': {
        const inner = target.namedChildren.find((c) => c.type !== 'comment');
        if (inner) this.assign(inner, value, env, ctx, statement);
        return;
      }
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'expression_list': {
        const items = target.namedChildren.filter((c) => c.type !== 'comment');
        if (target.type === 'tuple_pattern' && items.length === 1 && !target.token(',')) {
          // `(x) = value` is a plain target in parentheses.
          this.assign(items[0], value, env, ctx, statement);
          return;
        }
        const t = value.type;
        const starIndex = items.findIndex((c) => c.type === 'list_splat_pattern' || c.type === 'list_splat');
        const fixed = t.kind === 'builtin' && t.items && starIndex < 0 && t.items.length === items.length ? t.items : undefined;
        const element = fixed ? undefined : this.relations.elementType(t);
        items.forEach((item, i) => {
          let part: Typed;
          if (fixed) part = typed(fixed[i], unpacked(value.origin));
          else if (item.type === 'list_splat_pattern' || item.type === 'list_splat') {
            const e = element && element !== NOT_ITERABLE ? element : UNKNOWN;
            part = typed(builtin('list', [e]), unpacked(value.origin));
            const inner = item.namedChildren.find((c) => c.type !== 'comment');
            if (inner) this.assign(inner, part, env, ctx, statement);
            return;
          } else part = element && element !== NOT_ITERABLE ? typed(element, unpacked(value.origin)) : typed(UNKNOWN, 'unpacked');
          this.assign(item, part, env, ctx, statement);
        });
        return;
      }
      case 'list_splat_pattern':
      case 'list_splat': {
        const inner = target.namedChildren.find((c) => c.type !== 'comment');
        if (inner) this.assign(inner, typed(builtin('list', [UNKNOWN]), 'unpacked'), env, ctx, statement);
        return;
      }
      default:
        this.expr(target, env, ctx, 0);
    }
  }

  private assignment(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number): Typed {
    const left = node.field('left');
    const right = node.field('right');
    const annotation = node.field('type');
    let value: Typed;
    if (right?.type === 'assignment') value = this.assignment(right, env, ctx, depth + 1);
    else if (right) value = this.expr(right, env, ctx, depth + 1);
    else {
      // `x: int` declares without storing.
      return typed(UNKNOWN, 'annotation');
    }
    if (annotation && left?.type === 'identifier' && !hasTypeIgnore(node)) {
      const declared = this.annotationType(annotation);
      if (!isUnknown(declared)) {
        const fits = this.relations.assignable(value.type, declared);
        if (fits !== true || isUnknown(value.type)) value = typed(declared, `annotation at line ${lineOf(annotation)}`);
        else value = { ...value, type: narrowToDeclared(value.type, declared) };
      }
    } else if (annotation && left?.type === 'attribute') {
      const declared = this.annotationType(annotation);
      if (!isUnknown(declared)) value = typed(declared, `annotation at line ${lineOf(annotation)}`);
    }
    const assigned = { ...value, origin: left?.type === 'identifier' && !annotation ? this.assignedOrigin(value, node) : value.origin };
    if (left) this.assign(left, assigned, env, ctx, node);
    return value;
  }

  /** `assigned at line 3` for literal values; keeps the deeper origin for values that came from somewhere. */
  private assignedOrigin(_value: Typed, node: SyntaxNode): string {
    const right = node.field('right');
    if (!right || LITERAL_NODES.has(right.type)) return `assigned at line ${lineOf(node)}`;
    return `assigned at line ${lineOf(node)} from \`${brief(right.text, 30)}\``;
  }

  private augmented(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number): Typed {
    const left = node.field('left');
    const right = node.field('right');
    const operator = node.field('operator')?.type ?? '';
    // The right side first: an attribute `self.x += self.step` then finds `self.step` already typed.
    const value = right ? this.expr(right, env, ctx, depth + 1) : typed(UNKNOWN, '');
    const current = left ? this.expr(left, env, ctx, depth + 1) : typed(UNKNOWN, '');
    const op = operator.replace(/=$/, '');
    let result: Type = UNKNOWN;
    const inPlace = current.type.kind === 'builtin' ? this.stubs.member(current.type, `__i${DUNDER_NAMES[op] ?? ''}__`) : undefined;
    if (inPlace?.kind === 'method' && current.type.kind === 'builtin' && !current.type.abstract) result = widenMutable(widen(current.type));
    else {
      const r = pythonBinary(this.relations, op, current.type, value.type);
      if (r.kind === 'ok') result = r.type;
    }
    const stored = typed(result, `\`${brief(node.text)}\` at line ${lineOf(node)}`);
    if (left?.type === 'identifier') this.bind(left, stored, env, ctx);
    else if (left?.type === 'attribute') {
      const path = pathOf(left);
      env.clearPaths(path);
      if (ctx.recording) this.writes.set(left, stored);
    } else env.clearPaths();
    return stored;
  }

  // -------------------------------------------------------------------------------------------------------
  // Expressions

  private record(node: SyntaxNode, value: Typed, ctx: UnitContext): Typed {
    if (ctx.recording) this.exprTypes.set(node, value);
    return value;
  }

  expr(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number): Typed {
    if (depth > MAX_EXPRESSION_DEPTH) return typed(UNKNOWN, 'too deep');
    const value = this.evaluate(node, env, ctx, depth);
    return this.record(node, value, ctx);
  }

  private evaluate(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number): Typed {
    const line = lineOf(node);
    const literal = (t: Type) => typed(t, `literal at line ${line}`);
    switch (node.type) {
      case 'integer':
      case 'float':
      case 'string':
      case 'concatenated_string':
      case 'true':
      case 'false':
      case 'none': {
        if (node.type === 'string') for (const i of node.namedChildren) if (i.type === 'interpolation') for (const e of i.namedChildren) this.expr(e, env, ctx, depth + 1);
        if (node.type === 'concatenated_string') {
          for (const s of node.namedChildren) for (const i of s.namedChildren) if (i.type === 'interpolation') for (const e of i.namedChildren) this.expr(e, env, ctx, depth + 1);
        }
        return literal(literalType(node) ?? UNKNOWN);
      }
      case 'ellipsis':
        return typed(UNKNOWN, 'ellipsis');
      case 'identifier':
        return this.identifier(node, env, ctx);
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c.type !== 'comment');
        return inner ? this.expr(inner, env, ctx, depth + 1) : typed(UNKNOWN, '');
      }
      case 'list':
      case 'set':
      case 'tuple':
      case 'expression_list': {
        const items = node.namedChildren.filter((c) => c.type !== 'comment');
        const types: Type[] = [];
        let splat = false;
        for (const item of items) {
          if (item.type === 'list_splat') {
            splat = true;
            const inner = item.namedChildren[0];
            const t = inner ? this.expr(inner, env, ctx, depth + 1) : undefined;
            const element = t ? this.relations.elementType(t.type) : undefined;
            types.push(element && element !== NOT_ITERABLE ? element : UNKNOWN);
          } else if (item.type === 'parenthesized_list_splat' || item.type === 'yield') {
            this.expr(item, env, ctx, depth + 1);
            types.push(UNKNOWN);
            splat = true;
          } else types.push(widenForContainer(this.expr(item, env, ctx, depth + 1).type));
        }
        if (node.type === 'tuple' || node.type === 'expression_list') {
          return literal(splat ? builtin('tuple', [union(types)]) : tupleOf(types.map((t) => t)));
        }
        return literal(builtin(node.type === 'list' ? 'list' : 'set', [types.length ? union(types) : UNKNOWN]));
      }
      case 'dictionary': {
        const keys: Type[] = [];
        const values: Type[] = [];
        let splat = false;
        for (const item of node.namedChildren) {
          if (item.type === 'pair') {
            const k = item.field('key');
            const v = item.field('value');
            keys.push(k ? widenForContainer(this.expr(k, env, ctx, depth + 1).type) : UNKNOWN);
            values.push(v ? widenForContainer(this.expr(v, env, ctx, depth + 1).type) : UNKNOWN);
          } else if (item.type === 'dictionary_splat') {
            splat = true;
            for (const c of item.namedChildren) this.expr(c, env, ctx, depth + 1);
          }
        }
        if (splat || keys.length === 0) return literal(builtin('dict', [UNKNOWN, UNKNOWN]));
        return literal(builtin('dict', [union(keys), union(values)]));
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension':
        return this.comprehension(node, env, ctx, depth);
      case 'attribute':
        return this.attribute(node, env, ctx, depth);
      case 'subscript':
        return this.subscript(node, env, ctx, depth);
      case 'call':
        return this.callExpression(node, env, ctx, depth);
      case 'binary_operator': {
        const left = node.field('left');
        const right = node.field('right');
        const op = node.field('operator')?.type ?? '';
        const l = left ? this.expr(left, env, ctx, depth + 1) : typed(UNKNOWN, '');
        const r = right ? this.expr(right, env, ctx, depth + 1) : typed(UNKNOWN, '');
        const result = pythonBinary(this.relations, op, l.type, r.type);
        return typed(result.kind === 'ok' ? widen(result.type) : UNKNOWN, `\`${brief(node.text)}\` at line ${line}`);
      }
      case 'unary_operator': {
        const argument = node.field('argument');
        const op = node.field('operator')?.type ?? '';
        const a = argument ? this.expr(argument, env, ctx, depth + 1) : typed(UNKNOWN, '');
        const dunder = op === '-' ? '__neg__' : op === '+' ? '__pos__' : op === '~' ? '__invert__' : '';
        const parts = members(a.type);
        if (isUnknown(a.type) || !parts.every((m) => m.kind === 'builtin' && !m.abstract)) return typed(UNKNOWN, '');
        const results: Type[] = [];
        for (const m of parts) {
          const member = this.stubs.member(m as BuiltinType, dunder);
          const returns = member?.kind === 'method' ? member.fn.signatures?.[0]?.returns : undefined;
          if (!returns) return typed(UNKNOWN, '');
          results.push(returns);
        }
        return typed(union(results), `\`${brief(node.text)}\` at line ${line}`);
      }
      case 'not_operator': {
        const argument = node.field('argument');
        if (argument) this.expr(argument, env, ctx, depth + 1);
        return typed(builtin('bool'), `\`not\` at line ${line}`);
      }
      case 'boolean_operator': {
        const left = node.field('left');
        const right = node.field('right');
        const op = node.field('operator')?.type;
        const l = left ? this.expr(left, env, ctx, depth + 1) : typed(UNKNOWN, '');
        const rightEnv = left ? this.narrow(left, env, op === 'and', ctx, depth + 1) : env;
        const r = right ? this.expr(right, rightEnv, ctx, depth + 1) : typed(UNKNOWN, '');
        // A walrus on the right (`a and (m := f())`) bound on one of the two paths.
        if (left && rightEnv !== env) {
          const joined = Env.join([rightEnv, this.narrow(left, env, op !== 'and', ctx, depth + 1)]);
          env.adopt(joined);
        }
        const kept = op === 'and' ? filterType(l.type, (m) => !ALWAYS_TRUTHY(m)) : filterType(l.type, (m) => m.kind !== 'none' && !LITERAL_FALSY(m));
        return typed(union([kept, r.type]), `\`${brief(node.text)}\` at line ${line}`);
      }
      case 'comparison_operator': {
        const operands = node.namedChildren.filter((c) => c.type !== 'comment');
        const types = operands.map((o) => this.expr(o, env, ctx, depth + 1));
        const builtinOperands = types.every((t) => members(t.type).every((m) => m.kind === 'none' || (m.kind === 'builtin' && !m.abstract)) && !isUnknown(t.type));
        return typed(builtinOperands ? builtin('bool') : UNKNOWN, `comparison at line ${line}`);
      }
      case 'conditional_expression': {
        const [a, condition, b] = node.namedChildren.filter((c) => c.type !== 'comment');
        if (!a || !condition || !b) return typed(UNKNOWN, '');
        this.expr(condition, env, ctx, depth + 1);
        const x = this.expr(a, this.narrow(condition, env, true, ctx, depth + 1), ctx, depth + 1);
        const y = this.expr(b, this.narrow(condition, env, false, ctx, depth + 1), ctx, depth + 1);
        return joinTyped(x, y)!;
      }
      case 'lambda':
        return typed({ kind: 'function', fn: this.functionInfo(node) }, `lambda at line ${line}`);
      case 'await': {
        const inner = node.namedChildren[0];
        const t = inner ? this.expr(inner, env, ctx, depth + 1) : undefined;
        if (t?.type.kind === 'builtin' && t.type.name === 'coroutine') return typed(t.type.args[0] ?? UNKNOWN, `awaited ${t.origin}`);
        return typed(UNKNOWN, 'await');
      }
      case 'named_expression': {
        const name = node.field('name');
        const value = node.field('value');
        const v = value ? this.expr(value, env, ctx, depth + 1) : typed(UNKNOWN, '');
        if (name) this.bind(name, { ...v, origin: `assigned at line ${line}` }, env, ctx);
        return v;
      }
      case 'assignment':
        return this.assignment(node, env, ctx, depth);
      case 'augmented_assignment':
        return this.augmented(node, env, ctx, depth);
      case 'slice':
        for (const c of node.namedChildren) this.expr(c, env, ctx, depth + 1);
        return typed(builtin('slice'), `slice at line ${line}`);
      case 'yield':
        for (const c of node.namedChildren) this.expr(c, env, ctx, depth + 1);
        return typed(UNKNOWN, 'yield');
      case 'keyword_argument': {
        const value = node.field('value');
        return value ? this.expr(value, env, ctx, depth + 1) : typed(UNKNOWN, '');
      }
      default:
        for (const c of node.namedChildren) this.expr(c, env, ctx, depth + 1);
        return typed(UNKNOWN, '');
    }
  }

  private identifier(node: SyntaxNode, env: Env, ctx: UnitContext): Typed {
    const symbol = this.model.resolve(node);
    if (!symbol) {
      const reference = this.model.referenceAt(node);
      // `from posix import *` may rebind any builtin name (`os.open` is not `open`).
      if (reference?.resolution === 'builtin') return this.model.hasStarImport ? typed(UNKNOWN, 'may come from a star import') : this.builtinName(node.text);
      return typed(UNKNOWN, 'unresolved');
    }
    if (this.model.isDynamic(symbol.scope)) return typed(UNKNOWN, 'dynamic scope');
    const own = this.symbolUnit(symbol) === ctx.node;
    if (own && !this.isUnstable(symbol)) {
      const value = env.vars.get(symbol);
      if (value) return this.resolveLazy(value);
      // A name of this unit not bound on this path: `def`s and classes bound later in a class body, etc.
      return typed(UNKNOWN, 'not bound here');
    }
    if (own) return typed(UNKNOWN, 'rebound elsewhere');
    return this.declaredType(symbol) ?? typed(UNKNOWN, 'unknown');
  }

  private builtinName(name: string): Typed {
    const origin = `builtin \`${name}\``;
    if (this.stubs.hasClass(name) && !['NoneType', 'dict_keys', 'dict_values', 'dict_items', 'generator', 'coroutine', 'async_generator'].includes(name)) return typed({ kind: 'builtin-class', name }, origin);
    const fn = this.stubs.function(name);
    if (fn) return typed({ kind: 'function', fn }, origin);
    if (name === '__name__' || name === '__file__' || name === '__qualname__') return typed(builtin('str'), origin);
    return typed(UNKNOWN, origin);
  }

  private comprehension(node: SyntaxNode, outer: Env, ctx: UnitContext, depth: number): Typed {
    const env = outer.clone();
    let first = true;
    for (const clause of node.namedChildren) {
      if (clause.type === 'for_in_clause') {
        const right = clause.field('right');
        const iterable = right ? this.expr(right, first ? outer : env, ctx, depth + 1) : undefined;
        const isAsync = clause.children.some((c) => c.type === 'async');
        const element = iterable && !isAsync ? this.relations.elementType(iterable.type) : undefined;
        const value = element && element !== NOT_ITERABLE ? typed(element, `element of ${brief(right!.text)}`) : typed(UNKNOWN, 'element');
        for (const left of clause.fieldAll('left')) this.assign(left, value, env, ctx, clause);
        first = false;
      } else if (clause.type === 'if_clause') {
        const condition = clause.namedChildren[0];
        if (condition) {
          this.expr(condition, env, ctx, depth + 1);
          const narrowed = this.narrow(condition, env, true, ctx, depth + 1);
          env.adopt(narrowed);
        }
      }
    }
    const body = node.field('body');
    const origin = `comprehension at line ${lineOf(node)}`;
    if (node.type === 'dictionary_comprehension') {
      const k = body?.field('key');
      const v = body?.field('value');
      const kt = k ? this.expr(k, env, ctx, depth + 1).type : UNKNOWN;
      const vt = v ? this.expr(v, env, ctx, depth + 1).type : UNKNOWN;
      if (body) this.record(body, typed(UNKNOWN, ''), ctx);
      return typed(builtin('dict', [widenForContainer(kt), widenForContainer(vt)]), origin);
    }
    const element = body ? widenForContainer(this.expr(body, env, ctx, depth + 1).type) : UNKNOWN;
    const name = node.type === 'list_comprehension' ? 'list' : node.type === 'set_comprehension' ? 'set' : 'generator';
    return typed(builtin(name, [element]), origin);
  }

  private attribute(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number): Typed {
    const object = node.field('object');
    const attribute = node.field('attribute');
    const base = object ? this.expr(object, env, ctx, depth + 1) : typed(UNKNOWN, '');
    const path = pathOf(node);
    if (path) {
      const narrowed = env.paths.get(path);
      if (narrowed) return narrowed;
    }
    if (!attribute) return typed(UNKNOWN, '');
    return this.memberOf(base, attribute.text, node);
  }

  /** The type of `<value>.<name>`. */
  memberOf(base: Typed, name: string, _node?: SyntaxNode): Typed {
    const results: Typed[] = [];
    for (const m of members(base.type)) {
      const one = this.memberOfOne(m, name);
      if (!one) return typed(UNKNOWN, `attribute \`${name}\``);
      results.push(one);
    }
    let out: Typed | undefined;
    for (const r of results) out = joinTyped(out, r);
    return out ?? typed(UNKNOWN, '');
  }

  private memberOfOne(t: Type, name: string): Typed | undefined {
    switch (t.kind) {
      case 'builtin': {
        if (t.abstract) return undefined;
        const member = this.stubs.member(t, name);
        if (!member) return undefined;
        if (member.kind === 'attribute') return typed(member.type, `\`${describe(t, 'python')}.${name}\``);
        const fn = member.fn;
        return typed({ kind: 'function', fn, bound: member.methodKind === 'static' ? undefined : t }, `method \`${fn.name}\``);
      }
      case 'none': {
        const member = this.stubs.member(builtin('NoneType'), name);
        if (!member) return undefined;
        return member.kind === 'attribute' ? typed(member.type, '') : typed({ kind: 'function', fn: member.fn, bound: t }, `method \`${member.fn.name}\``);
      }
      case 'module': {
        const member = t.module.member(name);
        return member;
      }
      case 'builtin-class': {
        const member = this.stubs.member(this.stubs.instanceOf(t.name) as BuiltinType, name);
        if (!member || this.stubs.instanceOf(t.name).kind !== 'builtin') return undefined;
        if (member.kind === 'attribute') return undefined;
        if (member.methodKind === 'class') return typed({ kind: 'function', fn: member.fn, bound: t }, `\`${t.name}.${name}\``);
        if (member.methodKind === 'static') return typed({ kind: 'function', fn: member.fn }, `\`${t.name}.${name}\``);
        // An instance method read from the class takes the instance first.
        const fn: FunctionInfo = { ...member.fn, signatures: member.fn.signatures?.map((s) => ({ ...s, params: [{ name: 'self', kind: 'positional' as const, optional: false, type: this.stubs.instanceOf(t.name) }, ...s.params] })) };
        return typed({ kind: 'function', fn }, `\`${t.name}.${name}\``);
      }
      case 'instance':
      case 'class': {
        // An instance of a metaclass is a class: its attributes come from that class first, not the metaclass.
        if (t.kind === 'instance' && isMetaclass(t.cls)) return undefined;
        const found = lookupClassMember(t.cls, name);
        if (!found) return undefined;
        if (!t.exact && isOverridableVariable(t.cls, name)) return undefined;
        // A metaclass of an unknown base (Enum, Django models) rewrites class-level values.
        if (found.type.kind !== 'function' && !classFullyKnown(t.cls) && isClassLevel(t.cls, name)) return undefined;
        const value = t.exact || found.type.kind !== 'function' ? found.type : overridable(found.type);
        if (value.kind === 'function') {
          const kind = value.fn.methodKind;
          if (kind === 'property') {
            if (t.kind === 'class') return undefined;
            const r = value.fn.returns?.();
            return r ? typed(r.type, `property \`${value.fn.name}\``) : undefined;
          }
          // A Python function stored in a class body (`from m import walk`, `f = helper`) binds like a method
          // when read through an instance; builtins do not. Which one it is here is not worth guessing.
          if (kind === undefined && !value.bound && !value.fn.builtin && t.kind === 'instance') return undefined;
          if (kind === 'static' || (kind === undefined && !value.bound)) return typed(value, found.origin);
          if (kind === 'class') return typed({ ...value, bound: t }, found.origin);
          if (t.kind === 'instance' && kind === 'instance') return typed({ ...value, bound: t }, found.origin);
          return typed(value, found.origin);
        }
        return found;
      }
      default:
        return undefined;
    }
  }

  private subscript(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number): Typed {
    const object = node.field('value');
    const base = object ? this.expr(object, env, ctx, depth + 1) : typed(UNKNOWN, '');
    const indexes = node.fieldAll('subscript');
    const indexTypes = indexes.map((i) => this.expr(i, env, ctx, depth + 1));
    if (indexes.length !== 1) return typed(UNKNOWN, '');
    const index = indexTypes[0];
    const results: Type[] = [];
    for (const m of members(base.type)) {
      if (m.kind !== 'builtin' || m.abstract) return typed(UNKNOWN, '');
      if (m.items && index.type.kind === 'builtin' && typeof index.type.literal === 'number') {
        const i = index.type.literal < 0 ? m.items.length + index.type.literal : index.type.literal;
        if (i < 0 || i >= m.items.length) return typed(UNKNOWN, '');
        results.push(m.items[i]);
        continue;
      }
      const member = this.stubs.member(m.items ? builtin('tuple', [m.args[0] ?? UNKNOWN]) : m, '__getitem__');
      if (member?.kind !== 'method' || !member.fn.signatures) return typed(UNKNOWN, '');
      const r = this.pickOverload(member.fn.signatures, { positional: [{ typed: index }], keywords: [], starArgs: false, starKwargs: false });
      if (!r) return typed(UNKNOWN, '');
      results.push(r);
    }
    return typed(union(results), `\`${brief(node.text)}\` at line ${lineOf(node)}`);
  }

  /** The return type of the first overload that certainly accepts the call; undefined when none does. */
  pickOverload(signatures: readonly Signature[], shape: CallShape, skip = 0): Type | undefined {
    // The first overload that certainly fits; when arguments of unknown type leave several possible,
    // their common return type (if they agree).
    const candidates: Type[] = [];
    for (const signature of signatures) {
      const match = matchCall(this.relations, signature, shape, skip);
      if (match.arity.length > 0 || match.types.length > 0) continue;
      const r = boundReturn(signature, match.bindings);
      if (!match.uncertain && candidates.length === 0) return r;
      candidates.push(r);
    }
    if (candidates.length === 0) return undefined;
    return candidates.every((c) => sameType(c, candidates[0])) ? candidates[0] : undefined;
  }

  private callExpression(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number): Typed {
    const callee = node.field('function');
    const calleeTyped = callee ? this.expr(callee, env, ctx, depth + 1) : typed(UNKNOWN, '');
    const argumentsNode = node.field('arguments');
    const shape: CallShape = { positional: [], keywords: [], starArgs: false, starKwargs: false };
    const positionalNodes: SyntaxNode[] = [];
    const keywordNodes: SyntaxNode[] = [];
    if (argumentsNode?.type === 'generator_expression') {
      shape.positional.push({ typed: this.expr(argumentsNode, env, ctx, depth + 1) });
      positionalNodes.push(argumentsNode);
    } else {
      for (const argument of argumentsNode?.namedChildren ?? []) {
        if (argument.type === 'comment') continue;
        if (argument.type === 'list_splat') {
          shape.starArgs = true;
          for (const c of argument.namedChildren) this.expr(c, env, ctx, depth + 1);
        } else if (argument.type === 'dictionary_splat') {
          shape.starKwargs = true;
          for (const c of argument.namedChildren) this.expr(c, env, ctx, depth + 1);
        } else if (argument.type === 'keyword_argument') {
          const value = argument.field('value');
          const v = value ? this.expr(value, env, ctx, depth + 1) : undefined;
          shape.keywords.push({ typed: v, name: argument.field('name')?.text });
          keywordNodes.push(argument);
        } else {
          shape.positional.push({ typed: this.expr(argument, env, ctx, depth + 1) });
          positionalNodes.push(argument);
        }
      }
    }
    // A call may change any attribute reachable from anything.
    env.clearPaths();
    this.noteMutation(callee, env);
    const result = this.callResult(node, callee, calleeTyped, shape, positionalNodes, ctx);
    if (ctx.recording) this.calls.set(node, { callee: calleeTyped, shape, positionalNodes, keywordNodes, result });
    return result;
  }

  private callResult(node: SyntaxNode, callee: SyntaxNode | undefined, calleeTyped: Typed, shape: CallShape, positionalNodes: SyntaxNode[], ctx: UnitContext): Typed {
    const line = lineOf(node);
    const label = callee ? brief(callee.text) : 'call';
    const results: Typed[] = [];
    for (const m of members(calleeTyped.type)) {
      const r = this.callOne(m, node, label, shape, positionalNodes, ctx);
      if (!r) return typed(UNKNOWN, `\`${label}()\``);
      results.push(r);
    }
    let out: Typed | undefined;
    for (const r of results) out = joinTyped(out, r);
    if (!out) return typed(UNKNOWN, '');
    if (out.type.kind === 'none' && results.every((r) => r.noneResult)) return { ...out, noneResult: { callee: label, line } };
    return out;
  }

  private callOne(t: Type, node: SyntaxNode, label: string, shape: CallShape, positionalNodes: SyntaxNode[], ctx: UnitContext): Typed | undefined {
    const line = lineOf(node);
    switch (t.kind) {
      case 'function': {
        const fn = t.fn;
        if (fn.builtin) {
          const special = this.specialBuiltin(fn.name, shape, positionalNodes);
          if (special) return special;
          if (!fn.signatures) return undefined;
          const r = this.pickOverload(fn.signatures, shape);
          if (!r || isUnknown(r)) return undefined;
          const origin = `\`${fn.name}\` returns ${describe(r, 'python')}`;
          if (r.kind === 'none') return { type: r, origin: `\`${fn.name}\` always returns None`, noneResult: { callee: label, line } };
          return typed(r, origin);
        }
        const r = fn.returns?.();
        if (!r) {
          // Direct recursion: no value yet on the first pass.
          const node2 = this.functionNode(fn);
          if (node2 && node2 === ctx.node) {
            ctx.selfRecursive = true;
            return typed(NEVER, 'recursive call');
          }
          return undefined;
        }
        if (r.type.kind === 'never' || isUnknown(r.type)) return undefined;
        if (r.type.kind === 'none' && fn.alwaysNone?.() && !fn.methodKind) {
          return { type: NONE, origin: `\`${fn.name}\` (${fn.where}) always returns None`, noneResult: { callee: label, line } };
        }
        return typed(r.type, `\`${fn.name}\` (${fn.where}) returns ${describe(r.type, 'python')}`);
      }
      case 'builtin-class': {
        const signatures = this.stubs.constructorSignatures(t.name, 'call');
        if (!signatures) return undefined;
        const r = this.pickOverload(signatures, shape);
        if (r && !isUnknown(r)) return typed(r, `\`${label}()\` at line ${line}`);
        if (t.name === 'type') return undefined;
        const instance = this.stubs.instanceOf(t.name);
        return isUnknown(instance) ? undefined : typed(instance, `\`${label}()\` at line ${line}`);
      }
      case 'class': {
        const cls = t.cls;
        if (cls.rewritten) return undefined;
        if (lookupClassMember(cls, '__new__')) return undefined;
        return typed({ kind: 'instance', cls, exact: t.exact }, `\`${label}()\` at line ${line}`);
      }
      case 'instance': {
        const call = lookupClassMember(t.cls, '__call__');
        if (call?.type.kind === 'function') {
          const r = call.type.fn.returns?.();
          return r && !isUnknown(r.type) ? typed(r.type, `\`${t.cls.name}.__call__\``) : undefined;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** `items.append(x)`, `d.update(...)`: the container variable may now hold other elements. */
  private noteMutation(callee: SyntaxNode | undefined, env: Env) {
    if (callee?.type !== 'attribute') return;
    const object = callee.field('object');
    const method = callee.field('attribute')?.text ?? '';
    if (object?.type === 'identifier' && MUTATORS.has(method)) this.widenContainer(object, env);
  }

  private widenContainer(object: SyntaxNode, env: Env) {
    const symbol = this.model.resolve(object);
    const current = symbol ? env.vars.get(symbol) : undefined;
    if (!symbol || !current) return;
    const widened = widenMutable(current.type);
    if (widened !== current.type) env.setVar(symbol, { ...current, type: widened });
  }

  /** Builtins whose result depends on more than their stub says. */
  private specialBuiltin(name: string, shape: CallShape, positionalNodes: SyntaxNode[]): Typed | undefined {
    if (name === 'typing.cast' && positionalNodes[0]) {
      const t = this.parseAnnotation(positionalNodes[0]);
      return isUnknown(t) ? typed(UNKNOWN, 'cast') : typed(t, `\`cast\` at line ${lineOf(positionalNodes[0])}`);
    }
    if ((name === 'max' || name === 'min') && shape.positional.length >= 2 && !shape.starArgs && shape.keywords.length === 0) {
      const types = shape.positional.map((p) => p.typed?.type ?? UNKNOWN);
      const joined = union(types.map(widen));
      if (!isUnknown(joined) && members(joined).every((m) => m.kind === 'builtin' && (m.name === 'int' || m.name === 'float'))) return typed(joined, `\`${name}()\``);
    }
    if (name === 'isinstance' || name === 'callable' || name === 'hasattr') return typed(builtin('bool'), `\`${name}()\``);
    return undefined;
  }

  // -------------------------------------------------------------------------------------------------------
  // Narrowing

  /** The environment in which `condition` evaluated to `truth`. */
  narrow(condition: SyntaxNode, env: Env, truth: boolean, ctx: UnitContext, depth: number): Env {
    if (depth > 40) return env.clone();
    switch (condition.type) {
      case 'parenthesized_expression': {
        const inner = condition.namedChildren.find((c) => c.type !== 'comment');
        return inner ? this.narrow(inner, env, truth, ctx, depth + 1) : env.clone();
      }
      case 'not_operator': {
        const argument = condition.field('argument');
        return argument ? this.narrow(argument, env, !truth, ctx, depth + 1) : env.clone();
      }
      case 'boolean_operator': {
        const left = condition.field('left');
        const right = condition.field('right');
        const op = condition.field('operator')?.type;
        if (!left || !right) return env.clone();
        if (op === 'and') {
          const leftTrue = this.narrow(left, env, true, ctx, depth + 1);
          if (truth) return this.narrow(right, leftTrue, true, ctx, depth + 1);
          return Env.join([this.narrow(left, env, false, ctx, depth + 1), this.narrow(right, leftTrue, false, ctx, depth + 1)]);
        }
        const leftFalse = this.narrow(left, env, false, ctx, depth + 1);
        if (!truth) return this.narrow(right, leftFalse, false, ctx, depth + 1);
        return Env.join([this.narrow(left, env, true, ctx, depth + 1), this.narrow(right, leftFalse, true, ctx, depth + 1)]);
      }
      case 'call':
        return this.narrowCall(condition, env, truth);
      case 'comparison_operator':
        return this.narrowComparison(condition, env, truth);
      case 'identifier':
      case 'attribute':
        return this.narrowTarget(condition, env, (t) => narrowTruthy(t, truth), `truthiness at line ${lineOf(condition)}`);
      case 'named_expression': {
        const name = condition.field('name');
        return name ? this.narrowTarget(name, env, (t) => narrowTruthy(t, truth), `truthiness at line ${lineOf(condition)}`) : env.clone();
      }
      default:
        return env.clone();
    }
  }

  /** Applies `refine` to the type of an identifier or attribute path. */
  private narrowTarget(target: SyntaxNode, env: Env, refine: (t: Type) => Type, how: string): Env {
    const next = env.clone();
    if (target.type === 'identifier') {
      const symbol = this.model.resolve(target);
      if (!symbol) return next;
      const current = this.peek(target, env);
      const refined = refine(current.type);
      if (sameType(refined, current.type)) return next;
      // A narrowing that leaves nothing: the code expects values the inference did not see (checks
      // against its own annotation). The variable is unknown there; the branch is not declared dead.
      if (refined.kind === 'never') {
        next.setVar(symbol, typed(UNKNOWN, `${current.origin}, contradicted by ${how}`));
        return next;
      }
      next.setVar(symbol, { type: refined, origin: narrowedOrigin(current.origin, how) });
      return next;
    }
    if (target.type === 'attribute') {
      const path = pathOf(target);
      if (!path) return next;
      const current = env.paths.get(path) ?? this.exprTypes.get(target) ?? typed(UNKNOWN, '');
      const refined = refine(current.type);
      if (refined.kind === 'never') {
        next.setPath(path, typed(UNKNOWN, 'contradicted'));
        return next;
      }
      if (!isUnknown(refined)) next.setPath(path, { type: refined, origin: narrowedOrigin(current.origin, how) });
      return next;
    }
    return next;
  }

  /** The current type of an identifier without recording anything. */
  private peek(node: SyntaxNode, env: Env): Typed {
    const symbol = this.model.resolve(node);
    if (!symbol) return typed(UNKNOWN, '');
    const own = this.symbolUnit(symbol) === this.unitNodeOf(node);
    if (own && !this.isUnstable(symbol)) {
      const value = env.vars.get(symbol);
      return value ? this.resolveLazy(value) : typed(UNKNOWN, '');
    }
    if (own) return typed(UNKNOWN, '');
    return this.declaredType(symbol) ?? typed(UNKNOWN, '');
  }

  private narrowCall(call: SyntaxNode, env: Env, truth: boolean): Env {
    const callee = call.field('function');
    const args = (call.field('arguments')?.namedChildren ?? []).filter((c) => c.type !== 'comment');
    if (callee?.type !== 'identifier' || callee.text !== 'isinstance' || args.length !== 2) return env.clone();
    if (this.model.resolve(callee)) return env.clone();
    const [subject, classes] = args;
    const targets = this.classTargets(classes);
    if (!targets) return env.clone();
    return this.narrowTarget(subject, env, (t) => this.narrowInstance(t, targets, truth), `\`isinstance\` at line ${lineOf(call)}`);
  }

  /** The classes an `isinstance` second argument names; undefined when any is unknown. */
  private classTargets(node: SyntaxNode, depth = 0): Type[] | undefined {
    if (depth > 8) return undefined;
    const nodes = node.type === 'tuple' || node.type === 'parenthesized_expression' ? node.namedChildren.filter((c) => c.type !== 'comment') : [node];
    if (node.type === 'parenthesized_expression' && nodes.length === 1 && nodes[0].type !== 'tuple') return this.classTargets(nodes[0], depth + 1);
    const out: Type[] = [];
    for (const n of nodes) {
      const t = this.exprTypes.get(n)?.type;
      if (t?.kind === 'builtin-class' || t?.kind === 'class') out.push(t);
      else return undefined;
    }
    return out;
  }

  private isInstanceOf(t: Type, target: Type): boolean | undefined {
    if (target.kind === 'builtin-class') {
      if (t.kind === 'none') return false;
      if (t.kind === 'builtin' && !t.abstract) return this.stubs.derivesFrom(t.name, target.name) || (target.name === 'object');
      if (t.kind === 'instance') return target.name === 'object' ? true : undefined;
      return undefined;
    }
    if (target.kind === 'class') {
      if (t.kind === 'none') return false;
      // A value of a user class may be an instance of any subclass: only "yes" is certain.
      if (t.kind === 'instance') return classDerives(t.cls, target.cls) === true ? true : undefined;
      return undefined;
    }
    return undefined;
  }

  private narrowInstance(t: Type, targets: Type[], truth: boolean): Type {
    const asInstance = (target: Type): Type =>
      target.kind === 'builtin-class' ? (target.name === 'type' || target.name === 'object' ? UNKNOWN : this.stubs.instanceOf(target.name)) : target.kind === 'class' ? { kind: 'instance', cls: target.cls } : UNKNOWN;
    if (targets.some((target) => target.kind === 'builtin-class' && (target.name === 'type' || target.name === 'object'))) return truth ? UNKNOWN : t;
    // From nothing known, `isinstance(x, tuple)` may be a namedtuple, `dict` an OrderedDict: the type is
    // kept as a protocol-like type (its elements and operators, not its exact members).
    if (t.kind === 'unknown') return truth ? union(targets.map((target) => maybeSubclass(asInstance(target)))) : t;
    const kept: Type[] = [];
    for (const m of members(t)) {
      const verdicts = targets.map((target) => this.isInstanceOf(m, target));
      if (truth) {
        if (verdicts.some((v) => v === true)) kept.push(m);
        else if (verdicts.some((v) => v === undefined)) {
          // Could be a subclass instance of a target: take the target's type.
          targets.forEach((target, i) => {
            if (verdicts[i] === undefined) kept.push(asInstance(target));
          });
        }
      } else if (!verdicts.some((v) => v === true)) kept.push(m);
    }
    return joinAll(kept);
  }

  private narrowComparison(node: SyntaxNode, env: Env, truth: boolean): Env {
    const operands = node.namedChildren.filter((c) => c.type !== 'comment' && c.fieldName !== 'operators');
    const operators = node.children.filter((c) => c.fieldName === 'operators');
    if (operands.length !== 2 || operators.length !== 1) return env.clone();
    const op = operators[0].text.replace(/\s+/g, ' ');
    const [left, right] = operands;
    const how = `\`${brief(node.text)}\` at line ${lineOf(node)}`;
    const noneSide = right.type === 'none' ? left : left.type === 'none' ? right : undefined;
    if (noneSide && (op === 'is' || op === 'is not' || op === '==' || op === '!=')) {
      const positive = op === 'is' || op === '==';
      const isNone = positive === truth;
      return this.narrowTarget(noneSide, env, (t) => (isNone ? (t.kind === 'unknown' ? t : filterType(t, (m) => m.kind === 'none' || m.kind === 'instance')) : filterType(t, (m) => m.kind !== 'none')), how);
    }
    // `type(x) is T`
    if ((op === 'is' || op === '==') && truth && left.type === 'call' && left.field('function')?.text === 'type') {
      const args = left.field('arguments')?.namedChildren ?? [];
      const targets = this.classTargets(right);
      if (args.length === 1 && targets) return this.narrowTarget(args[0], env, (t) => this.narrowInstance(t, targets, true), how);
    }
    return env.clone();
  }

  // -------------------------------------------------------------------------------------------------------
  // Listing

  listing(): TypeEntry[] {
    this.ensureAll();
    const file = this.parsed.file.path;
    const entries: TypeEntry[] = [];
    const push = (node: SyntaxNode, kind: TypeEntry['kind'], name: string, scope: string, value: Typed | undefined) => {
      if (!value) return;
      const names = typeNames(value.type, 'python');
      if (names.length === 0) return;
      entries.push({ file, line: node.startRow + 1, column: node.startColumn, kind, name, scope, type: names, origin: value.origin });
    };
    const stack: SyntaxNode[] = [this.parsed.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'ERROR') continue;
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
      if (node.type === 'function_definition') {
        const name = node.field('name');
        const fnScope = this.qualifiedName(node);
        for (const p of node.field('parameters')?.namedChildren ?? []) {
          const nameNode = parameterName(p);
          if (nameNode) push(nameNode, 'parameter', nameNode.text, fnScope, this.parameterTyped(p));
        }
        if (name) {
          const state = this.units.get(node);
          const r = this.declaredReturn(node) ?? state?.returns;
          const info = this.functionInfo(node);
          push(name, 'return', name.text, this.scopeName(node), info.isGenerator ? typed(builtin('generator', [UNKNOWN]), 'generator') : r);
        }
        continue;
      }
      if (node.type === 'identifier') {
        const value = this.writes.get(node);
        if (!value) continue;
        const reference = this.model.referenceAt(node);
        if (!reference?.isWrite) continue;
        const symbol = reference.symbol;
        const inClass = symbol?.scope.kind === 'class';
        push(node, inClass ? 'attribute' : 'variable', node.text, this.scopeName(node), value);
        continue;
      }
      if (node.type === 'attribute') {
        const value = this.writes.get(node);
        const object = node.field('object');
        const attribute = node.field('attribute');
        if (!value || object?.type !== 'identifier' || !attribute) continue;
        const method = node.closest('function_definition');
        const cls = method ? this.enclosingClass(method) : undefined;
        if (!cls || !method) continue;
        const first = method.field('parameters')?.namedChildren.find((c) => c.type !== 'comment');
        if (!first || parameterName(first)?.text !== object.text) continue;
        push(node, 'attribute', attribute.text, this.qualifiedName(cls), value);
      }
    }
    return entries.sort((a, b) => a.line - b.line || a.column - b.column || a.kind.localeCompare(b.kind));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Classes

export class PythonClass implements ClassInfo {
  readonly name: string;
  readonly where: string;
  readonly rewritten: boolean;
  readonly dynamicAttributes: boolean;
  private readonly body: SyntaxNode | undefined;
  private readonly memberCache = new Map<string, Typed | null>();
  private baseCache?: Array<Type | undefined>;
  private selfWrites?: Map<string, SyntaxNode[]>;
  private resolving = new Set<string>();

  constructor(
    private readonly types: PythonTypes,
    readonly node: SyntaxNode,
  ) {
    this.name = node.field('name')?.text ?? '<class>';
    this.where = `line ${lineOf(node)}`;
    const decorated = node.parent?.type === 'decorated_definition';
    const keywords = (node.field('superclasses')?.namedChildren ?? []).filter((c) => c.type === 'keyword_argument');
    this.rewritten = decorated || keywords.some((k) => k.field('name')?.text === 'metaclass');
    this.body = node.field('body');
    const own = this.ownNames();
    this.dynamicAttributes = ['__getattr__', '__getattribute__', '__setattr__', '__slots__', '__dict__'].some((n) => own.has(n));
  }

  private ownNameCache?: Set<string>;
  private memberNameCache?: readonly string[];

  private ownNames(): Set<string> {
    if (this.ownNameCache) return this.ownNameCache;
    const names = new Set<string>();
    this.ownNameCache = names;
    for (const statement of this.body?.namedChildren ?? []) {
      const definition = statement.type === 'decorated_definition' ? statement.field('definition') : statement;
      if (definition?.type === 'function_definition' || definition?.type === 'class_definition') {
        const name = definition.field('name');
        if (name) names.add(name.text);
      } else if (statement.type === 'expression_statement') {
        for (const c of statement.namedChildren) if (c.type === 'assignment') for (const t of targetsOf(c.field('left'))) if (t.type === 'identifier') names.add(t.text);
      }
    }
    return names;
  }

  bases(): ReadonlyArray<Type | undefined> {
    if (this.baseCache) return this.baseCache;
    this.baseCache = [];
    const list = (this.node.field('superclasses')?.namedChildren ?? []).filter((c) => c.type !== 'keyword_argument' && c.type !== 'comment');
    this.baseCache = list.map((b) => {
      const t = this.types.baseType(b);
      return t && !isUnknown(t) ? t : undefined;
    });
    return this.baseCache;
  }

  memberNames(): readonly string[] {
    this.memberNameCache ??= [...new Set([...this.ownNames(), ...this.instanceWrites().keys()])];
    return this.memberNameCache;
  }

  private instanceWrites(): Map<string, SyntaxNode[]> {
    if (this.selfWrites) return this.selfWrites;
    const writes = new Map<string, SyntaxNode[]>();
    for (const statement of this.body?.namedChildren ?? []) {
      const definition = statement.type === 'decorated_definition' ? statement.field('definition') : statement;
      if (definition?.type !== 'function_definition') continue;
      const info = this.types.functionInfo(definition);
      if (info.methodKind !== 'instance' && info.methodKind !== 'property') continue;
      const first = definition.field('parameters')?.namedChildren.find((c) => c.type !== 'comment');
      const selfName = first ? parameterName(first)?.text : undefined;
      if (!selfName) continue;
      const stack: SyntaxNode[] = [...(definition.field('body')?.children ?? [])];
      while (stack.length > 0) {
        const n = stack.pop()!;
        if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') continue;
        if (n.type === 'assignment' || n.type === 'augmented_assignment') {
          for (const t of targetsOf(n.field('left'))) {
            if (t.type !== 'attribute') continue;
            const object = t.field('object');
            const attribute = t.field('attribute');
            if (object?.type === 'identifier' && object.text === selfName && attribute) {
              const list = writes.get(attribute.text) ?? [];
              list.push(t);
              writes.set(attribute.text, list);
            }
          }
        }
        for (const c of n.children) stack.push(c);
      }
    }
    this.selfWrites = writes;
    return writes;
  }

  definedNames(): ReadonlySet<string> {
    const scope = this.types.model.scopeCreatedBy(this.node);
    return new Set([...(scope?.symbols.keys() ?? []), ...this.instanceWrites().keys()]);
  }

  /** A name the class body binds (any form). */
  isClassBodyName(name: string): boolean {
    return Boolean(this.types.model.scopeCreatedBy(this.node)?.symbols.get(name));
  }

  /** An unannotated class-body variable that is not also assigned on instances. */
  isPlainClassVariable(name: string): boolean {
    const symbol = this.types.model.scopeCreatedBy(this.node)?.symbols.get(name);
    if (!symbol) return false;
    if (symbol.declarations.some((d) => d.form === 'def' || d.form === 'class' || d.form === 'annotated-assignment' || d.form === 'annotation')) return false;
    return true;
  }

  member(name: string): Typed | undefined {
    if (this.memberCache.has(name)) return this.memberCache.get(name) ?? undefined;
    if (this.resolving.has(name)) return undefined;
    this.resolving.add(name);
    let result: Typed | undefined;
    try {
      result = this.computeMember(name);
    } finally {
      this.resolving.delete(name);
    }
    this.memberCache.set(name, result ?? null);
    return result;
  }

  private computeMember(name: string): Typed | undefined {
    const scope = this.types.model.scopeCreatedBy(this.node);
    const symbol = scope?.symbols.get(name);
    const sites = this.instanceWrites().get(name);
    let classLevel: Typed | undefined;
    if (symbol) {
      const definitions = symbol.declarations.filter((d) => d.form === 'def');
      if (definitions.length > 0 && definitions.length === symbol.declarations.length) {
        // The last definition wins (property setters re-bind the same name to the property).
        const getter = definitions.find((d) => this.types.functionInfo(d.node).methodKind === 'property') ?? definitions[definitions.length - 1];
        const info = this.types.functionInfo(getter.node);
        if (definitions.length > 1 && info.methodKind !== 'property') return undefined;
        // An unknown decorator may replace the method with anything (a descriptor, a class property).
        if (!info.signatures && info.methodKind !== 'property') return undefined;
        return typed({ kind: 'function', fn: info }, `method \`${info.name}\` (${info.where})`);
      }
      classLevel = this.types.classVariable(symbol);
      if (!classLevel) return undefined;
      const annotated = symbol.declarations.some((d) => d.form === 'annotated-assignment' || d.form === 'annotation');
      if (annotated) return classLevel;
    }
    if (sites) {
      const instance = this.types.instanceAttribute(this.node, name, sites);
      if (!instance) return undefined;
      return joinTyped(classLevel, instance);
    }
    return classLevel;
  }
}

/**
 * A class-level variable without annotation (`model = None` in a base class): subclasses commonly
 * override it, so through `self` or `cls` its type is unknown.
 */
function isOverridableVariable(cls: ClassInfo, name: string, depth = 0): boolean {
  if (depth > 12) return true;
  if (cls.isPlainClassVariable && cls.memberNames().includes(name)) return cls.isPlainClassVariable(name);
  for (const base of cls.bases()) if (base?.kind === 'class' && isOverridableVariable(base.cls, name, depth + 1)) return true;
  return false;
}

function isClassLevel(cls: ClassInfo, name: string, depth = 0): boolean {
  if (depth > 12) return true;
  if (cls.isClassBodyName && cls.memberNames().includes(name)) return cls.isClassBodyName(name);
  for (const base of cls.bases()) if (base?.kind === 'class' && isClassLevel(base.cls, name, depth + 1)) return true;
  return false;
}

const overridableCache = new WeakMap<FunctionInfo, FunctionInfo>();
const overriddenFunctions = new WeakMap<FunctionInfo, FunctionInfo>();

/**
 * A method reached through `self` may be a subclass override. A base method that only returns None (a
 * hook) says nothing about the override, so its result is unknown unless annotated.
 */
export function overridable(t: Type): Type {
  if (t.kind !== 'function' || t.fn.builtin) return t;
  const fn = t.fn;
  let wrapped = overridableCache.get(fn);
  if (!wrapped) {
    wrapped = {
      ...fn,
      returns: () => {
        const r = fn.returns?.();
        if (!r) return r;
        if (!r.origin.startsWith('return annotation') && members(r.type).some((m) => m.kind === 'none')) return undefined;
        return r;
      },
      alwaysNone: () => false,
    };
    overridableCache.set(fn, wrapped);
    overriddenFunctions.set(wrapped, fn);
  }
  return { ...t, fn: wrapped };
}

/** The method an {@link overridable} wrapper stands for. */
export function overriddenFunction(fn: FunctionInfo): FunctionInfo | undefined {
  return overriddenFunctions.get(fn);
}

/** Looks a member up through the class and its bases; undefined when not found or a base is unknown. */
export function lookupClassMember(cls: ClassInfo, name: string, depth = 0): Typed | undefined {
  if (depth > 12) return undefined;
  const own = cls.member(name);
  if (own) return own;
  if (cls.memberNames().includes(name)) return undefined;
  for (const base of cls.bases()) {
    if (!base) return undefined;
    if (base.kind === 'class') {
      const found = lookupClassMember(base.cls, name, depth + 1);
      if (found) return found;
      if (!classFullyKnown(base.cls, depth + 1)) return undefined;
    } else return undefined;
  }
  return undefined;
}

/** Whether every base of the class (transitively) is a class defined in analysed code or `object`. */
/** Whether the class derives from `type`. */
function isMetaclass(cls: ClassInfo, depth = 0): boolean {
  if (depth > 12) return false;
  return cls.bases().some((base) => (base?.kind === 'builtin-class' && base.name === 'type') || (base?.kind === 'class' && isMetaclass(base.cls, depth + 1)));
}

export function classFullyKnown(cls: ClassInfo, depth = 0): boolean {
  if (depth > 12 || cls.dynamicAttributes) return false;
  for (const base of cls.bases()) {
    if (!base) return false;
    if (base.kind === 'builtin-class' && base.name === 'object') continue;
    if (base.kind !== 'class' || !classFullyKnown(base.cls, depth + 1)) return false;
  }
  return true;
}

export function classDerives(cls: ClassInfo, ancestor: ClassInfo, depth = 0): boolean | undefined {
  if (cls === ancestor) return true;
  if (depth > 12) return undefined;
  let unknown = false;
  for (const base of cls.bases()) {
    if (base?.kind === 'class') {
      const r = classDerives(base.cls, ancestor, depth + 1);
      if (r) return true;
      if (r === undefined) unknown = true;
    } else if (!(base?.kind === 'builtin-class' && base.name === 'object')) unknown = true;
  }
  return unknown ? undefined : false;
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

const LITERAL_NODES = new Set(['integer', 'float', 'string', 'concatenated_string', 'true', 'false', 'none', 'list', 'dictionary', 'set', 'tuple']);

const DUNDER_NAMES: Record<string, string> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'truediv', '//': 'floordiv', '%': 'mod', '**': 'pow', '&': 'and', '|': 'or', '^': 'xor', '<<': 'lshift', '>>': 'rshift', '@': 'matmul' };

/**
 * What another unit may assume about a stored value: a bare `None` is usually a placeholder filled in
 * later (possibly from another file), and mutable containers get elements added elsewhere, so those
 * become unknown.
 */
function placeholderFree(value: Typed | undefined): Typed | undefined {
  if (!value) return value;
  if (value.type.kind === 'none') return undefined;
  const widened = widenMutable(value.type);
  return widened === value.type ? value : { ...value, type: widened };
}

const MUTATORS = new Set(['append', 'extend', 'insert', 'add', 'update', 'setdefault', 'appendleft', 'extendleft', '__setitem__', 'fromkeys']);

const MUTABLE_CONTAINERS = new Set(['list', 'dict', 'set', 'bytearray', 'collections.deque', 'collections.OrderedDict', 'collections.defaultdict', 'collections.Counter']);

function widenMutable(t: Type): Type {
  if (t.kind === 'union') {
    const items = t.items.map(widenMutable);
    return items.every((m, i) => m === t.items[i]) ? t : union(items);
  }
  if (t.kind === 'builtin' && MUTABLE_CONTAINERS.has(t.name) && t.args.some((a) => !isUnknown(a))) return builtin(t.name, t.args.map(() => UNKNOWN));
  return t;
}

/** A `# type: ignore` comment on the statement's lines: the author overrides the annotation there. */
export function hasTypeIgnore(node: SyntaxNode): boolean {
  const source = node.source;
  const start = source.lastIndexOf('\n', node.startIndex) + 1;
  let end = source.indexOf('\n', node.endIndex);
  if (end < 0) end = source.length;
  return /#\s*type:\s*ignore/.test(source.slice(start, end));
}

/** Builtins whose subclasses commonly add members (namedtuple, OrderedDict, IntEnum...). */
const SUBCLASSED = new Set(['tuple', 'list', 'dict', 'set', 'frozenset', 'int', 'object', 'type']);

function maybeSubclass(t: Type): Type {
  return t.kind === 'builtin' && SUBCLASSED.has(t.name) ? { ...t, abstract: true } : t;
}

function unpacked(origin: string): string {
  return origin.startsWith('unpacked from ') ? origin : `unpacked from ${origin}`;
}

function narrowedOrigin(origin: string, how: string): string {
  const base = origin.split(', narrowed by ')[0];
  return `${base}, narrowed by ${how}`;
}

/** Drops literals inside containers: `[1, 2]` is `list[int]`. */
function widenForContainer(t: Type): Type {
  return widen(t);
}

/** A declared type may be wider than the value: keep the value's type (narrowing on assignment). */
function narrowToDeclared(value: Type, declared: Type): Type {
  return isUnknown(value) ? declared : value;
}

function narrowTruthy(t: Type, truth: boolean): Type {
  if (t.kind === 'unknown') return t;
  if (truth) return filterType(t, (m) => m.kind !== 'none' && !LITERAL_FALSY(m));
  return filterType(t, (m) => !ALWAYS_TRUTHY(m));
}

/** The type a literal node denotes. */
export function literalType(node: SyntaxNode): Type | undefined {
  switch (node.type) {
    case 'integer': {
      const text = node.text.replace(/_/g, '');
      if (/[jJ]$/.test(text)) return builtin('complex');
      const value = /^0[xX]/.test(text) ? parseInt(text.slice(2), 16) : /^0[oO]/.test(text) ? parseInt(text.slice(2), 8) : /^0[bB]/.test(text) ? parseInt(text.slice(2), 2) : Number(text);
      return builtin('int', [], Number.isSafeInteger(value) ? { literal: value } : {});
    }
    case 'float':
      return /[jJ]$/.test(node.text) ? builtin('complex') : builtin('float');
    case 'true':
      return builtin('bool', [], { literal: true });
    case 'false':
      return builtin('bool', [], { literal: false });
    case 'none':
      return NONE;
    case 'string': {
      const prefix = (node.children[0]?.text ?? '').toLowerCase().replace(/["']+$/, '');
      if (prefix.includes('b')) return builtin('bytes');
      const value = stringValue(node);
      return builtin('str', [], value !== undefined ? { literal: value } : {});
    }
    case 'concatenated_string': {
      const first = node.namedChildren[0];
      const prefix = (first?.children[0]?.text ?? '').toLowerCase();
      return builtin(prefix.includes('b') ? 'bytes' : 'str');
    }
    default:
      return undefined;
  }
}

/** The value of a plain string literal (no interpolation, no escapes); undefined otherwise. */
export function stringValue(node: SyntaxNode): string | undefined {
  if (node.type !== 'string') return undefined;
  const prefix = (node.children[0]?.text ?? '').toLowerCase().replace(/["']+$/, '');
  if (prefix.includes('f') || prefix.includes('b')) return undefined;
  const parts = node.namedChildren.filter((c) => c.type !== 'string_start' && c.type !== 'string_end');
  if (parts.some((p) => p.type !== 'string_content')) return undefined;
  const text = parts.map((p) => p.text).join('');
  if (!prefix.includes('r') && text.includes('\\')) return undefined;
  return text;
}

function isConstant(node: SyntaxNode | undefined, value: boolean): boolean {
  if (!node) return false;
  if (value) return node.type === 'true' || (node.type === 'integer' && node.text !== '0');
  return node.type === 'false' || (node.type === 'integer' && node.text === '0') || node.type === 'none';
}

function decoratorName(decorator: SyntaxNode): string | undefined {
  const expression = decorator.namedChildren.find((c) => c.type !== 'comment');
  if (!expression) return undefined;
  const target = expression.type === 'call' ? expression.field('function') : expression;
  if (!target || (target.type !== 'identifier' && target.type !== 'attribute')) return undefined;
  return target.text.replace(/\s+/g, '');
}

/** Identifiers and attribute/subscript targets an assignment left side writes. */
export function targetsOf(left: SyntaxNode | undefined): SyntaxNode[] {
  if (!left) return [];
  const out: SyntaxNode[] = [];
  const stack = [left];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'identifier' || n.type === 'attribute' || n.type === 'subscript') out.push(n);
    else if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list', 'parenthesized_expression', 'list_splat_pattern', 'list_splat'].includes(n.type)) {
      for (const c of n.namedChildren) stack.push(c);
    }
  }
  return out;
}

/** `self.a.b` for attribute chains on a plain name; undefined otherwise. */
export function pathOf(node: SyntaxNode | undefined): string | undefined {
  const parts: string[] = [];
  let n = node;
  for (let i = 0; n && i < 8; i++) {
    if (n.type === 'identifier') {
      parts.push(n.text);
      return parts.reverse().join('.');
    }
    if (n.type !== 'attribute') return undefined;
    const attribute = n.field('attribute');
    if (!attribute) return undefined;
    parts.push(attribute.text);
    n = n.field('object');
  }
  return undefined;
}

export function parameterName(p: SyntaxNode): SyntaxNode | undefined {
  switch (p.type) {
    case 'identifier':
      return p;
    case 'typed_parameter': {
      const inner = p.namedChildren.find((c) => c.type !== 'type');
      if (inner?.type === 'identifier') return inner;
      return inner?.namedChildren.find((c) => c.type === 'identifier');
    }
    case 'default_parameter':
    case 'typed_default_parameter': {
      const name = p.field('name');
      return name?.type === 'identifier' ? name : undefined;
    }
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
      return p.namedChildren.find((c) => c.type === 'identifier');
    default:
      return undefined;
  }
}

function lookupSymbol(scope: Scope, name: string): SemanticSymbol | undefined {
  let classVisible = true;
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (classVisible || s.kind !== 'class') {
      const symbol = s.symbols.get(name);
      if (symbol) return symbol;
    }
    classVisible = s.kind === 'type-parameters';
  }
  return undefined;
}

/** The `return` statements of a function body (not of nested functions). */
function returnStatements(fn: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const body = fn.field('body');
  const stack: SyntaxNode[] = body ? [body] : [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'return_statement') out.push(n);
    if (n !== body && (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition')) continue;
    for (const c of n.children) stack.push(c);
  }
  return out;
}

/** Whether a function body (not nested functions) yields. */
function containsYield(fn: SyntaxNode): boolean {
  const body = fn.field('body');
  // Most functions have no `yield` anywhere in their text: no walk then.
  if (!body || !body.text.includes('yield')) return false;
  for (let n: SyntaxNode | undefined = body; n; ) {
    if (n.type === 'yield') return true;
    // A nested function or class has its own yields.
    n = n !== body && (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition') ? nextAfterSubtree(n, body) : nextInSubtree(n, body);
  }
  return false;
}

/** A body that only documents, passes or raises: an abstract placeholder or stub. */
function isPlaceholderBody(fn: SyntaxNode): boolean {
  const body = fn.field('body');
  const statements = (body?.namedChildren ?? []).filter((c) => c.type !== 'comment');
  const rest = statements.filter((s, i) => !(i === 0 && s.type === 'expression_statement' && s.namedChildren[0]?.type === 'string'));
  if (rest.length === 0) return true;
  return rest.every((s) => s.type === 'pass_statement' || s.type === 'raise_statement' || (s.type === 'expression_statement' && s.namedChildren[0]?.type === 'ellipsis'));
}

export { sameType, join };
