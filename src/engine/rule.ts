import type { SemanticModel } from '../analysis/index.js';
import type { TypeProvider } from '../analysis/type-provider.js';
import type { ParsedFile } from '../parse/parser.js';
import type { SyntaxNode } from '../parse/syntax-node.js';
import type { Category, Fix, LanguageId, Range, Severity } from '../types.js';

/** The four fixed headings every rule's documentation uses. */
export interface RuleDocs {
  /** What it flags. */
  what: string;
  /** Why it matters. */
  why: string;
  /** Example of flagged code. */
  example: string;
  /** Use instead. */
  useInstead: string;
}

export interface RuleMeta {
  /** `<language>/<kebab-name>`: the stem after the slash is shared by the same rule in other languages. */
  id: string;
  languages: LanguageId[];
  severity: Severity;
  category: Category;
  /** One imperative line, shown by `revisor rules`. */
  summary: string;
  docs: RuleDocs;
  /** Whether some findings carry a deterministic fix. */
  fixable?: boolean;
  /** Another tool's rule this one mirrors, so users can map their old configuration. */
  provenance?: string;
  /** Where the rule was defined (a file path), for error messages about it. */
  source?: string;
}

export interface ReportDescriptor {
  /** The node the finding points at; its range is used unless `range` is given. */
  node?: SyntaxNode;
  range?: Range;
  message: string;
  evidence?: Record<string, string>;
  fix?: Fix;
}

/**
 * What the analysed code targets, read from pyproject.toml / package.json / CMakeLists.txt or config.
 * A field is undefined when nothing says; rules that depend on it then stay silent.
 */
export interface TargetEnvironment {
  /** Lowest Python version the project supports, e.g. `[3, 8]`. */
  python?: [number, number];
  /** Lowest Node.js major version, from `engines.node`. */
  node?: number;
  /** ECMAScript edition year the code may use, e.g. 2022. */
  ecmaVersion?: number;
  /** C++ standard year, e.g. 17 or 20. */
  cppStandard?: number;
}

export interface RuleContext {
  readonly parsed: ParsedFile;
  readonly target: TargetEnvironment;
  readonly path: string;
  readonly language: LanguageId;
  readonly source: string;
  /** Scopes, symbols and references of the file (built once, on first use); undefined when the language has no analyser. */
  semantic(): SemanticModel | undefined;
  /** Types of expressions (tree-sitter inference or the TypeScript checker); undefined when no engine covers the file. */
  types(): TypeProvider | undefined;
  report(descriptor: ReportDescriptor): void;
}

/** Handlers keyed by node type; `<type>:exit` runs after the subtree, `file:exit` after the whole walk. */
export type Visitor = Record<string, (node: SyntaxNode) => void>;

export interface CodeRule {
  kind: 'code';
  meta: RuleMeta;
  create(context: RuleContext): Visitor;
}

/** A constraint on one capture of a query rule; every clause of a rule must hold. */
export interface WhereClause {
  capture: string;
  /** The capture's inferred type is one of these. */
  type?: string[];
  /** The capture's inferred type is known and is none of these. */
  notType?: string[];
  insideLoop?: boolean;
  /** Regular expression over the name of an enclosing function. */
  insideFunction?: string;
  notInsideFunction?: string;
}

/** A tree-sitter query with a message template: `{{capture}}` in the message is replaced by the capture's text. */
export interface QueryRule {
  kind: 'query';
  meta: RuleMeta;
  query: string;
  message: string;
  /** The capture whose range is reported; defaults to `@report`, else the first capture of the match. */
  reportCapture?: string;
  where?: WhereClause[];
  /** Replacement text for the reported node, with `{{capture}}` placeholders. */
  fix?: string;
  /** Globs (relative to the root) limiting the files the rule runs on. */
  files?: string[];
  ignores?: string[];
}

export type Rule = CodeRule | QueryRule;

export function defineCodeRule(meta: RuleMeta, create: CodeRule['create']): CodeRule {
  return { kind: 'code', meta, create };
}

export function defineQueryRule(meta: RuleMeta, query: string, message: string, reportCapture?: string): QueryRule {
  return { kind: 'query', meta, query, message, reportCapture };
}

export const JS_FAMILY: LanguageId[] = ['javascript', 'typescript', 'tsx'];
