import { languageForPath } from '../parse/languages.js';
import type { Finding } from '../types.js';
import { countBySeverity, groupByPath, plural, ruleIndex, type ReportInput } from './context.js';
import { escapeMarkdown, fence, inlineCode } from './markdown-escape.js';
import { applyEdits } from '../fix/apply.js';
import type { TextEdit } from '../types.js';

export const REPORT_MARKER = '<!-- revisor-report -->';
const EXCERPT_CONTEXT = 2;

/** Prose from code or rules: HTML is neutralised, inline code spans are kept. */
function prose(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

function anchor(path: string, line: number): string {
  return `${path}-L${line}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/** A review report for humans: verdict, summary, then one section per file with code excerpts. */
export function formatMarkdown(input: ReportInput): string {
  const counts = countBySeverity(input.findings);
  const failing = input.failOn && input.failOn !== 'never'
    ? input.findings.filter((f) => ['error', 'warning', 'info'].indexOf(f.severity) <= ['error', 'warning', 'info'].indexOf(input.failOn as string)).length
    : 0;
  const out: string[] = [REPORT_MARKER, '# revisor review', ''];
  out.push(input.findings.length === 0
    ? `**Verdict: no findings** in ${plural(input.summary.filesAnalyzed, 'file')} analysed.`
    : `**Verdict: ${failing > 0 ? 'changes requested' : 'passes'}** — ${plural(input.findings.length, 'finding')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info) in ${plural(new Set(input.findings.map((f) => f.path)).size, 'file')}; ${plural(input.summary.filesAnalyzed, 'file')} analysed.`);
  out.push('');
  const categories = new Map<string, number>();
  for (const f of input.findings) categories.set(f.category, (categories.get(f.category) ?? 0) + 1);
  if (categories.size > 0) {
    out.push('| category | findings |', '| --- | ---: |');
    for (const [category, count] of [...categories].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) out.push(`| ${category} | ${count} |`);
    out.push('');
  }
  const rules = ruleIndex(input.rules);
  for (const [path, findings] of groupByPath(input.findings)) {
    out.push(`## ${inlineCode(path)}`, '');
    for (const finding of findings) out.push(...formatFinding(finding, input, rules.get(finding.ruleId)?.summary), '');
  }
  if (input.notes.length > 0) {
    out.push('## Notes', '');
    for (const note of input.notes) out.push(`- ${inlineCode(note.path)}: ${escapeMarkdown(note.message)}`);
    out.push('');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function formatFinding(finding: Finding, input: ReportInput, ruleSummary: string | undefined): string[] {
  const line = finding.range.start.line;
  const out = [
    `### <a id="${anchor(finding.path, line)}"></a>${inlineCode(`${finding.path}:${line}`)} — ${finding.severity} ${inlineCode(finding.ruleId)}`,
    '',
    prose(finding.message),
  ];
  const source = input.sources.get(finding.path);
  if (source) {
    const lines = source.text.split(/\r\n|\r|\n/);
    const first = Math.max(1, line - EXCERPT_CONTEXT);
    const last = Math.min(lines.length, finding.range.end.line + EXCERPT_CONTEXT);
    const width = String(last).length;
    const excerpt = [];
    for (let n = first; n <= last; n++) {
      const marker = n >= line && n <= finding.range.end.line ? '>' : ' ';
      excerpt.push(`${marker} ${String(n).padStart(width)} | ${lines[n - 1]}`);
    }
    out.push('', fence(excerpt.join('\n'), languageForPath(finding.path)?.markdownTag ?? ''));
  }
  if (finding.evidence) {
    out.push('', '<details><summary>Evidence</summary>', '');
    for (const [key, value] of Object.entries(finding.evidence).sort(([a], [b]) => (a < b ? -1 : 1))) out.push(`- ${escapeMarkdown(key)}: ${inlineCode(value)}`);
    out.push('', '</details>');
  }
  if (finding.explanation) out.push('', prose(finding.explanation.text));
  else if (ruleSummary) out.push('', `_${escapeMarkdown(ruleSummary)}_`);
  const fixDiff = source && finding.fix?.verified ? renderFixDiff(source.text, finding.fix.edits) : undefined;
  if (fixDiff) out.push('', `Fix (verified): ${prose(finding.fix!.title)}`, '', fence(fixDiff, 'diff'));
  else if (finding.explanation?.suggestedFix) out.push('', 'Suggested change (not verified):', '', fence(finding.explanation.suggestedFix, languageForPath(finding.path)?.markdownTag ?? ''));
  return out;
}

/** The lines a fix changes, before and after, as a minimal diff. */
function renderFixDiff(text: string, edits: TextEdit[]): string | undefined {
  let fixed: string;
  try {
    fixed = applyEdits(text, edits);
  } catch {
    return undefined;
  }
  const before = text.split(/\r\n|\r|\n/);
  const after = fixed.split(/\r\n|\r|\n/);
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const removed = before.slice(head, before.length - tail).map((l) => `-${l}`);
  const added = after.slice(head, after.length - tail).map((l) => `+${l}`);
  return [`@@ line ${head + 1} @@`, ...removed, ...added].join('\n');
}
