import picomatch from 'picomatch';
import type { SemanticModel } from '../analysis/index.js';
import { inferLiteralType } from '../analysis/literal-types.js';
import type { LanguageSpec } from '../parse/languages.js';
import type { SyntaxNode } from '../parse/syntax-node.js';
import type { QueryRule, WhereClause } from './rule.js';

const matcherCache = new Map<string, (path: string) => boolean>();

function matcher(globs: string[]): (path: string) => boolean {
  const key = globs.join('\u0000');
  let match = matcherCache.get(key);
  if (!match) {
    match = picomatch(globs, { dot: true });
    matcherCache.set(key, match);
  }
  return match;
}

/** Whether a query rule's `files` / `ignores` globs admit this path. */
export function ruleAppliesToPath(rule: QueryRule, path: string): boolean {
  if (rule.files && rule.files.length > 0 && !matcher(rule.files)(path)) return false;
  if (rule.ignores && rule.ignores.length > 0 && matcher(rule.ignores)(path)) return false;
  return true;
}

function enclosingFunctionNames(node: SyntaxNode, spec: LanguageSpec): string[] {
  const names: string[] = [];
  const functionTypes = new Set(spec.functionNodeTypes);
  for (const ancestor of node.ancestors()) {
    if (!functionTypes.has(ancestor.type)) continue;
    const path = spec.symbolNodeTypes[ancestor.type];
    let named: SyntaxNode | undefined = ancestor;
    if (path) for (const field of path.split('.')) named = named?.field(field);
    else named = ancestor.field('name');
    if (!named && ancestor.parent?.type === 'variable_declarator') named = ancestor.parent.field('name');
    names.push(named?.text ?? '');
  }
  return names;
}

function insideLoopBody(node: SyntaxNode, spec: LanguageSpec): boolean {
  const loops = new Set(spec.loopNodeTypes);
  const functions = new Set(spec.functionNodeTypes);
  for (const ancestor of node.ancestors()) {
    if (functions.has(ancestor.type)) return false;
    if (loops.has(ancestor.type)) return true;
  }
  return false;
}

/** Evaluates a rule's `where` clauses against the nodes its match captured. */
export function whereHolds(clauses: WhereClause[] | undefined, captured: (name: string) => SyntaxNode | undefined, spec: LanguageSpec, model: () => SemanticModel | undefined): boolean {
  for (const clause of clauses ?? []) {
    const node = captured(clause.capture);
    if (!node) return false;
    if (clause.type || clause.notType) {
      const type = inferLiteralType(node, spec, model());
      if (clause.type && (!type || !clause.type.includes(type))) return false;
      // Unknown is not "not X": a rule never fires on code it cannot understand.
      if (clause.notType && (!type || clause.notType.includes(type))) return false;
    }
    if (clause.insideLoop !== undefined && insideLoopBody(node, spec) !== clause.insideLoop) return false;
    if (clause.insideFunction !== undefined) {
      const pattern = new RegExp(clause.insideFunction);
      if (!enclosingFunctionNames(node, spec).some((name) => pattern.test(name))) return false;
    }
    if (clause.notInsideFunction !== undefined) {
      const pattern = new RegExp(clause.notInsideFunction);
      if (enclosingFunctionNames(node, spec).some((name) => pattern.test(name))) return false;
    }
  }
  return true;
}

/** Replaces `{{name}}` with the text of capture `name`; unknown names stay as written. */
export function interpolateCaptures(template: string, text: (name: string) => string | undefined): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, name: string) => text(name) ?? whole);
}

/** The capture names a template or clause list refers to, for validation at load time. */
export function referencedCaptures(rule: Pick<QueryRule, 'message' | 'fix' | 'where' | 'reportCapture'>): string[] {
  const names = new Set<string>();
  for (const template of [rule.message, rule.fix ?? '']) for (const m of template.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)) names.add(m[1]);
  for (const clause of rule.where ?? []) names.add(clause.capture);
  if (rule.reportCapture) names.add(rule.reportCapture);
  return [...names];
}

/**
 * A query pattern as far as the words it requires go: quoted tokens, nodes (with their children),
 * alternations, and everything else (node types, wildcards, anchors), each perhaps optional.
 */
type QueryItem =
  | { kind: 'token'; text: string; optional: boolean }
  | { kind: 'node'; items: QueryItem[]; skip: boolean; optional: boolean }
  | { kind: 'alternation'; items: QueryItem[]; optional: boolean }
  | { kind: 'other'; optional: boolean };

/** A keyword-like token: one that appears in the source exactly as written in the query. */
const WORD = /^[A-Za-z_$][\w$]*$/;

/**
 * For each top-level pattern of a tree-sitter query, the words (quoted keyword tokens such as
 * `"typeof"`) that every match of the pattern contains: a file whose text lacks one of them cannot
 * match that pattern. Tokens under `?` or `*`, in alternations, in predicates and in `MISSING` nodes
 * (which have no text) are not required. Operators and punctuation are left out too: only words are
 * looked for.
 */
export function requiredWords(query: string): string[][] {
  let i = 0;
  const skipLayout = () => {
    for (;;) {
      while (i < query.length && /\s/.test(query[i])) i++;
      if (query[i] !== ';') return;
      while (i < query.length && query[i] !== '\n') i++;
    }
  };
  const sequence = (): QueryItem[] => {
    const items: QueryItem[] = [];
    for (;;) {
      skipLayout();
      const c = query[i];
      if (c === undefined || c === ')' || c === ']') return items;
      if (c === '"') {
        let text = '';
        let escaped = false;
        for (i++; i < query.length && query[i] !== '"'; i++) {
          if (query[i] === '\\') {
            escaped = true;
            i++;
          }
          text += query[i];
        }
        i++;
        items.push(escaped ? { kind: 'other', optional: false } : { kind: 'token', text, optional: false });
      } else if (c === '(' || c === '[') {
        i++;
        skipLayout();
        const head = /^[^\s()[\]"]*/.exec(query.slice(i, i + 64))?.[0] ?? '';
        const items2 = sequence();
        i++;
        if (c === '[') items.push({ kind: 'alternation', items: items2, optional: false });
        else items.push({ kind: 'node', items: items2, skip: head.startsWith('#') || head === 'MISSING', optional: false });
      } else if (c === '?' || c === '*' || c === '+') {
        i++;
        const previous = items[items.length - 1];
        if (previous && c !== '+') previous.optional = true;
      } else {
        // A node type, field name, capture, negated field, wildcard or anchor: one run of other characters.
        const start = i;
        while (i < query.length && !/[\s()[\]"?*+;]/.test(query[i])) i++;
        if (i === start) i++;
        const word = query.slice(start, i);
        if (!word.startsWith('@') && !word.endsWith(':')) items.push({ kind: 'other', optional: false });
      }
    }
  };
  const required = (item: QueryItem): Set<string> => {
    if (item.optional) return new Set();
    switch (item.kind) {
      case 'token':
        return new Set(WORD.test(item.text) ? [item.text] : []);
      case 'node':
        return item.skip ? new Set() : new Set(item.items.flatMap((child) => [...required(child)]));
      case 'alternation': {
        // What every alternative requires.
        const [first, ...rest] = item.items.map(required);
        return new Set([...(first ?? [])].filter((word) => rest.every((other) => other.has(word))));
      }
      default:
        return new Set();
    }
  };
  const patterns: string[][] = [];
  while (i < query.length) {
    for (const item of sequence()) if (item.kind !== 'other') patterns.push([...required(item)].sort());
    // An unbalanced closing bracket: the query does not compile anyway; stop rather than loop.
    if (i < query.length) break;
  }
  return patterns;
}

const wordsByQuery = new Map<string, string[][]>();

/** Whether some pattern of the rule's query could match in this text (see `requiredWords`). */
export function queryMayMatchText(rule: QueryRule, text: string): boolean {
  let patterns = wordsByQuery.get(rule.query);
  if (!patterns) {
    patterns = requiredWords(rule.query);
    wordsByQuery.set(rule.query, patterns);
  }
  return patterns.length === 0 || patterns.some((words) => words.every((word) => text.includes(word)));
}
