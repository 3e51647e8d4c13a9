import type { TypeDescription } from '../../analysis/type-provider.js';
import type { CodeRule, ReportDescriptor, RuleContext, Visitor } from '../../engine/rule.js';
import type { SyntaxNode } from '../../parse/syntax-node.js';

/**
 * Helpers shared by the type-aware `typescript/*` rules.
 *
 * How these rules share ground with the syntactic `javascript/*` rules: where a syntactic rule
 * already proves a pattern from the code alone, it reports, and the type-aware rule stays silent on
 * that node (it asks the syntactic rule, through `syntacticReports`, what it would say). The
 * type-aware rule reports only what needs types to prove: so each place gets one finding.
 */
export const TYPE_AWARE_LANGUAGES: CodeRule['meta']['languages'] = ['typescript', 'tsx', 'javascript'];

/**
 * What syntactic rules would report for one node: runs their handler for that node type on a
 * shadow context whose reports are collected, not published. Visitors are created once per file.
 */
export function syntacticReports(context: RuleContext, rules: CodeRule[]): (type: string, node: SyntaxNode) => ReportDescriptor[] {
  let captured: ReportDescriptor[] = [];
  let visitors: Visitor[] | undefined;
  return (type, node) => {
    visitors ??= rules.map((rule) => rule.create({ ...context, report: (descriptor) => captured.push(descriptor) }));
    captured = [];
    for (const visitor of visitors) visitor[type]?.(node);
    return captured;
  };
}

/** `Promise<User>`, `string | undefined`: a type description as one piece of text. */
export function typeText(type: TypeDescription | undefined, fallback = 'unknown'): string {
  return type && type.names.length > 0 ? type.names.join(' | ') : fallback;
}

/** Evidence entries naming a type and where it came from. */
export function typeEvidence(key: string, type: TypeDescription | undefined): Record<string, string> {
  if (!type) return {};
  return { [key]: typeText(type), [`${key}From`]: type.origin };
}

/**
 * The return type of a printed function type: `(value: T, index: number) => void` gives
 * `["void"]`; undefined when the text is not a plain function type (an alias name, an object type
 * with several call signatures, a constructor type).
 */
export function functionTypeReturns(text: string): string[] | undefined {
  let i = 0;
  const s = text.trim();
  if (s.startsWith('<')) {
    i = skipBalanced(s, 0);
    if (i < 0) return undefined;
  }
  if (s[i] !== '(') return undefined;
  const close = skipBalanced(s, i);
  if (close < 0) return undefined;
  const rest = s.slice(close).trimStart();
  if (!rest.startsWith('=>')) return undefined;
  return splitTopLevel(rest.slice(2).trim(), '|').map((t) => t.trim());
}

/** Index just after the bracket group opening at `start`, honouring `=>` and quoted text; -1 when unbalanced. */
function skipBalanced(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = s.indexOf(c, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (c === '=' && s[i + 1] === '>') i++;
    else if ('([{<'.includes(c)) depth++;
    else if (')]}>'.includes(c)) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function splitTopLevel(s: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = s.indexOf(c, i + 1);
      if (end < 0) break;
      i = end;
    } else if (c === '=' && s[i + 1] === '>') i++;
    else if ('([{<'.includes(c)) depth++;
    else if (')]}>'.includes(c)) depth--;
    else if (c === separator && depth === 0) {
      parts.push(s.slice(last, i));
      last = i + 1;
    }
  }
  parts.push(s.slice(last));
  return parts;
}

/** The line of a node, 1-based, for messages. */
export function lineOf(node: SyntaxNode): number {
  return node.startRow + 1;
}

/** Source text for evidence: whitespace collapsed, long text cut with an ellipsis. */
export function snippet(node: SyntaxNode, max = 60): string {
  const text = node.text.replace(/\s+/g, ' ').trim();
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
