import type { SyntaxNode } from '../parse/syntax-node.js';
import type { TextEdit } from '../types.js';
import type { Scope } from './index.js';

/** Helpers for rules built on the semantic model: suppression idioms of other tools, name suggestions, edits. */

/**
 * Whether a Python line range carries a `# noqa` that covers `code` (bare `# noqa`, or `# noqa: F401, E501`).
 * Code that says "the linter is wrong here" was reviewed by someone: rules that mirror those codes stay silent.
 */
export function hasNoqa(source: string, node: SyntaxNode, code: string): boolean {
  for (const line of linesOf(source, node.startRow, node.endRow)) {
    const match = /#\s*noqa\b(?::\s*([A-Za-z0-9,\s]+))?/i.exec(line);
    if (!match) continue;
    if (!match[1]) return true;
    if (match[1].split(/[\s,]+/).some((c) => c.toUpperCase() === code)) return true;
  }
  return false;
}

/**
 * Whether an ESLint directive disables one of `rules` for the node's first line: `// eslint-disable-line`,
 * `// eslint-disable-next-line` on the line before, or a file-wide `/* eslint-disable *\/` that names it or
 * no rule at all (and is not re-enabled; a directive inside the file is treated as file-wide: precision first).
 */
export function eslintDisabled(source: string, node: SyntaxNode, rules: readonly string[]): boolean {
  const lines = splitLines(source);
  const covers = (list: string | undefined) => {
    const names = (list ?? '').split('--')[0].split(',').map((s) => s.trim()).filter(Boolean);
    return names.length === 0 || names.some((n) => rules.includes(n));
  };
  const same = /eslint-disable-line\b([^*]*)/.exec(lines[node.startRow] ?? '');
  if (same && covers(same[1])) return true;
  const previous = /eslint-disable-next-line\b([^*]*)/.exec(lines[node.startRow - 1] ?? '');
  if (previous && covers(previous[1])) return true;
  for (const list of fileWideEslintDisables(source)) if (covers(list)) return true;
  return false;
}

// Rules ask these per finding, on the same file many times: the split and the scan are kept for the last source seen.
let lastSource: string | undefined;
let lastLines: string[] = [];
let lastDisables: string[] | undefined;

function splitLines(source: string): string[] {
  if (source !== lastSource) {
    lastSource = source;
    lastLines = source.split(/\r\n|\r|\n/);
    lastDisables = undefined;
  }
  return lastLines;
}

function fileWideEslintDisables(source: string): string[] {
  splitLines(source);
  lastDisables ??= [...source.matchAll(/\/\*\s*eslint-disable(?![-\w])([^*]*)\*\//g)].map((m) => m[1]);
  return lastDisables;
}

function linesOf(source: string, startRow: number, endRow: number): string[] {
  return splitLines(source).slice(startRow, endRow + 1);
}

/** Names a reference at `scope` could have meant: declared in the scope chain, or builtins listed by the caller. */
export function similarNames(name: string, scope: Scope, extra: Iterable<string> = []): string[] {
  const candidates = new Set<string>();
  for (let s: Scope | undefined = scope; s; s = s.parent) for (const key of s.symbols.keys()) candidates.add(key);
  for (const key of extra) candidates.add(key);
  candidates.delete(name);
  const lower = name.toLowerCase();
  const limit = name.length <= 2 ? 0 : name.length <= 5 ? 1 : 2;
  const found: Array<[string, number]> = [];
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) > Math.max(limit, 0)) {
      if (candidate.toLowerCase() !== lower) continue;
    }
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(name, candidate, limit);
    if (distance <= limit) found.push([candidate, distance]);
  }
  return found.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([c]) => c);
}

/** Optimal-string-alignment distance, giving up once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous2: number[] = [];
  let previous: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previous2[j - 2] + 1);
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous2 = previous;
    previous = row;
  }
  return previous[b.length];
}

/**
 * Edit removing one item of a comma-separated list (`import a, b`, `{ a, b }`): the item and the comma
 * after it, or, for the last item, the comma before it. Undefined when comments sit in the way.
 */
export function removeListItem(item: SyntaxNode, items: readonly SyntaxNode[]): TextEdit | undefined {
  const index = items.indexOf(item);
  if (index < 0 || items.length < 2) return undefined;
  const between = (from: SyntaxNode, to: SyntaxNode) => {
    const parent = from.parent;
    if (!parent) return true;
    return parent.children.some((c) => c.type === 'comment' && c.startIndex >= from.endIndex && c.endIndex <= to.startIndex);
  };
  if (index < items.length - 1) {
    const next = items[index + 1];
    if (between(item, next)) return undefined;
    return { startOffset: item.startIndex, endOffset: next.startIndex, text: '' };
  }
  const previous = items[index - 1];
  if (between(previous, item)) return undefined;
  return { startOffset: previous.endIndex, endOffset: item.endIndex, text: '' };
}

/**
 * Edit deleting a whole statement with its line, when nothing else shares its lines. If the statement
 * is the only one of its block, `replacement` (Python `pass`) keeps the block valid; without one, undefined.
 */
export function removeStatement(statement: SyntaxNode, source: string, blockTypes: ReadonlySet<string>, replacement?: string): TextEdit | undefined {
  const lineStart = source.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const before = source.slice(lineStart, statement.startIndex);
  if (before.trim() !== '') return undefined;
  let lineEnd = source.indexOf('\n', statement.endIndex);
  if (lineEnd < 0) lineEnd = source.length;
  const after = source.slice(statement.endIndex, lineEnd);
  // A trailing comment about the statement goes with it; a `;` or more code on the line stays out of reach.
  if (!/^\s*(#.*|\/\/.*)?\r?$/.test(after)) return undefined;
  const parent = statement.parent;
  const siblings = parent ? parent.children.filter((c) => c.isNamed && c.type !== 'comment') : [];
  if (parent && blockTypes.has(parent.type) && siblings.length === 1) {
    if (!replacement) return undefined;
    return { startOffset: statement.startIndex, endOffset: statement.endIndex, text: replacement };
  }
  const end = lineEnd < source.length ? lineEnd + 1 : lineEnd;
  return { startOffset: lineStart, endOffset: end, text: '' };
}

/** True when the identifier is the direct target of `x++`, `x += v` or `x ||= v` whose value is thrown away. */
export function isDiscardedSelfUpdate(identifier: SyntaxNode): boolean {
  let target = identifier;
  while (target.parent?.type === 'parenthesized_expression') target = target.parent;
  const parent = target.parent;
  if (!parent) return false;
  const isUpdate =
    (parent.type === 'update_expression' && parent.field('argument') === target) ||
    (parent.type === 'augmented_assignment_expression' && parent.field('left') === target);
  if (!isUpdate) return false;
  let outer = parent;
  while (outer.parent?.type === 'sequence_expression' || outer.parent?.type === 'parenthesized_expression') outer = outer.parent;
  const container = outer.parent;
  if (!container) return false;
  return container.type === 'expression_statement' || (container.type === 'for_statement' && outer.fieldName === 'increment');
}
