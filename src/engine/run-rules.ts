import { Query, type Tree } from 'web-tree-sitter';
import { buildSemanticModel, type SemanticModel } from '../analysis/index.js';
import type { TypeProvider } from '../analysis/type-provider.js';
import type { TypeSession } from '../analysis/type-session.js';
import { nodeRange, type ParsedFile } from '../parse/parser.js';
import { nextInSubtree, type SyntaxNode } from '../parse/syntax-node.js';
import type { Finding, LanguageId, Note, Range, Severity, SourceFile } from '../types.js';
import { findingFingerprint } from './fingerprint.js';
import type { CodeRule, QueryRule, ReportDescriptor, Rule, RuleContext, TargetEnvironment, Visitor } from './rule.js';
import { parseSuppression, SuppressionIndex, type Suppression } from './suppressions.js';
import { interpolateCaptures, queryMayMatchText, ruleAppliesToPath, whereHolds } from './query-constraints.js';

/** A rule switched on for this run, with the severity configuration gave it. */
export interface ActiveRule {
  rule: Rule;
  severity: Severity;
}

export interface FileRuleResult {
  findings: Finding[];
  notes: Note[];
  suppressions: Suppression[];
}

export interface RunRulesOptions {
  reportUnusedIgnores?: boolean;
  target?: TargetEnvironment;
  /** Per-run type state; without it rules get no type answers. */
  typeSession?: TypeSession;
  /** The file's semantic model when it was built already (with a reused tree); else built on first need. */
  model?: SemanticModel;
}

interface CompiledQuerySet {
  query: Query;
  /** patternOwner[i] is the rule owning pattern i of the combined query. */
  patternOwner: ActiveRule[];
}

const compiledQueries = new Map<string, CompiledQuerySet | null>();

/**
 * All query rules of one language compiled into one tree-sitter query, so a file is matched in a
 * single native pass. Compiled once per language and rule set per process.
 */
function compileQueries(parsed: ParsedFile, tree: Tree, rules: ActiveRule[]): CompiledQuerySet | null {
  const queryRules = rules.filter((r): r is ActiveRule & { rule: QueryRule } => r.rule.kind === 'query');
  const key = `${parsed.file.language}\u0000${queryRules.map((r) => `${r.rule.meta.id}:${r.severity}`).join(',')}`;
  if (compiledQueries.has(key)) return compiledQueries.get(key)!;
  if (queryRules.length === 0) {
    compiledQueries.set(key, null);
    return null;
  }
  const language = tree.language;
  const patternOwner: ActiveRule[] = [];
  for (const active of queryRules) {
    // Pattern counts come from the query text's top-level forms; compiling each rule alone is only
    // needed when the combined query fails (see compileQueriesSafely), and compiling is costly.
    for (let i = 0; i < countTopLevelPatterns(active.rule.query); i++) patternOwner.push(active);
  }
  const combined = new Query(language, queryRules.map((r) => r.rule.query).join('\n'));
  if (combined.patternCount() !== patternOwner.length) {
    // The text scan miscounted (unusual syntax): fall back to exact per-rule counts.
    patternOwner.length = 0;
    for (const active of queryRules) {
      const single = new Query(language, active.rule.query);
      for (let i = 0; i < single.patternCount(); i++) patternOwner.push(active);
      single.delete();
    }
  }
  const compiled = { query: combined, patternOwner };
  compiledQueries.set(key, compiled);
  return compiled;
}

/** Top-level patterns of a query: parenthesised/bracketed forms and bare `_`/string patterns at depth 0, ignoring comments and strings. */
function countTopLevelPatterns(query: string): number {
  let depth = 0;
  let count = 0;
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (c === ';') {
      while (i < query.length && query[i] !== '\n') i++;
    } else if (c === '"') {
      if (depth === 0) count++;
      for (i++; i < query.length && query[i] !== '"'; i++) if (query[i] === '\\') i++;
    } else if (c === '(' || c === '[') {
      if (depth === 0) count++;
      depth++;
    } else if (c === ')' || c === ']') {
      depth--;
    }
  }
  return count;
}

function insideError(node: SyntaxNode): boolean {
  if (node.hasError) return true;
  for (const ancestor of node.ancestors()) if (ancestor.type === 'ERROR') return true;
  return false;
}

/** Finds the copied node that corresponds to a native node, by descending through ranges. */
function locateNode(root: SyntaxNode, startIndex: number, endIndex: number, type: string): SyntaxNode | undefined {
  let node = root;
  let fallback: SyntaxNode | undefined;
  for (;;) {
    if (node.startIndex === startIndex && node.endIndex === endIndex) {
      if (node.type === type) return node;
      fallback ??= node;
    }
    const next = node.children.find((c) => c.startIndex <= startIndex && endIndex <= c.endIndex && (c.endIndex > c.startIndex || startIndex === endIndex));
    if (!next) return fallback;
    node = next;
  }
}

/** Runs every active rule over one parsed file: one walk for code rules, one native pass for query rules. */
export function runRules(parsed: ParsedFile, rules: ActiveRule[], options: RunRulesOptions = {}): FileRuleResult {
  const language = parsed.file.language;
  const applicable = rules.filter((r) => r.rule.meta.languages.includes(language));
  const raw: Array<{ active: ActiveRule; descriptor: ReportDescriptor }> = [];
  const notes: Note[] = [];
  const commentTypes = new Set(parsed.spec.commentNodeTypes);
  const suppressions: Suppression[] = [];
  let model: { value: SemanticModel | undefined } | undefined;
  const semantic = () => (model ??= { value: options.model ?? buildSemanticModel(parsed) }).value;
  let typeProvider: { value: TypeProvider | undefined } | undefined;
  const types = () => (typeProvider ??= { value: options.typeSession?.providerFor(parsed, semantic()) }).value;

  const enter = new Map<string, RuleHandler[]>();
  const exit = new Map<string, RuleHandler[]>();
  const fileExit: RuleHandler[] = [];
  for (const active of applicable) {
    if (active.rule.kind !== 'code') continue;
    const context: RuleContext = {
      parsed,
      target: options.target ?? {},
      path: parsed.file.path,
      language,
      source: parsed.file.text,
      semantic,
      types,
      report: (descriptor) => raw.push({ active, descriptor }),
    };
    let visitor: Visitor;
    try {
      visitor = (active.rule as CodeRule).create(context);
    } catch (error) {
      notes.push(ruleFailure(parsed, active, error));
      continue;
    }
    for (const [key, handle] of Object.entries(visitor)) {
      const handler: RuleHandler = { handle, active, failed: false };
      if (key === 'file:exit') fileExit.push(handler);
      else if (key.endsWith(':exit')) push(exit, key.slice(0, -5), handler);
      else push(enter, key, handler);
    }
  }
  const failed = (handler: RuleHandler, error: unknown) => notes.push(ruleFailure(parsed, handler.active, error));

  walk(parsed.root, enter, exit, commentTypes, failed, (comment) => {
    const suppression = parseSuppression(comment);
    if (suppression) suppressions.push(suppression);
  });
  dispatch(fileExit, parsed.root, failed);

  const tree = parsed.tree;
  const queries = queryRulesFor(parsed.file, applicable);
  // A copy made from a compact tree has no native tree; the caller parses one when query rules apply.
  if (!tree && queries.length > 0) throw new Error(`${parsed.file.path}: query rules need the native syntax tree`);
  const compiled = tree ? compileQueriesSafely(parsed, tree, queries, notes) : null;
  if (compiled && tree) {
    const admitted = new Map<QueryRule, boolean>();
    for (const match of compiled.query.matches(tree.rootNode)) {
      const active = compiled.patternOwner[match.patternIndex];
      const rule = active.rule as QueryRule;
      if (!admitted.has(rule)) admitted.set(rule, ruleAppliesToPath(rule, parsed.file.path));
      if (!admitted.get(rule)) continue;
      const reportName = rule.reportCapture ?? 'report';
      const capture = match.captures.find((c) => c.name === reportName) ?? match.captures[0];
      if (!capture) continue;
      const node = locateNode(parsed.root, capture.node.startIndex, capture.node.endIndex, capture.node.type);
      if (!node) continue;
      const nativeCapture = (name: string) => match.captures.find((c) => c.name === name)?.node;
      const captured = (name: string) => {
        const native = nativeCapture(name);
        return native ? locateNode(parsed.root, native.startIndex, native.endIndex, native.type) : undefined;
      };
      if (!whereHolds(rule.where, captured, parsed.spec, semantic)) continue;
      const captureText = (name: string) => nativeCapture(name)?.text;
      const evidence: Record<string, string> = {};
      for (const c of match.captures) if (c.name !== reportName && !c.name.startsWith('_')) evidence[c.name] = c.node.text;
      const descriptor: ReportDescriptor = { node, message: interpolateCaptures(rule.message, captureText), evidence: Object.keys(evidence).length ? evidence : undefined };
      if (rule.fix !== undefined) {
        descriptor.fix = { title: `Replace with \`${interpolateCaptures(rule.fix, captureText)}\``, edits: [{ startOffset: node.startIndex, endOffset: node.endIndex, text: interpolateCaptures(rule.fix, captureText) }] };
      }
      raw.push({ active, descriptor });
    }
  }

  const index = new SuppressionIndex(suppressions);
  const findings: Finding[] = [];
  for (const { active, descriptor } of raw) {
    if (descriptor.node && insideError(descriptor.node)) continue;
    const range = descriptor.range ?? (descriptor.node ? nodeRange(descriptor.node) : undefined);
    if (!range) continue;
    if (index.suppresses(active.rule.meta.id, range.start.line)) continue;
    findings.push(makeFinding(parsed, active.rule.meta.id, active.severity, active.rule.meta.category, range, descriptor));
  }
  findings.push(...syntaxErrorFindings(parsed));
  if (options.reportUnusedIgnores) {
    for (const s of index.unused()) {
      const range = { start: { line: s.line, column: s.column }, end: { line: s.line, column: s.column } };
      const what = s.ruleIds.length ? s.ruleIds.join(', ') : 'all rules';
      findings.push(makeFinding(parsed, 'revisor/unused-ignore', 'warning', 'style', range, {
        message: `This revisor-ignore directive for ${what} suppresses nothing on line ${s.lines.join(' or ')}.`,
        evidence: { directive: what },
      }));
    }
  }
  assignFingerprints(parsed, findings);
  return { findings, notes, suppressions };
}

/**
 * The query rules that apply to the file and could match in it: a rule whose every pattern needs a
 * word the text does not contain (`typeof`, say) is not run, which spares a native pass over the
 * whole tree: on webpack, 370 of 563 files lack `typeof`, and the one YAML rule's passes went from
 * 200 to 150 ms of a run.
 */
export function queryRulesFor(file: SourceFile, active: readonly ActiveRule[]): ActiveRule[] {
  return active.filter((a) => a.rule.kind === 'query' && a.rule.meta.languages.includes(file.language) && queryMayMatchText(a.rule, file.text));
}

function compileQueriesSafely(parsed: ParsedFile, tree: Tree, rules: ActiveRule[], notes: Note[]): CompiledQuerySet | null {
  try {
    return compileQueries(parsed, tree, rules);
  } catch {
    // Find the culprit(s), drop them, and compile the rest.
    const healthy = rules.filter((active) => {
      if (active.rule.kind !== 'query') return true;
      try {
        new Query(tree.language, active.rule.query).delete();
        return true;
      } catch (error) {
        notes.push(ruleFailure(parsed, active, error));
        return false;
      }
    });
    try {
      return compileQueries(parsed, tree, healthy);
    } catch {
      return null;
    }
  }
}

function ruleFailure(parsed: ParsedFile, active: ActiveRule, error: unknown): Note {
  const reason = error instanceof Error ? error.message : String(error);
  return { path: parsed.file.path, kind: 'rule-error', message: `rule ${active.rule.meta.id} failed: ${reason.split('\n')[0]}` };
}

/** One visitor function of one rule; after it throws once it is not called again for the file. */
interface RuleHandler {
  handle: (node: SyntaxNode) => void;
  active: ActiveRule;
  failed: boolean;
}

/**
 * Calls the handlers on a node, each guarded on its own. (A wrapper closure per handler did the same;
 * guarding here instead measured the same time on webpack: the cost is the call itself.)
 */
function dispatch(handlers: RuleHandler[], node: SyntaxNode, failed: (handler: RuleHandler, error: unknown) => void): void {
  for (let i = 0; i < handlers.length; i++) {
    const handler = handlers[i];
    if (handler.failed) continue;
    try {
      handler.handle(node);
    } catch (error) {
      // One broken rule must not cost the file its other findings.
      handler.failed = true;
      failed(handler, error);
    }
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The one walk: iterative, skips ERROR subtrees, hands comments to the suppression collector. It
 * moves through the parent and sibling links of the copied tree, so it allocates nothing per node.
 */
function walk(
  root: SyntaxNode,
  enter: Map<string, RuleHandler[]>,
  exit: Map<string, RuleHandler[]>,
  commentTypes: Set<string>,
  failed: (handler: RuleHandler, error: unknown) => void,
  onComment: (node: SyntaxNode) => void,
) {
  let node = root;
  for (;;) {
    const type = node.type;
    if (commentTypes.has(type)) onComment(node);
    let descend = true;
    if (type === 'ERROR') {
      // Comments inside broken regions may still carry suppressions; no rule sees the region.
      for (let d: SyntaxNode | undefined = node; d; d = nextInSubtree(d, node)) if (d !== node && commentTypes.has(d.type)) onComment(d);
      descend = false;
    } else {
      const handlers = enter.get(type);
      if (handlers) dispatch(handlers, node, failed);
    }
    if (descend && node.children.length > 0) {
      node = node.children[0];
      continue;
    }
    // Leave this node, and every ancestor whose last child it closes, until a next sibling is found.
    for (;;) {
      if (node.type !== 'ERROR') {
        const handlers = exit.get(node.type);
        if (handlers) dispatch(handlers, node, failed);
      }
      if (node === root) return;
      const parent = node.parent!;
      const next = parent.children[node.indexInParent + 1];
      if (next) {
        node = next;
        break;
      }
      node = parent;
    }
  }
}

const MAX_SYNTAX_FINDINGS = 20;

function syntaxErrorFindings(parsed: ParsedFile): Finding[] {
  const findings: Finding[] = [];
  for (const range of parsed.errorRanges.slice(0, MAX_SYNTAX_FINDINGS)) {
    findings.push(makeFinding(parsed, 'revisor/syntax-error', 'info', 'bug', range, {
      message: `The parser could not understand lines ${range.start.line}-${range.end.line}; no rule runs inside this region.`,
      evidence: {
        unparsedLines: `${parsed.unparsedLines} of ${parsed.totalLines}`,
        regions: String(parsed.errorRanges.length),
      },
    }));
  }
  return findings;
}

function makeFinding(
  parsed: ParsedFile,
  ruleId: string,
  severity: Severity,
  category: Finding['category'],
  range: Range,
  descriptor: ReportDescriptor,
): Finding {
  const finding: Finding = {
    ruleId,
    severity,
    category,
    message: descriptor.message,
    path: parsed.file.path,
    range,
    fingerprint: '',
  };
  if (descriptor.evidence && Object.keys(descriptor.evidence).length > 0) finding.evidence = descriptor.evidence;
  if (descriptor.fix) finding.fix = descriptor.fix;
  return finding;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.path, b.path) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column ||
    a.range.end.line - b.range.end.line ||
    a.range.end.column - b.range.end.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message)
  );
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function assignFingerprints(parsed: ParsedFile, findings: Finding[]) {
  findings.sort(compareFindings);
  const lines = parsed.file.text.split(/\r\n|\r|\n/);
  const seen = new Map<string, number>();
  for (const finding of findings) {
    const lineText = lines[finding.range.start.line - 1] ?? '';
    const symbol = enclosingSymbol(parsed, finding.range);
    const key = `${finding.ruleId}\u0000${lineText.trim()}\u0000${symbol}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    finding.fingerprint = findingFingerprint(finding.ruleId, lineText, symbol, occurrence);
  }
}

/** Dotted names of the functions and classes around a position, e.g. `Parser.parse`. */
export function enclosingSymbol(parsed: ParsedFile, range: Range): string {
  const names: string[] = [];
  const symbolTypes = parsed.spec.symbolNodeTypes;
  let node: SyntaxNode | undefined = parsed.root;
  const row = range.start.line - 1;
  const column = range.start.column - 1;
  while (node) {
    const path = symbolTypes[node.type];
    if (path && node !== parsed.root) {
      let named: SyntaxNode | undefined = node;
      for (const field of path.split('.')) named = named?.field(field);
      if (named) names.push(named.text);
    }
    node = node.children.find((c) => startsBeforeOrAt(c, row, column) && endsAfter(c, row, column));
  }
  return names.join('.');
}

function startsBeforeOrAt(node: SyntaxNode, row: number, column: number) {
  return node.startRow < row || (node.startRow === row && node.startColumn <= column);
}

function endsAfter(node: SyntaxNode, row: number, column: number) {
  return node.endRow > row || (node.endRow === row && node.endColumn > column);
}

export type { LanguageId };
