import { basename } from 'node:path';
import type { ParsedFile } from '../../parse/parser.js';
import { nextInSubtree, type SyntaxNode } from '../../parse/syntax-node.js';
import type { SemanticModel, SemanticSymbol } from '../index.js';
import { brief, Env, lineOf, unitsInPreorder, unitScope, type ImportResolver, type TypeEntry } from './common.js';
import {
  builtin,
  describe,
  filterType,
  isUnknown,
  joinTyped,
  members,
  NEVER,
  NULL,
  sameType,
  typed,
  typeNames,
  union,
  UNDEFINED,
  UNKNOWN,
  widen,
  type ClassInfo,
  type FunctionInfo,
  type ModuleInfo,
  type Param,
  type Signature,
  type Type,
  type Typed,
} from './lattice.js';
import { boundReturn, matchCall, Relations, type CallShape } from './relations.js';
import { loadStubs, parseTypeExpression, type Stubs } from './stubs.js';

/** The export name standing for a CommonJS file's whole `module.exports` when it is reassigned. */
const COMMONJS_VALUE = 'module.exports';

/**
 * Flow-sensitive type inference for one JavaScript (or TypeScript without a checker) file: the same
 * design as the Python pass — units (the program, each function, each class body) interpreted once over
 * a symbol-keyed environment, branches joined, `typeof` / `instanceof` / `Array.isArray` / `=== undefined`
 * / truthiness narrowing, early `return` / `throw` ending paths — with JSDoc (`@param`, `@returns`,
 * `@type`) and TypeScript annotations read as declared types.
 */

const MAX_EXPRESSION_DEPTH = 120;
const MAX_STATEMENT_DEPTH = 60;
const MAX_UNIT_NESTING = 24;
export const FUNCTION_TYPES = new Set(['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function', 'generator_function_declaration']);
export const CLASS_TYPES = new Set(['class_declaration', 'class', 'abstract_class_declaration']);

/**
 * Dotted names of the enclosing classes and named functions (`includeSelf`: of this function too), the
 * `scope` of a `revisor types` entry; the TypeScript checker's listing uses it too, so both agree.
 */
export function javaScriptScopeName(node: SyntaxNode, includeSelf: boolean): string {
  const names: string[] = [];
  for (let n: SyntaxNode | null = includeSelf ? node : node.parent; n; n = n.parent) {
    if (CLASS_TYPES.has(n.type)) {
      const name = n.field('name');
      if (name) names.push(name.text);
    } else if (FUNCTION_TYPES.has(n.type)) {
      const own = n.type === 'method_definition' ? n.field('name') : (n.field('name') ?? (n.parent?.type === 'variable_declarator' ? n.parent.field('name') : undefined));
      if (own) names.push(own.text);
    }
  }
  return names.reverse().join('.');
}
const UNIT_TYPES = new Set([...FUNCTION_TYPES, ...CLASS_TYPES, 'program']);
/** JSDoc tags with a type: `@param {T} name` (`[name]` when optional), `@returns {T}` (or `@return`), `@type {T}`. */
const JSDOC_TAG_PATTERNS = {
  param: /@param\s*\{([^}]*)\}\s*(\[?[\w$.]+)?/g,
  returns: /@(?:returns?)\s*\{([^}]*)\}\s*(\[?[\w$.]+)?/,
  type: /@type\s*\{([^}]*)\}\s*(\[?[\w$.]+)?/,
} as const;
const ARITHMETIC = new Set(['-', '*', '/', '%', '**', '&', '|', '^', '<<', '>>', '>>>']);
const PRIMITIVES = new Set(['string', 'number', 'boolean', 'bigint', 'symbol']);

interface UnitContext {
  node: SyntaxNode;
  recording: boolean;
  returns: Typed[];
  loops: Array<{ breaks: Env[]; continues: Env[] }>;
  selfRecursive: boolean;
  thisType?: Type;
}

interface UnitState {
  status: 'running' | 'done';
  returns?: Typed;
}

export interface JsCallRecord {
  callee: Typed;
  shape: CallShape;
  argumentNodes: SyntaxNode[];
  result: Typed;
  isNew: boolean;
}

export interface JavaScriptTypesOptions {
  label: string;
  external?: boolean;
  resolver?: ImportResolver;
  /** Member names other scripts of the project add to builtin prototypes. */
  prototypePatches?: () => Set<string>;
}

export class JavaScriptTypes {
  readonly flavor = 'javascript' as const;
  readonly stubs: Stubs;
  readonly relations: Relations;
  private readonly exprTypes = new Map<SyntaxNode, Typed>();
  private readonly writes = new Map<SyntaxNode, Typed>();
  private readonly calls = new Map<SyntaxNode, JsCallRecord>();
  private readonly units = new Map<SyntaxNode, UnitState>();
  private readonly functions = new Map<SyntaxNode, FunctionInfo>();
  private readonly functionNodes = new Map<FunctionInfo, SyntaxNode>();
  private readonly classes = new Map<SyntaxNode, JsClass>();
  private readonly declared = new Map<SemanticSymbol, Typed>();
  private readonly declaring = new Set<SemanticSymbol>();
  private readonly paramTypes = new Map<SyntaxNode, Typed | null>();
  private readonly unstable = new Map<SemanticSymbol, boolean>();
  private nesting = 0;
  private analysedAll = false;
  private moduleInfo?: ModuleInfo;
  readonly typescript: boolean;

  constructor(
    readonly parsed: ParsedFile,
    readonly model: SemanticModel,
    readonly options: JavaScriptTypesOptions,
  ) {
    this.stubs = loadStubs('javascript');
    this.relations = new Relations(this.stubs);
    this.typescript = parsed.file.language !== 'javascript';
  }

  private where(node: SyntaxNode): string {
    return this.options.external ? `${basename(this.options.label)} line ${lineOf(node)}` : `line ${lineOf(node)}`;
  }

  // -------------------------------------------------------------------------------------------------------
  // Public answers

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

  call(node: SyntaxNode): JsCallRecord | undefined {
    this.ensureAll();
    return this.calls.get(node);
  }

  /** The syntax node of a function defined in this file. */
  functionNode(fn: FunctionInfo): SyntaxNode | undefined {
    return this.functionNodes.get(fn);
  }

  summary(): ModuleInfo {
    if (this.moduleInfo) return this.moduleInfo;
    const exports = this.exportedNames();
    // `module.exports = ...` inside a function or a branch: what `require` returns is not known.
    const reassignedElsewhere = this.moduleExportsWrittenBelowTopLevel();
    this.moduleInfo = {
      name: basename(this.options.label),
      complete: false,
      member: (name) => {
        // `module.exports = f; module.exports.extra = ...`: a value with properties the pass does not model.
        if (name === COMMONJS_VALUE && (exports.size > 1 || reassignedElsewhere)) return undefined;
        const target = exports.get(name);
        if (!target) return undefined;
        const t = this.valueOfExport(target);
        return t && !isUnknown(t.type) ? t : undefined;
      },
      has: (name) => exports.has(name) || (name === COMMONJS_VALUE && reassignedElsewhere),
      names: () => [...exports.keys()],
    };
    return this.moduleInfo;
  }

  /** Whether the file assigns `module.exports` anywhere but in a top-level statement (the ones the summary reads). */
  private moduleExportsWrittenBelowTopLevel(): boolean {
    // The text finds the candidates (also in comments and strings); the tree decides. Only the nodes
    // at each candidate are looked at: walking the whole tree of every CommonJS module was 1% of a run.
    const root = this.parsed.root;
    for (const m of this.parsed.file.text.matchAll(/\bmodule\s*\.\s*exports\s*=(?!=)/g)) {
      const offset = m.index;
      // Down to the deepest node starting at the match, then up through those that start there too.
      let node = root;
      for (;;) {
        const child = node.children.find((c) => c.startIndex <= offset && offset < c.endIndex);
        if (!child) break;
        node = child;
      }
      for (let at: SyntaxNode | null = node; at && at.startIndex === offset; at = at.parent) {
        if (at.type !== 'assignment_expression' || at.field('left')?.text.replace(/\s+/g, '') !== 'module.exports') continue;
        if (at.parent?.type !== 'expression_statement' || at.parent.parent !== root) return true;
      }
    }
    return false;
  }

  /** Exported name → the node whose value it is (a declaration name or an expression). */
  private exportedNames(): Map<string, SyntaxNode> {
    const names = new Map<string, SyntaxNode>();
    for (const statement of this.parsed.root.namedChildren) {
      if (statement.type === 'export_statement') {
        const declaration = statement.field('declaration');
        const isDefault = statement.children.some((c) => c.type === 'default');
        if (declaration) {
          if (FUNCTION_TYPES.has(declaration.type) || CLASS_TYPES.has(declaration.type)) {
            const name = declaration.field('name');
            if (name) names.set(isDefault ? 'default' : name.text, name);
          } else if (declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration') {
            for (const d of declaration.namedChildren) {
              const name = d.field('name');
              if (name?.type === 'identifier') names.set(name.text, name);
            }
          }
        } else {
          const value = statement.field('value') ?? statement.namedChildren.find((c) => c.type !== 'export_clause' && c.type !== 'comment');
          if (isDefault && value) names.set('default', value);
          for (const clause of statement.namedChildren.filter((c) => c.type === 'export_clause')) {
            for (const specifier of clause.namedChildren) {
              const local = specifier.field('name');
              const alias = specifier.field('alias') ?? local;
              if (local && alias && !statement.field('source')) names.set(alias.text, local);
            }
          }
        }
      } else if (statement.type === 'expression_statement') {
        // CommonJS: `exports.x = v`, `module.exports.x = v`, `module.exports = { a, b }`.
        const e = statement.namedChildren[0];
        if (e?.type !== 'assignment_expression') continue;
        const left = e.field('left');
        const right = e.field('right');
        if (!left || !right) continue;
        const text = left.text.replace(/\s+/g, '');
        const match = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(text);
        if (match) names.set(match[1], right);
        else if (text === 'module.exports' && right.type !== 'object') names.set(COMMONJS_VALUE, right);
        else if (text === 'module.exports') {
          for (const p of right.namedChildren) {
            if (p.type === 'shorthand_property_identifier') names.set(p.text, p);
            else if (p.type === 'pair') {
              const key = p.field('key');
              const value = p.field('value');
              if (key && value && (key.type === 'property_identifier' || key.type === 'identifier')) names.set(key.text, value);
            }
          }
        }
      }
    }
    return names;
  }

  private valueOfExport(node: SyntaxNode): Typed | undefined {
    if (node.type === 'identifier' || node.type === 'type_identifier' || node.type === 'shorthand_property_identifier') {
      const symbol = this.model.resolve(node) ?? this.model.symbolAt(node);
      if (symbol) return this.declaredType(symbol);
    }
    // Exports are top-level statements: their values are typed by the module's own unit.
    this.analyseUnit(this.unitNodeOf(node));
    return this.exprTypes.get(node);
  }

  // -------------------------------------------------------------------------------------------------------
  // Units

  private unitNodeOf(node: SyntaxNode): SyntaxNode {
    return unitScope(this.model.scopeOf(node)).node;
  }

  private symbolUnit(symbol: SemanticSymbol): SyntaxNode {
    return unitScope(symbol.scope.variableScope === symbol.scope ? symbol.scope : symbol.scope).node;
  }

  private isUnstable(symbol: SemanticSymbol): boolean {
    let result = this.unstable.get(symbol);
    if (result === undefined) {
      const home = this.symbolUnit(symbol);
      result = symbol.references.some((r) => r.isWrite && unitScope(r.scope).node !== home);
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
    const scope = this.model.scopeCreatedBy(unit) ?? this.model.globalScope;
    const dynamic = this.model.isDynamic(scope);
    const isFunction = FUNCTION_TYPES.has(unit.type);
    const run = (): UnitContext => {
      const ctx: UnitContext = { node: unit, recording: !dynamic, returns: [], loops: [], selfRecursive: false, thisType: this.thisTypeOf(unit) };
      const env = new Env();
      if (isFunction) {
        this.bindParameters(unit, env);
        const body = unit.field('body');
        if (body && body.type !== 'statement_block') {
          ctx.returns.push(this.expr(body, env, ctx, 0));
          return ctx;
        }
        if (body) this.block(body.namedChildren, env, ctx, 0);
        if (env.live) ctx.returns.push(typed(UNDEFINED, `end of \`${this.functionInfo(unit).name}\``));
        return ctx;
      }
      if (CLASS_TYPES.has(unit.type)) {
        this.classBody(unit, env, ctx);
        return ctx;
      }
      this.block(unit.namedChildren, env, ctx, 0);
      return ctx;
    };
    let ctx = run();
    if (isFunction) {
      state.returns = this.combineReturns(unit, ctx);
      if (ctx.selfRecursive) {
        const first = state.returns;
        ctx = run();
        const second = this.combineReturns(unit, ctx);
        state.returns = second && first && sameType(first.type, second.type) ? second : undefined;
      }
    }
    if (dynamic) state.returns = undefined;
  }

  private combineReturns(_unit: SyntaxNode, ctx: UnitContext): Typed | undefined {
    let result: Typed | undefined;
    for (const r of ctx.returns) result = joinTyped(result, r);
    return result ?? typed(NEVER, 'never returns');
  }

  private thisTypeOf(unit: SyntaxNode): Type | undefined {
    // Arrow functions see the `this` of where they are written.
    let fn: SyntaxNode | undefined = unit;
    while (fn && fn.type === 'arrow_function') fn = fn.parent ? this.enclosingFunction(fn.parent) : undefined;
    if (!fn) return undefined;
    if (fn.type === 'method_definition') {
      const cls = fn.parent?.type === 'class_body' ? fn.parent.parent : undefined;
      if (!cls || !CLASS_TYPES.has(cls.type)) return undefined;
      const isStatic = fn.children.some((c) => c.type === 'static');
      const info = this.classInfo(cls);
      return isStatic ? { kind: 'class', cls: info } : { kind: 'instance', cls: info };
    }
    if (CLASS_TYPES.has(fn.type)) return { kind: 'instance', cls: this.classInfo(fn) };
    return undefined;
  }

  private enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
    for (let n: SyntaxNode | null = node; n; n = n.parent) if (FUNCTION_TYPES.has(n.type) || CLASS_TYPES.has(n.type)) return n;
    return undefined;
  }

  private returnOf(fn: SyntaxNode): Typed | undefined {
    const declared = this.declaredReturn(fn);
    if (declared) {
      // A declaration the body contradicts is not believed.
      const state = this.units.get(fn);
      if (state?.status === 'running') return declared;
      const inferred = (state ?? this.analyseUnit(fn))?.returns;
      if (inferred && !isUnknown(inferred.type) && inferred.type.kind !== 'never' && this.relations.assignable(inferred.type, declared.type) === false) return undefined;
      return declared;
    }
    const state = this.units.get(fn);
    if (state?.status === 'running') return undefined;
    return this.analyseUnit(fn)?.returns;
  }

  // -------------------------------------------------------------------------------------------------------
  // Declared types: JSDoc and TypeScript annotations

  /** The `/** ... *\/` comment documenting a function or declaration, if any. */
  jsdocOf(node: SyntaxNode): string | undefined {
    // The comment precedes the statement: `/** */ const f = () => ...`, `/** */ export function f`,
    // `/** */ obj.f = function () {}`, `/** */ key: function () {}`.
    const WRAPPERS = ['variable_declarator', 'lexical_declaration', 'variable_declaration', 'export_statement', 'assignment_expression', 'expression_statement', 'pair', 'parenthesized_expression'];
    let target: SyntaxNode | undefined = node;
    for (let i = 0; target && i < 6; i++) {
      let previous = target.previousSibling;
      while (previous && !previous.isNamed && previous.type !== 'comment') previous = previous.previousSibling;
      if (previous?.type === 'comment') return previous.text.startsWith('/**') ? previous.text : undefined;
      const parent: SyntaxNode | null = target.parent;
      if (!parent || !WRAPPERS.includes(parent.type)) return undefined;
      // Inside a wrapper only the value may be preceded by its own name (`f = ...`, `key: ...`).
      if (previous && !(target.fieldName === 'value' || target.fieldName === 'right')) return undefined;
      target = parent;
    }
    return undefined;
  }

  /** Parses a JSDoc or TypeScript type text (`number`, `string[]`, `?Foo`, `Promise<number>`). */
  parseTypeText(text: string, at: SyntaxNode): Type {
    let t = text.trim().replace(/^[?!]/, '').replace(/=$/, '');
    if (/[{}()=>:]|\bkeyof\b|\btypeof\b|\bextends\b|\binfer\b|`|&/.test(t)) return UNKNOWN;
    const nullable = text.trim().startsWith('?');
    t = t.replace(/^\(([^()]*)\)$/, '$1');
    const scope = this.model.scopeOf(at);
    const parsed = parseTypeExpression(t, (name, args) => {
      if (name === 'object' || name === 'Object' || name === 'Error' || name === 'Function') return UNKNOWN;
      const builtinType = this.stubs.resolveName(name, args, new Set());
      if (builtinType && !(builtinType.kind === 'typevar')) {
        if (builtinType.kind === 'builtin' && this.stubs.hasClass(builtinType.name) && !PRIMITIVES.has(builtinType.name)) {
          // A class name in a type position means its instances.
          return builtinType;
        }
        return builtinType;
      }
      if (name === 'object' || name === 'Object') return UNKNOWN;
      if (name === 'Number' || name === 'String' || name === 'Boolean') return builtin(name.toLowerCase());
      if (this.stubs.hasClass(name)) return this.stubs.instanceOf(name);
      for (let s: typeof scope | undefined = scope; s; s = s.parent) {
        const symbol = s.symbols.get(name) ?? s.typeSymbols.get(name);
        if (!symbol) continue;
        const declaration = symbol.declarations.find((d) => d.form === 'class');
        if (declaration && symbol.declarations.length === 1) return { kind: 'instance', cls: this.classInfo(declaration.node) };
        return undefined;
      }
      return undefined;
    });
    if (parsed.kind === 'typevar') return UNKNOWN;
    return nullable ? union([parsed, NULL]) : parsed;
  }

  private annotationType(annotation: SyntaxNode | undefined): Type | undefined {
    if (!annotation) return undefined;
    const text = annotation.type === 'type_annotation' ? annotation.text.replace(/^:\s*/, '') : annotation.text;
    const t = this.parseTypeText(text, annotation);
    return isUnknown(t) ? undefined : t;
  }

  /** `@param` types of a JSDoc comment by parameter name (`[name]` adds `=`, optional), read once per comment. */
  private readonly jsdocParams = new Map<string, Map<string, string>>();

  private jsdocTag(doc: string, tag: 'param' | 'returns' | 'type', name?: string): string | undefined {
    if (tag !== 'param') return JSDOC_TAG_PATTERNS[tag].exec(doc)?.[1];
    if (name === undefined) return undefined;
    let params = this.jsdocParams.get(doc);
    if (!params) {
      params = new Map();
      for (const m of doc.matchAll(JSDOC_TAG_PATTERNS.param)) {
        const declared = (m[2] ?? '').replace(/^\[/, '');
        // The first `@param` of a name counts.
        if (!params.has(declared)) params.set(declared, m[1] + (m[2]?.startsWith('[') ? '=' : ''));
      }
      this.jsdocParams.set(doc, params);
    }
    return params.get(name);
  }

  declaredReturn(fn: SyntaxNode): Typed | undefined {
    const annotation = fn.field('return_type');
    const t = this.annotationType(annotation);
    if (t) return typed(t, `return annotation at line ${lineOf(fn)}`);
    const doc = this.jsdocOf(fn);
    const text = doc ? this.jsdocTag(doc, 'returns') : undefined;
    if (text) {
      const parsed = this.parseTypeText(text, fn);
      if (!isUnknown(parsed)) return { ...typed(parsed, `@returns at line ${lineOf(fn)}`), documented: true };
    }
    return undefined;
  }

  /** Whether JSDoc marks a parameter optional (`[name]` or `{T=}`). */
  jsdocOptional(fn: SyntaxNode, name: string): boolean {
    const doc = this.jsdocOf(fn);
    const text = doc ? this.jsdocTag(doc, 'param', name) : undefined;
    return Boolean(text && (text.endsWith('=') || /\bundefined\b/.test(text)));
  }

  // -------------------------------------------------------------------------------------------------------
  // Functions and classes

  functionInfo(node: SyntaxNode): FunctionInfo {
    let info = this.functions.get(node);
    if (info) return info;
    const name = this.functionName(node);
    const isArrow = node.type === 'arrow_function';
    const isAsync = node.children.some((c) => c.type === 'async');
    const isGenerator = node.type.startsWith('generator') || node.children.some((c) => c.type === '*');
    const isMethod = node.type === 'method_definition';
    const getter = isMethod && node.children.some((c) => c.type === 'get');
    const self = this;
    const signature = this.signatureOf(node);
    const decorated = node.children.some((c) => c.type === 'decorator');
    const notConstructible = isArrow ? 'an arrow function' : isAsync ? 'an async function' : isGenerator ? 'a generator function' : isMethod ? 'a method' : undefined;
    info = {
      name,
      where: this.where(node),
      signatures: signature && !decorated ? [signature] : undefined,
      returns: () => {
        if (decorated) return undefined;
        if (isGenerator) return typed(builtin('Generator', [UNKNOWN], { abstract: true }), `generator \`${name}\``);
        const r = self.returnOf(node);
        if (isAsync) {
          const inner = r && !isUnknown(r.type) ? unwrapPromise(r.type) : UNKNOWN;
          return typed(builtin('Promise', [inner]), `async \`${name}\` (${self.where(node)})`);
        }
        return r;
      },
      isAsync,
      isGenerator,
      builtin: false,
      methodKind: getter ? 'property' : isMethod ? 'instance' : undefined,
      constructible: !notConstructible,
      notConstructible,
    };
    this.functions.set(node, info);
    this.functionNodes.set(info, node);
    return info;
  }

  functionName(node: SyntaxNode): string {
    const own = node.field('name');
    if (own && node.type !== 'method_definition') return own.text;
    if (node.type === 'method_definition') {
      const cls = node.parent?.parent;
      const className = cls?.field('name')?.text;
      return className ? `${className}.${own?.text ?? ''}` : (own?.text ?? '<method>');
    }
    const parent = node.parent;
    if (parent?.type === 'variable_declarator') return parent.field('name')?.text ?? '<function>';
    if (parent?.type === 'assignment_expression') return brief(parent.field('left')?.text ?? '<function>');
    if (parent?.type === 'pair') return parent.field('key')?.text ?? '<function>';
    return '<function>';
  }

  private signatureOf(node: SyntaxNode): Signature | undefined {
    const params: Param[] = [];
    const single = node.field('parameter');
    const list = single ? [single] : (node.field('parameters')?.namedChildren ?? []).filter((c) => c.type !== 'comment');
    for (const p of list) {
      const pattern = p.type === 'required_parameter' || p.type === 'optional_parameter' ? p.field('pattern') : p;
      if (!pattern || pattern.type === 'this') continue;
      const isRest = pattern.type === 'rest_pattern';
      const name = pattern.type === 'identifier' ? pattern.text : isRest ? (pattern.namedChildren[0]?.text ?? 'rest') : pattern.type === 'assignment_pattern' ? (pattern.field('left')?.text ?? '_') : '_';
      const optional = isRest || p.type === 'optional_parameter' || pattern.type === 'assignment_pattern' || Boolean(p.field('value')) || this.jsdocOptional(node, name);
      params.push({ name, kind: isRest ? 'varargs' : 'normal', optional, type: this.parameterTyped(p, node)?.type });
    }
    return { params, returns: UNKNOWN };
  }

  classInfo(node: SyntaxNode): JsClass {
    let info = this.classes.get(node);
    if (!info) {
      info = new JsClass(this, node);
      this.classes.set(node, info);
    }
    return info;
  }

  /** Types recorded for `this.<name> = value` sites, joined (the methods are analysed on demand). */
  instanceAttribute(sites: SyntaxNode[]): Typed | undefined {
    let result: Typed | undefined;
    for (const site of sites) {
      const fn = this.enclosingFunction(site.parent ?? site);
      if (fn) this.analyseUnit(fn);
      const t = this.writes.get(site);
      if (!t) return undefined;
      result = joinTyped(result, t);
    }
    return result;
  }

  fieldType(value: SyntaxNode | undefined, cls: SyntaxNode): Typed | undefined {
    this.analyseUnit(cls);
    return value ? this.exprTypes.get(value) : typed(UNDEFINED, 'field without initializer');
  }

  baseType(expression: SyntaxNode): Type | undefined {
    this.analyseUnit(this.unitNodeOf(expression));
    return this.exprTypes.get(expression)?.type;
  }

  // -------------------------------------------------------------------------------------------------------
  // Declared types of symbols

  declaredType(symbol: SemanticSymbol): Typed | undefined {
    const memo = this.declared.get(symbol);
    if (memo) return memo;
    if (this.declaring.has(symbol) || symbol.declarations.length === 0 || symbol.declarations.length > 32) return undefined;
    if (this.model.isDynamic(symbol.scope)) return undefined;
    this.declaring.add(symbol);
    let result: Typed | undefined;
    let complete = true;
    try {
      for (const d of symbol.declarations) {
        let t: Typed | undefined;
        switch (d.form) {
          case 'function':
            t = typed({ kind: 'function', fn: this.functionInfo(d.node) }, `function at line ${lineOf(d.node)}`);
            break;
          case 'function-expression-name':
            t = typed({ kind: 'function', fn: this.functionInfo(d.node) }, `function at line ${lineOf(d.node)}`);
            break;
          case 'class':
          case 'class-expression-name':
            t = typed({ kind: 'class', cls: this.classInfo(d.node), exact: true }, `class at line ${lineOf(d.node)}`);
            break;
          case 'import':
            t = this.importType(d.node, d.part);
            break;
          case 'parameter':
            t = this.parameterTyped(d.node, this.enclosingFunction(d.node.parent ?? d.node));
            break;
          case 'var':
          case 'let':
          case 'const':
            {
              const declarator = d.node;
              const annotation = this.annotationType(declarator.field('type'));
              if (annotation) {
                t = typed(annotation, `annotation at line ${lineOf(declarator)}`);
                break;
              }
              t = this.writes.get(d.name);
              if (!t) {
                const unit = this.unitNodeOf(d.name);
                const state = this.units.get(unit);
                if (!state) this.analyseUnit(unit);
                else if (state.status === 'running') complete = false;
                t = this.writes.get(d.name);
              }
            }
            break;
          default:
            t = undefined;
        }
        if (!t) return undefined;
        result = joinTyped(result, t);
      }
      // Later assignments (`x = ...`) anywhere.
      for (const reference of symbol.references) {
        if (!reference.isWrite || reference.isInit) continue;
        const t = this.writes.get(reference.node);
        if (!t) {
          const unit = this.unitNodeOf(reference.node);
          const state = this.units.get(unit);
          if (!state) this.analyseUnit(unit);
          else if (state.status === 'running') complete = false;
        }
        const again = this.writes.get(reference.node);
        if (!again) return undefined;
        result = joinTyped(result, again);
      }
    } finally {
      this.declaring.delete(symbol);
    }
    if (result) result = placeholderFree(result);
    if (result && complete) this.declared.set(symbol, result);
    return result;
  }

  private importType(statement: SyntaxNode, part: SyntaxNode | undefined): Typed | undefined {
    const source = statement.field('source');
    const specifier = source ? stringText(source) : undefined;
    if (!specifier || !part) return undefined;
    const module = this.options.resolver?.module(this.parsed.file.absolutePath, specifier, 0);
    if (!module) return undefined;
    const origin = `import at line ${lineOf(statement)}`;
    if (part.type === 'namespace_import') return typed({ kind: 'module', module }, origin);
    if (part.type === 'identifier') return module.member('default');
    if (part.type === 'import_specifier') {
      const name = part.field('name')?.text;
      const member = name ? module.member(name) : undefined;
      return member ? { ...member, origin: `${member.origin}, imported at line ${lineOf(statement)}` } : undefined;
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------------------
  // Parameters

  private bindParameters(fn: SyntaxNode, env: Env) {
    const single = fn.field('parameter');
    const list = single ? [single] : (fn.field('parameters')?.namedChildren ?? []).filter((c) => c.type !== 'comment');
    for (const p of list) {
      const pattern = p.type === 'required_parameter' || p.type === 'optional_parameter' ? p.field('pattern') : p;
      if (!pattern) continue;
      const t = this.parameterTyped(p, fn) ?? typed(UNKNOWN, 'parameter');
      const ctx: UnitContext = { node: fn, recording: false, returns: [], loops: [], selfRecursive: false };
      if (pattern.type === 'identifier') {
        const symbol = this.model.resolve(pattern);
        if (symbol) env.setVar(symbol, t);
        if (!isUnknown(t.type)) this.writes.set(pattern, t);
      } else if (pattern.type === 'assignment_pattern') {
        const left = pattern.field('left');
        if (left) this.declarePattern(left, t, env, { ...ctx, recording: true });
      } else this.declarePattern(pattern, t, env, ctx);
    }
  }

  parameterTyped(p: SyntaxNode, fn: SyntaxNode | undefined): Typed | undefined {
    if (this.paramTypes.has(p)) return this.paramTypes.get(p) ?? undefined;
    this.paramTypes.set(p, null);
    const result = fn ? this.computeParameterType(p, fn) : undefined;
    this.paramTypes.set(p, result ?? null);
    return result;
  }

  private computeParameterType(p: SyntaxNode, fn: SyntaxNode): Typed | undefined {
    const pattern = p.type === 'required_parameter' || p.type === 'optional_parameter' ? p.field('pattern') : p;
    const isRest = pattern?.type === 'rest_pattern';
    const annotation = this.annotationType(p.field('type'));
    if (annotation) {
      const t = p.type === 'optional_parameter' || p.field('value') ? union([annotation, UNDEFINED]) : annotation;
      return typed(isRest && !(t.kind === 'builtin' && t.name === 'Array') ? UNKNOWN : t, `annotation at line ${lineOf(p)}`);
    }
    const name = pattern?.type === 'identifier' ? pattern.text : pattern?.type === 'assignment_pattern' ? pattern.field('left')?.text : isRest ? pattern?.namedChildren[0]?.text : undefined;
    const doc = this.jsdocOf(fn);
    const text = doc && name ? this.jsdocTag(doc, 'param', name) : undefined;
    if (text) {
      const optional = text.endsWith('=');
      let t = this.parseTypeText(text, fn);
      if (!isUnknown(t)) {
        if (isRest) t = builtin('Array', [t]);
        if (optional && pattern?.type !== 'assignment_pattern') t = union([t, UNDEFINED]);
        return { ...typed(t, `@param at line ${lineOf(fn)}`), documented: true };
      }
    }
    if (isRest) return typed(builtin('Array', [UNKNOWN]), `rest parameter at line ${lineOf(p)}`);
    return undefined;
  }

  // -------------------------------------------------------------------------------------------------------
  // Statements

  private block(statements: readonly SyntaxNode[], env: Env, ctx: UnitContext, depth: number) {
    // Function declarations are hoisted to the top of their block.
    for (const statement of statements) {
      const declaration = statement.type === 'export_statement' ? statement.field('declaration') : statement;
      if (declaration && (declaration.type === 'function_declaration' || declaration.type === 'generator_function_declaration')) {
        const name = declaration.field('name');
        if (name) this.bind(name, typed({ kind: 'function', fn: this.functionInfo(declaration) }, `function at line ${lineOf(declaration)}`), env, ctx, false);
      }
    }
    for (const statement of statements) {
      if (!env.live) return;
      this.statement(statement, env, ctx, depth);
    }
  }

  private havoc(node: SyntaxNode, env: Env) {
    for (let d: SyntaxNode | undefined = node; d; d = nextInSubtree(d, node)) {
      if (d.type !== 'identifier' && d.type !== 'shorthand_property_identifier_pattern') continue;
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
      case 'lexical_declaration':
      case 'variable_declaration':
        this.declaration(node, env, ctx);
        return;
      case 'return_statement': {
        const value = node.namedChildren.find((c) => c.type !== 'comment');
        ctx.returns.push(value ? this.expr(value, env, ctx, 0) : typed(UNDEFINED, `bare return at line ${lineOf(node)}`));
        env.live = false;
        return;
      }
      case 'throw_statement':
        for (const child of node.namedChildren) this.expr(child, env, ctx, 0);
        env.live = false;
        return;
      case 'break_statement':
      case 'continue_statement': {
        const loop = ctx.loops[ctx.loops.length - 1];
        if (loop) (node.type === 'break_statement' ? loop.breaks : loop.continues).push(env.clone());
        env.live = false;
        return;
      }
      case 'statement_block':
        this.block(node.namedChildren, env, ctx, depth + 1);
        return;
      case 'if_statement':
        this.ifStatement(node, env, ctx, depth);
        return;
      case 'for_statement':
        this.forStatement(node, env, ctx, depth);
        return;
      case 'for_in_statement':
        this.forInStatement(node, env, ctx, depth);
        return;
      case 'while_statement':
      case 'do_statement':
        this.whileStatement(node, env, ctx, depth);
        return;
      case 'try_statement':
        this.tryStatement(node, env, ctx, depth);
        return;
      case 'switch_statement':
        this.switchStatement(node, env, ctx, depth);
        return;
      case 'labeled_statement': {
        const body = node.field('body');
        if (body) {
          // A labeled break may leave any enclosing construct: join what follows conservatively.
          const loop = { breaks: [] as Env[], continues: [] as Env[] };
          ctx.loops.push(loop);
          this.statement(body, env, ctx, depth + 1);
          ctx.loops.pop();
          env.replaceWith(Env.join([env, ...loop.breaks]));
        }
        return;
      }
      case 'function_declaration':
      case 'generator_function_declaration':
        return;
      case 'class_declaration':
      case 'abstract_class_declaration': {
        const name = node.field('name');
        this.evaluateHeritage(node, env, ctx);
        if (name) this.bind(name, typed({ kind: 'class', cls: this.classInfo(node), exact: true }, `class at line ${lineOf(node)}`), env, ctx, false);
        return;
      }
      case 'export_statement': {
        const declaration = node.field('declaration');
        if (declaration) this.statement(declaration, env, ctx, depth + 1);
        else for (const child of node.namedChildren) if (child.type !== 'export_clause' && child.type !== 'string' && child.type !== 'comment') this.expr(child, env, ctx, 0);
        return;
      }
      case 'import_statement':
        this.importStatement(node, env, ctx);
        return;
      case 'empty_statement':
      case 'debugger_statement':
      case 'comment':
        return;
      default:
        if (node.type.endsWith('_declaration') || node.type === 'type_alias_declaration' || node.type === 'interface_declaration' || node.type === 'ambient_declaration' || node.type === 'module') return;
        for (const child of node.namedChildren) this.expr(child, env, ctx, 0);
    }
  }

  private evaluateHeritage(node: SyntaxNode, env: Env, ctx: UnitContext) {
    const heritage = node.namedChildren.find((c) => c.type === 'class_heritage');
    if (!heritage) return;
    for (const c of heritage.namedChildren) {
      if (c.type === 'extends_clause') for (const e of c.namedChildren) if (e.fieldName === 'value' || e.type === 'identifier' || e.type === 'member_expression') this.expr(e, env, ctx, 0);
      if (c.type === 'identifier' || c.type === 'member_expression' || c.type === 'call_expression') this.expr(c, env, ctx, 0);
    }
  }

  private declaration(node: SyntaxNode, env: Env, ctx: UnitContext) {
    const kind = node.type === 'variable_declaration' ? 'var' : (node.field('kind')?.type ?? 'let');
    for (const declarator of node.namedChildren) {
      if (declarator.type !== 'variable_declarator') continue;
      const name = declarator.field('name');
      const value = declarator.field('value');
      const annotation = this.annotationType(declarator.field('type')) ?? this.jsdocVariableType(declarator);
      let v: Typed;
      if (value) v = this.expr(value, env, ctx, 0);
      else if (kind === 'var' && name?.type === 'identifier') {
        const symbol = this.model.resolve(name);
        if (symbol && env.vars.has(symbol)) continue;
        v = typed(UNDEFINED, `declared without a value at line ${lineOf(declarator)}`);
      } else v = typed(UNDEFINED, `declared without a value at line ${lineOf(declarator)}`);
      if (annotation) {
        const fits = this.relations.assignable(v.type, annotation);
        const documented = !this.annotationType(declarator.field('type'));
        if (fits !== true || isUnknown(v.type)) v = { ...typed(annotation, documented ? `@type at line ${lineOf(declarator)}` : `annotation at line ${lineOf(declarator)}`), documented: documented || undefined };
      } else if (value && name?.type === 'identifier') v = { ...v, origin: this.assignedOrigin(v, value, declarator) };
      if (name) this.declarePattern(name, v, env, ctx);
    }
  }

  private jsdocVariableType(declarator: SyntaxNode): Type | undefined {
    const doc = this.jsdocOf(declarator);
    const text = doc ? this.jsdocTag(doc, 'type') : undefined;
    if (!text) return undefined;
    const t = this.parseTypeText(text, declarator);
    return isUnknown(t) ? undefined : t;
  }

  private assignedOrigin(_v: Typed, value: SyntaxNode, at: SyntaxNode): string {
    if (LITERALS.has(value.type)) return `assigned at line ${lineOf(at)}`;
    return `assigned at line ${lineOf(at)} from \`${brief(value.text, 30)}\``;
  }

  private ifStatement(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number) {
    const condition = node.field('condition');
    if (condition) this.expr(condition, env, ctx, 0);
    const thenEnv = condition ? this.narrow(condition, env, true, 0) : env.clone();
    const elseEnv = condition ? this.narrow(condition, env, false, 0) : env.clone();
    const consequence = node.field('consequence');
    if (consequence) this.statement(consequence, thenEnv, ctx, depth + 1);
    const alternative = node.field('alternative');
    if (alternative) {
      const body = alternative.type === 'else_clause' ? alternative.namedChildren.find((c) => c.type !== 'comment') : alternative;
      if (body) this.statement(body, elseEnv, ctx, depth + 1);
    }
    env.replaceWith(Env.join([thenEnv, elseEnv]));
  }

  private runLoop(body: SyntaxNode | undefined, env: Env, ctx: UnitContext, iterate: (head: Env) => { end: Env; breaks: Env[] }): { head: Env; end: Env; breaks: Env[] } {
    const pre = env.clone();
    if (!ctx.recording) {
      const head = pre.clone();
      if (body) this.havoc(body, head);
      return { head, ...iterate(head.clone()) };
    }
    ctx.recording = false;
    let discovery;
    try {
      discovery = iterate(pre.clone());
    } finally {
      ctx.recording = true;
    }
    let head = Env.join([pre, discovery.end]);
    let result = iterate(head.clone());
    const next = Env.join([head, result.end]);
    const unstable = [...next.vars.keys()].filter((s) => head.vars.get(s) && !sameType(head.vars.get(s)!.type, next.vars.get(s)!.type));
    if (unstable.length > 0) {
      head = next.clone();
      for (const s of unstable) head.setVar(s, typed(UNKNOWN, 'changes on each iteration'));
      result = iterate(head.clone());
    }
    return { head, ...result };
  }

  private loopBody(body: SyntaxNode | undefined, env: Env, ctx: UnitContext, depth: number): { end: Env; breaks: Env[] } {
    const loop = { breaks: [] as Env[], continues: [] as Env[] };
    ctx.loops.push(loop);
    if (body) this.statement(body, env, ctx, depth + 1);
    ctx.loops.pop();
    return { end: Env.join([env, ...loop.continues]), breaks: loop.breaks };
  }

  private forStatement(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number) {
    const initializer = node.field('initializer');
    if (initializer) this.statement(initializer, env, ctx, depth + 1);
    const condition = node.field('condition');
    const increment = node.field('increment');
    const body = node.field('body');
    const { head, end, breaks } = this.runLoop(node, env, ctx, (h) => {
      const c = condition?.type === 'expression_statement' ? condition.namedChildren[0] : condition;
      if (c && c.type !== 'empty_statement') this.expr(c, h, ctx, 0);
      const entered = c && c.type !== 'empty_statement' ? this.narrow(c, h, true, 0) : h.clone();
      const result = this.loopBody(body, entered, ctx, depth);
      if (increment && result.end.live) this.expr(increment, result.end, ctx, 0);
      return result;
    });
    const c = condition?.type === 'expression_statement' ? condition.namedChildren[0] : condition;
    let exit = Env.join([head, end]);
    if (c && c.type !== 'empty_statement') exit = this.narrow(c, exit, false, 0);
    else exit = Env.dead();
    env.replaceWith(Env.join([exit, ...breaks]));
  }

  private forInStatement(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number) {
    const right = node.field('right');
    const left = node.field('left');
    const operator = node.field('operator')?.type ?? node.children.find((c) => c.type === 'of' || c.type === 'in')?.type;
    const iterable = right ? this.expr(right, env, ctx, 0) : undefined;
    const isAwait = node.children.some((c) => c.type === 'await');
    let element: Typed = typed(UNKNOWN, 'loop element');
    if (operator === 'in') element = typed(builtin('string'), `key of \`${brief(right?.text ?? '', 30)}\` (line ${lineOf(node)})`);
    else if (iterable && !isAwait) {
      const e = this.relations.elementType(iterable.type);
      if (e) element = typed(e, `element of \`${brief(right!.text, 30)}\` (line ${lineOf(node)})`);
    }
    const body = node.field('body');
    const { head, end, breaks } = this.runLoop(node, env, ctx, (h) => {
      if (left) {
        if (node.field('kind')) this.declarePattern(left, element, h, ctx);
        else this.assignTarget(left, element, h, ctx);
      }
      return this.loopBody(body, h, ctx, depth);
    });
    env.replaceWith(Env.join([head, end, ...breaks]));
  }

  private whileStatement(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number) {
    const condition = node.field('condition');
    const body = node.field('body');
    const isDo = node.type === 'do_statement';
    const forever = condition && /^\(\s*(true|1)\s*\)$/.test(condition.text);
    const { head, end, breaks } = this.runLoop(node, env, ctx, (h) => {
      if (isDo) {
        const result = this.loopBody(body, h, ctx, depth);
        if (condition && result.end.live) this.expr(condition, result.end, ctx, 0);
        return result;
      }
      if (condition) this.expr(condition, h, ctx, 0);
      const entered = condition ? this.narrow(condition, h, true, 0) : h.clone();
      return this.loopBody(body, entered, ctx, depth);
    });
    let exit = Env.join([head, end]);
    if (condition) exit = this.narrow(condition, exit, false, 0);
    if (forever) exit = Env.dead();
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
    if (body) this.havoc(body, handlerStart);
    const ends: Env[] = [bodyEnv];
    const handler = node.field('handler');
    if (handler) {
      const h = handlerStart.clone();
      const parameter = handler.field('parameter');
      if (parameter) this.declarePattern(parameter, typed(UNKNOWN, 'caught exception'), h, ctx);
      const block = handler.field('body');
      if (block) this.statement(block, h, ctx, depth + 1);
      ends.push(h);
    }
    let after = Env.join(ends);
    const finalizer = node.field('finalizer');
    if (finalizer) {
      const wasLive = after.live;
      const f = Env.join([Object.assign(after.clone(), { live: true }), handlerStart]);
      const block = finalizer.field('body');
      if (block) this.statement(block, f, ctx, depth + 1);
      after = wasLive && f.live ? f : Env.dead();
    }
    env.replaceWith(after);
  }

  private switchStatement(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number) {
    const value = node.field('value');
    if (value) this.expr(value, env, ctx, 0);
    const body = node.field('body');
    const loop = { breaks: [] as Env[], continues: [] as Env[] };
    ctx.loops.push(loop);
    let fallthrough = Env.dead();
    let hasDefault = false;
    for (const clause of body?.namedChildren ?? []) {
      if (clause.type !== 'switch_case' && clause.type !== 'switch_default') continue;
      if (clause.type === 'switch_default') hasDefault = true;
      const caseValue = clause.field('value');
      if (caseValue) this.expr(caseValue, env, ctx, 0);
      const start = Env.join([env.clone(), fallthrough]);
      for (const statement of clause.fieldAll('body')) {
        if (!start.live) break;
        this.statement(statement, start, ctx, depth + 1);
      }
      fallthrough = start;
    }
    ctx.loops.pop();
    // `continue` inside a switch belongs to an enclosing loop.
    const outer = ctx.loops[ctx.loops.length - 1];
    if (outer) outer.continues.push(...loop.continues);
    env.replaceWith(Env.join([fallthrough, ...loop.breaks, ...(hasDefault ? [] : [env.clone()])]));
  }

  private importStatement(node: SyntaxNode, env: Env, ctx: UnitContext) {
    for (let d: SyntaxNode | undefined = node; d; d = nextInSubtree(d, node)) {
      if (d.type !== 'identifier') continue;
      const symbol = this.model.resolve(d);
      const declaration = symbol?.declarations.find((x) => x.name === d);
      if (!symbol || !declaration) continue;
      const t = this.importType(node, declaration.part);
      this.bind(d, t ?? typed(UNKNOWN, 'import'), env, ctx, false);
    }
  }

  private classBody(cls: SyntaxNode, env: Env, ctx: UnitContext) {
    const body = cls.field('body');
    const thisCtx = { ...ctx, thisType: { kind: 'instance', cls: this.classInfo(cls) } as Type };
    for (const member of body?.namedChildren ?? []) {
      if (member.type === 'field_definition' || member.type === 'public_field_definition') {
        const value = member.field('value');
        if (value) this.expr(value, env, thisCtx, 0);
      } else if (member.type === 'class_static_block') {
        const block = member.field('body');
        if (block) this.statement(block, env.clone(), ctx, 1);
      }
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // Bindings and patterns

  private bind(name: SyntaxNode, value: Typed, env: Env, ctx: UnitContext, record = true) {
    const symbol = this.model.resolve(name) ?? this.model.symbolAt(name);
    if (ctx.recording && record) this.writes.set(name, value);
    if (symbol) env.setVar(symbol, value);
  }

  /** `const { a, b: [c] = [] } = value`: declares each name with its part of the value. */
  private declarePattern(pattern: SyntaxNode, value: Typed, env: Env, ctx: UnitContext) {
    this.destructure(pattern, value, env, ctx, (name, v) => this.bind(name, v, env, ctx));
  }

  private assignTarget(target: SyntaxNode, value: Typed, env: Env, ctx: UnitContext) {
    if (target.type === 'member_expression' || target.type === 'subscript_expression') {
      const object = target.field('object');
      if (object) this.expr(object, env, ctx, 0);
      const index = target.field('index');
      if (index) this.expr(index, env, ctx, 0);
      if (ctx.recording) this.writes.set(target, value);
      const path = memberPath(target);
      env.clearPaths(path);
      if (path) env.setPath(path, value);
      return;
    }
    if (target.type === 'parenthesized_expression') {
      const inner = target.namedChildren[0];
      if (inner) this.assignTarget(inner, value, env, ctx);
      return;
    }
    this.destructure(target, value, env, ctx, (name, v) => this.bind(name, v, env, ctx));
  }

  private destructure(pattern: SyntaxNode, value: Typed, env: Env, ctx: UnitContext, bindName: (name: SyntaxNode, value: Typed) => void, depth = 0) {
    if (depth > 20) return;
    const part = (t: Type, what: string) => typed(t, `${what} of ${value.origin}`);
    switch (pattern.type) {
      case 'identifier':
      case 'shorthand_property_identifier_pattern':
        bindName(pattern, value);
        return;
      case 'assignment_pattern':
      case 'object_assignment_pattern': {
        const left = pattern.field('left');
        const right = pattern.field('right');
        const fallback = right ? this.expr(right, env, ctx, 0) : undefined;
        const defined = filterType(value.type, (m) => m.kind !== 'undefined');
        const joined = fallback && members(value.type).some((m) => m.kind === 'undefined' || m.kind === 'unknown') ? typed(union([defined, fallback.type]), value.origin) : value;
        if (left) this.destructure(left, isUnknown(value.type) ? typed(UNKNOWN, 'destructured') : joined, env, ctx, bindName, depth + 1);
        return;
      }
      case 'array_pattern': {
        const element = this.relations.elementType(value.type);
        const items = value.type.kind === 'builtin' && value.type.items ? value.type.items : undefined;
        pattern.namedChildren.forEach((child, i) => {
          if (child.type === 'rest_pattern') {
            const inner = child.namedChildren[0];
            if (inner) this.destructure(inner, part(builtin('Array', [element ?? UNKNOWN]), 'rest'), env, ctx, bindName, depth + 1);
            return;
          }
          const t = items ? (items[i] ?? UNDEFINED) : element ?? UNKNOWN;
          this.destructure(child, isUnknown(t) ? typed(UNKNOWN, 'destructured') : part(t, 'element'), env, ctx, bindName, depth + 1);
        });
        return;
      }
      case 'object_pattern': {
        for (const child of pattern.namedChildren) {
          if (child.type === 'shorthand_property_identifier_pattern') {
            this.destructure(child, this.propertyOf(value, child.text), env, ctx, bindName, depth + 1);
          } else if (child.type === 'pair_pattern') {
            const key = child.field('key');
            const target = child.field('value');
            const v = key && (key.type === 'property_identifier' || key.type === 'identifier' || key.type === 'string') ? this.propertyOf(value, key.type === 'string' ? stringText(key) ?? '' : key.text) : typed(UNKNOWN, '');
            if (target) this.destructure(target, v, env, ctx, bindName, depth + 1);
          } else if (child.type === 'object_assignment_pattern') {
            const left = child.field('left');
            this.destructure(child, left ? this.propertyOf(value, left.text) : typed(UNKNOWN, ''), env, ctx, bindName, depth + 1);
          } else if (child.type === 'rest_pattern') {
            const inner = child.namedChildren[0];
            if (inner) this.destructure(inner, typed(UNKNOWN, 'rest'), env, ctx, bindName, depth + 1);
          }
        }
        return;
      }
      case 'rest_pattern': {
        const inner = pattern.namedChildren[0];
        if (inner) this.destructure(inner, value, env, ctx, bindName, depth + 1);
        return;
      }
      default:
        if (pattern.type === 'member_expression' || pattern.type === 'subscript_expression') this.assignTarget(pattern, value, env, ctx);
    }
  }

  /** The type of a destructured property: only object literals and builtins answer. */
  private propertyOf(value: Typed, name: string): Typed {
    if (value.type.kind === 'object') return value.type.props.get(name) ?? typed(UNKNOWN, '');
    if (value.type.kind === 'builtin') return this.memberOf(value, name);
    if (value.type.kind === 'module') return value.type.module.member(name) ?? typed(UNKNOWN, '');
    return typed(UNKNOWN, '');
  }

  // -------------------------------------------------------------------------------------------------------
  // Expressions

  private record(node: SyntaxNode, value: Typed, ctx: UnitContext): Typed {
    if (ctx.recording) this.exprTypes.set(node, value);
    return value;
  }

  expr(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number): Typed {
    if (depth > MAX_EXPRESSION_DEPTH) return typed(UNKNOWN, 'too deep');
    return this.record(node, this.evaluate(node, env, ctx, depth), ctx);
  }

  private evaluate(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number): Typed {
    const line = lineOf(node);
    const literal = (t: Type) => typed(t, `literal at line ${line}`);
    switch (node.type) {
      case 'number':
        return literal(/n$/.test(node.text) ? builtin('bigint') : builtin('number', [], { literal: Number(node.text.replace(/_/g, '')) }));
      case 'string': {
        const value = stringText(node);
        return literal(builtin('string', [], value !== undefined ? { literal: value } : {}));
      }
      case 'template_string':
        for (const s of node.namedChildren) if (s.type === 'template_substitution') for (const e of s.namedChildren) this.expr(e, env, ctx, depth + 1);
        return literal(builtin('string'));
      case 'true':
      case 'false':
        return literal(builtin('boolean', [], { literal: node.type === 'true' }));
      case 'null':
        return literal(NULL);
      case 'undefined':
        return typed(UNDEFINED, `\`undefined\` at line ${line}`);
      case 'regex':
        return literal(builtin('RegExp'));
      case 'identifier':
        return this.identifier(node, env, ctx);
      case 'this':
        return ctx.thisType ? typed(ctx.thisType, '`this`') : typed(UNKNOWN, 'this');
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c.type !== 'comment');
        return inner ? this.expr(inner, env, ctx, depth + 1) : typed(UNKNOWN, '');
      }
      case 'sequence_expression': {
        let last: Typed = typed(UNKNOWN, '');
        for (const c of node.namedChildren) last = this.expr(c, env, ctx, depth + 1);
        return last;
      }
      case 'array': {
        const types: Type[] = [];
        for (const item of node.namedChildren) {
          if (item.type === 'comment') continue;
          if (item.type === 'spread_element') {
            const inner = item.namedChildren[0];
            const t = inner ? this.expr(inner, env, ctx, depth + 1) : undefined;
            types.push((t && this.relations.elementType(t.type)) ?? UNKNOWN);
          } else types.push(widen(this.expr(item, env, ctx, depth + 1).type));
        }
        return literal(builtin('Array', [types.length ? union(types) : UNKNOWN]));
      }
      case 'object': {
        const props = new Map<string, Typed>();
        for (const item of node.namedChildren) {
          if (item.type === 'pair') {
            const key = item.field('key');
            const value = item.field('value');
            const v = value ? this.expr(value, env, ctx, depth + 1) : typed(UNKNOWN, '');
            if (key?.type === 'computed_property_name') this.expr(key, env, ctx, depth + 1);
            const name = key?.type === 'string' ? stringText(key) : key?.type === 'property_identifier' || key?.type === 'number' ? key.text : undefined;
            if (name !== undefined) props.set(name, v);
          } else if (item.type === 'shorthand_property_identifier') {
            props.set(item.text, this.identifier(item, env, ctx));
          } else if (item.type === 'method_definition') {
            const name = item.field('name');
            // `get x() {}` / `set x(v) {}` define a property whose value the accessor computes, not a method.
            const accessor = item.children.some((c) => c.type === 'get' || c.type === 'set');
            if (name) props.set(name.text, accessor ? typed(UNKNOWN, `accessor at line ${lineOf(item)}`) : typed({ kind: 'function', fn: this.functionInfo(item) }, `method at line ${lineOf(item)}`));
          } else if (item.type === 'spread_element') {
            for (const c of item.namedChildren) this.expr(c, env, ctx, depth + 1);
          }
        }
        return literal({ kind: 'object', props, line });
      }
      case 'arrow_function':
      case 'function_expression':
      case 'function':
      case 'generator_function':
        return typed({ kind: 'function', fn: this.functionInfo(node) }, `function at line ${line}`);
      case 'class': {
        this.evaluateHeritage(node, env, ctx);
        return typed({ kind: 'class', cls: this.classInfo(node), exact: true }, `class at line ${line}`);
      }
      case 'member_expression':
        return this.member(node, env, ctx, depth);
      case 'subscript_expression':
        return this.subscript(node, env, ctx, depth);
      case 'call_expression':
        return this.callExpression(node, env, ctx, depth, false);
      case 'new_expression':
        return this.callExpression(node, env, ctx, depth, true);
      case 'await_expression': {
        const inner = node.namedChildren[0];
        const t = inner ? this.expr(inner, env, ctx, depth + 1) : typed(UNKNOWN, '');
        if (isUnknown(t.type)) return typed(UNKNOWN, 'await');
        if (members(t.type).some((m) => m.kind === 'instance' || m.kind === 'object' || (m.kind === 'builtin' && m.abstract))) return typed(UNKNOWN, 'await');
        return typed(unwrapPromise(t.type), `awaited \`${brief(inner!.text, 30)}\``);
      }
      case 'binary_expression':
        return this.binary(node, env, ctx, depth);
      case 'unary_expression': {
        const op = node.field('operator')?.type ?? '';
        const argument = node.field('argument');
        const a = argument ? this.expr(argument, env, ctx, depth + 1) : typed(UNKNOWN, '');
        const origin = `\`${brief(node.text, 30)}\` at line ${line}`;
        if (op === 'typeof') return typed(builtin('string'), origin);
        if (op === '!' || op === 'delete') return typed(builtin('boolean'), origin);
        if (op === 'void') return typed(UNDEFINED, origin);
        if (op === '+') return typed(builtin('number'), origin);
        if (op === '-' || op === '~') return typed(numericResult(a.type, a.type), origin);
        return typed(UNKNOWN, '');
      }
      case 'update_expression': {
        const argument = node.field('argument');
        const a = argument ? this.expr(argument, env, ctx, depth + 1) : typed(UNKNOWN, '');
        const result = typed(numericResult(a.type, a.type), `\`${brief(node.text)}\` at line ${line}`);
        if (argument?.type === 'identifier') this.bind(argument, result, env, ctx);
        else if (argument) this.assignTarget(argument, result, env, ctx);
        return result;
      }
      case 'assignment_expression': {
        const left = node.field('left');
        const right = node.field('right');
        const v = right ? this.expr(right, env, ctx, depth + 1) : typed(UNKNOWN, '');
        const stored = left?.type === 'identifier' && right ? { ...v, origin: this.assignedOrigin(v, right, node) } : v;
        if (left) this.assignTarget(left, stored, env, ctx);
        return v;
      }
      case 'augmented_assignment_expression': {
        const left = node.field('left');
        const right = node.field('right');
        const op = (node.field('operator')?.type ?? '').replace(/=$/, '');
        const current = left ? this.expr(left, env, ctx, depth + 1) : typed(UNKNOWN, '');
        const rightEnv = left && (op === '&&' || op === '||' || op === '??') ? this.narrow(left, env, op === '&&', depth + 1) : env;
        const v = right ? this.expr(right, rightEnv, ctx, depth + 1) : typed(UNKNOWN, '');
        const result = typed(this.binaryType(op, current.type, v.type), `\`${brief(node.text)}\` at line ${line}`);
        if (left) this.assignTarget(left, result, env, ctx);
        return result;
      }
      case 'ternary_expression': {
        const condition = node.field('condition');
        const consequence = node.field('consequence');
        const alternative = node.field('alternative');
        if (condition) this.expr(condition, env, ctx, depth + 1);
        const a = consequence ? this.expr(consequence, condition ? this.narrow(condition, env, true, depth + 1) : env, ctx, depth + 1) : undefined;
        const b = alternative ? this.expr(alternative, condition ? this.narrow(condition, env, false, depth + 1) : env, ctx, depth + 1) : undefined;
        return joinTyped(a, b) ?? typed(UNKNOWN, '');
      }
      case 'spread_element':
        for (const c of node.namedChildren) this.expr(c, env, ctx, depth + 1);
        return typed(UNKNOWN, '');
      case 'non_null_expression': {
        const inner = node.namedChildren[0];
        const t = inner ? this.expr(inner, env, ctx, depth + 1) : typed(UNKNOWN, '');
        return { ...t, type: filterType(t.type, (m) => m.kind !== 'null' && m.kind !== 'undefined') };
      }
      case 'as_expression':
      case 'satisfies_expression':
      case 'type_assertion': {
        const [inner, type] = node.namedChildren;
        const t = inner ? this.expr(inner, env, ctx, depth + 1) : typed(UNKNOWN, '');
        if (node.type === 'satisfies_expression') return t;
        const declared = type ? this.annotationType(type) : undefined;
        return declared ? typed(declared, `\`as\` at line ${line}`) : typed(UNKNOWN, 'as');
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
      if (reference?.resolution === 'builtin' || reference?.resolution === 'unresolved') return this.globalName(node.text, reference.resolution === 'builtin');
      return typed(UNKNOWN, 'unresolved');
    }
    if (this.model.isDynamic(symbol.scope)) return typed(UNKNOWN, 'dynamic scope');
    const own = this.symbolUnit(symbol) === ctx.node;
    if (own && !this.isUnstable(symbol)) {
      const value = env.vars.get(symbol);
      if (value) return value;
      // Hoisted `var` read before its assignment, or a binding this path skipped.
      return typed(UNKNOWN, 'not bound here');
    }
    if (own) return typed(UNKNOWN, 'rebound elsewhere');
    return this.declaredType(symbol) ?? typed(UNKNOWN, '');
  }

  private globalName(name: string, known: boolean): Typed {
    const origin = `global \`${name}\``;
    if (name === 'undefined') return typed(UNDEFINED, origin);
    if (!known) return typed(UNKNOWN, origin);
    if (name === 'NaN' || name === 'Infinity') return typed(builtin('number'), origin);
    const global = this.stubs.global(name);
    if (global?.kind === 'namespace') {
      const statics = this.stubs.statics(global.name);
      return statics ? typed({ kind: 'module', module: statics }, origin) : typed(UNKNOWN, origin);
    }
    if (global?.kind === 'constructor') return typed({ kind: 'builtin-class', name: global.name }, origin);
    if (global?.kind === 'value') return typed(global.type, origin);
    const fn = this.stubs.function(name);
    if (fn) return typed({ kind: 'function', fn: { ...fn, notConstructible: `the builtin function \`${name}\`` } }, origin);
    return typed(UNKNOWN, origin);
  }

  private member(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number): Typed {
    const object = node.field('object');
    const property = node.field('property');
    const base = object ? this.expr(object, env, ctx, depth + 1) : typed(UNKNOWN, '');
    const path = memberPath(node);
    if (path) {
      const narrowed = env.paths.get(path);
      if (narrowed) return narrowed;
    }
    if (!property) return typed(UNKNOWN, '');
    const optional = node.children.some((c) => c.type === 'optional_chain');
    let target = base;
    if (optional) target = { ...base, type: filterType(base.type, (m) => m.kind !== 'null' && m.kind !== 'undefined') };
    const result = this.memberOf(target, property.text);
    if (optional && members(base.type).some((m) => m.kind === 'null' || m.kind === 'undefined' || m.kind === 'unknown') && !isUnknown(result.type)) {
      return { ...result, type: union([result.type, UNDEFINED]) };
    }
    return result;
  }

  /** `<value>.<name>` over the stubs, object literals, classes and modules. */
  memberOf(base: Typed, name: string): Typed {
    let out: Typed | undefined;
    for (const m of members(base.type)) {
      const one = this.memberOfOne(m, name);
      if (!one) return typed(UNKNOWN, `property \`${name}\``);
      out = joinTyped(out, one);
    }
    return out ?? typed(UNKNOWN, '');
  }

  private memberOfOne(t: Type, name: string): Typed | undefined {
    switch (t.kind) {
      case 'builtin': {
        if (t.abstract) return undefined;
        const member = this.stubs.member(t, name);
        if (!member) return undefined;
        if (member.kind === 'attribute') return typed(member.type, `\`${describe(t, 'javascript')}.${name}\``);
        return typed({ kind: 'function', fn: { ...member.fn, notConstructible: 'a method' }, bound: t }, `method \`${member.fn.name}\``);
      }
      case 'object':
        // A property the file assigns somewhere (`obj.exports = ...`) may no longer hold its initial value.
        return this.assignedNames().has(name) ? undefined : t.props.get(name);
      case 'module':
        return t.module.member(name);
      case 'builtin-class': {
        const statics = this.stubs.statics(t.name);
        const member = statics?.member(name);
        return member ? { ...member, type: member.type.kind === 'function' ? { ...member.type, fn: { ...member.type.fn, notConstructible: 'a static method' } } : member.type } : undefined;
      }
      case 'function': {
        if (['call', 'apply', 'bind'].includes(name)) return typed({ kind: 'function', fn: { name: `Function.${name}`, isAsync: false, isGenerator: false, builtin: true, notConstructible: 'a method' } }, `Function.${name}`);
        if (name === 'length') return typed(builtin('number'), 'Function.length');
        if (name === 'name') return typed(builtin('string'), 'Function.name');
        return undefined;
      }
      case 'instance':
      case 'class': {
        // `this.constructor` is the class (or a subclass), not the `constructor` method.
        if (name === 'constructor') return t.kind === 'instance' ? typed({ kind: 'class', cls: t.cls }, '`constructor`') : undefined;
        const found = t.cls.member(name);
        if (!found) return undefined;
        if (found.type.kind === 'function' && found.type.fn.methodKind === 'property') {
          const r = found.type.fn.returns?.();
          return r;
        }
        return found;
      }
      default:
        return undefined;
    }
  }

  private assignedCache?: Set<string>;

  /** Property names assigned anywhere in the file (`x.name = ...`). */
  assignedNames(): Set<string> {
    if (!this.assignedCache) {
      this.assignedCache = new Set();
      for (const m of this.parsed.file.text.matchAll(/\.\s*([A-Za-z_$][\w$]*)\s*(?:[-+*/%&|^]|\?\?|\|\||&&)?=(?!=)/g)) this.assignedCache.add(m[1]);
    }
    return this.assignedCache;
  }

  private subscript(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number): Typed {
    const object = node.field('object');
    const index = node.field('index');
    const base = object ? this.expr(object, env, ctx, depth + 1) : typed(UNKNOWN, '');
    const i = index ? this.expr(index, env, ctx, depth + 1) : typed(UNKNOWN, '');
    const results: Type[] = [];
    for (const m of members(base.type)) {
      if (m.kind === 'builtin' && m.name === 'Array' && !m.abstract) {
        if (m.items && i.type.kind === 'builtin' && typeof i.type.literal === 'number') results.push(m.items[i.type.literal] ?? UNDEFINED);
        else if (i.type.kind === 'builtin' && i.type.name === 'number') results.push(m.args[0] ?? UNKNOWN);
        else return typed(UNKNOWN, '');
      } else if (m.kind === 'builtin' && m.name === 'string' && i.type.kind === 'builtin' && i.type.name === 'number') results.push(builtin('string'));
      else if (m.kind === 'object' && i.type.kind === 'builtin' && typeof i.type.literal === 'string') {
        const p = m.props.get(i.type.literal);
        if (!p) return typed(UNKNOWN, '');
        results.push(p.type);
      } else return typed(UNKNOWN, '');
    }
    return typed(union(results), `\`${brief(node.text, 30)}\` at line ${lineOf(node)}`);
  }

  private callExpression(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number, isNew: boolean): Typed {
    const callee = node.field(isNew ? 'constructor' : 'function');
    const calleeTyped = callee ? this.expr(callee, env, ctx, depth + 1) : typed(UNKNOWN, '');
    const args = node.field('arguments');
    const shape: CallShape = { positional: [], keywords: [], starArgs: false, starKwargs: false };
    const argumentNodes: SyntaxNode[] = [];
    for (const a of args?.namedChildren ?? []) {
      if (a.type === 'comment') continue;
      if (a.type === 'spread_element') {
        shape.starArgs = true;
        for (const c of a.namedChildren) this.expr(c, env, ctx, depth + 1);
        continue;
      }
      shape.positional.push({ typed: this.expr(a, env, ctx, depth + 1) });
      argumentNodes.push(a);
    }
    if (args?.type === 'template_string') this.expr(args, env, ctx, depth + 1);
    env.clearPaths();
    this.noteMutation(callee, env);
    const result = this.requireCall(node, callee, isNew) ?? this.callResult(node, callee, calleeTyped, shape, isNew, ctx);
    if (ctx.recording) this.calls.set(node, { callee: calleeTyped, shape, argumentNodes, result, isNew });
    return result;
  }

  /** CommonJS `require('./x')` of a file of the run: its module summary. */
  private requireCall(node: SyntaxNode, callee: SyntaxNode | undefined, isNew: boolean): Typed | undefined {
    if (isNew || callee?.type !== 'identifier' || callee.text !== 'require' || this.model.resolve(callee)) return undefined;
    const args = (node.field('arguments')?.namedChildren ?? []).filter((c) => c.type !== 'comment');
    const specifier = args.length === 1 ? stringText(args[0]) : undefined;
    if (!specifier) return undefined;
    const module = this.options.resolver?.module(this.parsed.file.absolutePath, specifier, 0);
    if (!module) return undefined;
    // `module.exports = Thing` replaces the namespace: `require` returns that value, not the module.
    if (module.has?.(COMMONJS_VALUE)) return module.member(COMMONJS_VALUE) ?? typed(UNKNOWN, `require at line ${lineOf(node)}`);
    return typed({ kind: 'module', module }, `require at line ${lineOf(node)}`);
  }

  private noteMutation(callee: SyntaxNode | undefined, env: Env) {
    if (callee?.type !== 'member_expression') return;
    const object = callee.field('object');
    const method = callee.field('property')?.text ?? '';
    if (object?.type !== 'identifier' || !JS_MUTATORS.has(method)) return;
    const symbol = this.model.resolve(object);
    const current = symbol ? env.vars.get(symbol) : undefined;
    if (!symbol || !current) return;
    const widened = widenMutable(current.type);
    if (widened !== current.type) env.setVar(symbol, { ...current, type: widened });
  }

  private callResult(node: SyntaxNode, callee: SyntaxNode | undefined, calleeTyped: Typed, shape: CallShape, isNew: boolean, ctx: UnitContext): Typed {
    const label = callee ? brief(callee.text, 30) : 'call';
    let out: Typed | undefined;
    for (const m of members(calleeTyped.type)) {
      const r = this.callOne(m, node, label, shape, isNew, ctx);
      if (!r) return typed(UNKNOWN, `\`${label}()\``);
      out = joinTyped(out, r);
    }
    return out ?? typed(UNKNOWN, '');
  }

  private callOne(t: Type, node: SyntaxNode, label: string, shape: CallShape, isNew: boolean, ctx: UnitContext): Typed | undefined {
    const line = lineOf(node);
    switch (t.kind) {
      case 'function': {
        const fn = t.fn;
        if (isNew) return fn.constructible && !fn.builtin ? typed(UNKNOWN, 'new') : undefined;
        if (fn.builtin) {
          if (!fn.signatures) return undefined;
          const special = this.specialBuiltin(fn.name, shape);
          if (special) return special;
          for (const signature of fn.signatures) {
            const match = matchCall(this.relations, signature, shape);
            if (match.arity.length || match.types.length) continue;
            if (match.uncertain && signature !== fn.signatures[fn.signatures.length - 1]) return undefined;
            const r = boundReturn(signature, match.bindings);
            return isUnknown(r) ? undefined : typed(r, `\`${fn.name}\` returns ${describe(r, 'javascript')}`);
          }
          return undefined;
        }
        const r = fn.returns?.();
        if (!r) {
          if (this.functionNodes.get(fn) === ctx.node) {
            ctx.selfRecursive = true;
            return typed(NEVER, 'recursive call');
          }
          return undefined;
        }
        if (r.type.kind === 'never' || isUnknown(r.type)) return undefined;
        return { ...typed(r.type, `\`${fn.name}\` (${fn.where}) returns ${describe(r.type, 'javascript')}`), documented: r.documented };
      }
      case 'builtin-class': {
        const signatures = this.stubs.constructorSignatures(t.name, isNew ? 'new' : 'call');
        if (!signatures) return undefined;
        const r = signatures[0] ? boundReturn(signatures[0], new Map()) : UNKNOWN;
        if (isNew && r.kind === 'builtin' && r.args.length && t.name !== 'Array') {
          const args = r.args.map(() => UNKNOWN);
          return typed(builtin(r.name, args), `\`new ${t.name}()\` at line ${line}`);
        }
        return isUnknown(r) ? undefined : typed(r, `\`${label}()\` at line ${line}`);
      }
      case 'class':
        return isNew ? typed({ kind: 'instance', cls: t.cls, exact: t.exact }, `\`new ${t.cls.name}()\` at line ${line}`) : undefined;
      default:
        return undefined;
    }
  }

  private specialBuiltin(name: string, shape: CallShape): Typed | undefined {
    if (name === 'Promise.resolve') {
      const arg = shape.positional[0]?.typed?.type;
      return typed(builtin('Promise', [arg ? unwrapPromise(arg) : UNDEFINED]), '`Promise.resolve`');
    }
    return undefined;
  }

  private binary(node: SyntaxNode, env: Env, ctx: UnitContext, depth: number): Typed {
    const left = node.field('left');
    const right = node.field('right');
    const op = node.field('operator')?.type ?? '';
    const l = left ? this.expr(left, env, ctx, depth + 1) : typed(UNKNOWN, '');
    const logical = op === '&&' || op === '||' || op === '??';
    const rightEnv = left && logical ? this.narrow(left, env, op === '&&', depth + 1) : env;
    const r = right ? this.expr(right, rightEnv, ctx, depth + 1) : typed(UNKNOWN, '');
    // Assignments on the right (`a && (x = f())`) happened on one of the two paths.
    if (left && logical && rightEnv !== env) env.adopt(Env.join([rightEnv, op === '??' ? env.clone() : this.narrow(left, env, op !== '&&', depth + 1)]));
    return typed(this.binaryType(op, l.type, r.type), `\`${brief(node.text, 30)}\` at line ${lineOf(node)}`);
  }

  binaryType(op: string, l: Type, r: Type): Type {
    const isString = (t: Type) => t.kind === 'builtin' && t.name === 'string';
    switch (op) {
      case '+': {
        if (members(l).every(isString) || members(r).every(isString)) return isUnknown(l) && isUnknown(r) ? UNKNOWN : builtin('string');
        if (isUnknown(l) || isUnknown(r)) return UNKNOWN;
        const numeric = (t: Type) => members(t).every((m) => m.kind === 'null' || m.kind === 'undefined' || (m.kind === 'builtin' && (m.name === 'number' || m.name === 'boolean')));
        if (numeric(l) && numeric(r)) return builtin('number');
        if (members(l).every((m) => m.kind === 'builtin' && m.name === 'bigint') && members(r).every((m) => m.kind === 'builtin' && m.name === 'bigint')) return builtin('bigint');
        return UNKNOWN;
      }
      case '&&':
        return union([filterType(l, (m) => !alwaysTruthy(m)), r]);
      case '||':
        return union([filterType(l, (m) => !alwaysFalsy(m) && m.kind !== 'null' && m.kind !== 'undefined' && !(m.kind === 'builtin' && (m.literal === 0 || m.literal === '' || m.literal === false))), r]);
      case '??':
        return union([filterType(l, (m) => m.kind !== 'null' && m.kind !== 'undefined'), r]);
      case '==':
      case '!=':
      case '===':
      case '!==':
      case '<':
      case '<=':
      case '>':
      case '>=':
      case 'in':
      case 'instanceof':
        return builtin('boolean');
      default:
        if (ARITHMETIC.has(op)) return numericResult(l, r);
        return UNKNOWN;
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // Narrowing

  narrow(condition: SyntaxNode, env: Env, truth: boolean, depth: number): Env {
    if (depth > 40) return env.clone();
    switch (condition.type) {
      case 'parenthesized_expression': {
        const inner = condition.namedChildren.find((c) => c.type !== 'comment');
        return inner ? this.narrow(inner, env, truth, depth + 1) : env.clone();
      }
      case 'unary_expression':
        if (condition.field('operator')?.type === '!') {
          const argument = condition.field('argument');
          return argument ? this.narrow(argument, env, !truth, depth + 1) : env.clone();
        }
        return env.clone();
      case 'binary_expression': {
        const op = condition.field('operator')?.type ?? '';
        const left = condition.field('left');
        const right = condition.field('right');
        if (!left || !right) return env.clone();
        if (op === '&&') {
          const leftTrue = this.narrow(left, env, true, depth + 1);
          if (truth) return this.narrow(right, leftTrue, true, depth + 1);
          return Env.join([this.narrow(left, env, false, depth + 1), this.narrow(right, leftTrue, false, depth + 1)]);
        }
        if (op === '||') {
          const leftFalse = this.narrow(left, env, false, depth + 1);
          if (!truth) return this.narrow(right, leftFalse, false, depth + 1);
          return Env.join([this.narrow(left, env, true, depth + 1), this.narrow(right, leftFalse, true, depth + 1)]);
        }
        if (op === 'instanceof') return this.narrowInstanceof(left, right, env, truth);
        if (['===', '!==', '==', '!='].includes(op)) return this.narrowEquality(condition, left, right, op, env, truth);
        return env.clone();
      }
      case 'call_expression': {
        // Array.isArray(x)
        const callee = condition.field('function');
        const args = condition.field('arguments')?.namedChildren ?? [];
        if (callee?.text.replace(/\s+/g, '') === 'Array.isArray' && args.length === 1) {
          return this.narrowTarget(args[0], env, (t) => {
            const isArray = (m: Type) => m.kind === 'builtin' && m.name === 'Array';
            if (t.kind === 'unknown') return truth ? builtin('Array', [UNKNOWN], { abstract: true }) : t;
            return truth ? filterType(t, (m) => isArray(m) || m.kind === 'instance') : filterType(t, (m) => !isArray(m));
          }, `\`Array.isArray\` at line ${lineOf(condition)}`);
        }
        return env.clone();
      }
      case 'identifier':
      case 'member_expression':
        return this.narrowTarget(condition, env, (t) => (truth ? filterType(t, (m) => !alwaysFalsy(m) && m.kind !== 'null' && m.kind !== 'undefined') : filterType(t, (m) => !alwaysTruthy(m))), `truthiness at line ${lineOf(condition)}`);
      case 'assignment_expression': {
        const left = condition.field('left');
        return left?.type === 'identifier' ? this.narrowTarget(left, env, (t) => (truth ? filterType(t, (m) => m.kind !== 'null' && m.kind !== 'undefined') : t), `truthiness at line ${lineOf(condition)}`) : env.clone();
      }
      default:
        return env.clone();
    }
  }

  private narrowTarget(target: SyntaxNode, env: Env, refine: (t: Type) => Type, how: string): Env {
    const next = env.clone();
    if (target.type === 'parenthesized_expression' && target.namedChildren[0]) return this.narrowTarget(target.namedChildren[0], env, refine, how);
    if (target.type === 'identifier') {
      const symbol = this.model.resolve(target);
      if (!symbol) return next;
      const current = this.peek(target, env);
      const refined = refine(current.type);
      if (sameType(refined, current.type)) return next;
      if (refined.kind === 'never') {
        next.setVar(symbol, typed(UNKNOWN, `${current.origin}, contradicted by ${how}`));
        return next;
      }
      next.setVar(symbol, { type: refined, origin: narrowedOrigin(current.origin, how), documented: current.documented });
      return next;
    }
    if (target.type === 'member_expression') {
      const path = memberPath(target);
      if (!path) return next;
      const current = env.paths.get(path) ?? this.exprTypes.get(target) ?? typed(UNKNOWN, '');
      const refined = refine(current.type);
      if (refined.kind === 'never') next.setPath(path, typed(UNKNOWN, 'contradicted'));
      else if (!isUnknown(refined)) next.setPath(path, { type: refined, origin: narrowedOrigin(current.origin, how), documented: current.documented });
    }
    return next;
  }

  private peek(node: SyntaxNode, env: Env): Typed {
    const symbol = this.model.resolve(node);
    if (!symbol) return typed(UNKNOWN, '');
    const own = this.symbolUnit(symbol) === this.unitNodeOf(node);
    if (own && !this.isUnstable(symbol)) return env.vars.get(symbol) ?? typed(UNKNOWN, '');
    if (own) return typed(UNKNOWN, '');
    return this.declaredType(symbol) ?? typed(UNKNOWN, '');
  }

  private narrowInstanceof(left: SyntaxNode, right: SyntaxNode, env: Env, truth: boolean): Env {
    const target = this.exprTypes.get(right)?.type;
    let instance: Type | undefined;
    if (target?.kind === 'class') instance = { kind: 'instance', cls: target.cls };
    else if (target?.kind === 'builtin-class') {
      const t = this.stubs.instanceOf(target.name);
      // A subclass instance (`class Cache extends Map`) passes `instanceof` too: members stay open.
      instance = t.kind === 'builtin' && !PRIMITIVES.has(t.name) ? { ...t, abstract: true } : undefined;
    }
    if (!instance) return env.clone();
    const matches = (m: Type): boolean | undefined => {
      if (m.kind === 'null' || m.kind === 'undefined') return false;
      if (m.kind === 'builtin' && instance!.kind === 'builtin') return PRIMITIVES.has(m.name) ? false : m.name === instance!.name ? true : undefined;
      if (m.kind === 'instance' && instance!.kind === 'instance') return m.cls === instance!.cls ? true : undefined;
      if (m.kind === 'builtin' && PRIMITIVES.has(m.name)) return false;
      return undefined;
    };
    return this.narrowTarget(left, env, (t) => {
      if (t.kind === 'unknown') return truth ? instance! : t;
      if (truth) return union(members(t).filter((m) => matches(m) !== false).map((m) => (matches(m) === undefined ? instance! : m)));
      return filterType(t, (m) => matches(m) !== true);
    }, `\`instanceof\` at line ${lineOf(left)}`);
  }

  private narrowEquality(condition: SyntaxNode, left: SyntaxNode, right: SyntaxNode, op: string, env: Env, truth: boolean): Env {
    const positive = (op === '===' || op === '==') === truth;
    const loose = op === '==' || op === '!=';
    const how = `\`${brief(condition.text, 40)}\` at line ${lineOf(condition)}`;
    // typeof x === 'string'
    const typeofSide = left.type === 'unary_expression' && left.field('operator')?.type === 'typeof' ? left : right.type === 'unary_expression' && right.field('operator')?.type === 'typeof' ? right : undefined;
    const other = typeofSide === left ? right : left;
    if (typeofSide && other.type === 'string') {
      const name = stringText(other);
      const subject = typeofSide.field('argument');
      if (!name || !subject) return env.clone();
      const test = (m: Type) => typeofMatches(m, name);
      return this.narrowTarget(subject, env, (t) => {
        if (t.kind === 'unknown') return positive ? typeofType(name) : t;
        return positive ? filterType(t, (m) => test(m) !== false) : filterType(t, (m) => test(m) !== true);
      }, how);
    }
    const nullish = (n: SyntaxNode) => n.type === 'null' || n.type === 'undefined' || (n.type === 'identifier' && n.text === 'undefined');
    const subject = nullish(right) ? left : nullish(left) ? right : undefined;
    if (subject) {
      const value = subject === left ? right : left;
      const kinds = loose ? ['null', 'undefined'] : [value.type === 'null' ? 'null' : 'undefined'];
      return this.narrowTarget(subject, env, (t) => {
        if (t.kind === 'unknown') return t;
        return positive ? filterType(t, (m) => kinds.includes(m.kind) || m.kind === 'instance' || m.kind === 'object') : filterType(t, (m) => !kinds.includes(m.kind));
      }, how);
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
      const names = typeNames(value.type, 'javascript');
      if (names.length === 0) return;
      entries.push({ file, line: node.startRow + 1, column: node.startColumn, kind, name, scope, type: names, origin: value.origin });
    };
    const stack: SyntaxNode[] = [this.parsed.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'ERROR') continue;
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
      if (FUNCTION_TYPES.has(node.type)) {
        const info = this.functionInfo(node);
        const fnScope = javaScriptScopeName(node, true);
        const single = node.field('parameter');
        const list = single ? [single] : (node.field('parameters')?.namedChildren ?? []).filter((c) => c.type !== 'comment');
        for (const p of list) {
          const pattern = p.type === 'required_parameter' || p.type === 'optional_parameter' ? p.field('pattern') : p;
          const name = pattern?.type === 'identifier' ? pattern : pattern?.type === 'assignment_pattern' ? pattern.field('left') : pattern?.type === 'rest_pattern' ? pattern.namedChildren[0] : undefined;
          if (name?.type === 'identifier') push(name, 'parameter', name.text, fnScope, this.parameterTyped(p, node));
        }
        const nameNode = node.field('name') ?? (node.parent?.type === 'variable_declarator' ? node.parent.field('name') : undefined);
        if (nameNode && info.name !== '<function>' && !(node.type === 'method_definition' && nameNode.text === 'constructor')) {
          const state = this.units.get(node);
          let r = this.declaredReturn(node) ?? state?.returns;
          if (r && info.isAsync) r = typed(builtin('Promise', [unwrapPromise(r.type)]), r.origin);
          push(nameNode, 'return', nameNode.text, javaScriptScopeName(node, false), r);
        }
        continue;
      }
      if (node.type === 'identifier' || node.type === 'shorthand_property_identifier_pattern') {
        const value = this.writes.get(node);
        const reference = this.model.referenceAt(node);
        if (!value || !reference?.isWrite) continue;
        push(node, 'variable', node.text, javaScriptScopeName(node, false), value);
        continue;
      }
      if (node.type === 'member_expression' && node.field('object')?.type === 'this') {
        const value = this.writes.get(node);
        const property = node.field('property');
        const fn = this.enclosingFunction(node);
        const cls = fn?.type === 'method_definition' ? fn.parent?.parent : undefined;
        if (value && property && cls && CLASS_TYPES.has(cls.type)) push(node, 'attribute', property.text, cls.field('name')?.text ?? '', value);
        continue;
      }
      if ((node.type === 'field_definition' || node.type === 'public_field_definition') && node.parent?.parent) {
        const property = node.field('property') ?? node.field('name');
        const value = node.field('value');
        const cls = node.parent.parent;
        if (property && value) push(property, 'attribute', property.text, cls.field('name')?.text ?? '', this.exprTypes.get(value));
      }
    }
    return entries.sort((a, b) => a.line - b.line || a.column - b.column || a.kind.localeCompare(b.kind));
  }

}

// ---------------------------------------------------------------------------------------------------------
// Classes

export class JsClass implements ClassInfo {
  readonly name: string;
  readonly where: string;
  readonly rewritten: boolean;
  readonly dynamicAttributes = true;
  private readonly cache = new Map<string, Typed | null>();
  private thisWrites?: Map<string, SyntaxNode[]>;

  constructor(
    private readonly types: JavaScriptTypes,
    readonly node: SyntaxNode,
  ) {
    this.name = node.field('name')?.text ?? '<class>';
    this.where = `line ${lineOf(node)}`;
    this.rewritten = node.children.some((c) => c.type === 'decorator');
  }

  bases(): ReadonlyArray<Type | undefined> {
    const heritage = this.node.namedChildren.find((c) => c.type === 'class_heritage');
    if (!heritage) return [];
    const expression = heritage.namedChildren.find((c) => c.type !== 'comment' && c.type !== 'implements_clause');
    const value = expression?.type === 'extends_clause' ? expression.field('value') ?? expression.namedChildren[0] : expression;
    if (!value) return [undefined];
    const t = this.types.baseType(value);
    return [t && !isUnknown(t) ? t : undefined];
  }

  private body(): readonly SyntaxNode[] {
    return this.node.field('body')?.namedChildren ?? [];
  }

  private memberNameCache?: readonly string[];

  memberNames(): readonly string[] {
    if (this.memberNameCache) return this.memberNameCache;
    const names: string[] = [];
    for (const m of this.body()) {
      const name = m.field('name') ?? m.field('property');
      if (name) names.push(name.text);
    }
    this.memberNameCache = [...new Set([...names, ...this.writesOfThis().keys()])];
    return this.memberNameCache;
  }

  definedNames(): ReadonlySet<string> {
    return new Set(this.memberNames());
  }

  private writesOfThis(): Map<string, SyntaxNode[]> {
    if (this.thisWrites) return this.thisWrites;
    const writes = new Map<string, SyntaxNode[]>();
    for (const m of this.body()) {
      if (m.type !== 'method_definition') continue;
      const stack = [...(m.field('body')?.children ?? [])];
      while (stack.length > 0) {
        const n = stack.pop()!;
        if (n.type === 'function_declaration' || n.type === 'function_expression' || n.type === 'class' || n.type === 'method_definition') continue;
        if (n.type === 'assignment_expression') {
          const left = n.field('left');
          if (left?.type === 'member_expression' && left.field('object')?.type === 'this') {
            const property = left.field('property');
            if (property) {
              const list = writes.get(property.text) ?? [];
              list.push(left);
              writes.set(property.text, list);
            }
          }
        }
        for (const c of n.children) stack.push(c);
      }
    }
    this.thisWrites = writes;
    return writes;
  }

  member(name: string): Typed | undefined {
    if (this.cache.has(name)) return this.cache.get(name) ?? undefined;
    this.cache.set(name, null);
    const result = this.compute(name);
    this.cache.set(name, result ?? null);
    return result;
  }

  private compute(name: string): Typed | undefined {
    const definitions = this.body().filter((m) => (m.field('name') ?? m.field('property'))?.text === name);
    if (definitions.length > 1) {
      const getter = definitions.find((d) => d.type === 'method_definition' && d.children.some((c) => c.type === 'get'));
      if (getter) return typed({ kind: 'function', fn: this.types.functionInfo(getter) }, `getter at line ${lineOf(getter)}`);
      return undefined;
    }
    const definition = definitions[0];
    if (definition?.type === 'method_definition') return typed({ kind: 'function', fn: this.types.functionInfo(definition) }, `method at line ${lineOf(definition)}`);
    let result: Typed | undefined;
    if (definition && (definition.type === 'field_definition' || definition.type === 'public_field_definition')) {
      result = this.types.fieldType(definition.field('value'), this.node);
      if (!result) return undefined;
    }
    const sites = this.writesOfThis().get(name);
    if (sites) {
      const t = this.types.instanceAttribute(sites);
      if (!t) return undefined;
      result = joinTyped(result, t);
    }
    return placeholderFree(result);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

const LITERALS = new Set(['number', 'string', 'template_string', 'true', 'false', 'null', 'undefined', 'array', 'object', 'regex']);
const JS_MUTATORS = new Set(['push', 'unshift', 'splice', 'fill', 'set', 'add', 'copyWithin']);

function placeholderFree(value: Typed | undefined): Typed | undefined {
  if (!value) return value;
  if (value.type.kind === 'undefined' || value.type.kind === 'null') return undefined;
  // Objects are filled in and changed anywhere: seen from another function, only "an object" is known.
  if (value.type.kind === 'object' && value.type.props.size > 0) return { ...value, type: { kind: 'object', props: new Map(), line: value.type.line } };
  const widened = widenMutable(value.type);
  return widened === value.type ? value : { ...value, type: widened };
}

function widenMutable(t: Type): Type {
  if (t.kind === 'union') {
    const items = t.items.map(widenMutable);
    return items.every((m, i) => m === t.items[i]) ? t : union(items);
  }
  if (t.kind === 'builtin' && ['Array', 'Map', 'Set'].includes(t.name) && (t.items || t.args.some((a) => !isUnknown(a)))) return builtin(t.name, t.args.map(() => UNKNOWN));
  return t;
}

function unwrapPromise(t: Type): Type {
  return union(members(t).map((m) => (m.kind === 'builtin' && m.name === 'Promise' ? (m.args[0] ?? UNKNOWN) : m)));
}

/** `a * b`: bigint when both are bigints, otherwise number (as TypeScript types arithmetic on unknown operands). */
function numericResult(l: Type, r: Type): Type {
  const bigint = (t: Type) => t.kind === 'builtin' && t.name === 'bigint';
  if (!isUnknown(l) && members(l).every(bigint) && !isUnknown(r) && members(r).every(bigint)) return builtin('bigint');
  if (members(l).some(bigint) || members(r).some(bigint)) return UNKNOWN;
  return builtin('number');
}

function alwaysTruthy(m: Type): boolean {
  return m.kind === 'object' || m.kind === 'function' || m.kind === 'class' || m.kind === 'builtin-class' || m.kind === 'module' || (m.kind === 'builtin' && !PRIMITIVES.has(m.name)) || (m.kind === 'builtin' && m.literal !== undefined && m.literal !== 0 && m.literal !== '' && m.literal !== false);
}

function alwaysFalsy(m: Type): boolean {
  return m.kind === 'null' || m.kind === 'undefined' || (m.kind === 'builtin' && (m.literal === 0 || m.literal === '' || m.literal === false));
}

export function typeofOf(m: Type): string | undefined {
  switch (m.kind) {
    case 'undefined':
      return 'undefined';
    case 'null':
    case 'object':
      return 'object';
    case 'function':
    case 'class':
    case 'builtin-class':
      return 'function';
    case 'builtin':
      if (PRIMITIVES.has(m.name)) return m.name;
      return m.abstract ? undefined : 'object';
    case 'instance':
      return 'object';
    default:
      return undefined;
  }
}

function typeofMatches(m: Type, name: string): boolean | undefined {
  const t = typeofOf(m);
  return t === undefined ? undefined : t === name;
}

function typeofType(name: string): Type {
  if (PRIMITIVES.has(name)) return builtin(name);
  if (name === 'undefined') return UNDEFINED;
  return UNKNOWN;
}

function narrowedOrigin(origin: string, how: string): string {
  return `${origin.split(', narrowed by ')[0]}, narrowed by ${how}`;
}

export function stringText(node: SyntaxNode): string | undefined {
  if (node.type !== 'string') return undefined;
  const parts = node.namedChildren;
  if (parts.some((p) => p.type !== 'string_fragment')) return parts.length === 0 ? '' : undefined;
  return parts.map((p) => p.text).join('');
}

export function memberPath(node: SyntaxNode | undefined): string | undefined {
  const parts: string[] = [];
  let n = node;
  for (let i = 0; n && i < 8; i++) {
    if (n.type === 'identifier' || n.type === 'this') {
      parts.push(n.text);
      return parts.reverse().join('.');
    }
    if (n.type !== 'member_expression' || n.children.some((c) => c.type === 'optional_chain')) return undefined;
    const property = n.field('property');
    if (!property) return undefined;
    parts.push(property.text);
    n = n.field('object');
  }
  return undefined;
}
