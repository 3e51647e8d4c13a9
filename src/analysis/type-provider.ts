import type { SyntaxNode } from '../parse/syntax-node.js';

/**
 * The one question rules ask about types: "what is the type of this node?". Two engines answer it
 * behind this interface: the tree-sitter inference pass (Python, JavaScript) and the TypeScript
 * checker (TS/JS files governed by a tsconfig/jsconfig). Rules never know which one answered.
 *
 * Every answer is sound-leaning: undefined means "not known", and a rule then stays silent.
 */
export interface TypeDescription {
  /**
   * Type names, one per union member, in the JSON shape of `revisor types`: `["int"]`,
   * `["str", "None"]`, `["list[int]"]`, `["Promise<string>"]`, class names for instances.
   */
  names: string[];
  /** Where the type came from, for evidence: `assigned at line 3`, `annotation at line 2`, `TypeScript checker`. */
  origin: string;
}

export interface ParameterDescription {
  name: string;
  optional: boolean;
  /** `*args` / `...rest`. */
  rest: boolean;
  /** Python keyword-only / `**kwargs`. */
  keywordOnly?: boolean;
  keywords?: boolean;
  type?: TypeDescription;
}

export interface SignatureDescription {
  parameters: ParameterDescription[];
  returns?: TypeDescription;
  /**
   * Optional: true when the function is only declared, not implemented, in the analysed sources (an
   * interface or type member, `declare`, a .d.ts file): an API the code calls into. False when its
   * body is in the project. Undefined when the engine cannot tell.
   */
  external?: boolean;
}

export type SymbolCategory = 'function' | 'constructor' | 'class' | 'enum' | 'variable' | 'module';

export interface TypeProvider {
  /** Which engine answers: shown in evidence and in `revisor types`. */
  readonly engine: 'tree-sitter' | 'typescript';
  typeOf(node: SyntaxNode): TypeDescription | undefined;
  /** True/false when known; undefined when the engine cannot tell. */
  isPromiseLike(node: SyntaxNode): boolean | undefined;
  isArrayLike(node: SyntaxNode): boolean | undefined;
  /** Element type of an array, list, set, tuple or iterable. */
  elementType(node: SyntaxNode): TypeDescription | undefined;
  /** Call signatures of a callee expression. */
  callSignatures(node: SyntaxNode): SignatureDescription[] | undefined;
  /** What the symbol an identifier or member refers to is. */
  symbolCategory(node: SyntaxNode): SymbolCategory | undefined;
  /**
   * Optional: whether the value of an expression used as a condition is truthy (or falsy) on every
   * evaluation, proven from its type (an object or function type, `null`/`undefined`, a truthy or
   * falsy literal type); undefined when it can be either or the engine cannot tell. Type names alone
   * cannot prove this (an alias name may stand for a primitive), so engines that can answer implement it.
   */
  truthiness?(node: SyntaxNode): 'truthy' | 'falsy' | undefined;
}
