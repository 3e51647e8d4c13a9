import type { RuleMeta } from '../engine/rule.js';
import type { Finding, LlmRunSummary, Note, RunSummary, Severity, SourceFile } from '../types.js';
import type { ReviewSummary } from '../collect/diff/types.js';

/** Everything a formatter may read. Formatters are pure functions of this. */
export interface ReportInput {
  findings: Finding[];
  notes: Note[];
  summary: RunSummary;
  rules: RuleMeta[];
  /** File texts by path, for code excerpts. */
  sources: Map<string, SourceFile>;
  toolVersion: string;
  color?: boolean;
  failOn?: Severity | 'never';
  /** Present when the LLM explain stage ran: formatters print explanations' sources, fix states and this footer. */
  llm?: LlmRunSummary;
  /** Present for `revisor review`: what was compared, the changed lines, what the filters hid. */
  review?: ReviewSummary;
  /** Analysis time to print in the summary; absent when output must be deterministic (`--no-timing`). */
  elapsedMs?: number;
  /** Markdown: the most characters the report may have (GitHub's comment limit is 65,536); the rest is summarised. */
  maxLength?: number;
  /** Markdown: where the full report is, named when a bounded report leaves findings out. */
  fullReport?: { path?: string; url?: string };
}

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

export function groupByPath(findings: Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.path);
    if (list) list.push(f);
    else groups.set(f.path, [f]);
  }
  return groups;
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

export function ruleIndex(rules: RuleMeta[]): Map<string, RuleMeta> {
  return new Map(rules.map((r) => [r.id, r]));
}

export function lineOf(source: SourceFile | undefined, line: number): string {
  if (!source) return '';
  return source.text.split(/\r\n|\r|\n/)[line - 1] ?? '';
}
