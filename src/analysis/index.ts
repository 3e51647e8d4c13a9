import type { ParsedFile } from '../parse/parser.js';
import type { SyntaxNode } from '../parse/syntax-node.js';
import type { LanguageId } from '../types.js';
import { buildJavaScriptModel } from './javascript.js';
import { buildPythonModel } from './python.js';

/**
 * The analyze stage's product for one file: scopes, symbols and references.
 *
 * Built by one iterative walk of the file (no recursion, so 20,000-deep nesting is fine) plus a cheap
 * resolution pass, on first use by a rule (`context.semantic()`), and shared by every rule of the file.
 *
 * Vocabulary:
 * - A {@link Scope} is a region where names are declared: a module, function, class, block...
 * - A {@link SemanticSymbol} is one declared name in one scope, with every declaration of it
 *   (`var x` twice, overloads, `try: import a / except: a = None` are one symbol) and every reference.
 * - A {@link Reference} is one identifier that reads, writes or deletes a name. It resolves to a symbol,
 *   to a builtin/global of the environment, to an implicit name (`arguments`, `__class__`), or to nothing.
 *
 * Resolution is flow-insensitive: a name bound anywhere in a scope is that scope's name everywhere in it
 * (Python's rule for functions; for JavaScript it ignores the temporal dead zone). Rules that need order
 * compare node positions themselves.
 */
export interface SemanticModel {
  readonly language: LanguageId;
  /** The file's outermost scope (`module` or, for a JavaScript classic script, `script`). */
  readonly globalScope: Scope;
  /** Every scope, parents before children. */
  readonly scopes: readonly Scope[];
  readonly symbols: readonly SemanticSymbol[];
  readonly references: readonly Reference[];
  /** References that resolve to no symbol, no builtin and no implicit name. */
  readonly unresolvedReferences: readonly Reference[];
  /**
   * JavaScript family: `module` when the file has `import`/`export` statements, else `script`.
   * Python files are always `module`.
   */
  readonly sourceType: 'module' | 'script';
  /** JavaScript family: the file uses CommonJS (`require`, `module`, `exports` resolve to the environment). */
  readonly commonJS: boolean;
  /** TypeScript declaration file (`.d.ts`): every declaration is ambient. */
  readonly declarationFile: boolean;
  /** Python: a `from m import *` somewhere in the file, so any name may be defined by it. */
  readonly hasStarImport: boolean;
  /** JavaScript family: names declared by `/* global a, b:writable *\/` comments. */
  readonly commentGlobals: ReadonlySet<string>;
  /** JavaScript family: names listed in `/* exported a, b *\/` comments (used by other scripts). */
  readonly commentExported: ReadonlySet<string>;
  /**
   * Identifier texts found inside ERROR regions. Declarations and uses there are invisible to the model,
   * so rules stay silent about these names.
   */
  readonly namesInErrors: ReadonlySet<string>;

  /** The symbol an identifier refers to or declares, if any. */
  resolve(identifier: SyntaxNode): SemanticSymbol | undefined;
  /** The reference made by this identifier node, if it is one. */
  referenceAt(identifier: SyntaxNode): Reference | undefined;
  /**
   * The symbol at a node: for a reference, its target; for a declaring identifier, the symbol it declares;
   * for a declaring construct that introduces one name (a `def`, a `class`, a variable declarator with a
   * plain name), that name's symbol.
   */
  symbolAt(node: SyntaxNode): SemanticSymbol | undefined;
  /**
   * The scope the node's code runs in. Parts of a construct evaluated outside it count as outside:
   * a Python default value or decorator belongs to the enclosing scope, a parameter name to the function.
   */
  scopeOf(node: SyntaxNode): Scope;
  /** The scope a construct opens (a function, class, block, comprehension...), if it opens one. */
  scopeCreatedBy(node: SyntaxNode): Scope | undefined;
  /** Whether a name is a builtin (Python) or a known global of some environment (JavaScript: the union of all groups). */
  isBuiltin(name: string): boolean;
  /**
   * True when names in this scope may be read or created in ways the model cannot see: `eval`, `exec`,
   * `locals()`, `vars()` in Python, direct `eval` or `with` in JavaScript, in this scope or an enclosing one.
   */
  isDynamic(scope: Scope): boolean;
}

export type ScopeKind =
  /** Python module; JavaScript ES module. */
  | 'module'
  /** JavaScript classic script: top-level names are shared with other scripts. */
  | 'script'
  /** `def`, `function`, method, class static block. */
  | 'function'
  | 'arrow'
  | 'lambda'
  | 'class'
  /** Python comprehension or generator expression. */
  | 'comprehension'
  /** Python 3.12 annotation scope holding `def f[T]` / `class C[T]` / `type X[T]` type parameters. */
  | 'type-parameters'
  /** JavaScript `{ }` block, `switch` body. */
  | 'block'
  /** `for (let ...)` head and body. */
  | 'for'
  | 'catch'
  /** JavaScript `with` body: names may be properties of the object. */
  | 'with'
  /** TypeScript namespace / module body. */
  | 'namespace'
  /** TypeScript enum body (members are visible to later initialisers). */
  | 'enum'
  /** TypeScript type-level scope: interface, type alias, conditional (`infer`) or mapped type. */
  | 'type'
  /** TypeScript bodiless signature (overload, `declare function`, method signature, function type). */
  | 'signature';

export interface Scope {
  readonly id: number;
  readonly kind: ScopeKind;
  /** The construct that opens the scope (for the global scope, the root node). */
  readonly node: SyntaxNode;
  readonly parent: Scope | undefined;
  readonly children: readonly Scope[];
  /** The nearest scope at or above this one where `var` (JavaScript) or plain bindings (Python) land. */
  readonly variableScope: Scope;
  /** Value-namespace names declared here. */
  readonly symbols: ReadonlyMap<string, SemanticSymbol>;
  /**
   * TypeScript type-namespace names declared here: interfaces, type aliases, type parameters; classes,
   * enums, namespaces and non-type imports appear in both maps. Empty for Python and JavaScript.
   */
  readonly typeSymbols: ReadonlyMap<string, SemanticSymbol>;
  /** References whose identifier is directly in this scope. */
  readonly references: readonly Reference[];
  /** Python: names declared `global` here. */
  readonly globalNames: ReadonlySet<string>;
  /** Python: names declared `nonlocal` here. */
  readonly nonlocalNames: ReadonlySet<string>;
  /** This scope's own code uses a dynamic-name construct (see {@link SemanticModel.isDynamic}). */
  readonly dynamic: boolean;
  /** This scope or a nested one uses a dynamic-name construct. */
  readonly dynamicWithin: boolean;
}

export type SymbolKind =
  | 'variable'
  | 'parameter'
  | 'function'
  | 'class'
  | 'import'
  /** TypeScript interface or type alias; Python `type X = ...`. */
  | 'type'
  | 'type-parameter'
  | 'enum'
  | 'enum-member'
  | 'namespace';

/**
 * How a declaration introduces its name.
 * Python: `assignment` (`x = v`), `annotated-assignment` (`x: T = v`), `annotation` (`x: T`, no value),
 * `augmented-assignment` (`x += v`),
 * `walrus`, `for`, `comprehension-for`, `with`, `except`, `match`, `import`, `import-from`,
 * `future-import`, `def`, `class`, `parameter`, `type-parameter`, `type-alias`. A target inside a tuple,
 * list or starred target keeps its statement's form and has `inPattern` set.
 * JavaScript family: `var`, `let`, `const`, `using`, `function`, `function-expression-name`, `class`,
 * `class-expression-name`, `parameter`, `parameter-property`, `catch`, `import`, `import-equals`,
 * `interface`, `type-alias`, `type-parameter`, `enum`, `enum-member`, `namespace`, `function-signature`,
 * `infer`, `mapped-type-key`.
 */
export type DeclarationForm =
  | 'assignment'
  | 'annotated-assignment'
  | 'annotation'
  | 'augmented-assignment'
  | 'walrus'
  | 'for'
  | 'comprehension-for'
  | 'with'
  | 'except'
  | 'match'
  | 'import'
  | 'import-from'
  | 'future-import'
  | 'def'
  | 'class'
  | 'parameter'
  | 'type-parameter'
  | 'type-alias'
  | 'var'
  | 'let'
  | 'const'
  | 'using'
  | 'function'
  | 'function-expression-name'
  | 'class-expression-name'
  | 'parameter-property'
  | 'catch'
  | 'import-equals'
  | 'interface'
  | 'enum'
  | 'enum-member'
  | 'namespace'
  | 'function-signature'
  | 'infer'
  | 'mapped-type-key';

export interface Declaration {
  readonly kind: SymbolKind;
  readonly form: DeclarationForm;
  /** The identifier that names the symbol here. */
  readonly name: SyntaxNode;
  /**
   * The construct that declares it: Python `assignment`, `import_statement`, `function_definition`, a
   * parameter node, `for_statement`, `with_item`, `except_clause`...; JavaScript `variable_declarator`,
   * `import_statement`, `function_declaration`, a parameter node, `catch_clause`...
   */
  readonly node: SyntaxNode;
  /**
   * Imports: the piece that introduces just this name (Python `dotted_name` / `aliased_import`;
   * JavaScript `import_specifier`, `namespace_import`, the default-import identifier).
   */
  readonly part?: SyntaxNode;
  /** The value the declaration gives the name, when there is exactly one (`x = v`, `let x = v`). */
  readonly value?: SyntaxNode;
  /** The name comes out of a destructuring / unpacking pattern. */
  readonly inPattern: boolean;
  /** TypeScript: `import type`, `import { type X }`, interface, type alias, type parameter. */
  readonly typeOnly: boolean;
  /** JavaScript family: `export`ed declaration. */
  readonly exported: boolean;
  /** TypeScript: inside `declare`, `declare module`, `declare global`, or a `.d.ts` file. */
  readonly ambient: boolean;
}

export interface SemanticSymbol {
  readonly id: number;
  readonly name: string;
  /** The kind of the first declaration. */
  readonly kind: SymbolKind;
  readonly scope: Scope;
  readonly declarations: readonly Declaration[];
  readonly references: readonly Reference[];
  /** Declared in the value namespace (every Python and JavaScript symbol; TypeScript non-type symbols). */
  readonly isValue: boolean;
  /** Declared in the TypeScript type namespace. */
  readonly isType: boolean;
  /** Some declaration is exported (`export`, `export { x }`, `export default x`). */
  readonly exported: boolean;
}

export type Resolution = 'symbol' | 'builtin' | 'implicit' | 'unresolved';

export interface Reference {
  /** The identifier (`identifier`, `type_identifier`, `shorthand_property_identifier[_pattern]`). */
  readonly node: SyntaxNode;
  readonly name: string;
  /** The scope the identifier's code runs in. */
  readonly scope: Scope;
  /** Reads the current value (`x`, `x += 1`, `x++`, `f(x)`). */
  readonly isRead: boolean;
  /**
   * Stores a value: `x = 1`, `x += 1`, `x++`, `let x = 1`, `for x in ...`, `with ... as x`, a match capture.
   * Declarations that are not assignments (`def`, `class`, `import`, parameters) make no reference.
   */
  readonly isWrite: boolean;
  /** A write that gives a declaration its first value (`let x = 1`, `for (const x of xs)`), not a reassignment. */
  readonly isInit: boolean;
  /** Python `del x`. */
  readonly isDelete: boolean;
  /** Inside a type annotation or other type position (TypeScript types, Python annotations). */
  readonly inType: boolean;
  /** TypeScript: looked up in the type namespace (a `type_identifier` in a type). */
  readonly typeNamespace: boolean;
  /** For writes: the value stored, when it is one expression (`x = v`). */
  readonly writeValue?: SyntaxNode;
  readonly symbol: SemanticSymbol | undefined;
  readonly resolution: Resolution;
}

/** Builds the semantic model of a file, or undefined when the language has no analyser. */
export function buildSemanticModel(parsed: ParsedFile): SemanticModel | undefined {
  switch (parsed.file.language) {
    case 'python':
      return buildPythonModel(parsed);
    case 'javascript':
    case 'typescript':
    case 'tsx':
      return buildJavaScriptModel(parsed);
    default:
      return undefined;
  }
}
