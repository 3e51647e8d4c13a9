import { nextInSubtree, type SyntaxNode } from '../parse/syntax-node.js';
import type { LanguageId } from '../types.js';
import type {
  Declaration,
  DeclarationForm,
  Reference,
  Resolution,
  Scope,
  ScopeKind,
  SemanticModel,
  SemanticSymbol,
  SymbolKind,
} from './index.js';

/** Mutable implementations behind the read-only interfaces of `index.ts`; only the builders write them. */

export class ScopeImpl implements Scope {
  readonly children: ScopeImpl[] = [];
  readonly symbols = new Map<string, SymbolImpl>();
  readonly typeSymbols = new Map<string, SymbolImpl>();
  readonly references: ReferenceImpl[] = [];
  readonly globalNames = new Set<string>();
  readonly nonlocalNames = new Set<string>();
  readonly variableScope: ScopeImpl;
  dynamic = false;
  dynamicWithin = false;

  constructor(
    readonly id: number,
    readonly kind: ScopeKind,
    readonly node: SyntaxNode,
    readonly parent: ScopeImpl | undefined,
    isVariableScope: boolean,
  ) {
    this.variableScope = isVariableScope || !parent ? this : parent.variableScope;
    parent?.children.push(this);
  }
}

export class SymbolImpl implements SemanticSymbol {
  readonly declarations: DeclarationImpl[] = [];
  readonly references: ReferenceImpl[] = [];
  isValue = false;
  isType = false;
  exported = false;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly scope: ScopeImpl,
  ) {}

  get kind(): SymbolKind {
    return this.declarations[0]?.kind ?? 'variable';
  }
}

export interface DeclarationImpl extends Declaration {
  kind: SymbolKind;
  form: DeclarationForm;
  name: SyntaxNode;
  node: SyntaxNode;
  part?: SyntaxNode;
  value?: SyntaxNode;
  inPattern: boolean;
  typeOnly: boolean;
  exported: boolean;
  ambient: boolean;
}

export class ReferenceImpl implements Reference {
  isRead = false;
  isWrite = false;
  isInit = false;
  isDelete = false;
  inType = false;
  typeNamespace = false;
  writeValue?: SyntaxNode;
  symbol: SymbolImpl | undefined;
  resolution: Resolution = 'unresolved';

  constructor(
    readonly node: SyntaxNode,
    readonly name: string,
    readonly scope: ScopeImpl,
  ) {}
}

export interface ReferenceFlags {
  read?: boolean;
  write?: boolean;
  init?: boolean;
  delete?: boolean;
  inType?: boolean;
  typeNamespace?: boolean;
  writeValue?: SyntaxNode;
}

/** The bookkeeping shared by the Python and JavaScript builders. */
export class ModelBuilder {
  readonly scopes: ScopeImpl[] = [];
  readonly symbols: SymbolImpl[] = [];
  readonly references: ReferenceImpl[] = [];
  readonly referenceByNode = new Map<SyntaxNode, ReferenceImpl>();
  readonly declaredByName = new Map<SyntaxNode, SymbolImpl>();
  readonly createdScopes = new Map<SyntaxNode, ScopeImpl>();
  /** node → scope, recorded only where a node's scope differs from its parent's (see `scopeOf`). */
  readonly scopeBoundaries = new Map<SyntaxNode, ScopeImpl>();
  readonly namesInErrors = new Set<string>();

  constructor(readonly root: SyntaxNode) {}

  /** `register`: whether `scopeCreatedBy(node)` answers this scope (false for helper scopes such as annotation scopes). */
  newScope(kind: ScopeKind, node: SyntaxNode, parent: ScopeImpl | undefined, isVariableScope: boolean, register = true): ScopeImpl {
    const scope = new ScopeImpl(this.scopes.length, kind, node, parent, isVariableScope);
    this.scopes.push(scope);
    if (register) this.createdScopes.set(node, scope);
    return scope;
  }

  /** Records that `node` (and its subtree, unless recorded again deeper) runs in `scope`. */
  mark(node: SyntaxNode, scope: ScopeImpl) {
    this.scopeBoundaries.set(node, scope);
  }

  addReference(node: SyntaxNode, scope: ScopeImpl, flags: ReferenceFlags, name = node.text): ReferenceImpl {
    const reference = new ReferenceImpl(node, name, scope);
    reference.isRead = flags.read ?? false;
    reference.isWrite = flags.write ?? false;
    reference.isInit = flags.init ?? false;
    reference.isDelete = flags.delete ?? false;
    reference.inType = flags.inType ?? false;
    reference.typeNamespace = flags.typeNamespace ?? false;
    reference.writeValue = flags.writeValue;
    scope.references.push(reference);
    this.references.push(reference);
    this.referenceByNode.set(node, reference);
    return reference;
  }

  /** Adds a declaration to the scope's symbol of that name in the chosen namespaces, creating the symbol if needed. */
  declare(scope: ScopeImpl, declaration: DeclarationImpl, namespaces: { value: boolean; type: boolean }, name = declaration.name.text): SymbolImpl {
    let symbol = (namespaces.value ? scope.symbols.get(name) : undefined) ?? (namespaces.type ? scope.typeSymbols.get(name) : undefined);
    if (!symbol) {
      symbol = new SymbolImpl(this.symbols.length, name, scope);
      this.symbols.push(symbol);
    }
    if (namespaces.value && !scope.symbols.has(name)) scope.symbols.set(name, symbol);
    if (namespaces.type && !scope.typeSymbols.has(name)) scope.typeSymbols.set(name, symbol);
    symbol.isValue ||= namespaces.value;
    symbol.isType ||= namespaces.type;
    symbol.exported ||= declaration.exported;
    symbol.declarations.push(declaration);
    this.declaredByName.set(declaration.name, symbol);
    return symbol;
  }

  bindReference(reference: ReferenceImpl, symbol: SymbolImpl | undefined, fallback: Resolution) {
    reference.symbol = symbol;
    reference.resolution = symbol ? 'symbol' : fallback;
    symbol?.references.push(reference);
  }

  /** Collects identifier texts of an ERROR subtree; the subtree is bounded by the broken region. */
  collectErrorNames(node: SyntaxNode, identifierTypes: ReadonlySet<string>) {
    for (let d: SyntaxNode | undefined = node; d; d = nextInSubtree(d, node)) if (identifierTypes.has(d.type)) this.namesInErrors.add(d.text);
  }

  /** Marks scopes whose own code is dynamic, and their ancestors as containing dynamic code. */
  markDynamic(scope: ScopeImpl) {
    scope.dynamic = true;
    for (let s: ScopeImpl | undefined = scope; s && !s.dynamicWithin; s = s.parent) s.dynamicWithin = true;
  }
}

export interface ModelOptions {
  language: LanguageId;
  sourceType: 'module' | 'script';
  commonJS: boolean;
  declarationFile: boolean;
  hasStarImport: boolean;
  commentGlobals: ReadonlySet<string>;
  commentExported: ReadonlySet<string>;
  isBuiltin: (name: string) => boolean;
}

export class Model implements SemanticModel {
  readonly language: LanguageId;
  readonly globalScope: ScopeImpl;
  readonly scopes: readonly ScopeImpl[];
  readonly symbols: readonly SymbolImpl[];
  readonly references: readonly ReferenceImpl[];
  readonly unresolvedReferences: readonly ReferenceImpl[];
  readonly sourceType: 'module' | 'script';
  readonly commonJS: boolean;
  readonly declarationFile: boolean;
  readonly hasStarImport: boolean;
  readonly commentGlobals: ReadonlySet<string>;
  readonly commentExported: ReadonlySet<string>;
  readonly namesInErrors: ReadonlySet<string>;
  private readonly builder: ModelBuilder;
  private readonly builtin: (name: string) => boolean;

  constructor(builder: ModelBuilder, options: ModelOptions) {
    this.builder = builder;
    this.language = options.language;
    this.globalScope = builder.scopes[0];
    this.scopes = builder.scopes;
    this.symbols = builder.symbols;
    this.references = builder.references;
    this.unresolvedReferences = builder.references.filter((r) => r.resolution === 'unresolved');
    this.sourceType = options.sourceType;
    this.commonJS = options.commonJS;
    this.declarationFile = options.declarationFile;
    this.hasStarImport = options.hasStarImport;
    this.commentGlobals = options.commentGlobals;
    this.commentExported = options.commentExported;
    this.namesInErrors = builder.namesInErrors;
    this.builtin = options.isBuiltin;
  }

  resolve(identifier: SyntaxNode): SemanticSymbol | undefined {
    return this.builder.referenceByNode.get(identifier)?.symbol ?? this.builder.declaredByName.get(identifier);
  }

  referenceAt(identifier: SyntaxNode): Reference | undefined {
    return this.builder.referenceByNode.get(identifier);
  }

  symbolAt(node: SyntaxNode): SemanticSymbol | undefined {
    const direct = this.resolve(node);
    if (direct) return direct;
    const name = declaredNameOf(node);
    return name ? this.builder.declaredByName.get(name) : undefined;
  }

  scopeOf(node: SyntaxNode): Scope {
    for (let n: SyntaxNode | null = node; n; n = n.parent) {
      const scope = this.builder.scopeBoundaries.get(n);
      if (scope) return scope;
    }
    return this.globalScope;
  }

  scopeCreatedBy(node: SyntaxNode): Scope | undefined {
    return this.builder.createdScopes.get(node);
  }

  isBuiltin(name: string): boolean {
    return this.builtin(name);
  }

  isDynamic(scope: Scope): boolean {
    for (let s: Scope | undefined = scope; s; s = s.parent) if (s.dynamic) return true;
    return false;
  }
}

/** The name identifier of a construct that declares exactly one name through a `name` field. */
function declaredNameOf(node: SyntaxNode): SyntaxNode | undefined {
  const name = node.field('name');
  if (name && (name.type === 'identifier' || name.type === 'type_identifier')) return name;
  return undefined;
}
