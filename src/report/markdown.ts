import { languageForPath } from '../parse/languages.js';
import type { Finding } from '../types.js';
import { countBySeverity, groupByPath, plural, ruleIndex, type ReportInput } from './context.js';
import { escapeMarkdown, fence, inlineCode } from './markdown-escape.js';
import { applyEdits } from '../fix/apply.js';
import type { TextEdit } from '../types.js';
import { describeFixStatus, describeLlmUsage, isModelExplanation } from './llm.js';
import { assembleMarkdown, categoryChart, changedFilesSection, explanationBlock, fixAsLines, linesDiff, safeProse, suggestionAllowed, summaryLines, type FileSection } from './markdown-parts.js';

export const REPORT_MARKER = '<!-- revisor-report -->';
const EXCERPT_CONTEXT = 2;

/** Prose from code, rules or a model: HTML and Markdown syntax are neutralised, inline code spans are kept. */
function prose(text: string): string {
  return safeProse(text);
}

function anchor(path: string, line: number): string {
  return `${path}-L${line}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/** A review report for humans: verdict, summary, then one section per file with code excerpts. */
export function formatMarkdown(input: ReportInput): string {
  const counts = countBySeverity(input.findings);
  const failing = input.failOn && input.failOn !== 'never'
    // The analysis' severity, not a --llm-triage demotion: the verdict agrees with the exit code.
    ? input.findings.filter((f) => ['error', 'warning', 'info'].indexOf(f.triage?.originalSeverity ?? f.severity) <= ['error', 'warning', 'info'].indexOf(input.failOn as string)).length
    : 0;
  const out: string[] = [REPORT_MARKER, '# revisor review', ''];
  out.push(input.findings.length === 0
    ? `**Verdict: no findings** in ${plural(input.summary.filesAnalyzed, 'file')} analysed.`
    : `**Verdict: ${failing > 0 ? 'changes requested' : 'passes'}** — ${plural(input.findings.length, 'finding')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info) in ${plural(new Set(input.findings.map((f) => f.path)).size, 'file')}; ${plural(input.summary.filesAnalyzed, 'file')} analysed.`);
  out.push('');
  const summary = summaryLines(input);
  if (summary.length > 0) out.push(...summary, '');
  const categories = new Map<string, number>();
  for (const f of input.findings) categories.set(f.category, (categories.get(f.category) ?? 0) + 1);
  if (categories.size > 0) {
    out.push('| category | findings |', '| --- | ---: |');
    const sorted = [...categories].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const [category, count] of sorted) out.push(`| ${category} | ${count} |`);
    out.push('', ...categoryChart(sorted), '');
  }
  const rules = ruleIndex(input.rules);
  // Findings go into sections so that a bounded report (`maxLength`) can drop whole findings from the end.
  const sections: FileSection[] = [];
  for (const [path, findings] of groupByPath(input.findings)) {
    sections.push({ heading: [`## ${inlineCode(path)}`, '', ...fileChangeLine(path, input)], findings: findings.map((finding) => formatFinding(finding, input, rules.get(finding.ruleId)?.summary)) });
  }
  const head = out.splice(0, out.length);
  if (input.review) out.push(...changedFilesSection(input.review));
  if (input.notes.length > 0) {
    out.push('## Notes', '');
    for (const note of input.notes) out.push(`- ${inlineCode(note.path)}: ${escapeMarkdown(note.message)}`);
    out.push('');
  }
  if (input.llm) {
    out.push('## LLM usage', '', escapeMarkdown(describeLlmUsage(input.llm)), '');
    if (input.llm.fellBack.length > 0) {
      out.push('Findings that kept their offline explanation:', '');
      for (const f of input.llm.fellBack) out.push(`- [${inlineCode(`${f.path}:${f.line}`)}](#${anchor(f.path, f.line)}) ${inlineCode(f.ruleId)}: ${escapeMarkdown(f.reason)}`);
      out.push('');
    }
  }
  return assembleMarkdown(head, sections, out, input);
}

/** Under a file's heading in a review: how the file changed, when it is more than an edit. */
function fileChangeLine(path: string, input: ReportInput): string[] {
  const file = input.review?.files.find((f) => f.path === path);
  if (!file) return [];
  if (file.oldPath !== undefined) return [`_${file.status === 'copied' ? 'Copied' : 'Renamed'} from ${inlineCode(file.oldPath)}._`, ''];
  if (file.status === 'added' || file.status === 'untracked') return [`_New file${file.status === 'untracked' ? ', not yet committed' : ''}._`, ''];
  return [];
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
  if (finding.explanation) out.push('', ...explanationBlock(finding, input));
  else if (ruleSummary) out.push('', `_${escapeMarkdown(ruleSummary)}_`);
  if (input.llm) out.push(...formatLlmDetails(finding, input));
  // In a review, a verified fix whose lines were all added or changed is a GitHub suggestion; otherwise a diff.
  const fixLines = source && finding.fix?.verified && input.review ? fixAsLines(source.text, finding.fix.edits) : undefined;
  const fixDiff = source && finding.fix?.verified ? renderFixDiff(source.text, finding.fix.edits) : undefined;
  if (fixLines && suggestionAllowed(input, finding.path, fixLines.startLine, fixLines.endLine)) {
    out.push('', `Fix (verified), ${fixLines.startLine === fixLines.endLine ? `line ${fixLines.startLine}` : `lines ${fixLines.startLine}-${fixLines.endLine}`}: ${prose(finding.fix!.title)}`, '', fence(fixLines.replacement, 'suggestion'));
  } else if (fixDiff) {
    out.push('', `Fix (verified): ${prose(finding.fix!.title)}`, '', fence(fixDiff, 'diff'));
  } else if (finding.explanation?.suggestedFix) {
    out.push('', '<details><summary>Example fix from the rule\'s documentation (not verified on this code)</summary>', '', fence(finding.explanation.suggestedFix, languageForPath(finding.path)?.markdownTag ?? ''), '', '</details>');
  }
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

/**
 * What the LLM stage added to a finding. A verified fix is a `suggestion` block (GitHub applies those
 * from a review comment); an unverified one is plain code under a warning; a rejected one only its reason.
 */
function formatLlmDetails(finding: Finding, input: ReportInput): string[] {
  const explanation = finding.explanation!;
  const out: string[] = [];
  if (isModelExplanation(finding)) out.push('', `_Explained by ${inlineCode(explanation.source)}._`);
  else if (explanation.fallbackReason) out.push('', `_Offline explanation: the LLM's was not used (${escapeMarkdown(explanation.fallbackReason)})._`);
  if (explanation.likelyFalsePositive) out.push('', `> Likely false positive, according to the model: ${escapeMarkdown(explanation.likelyFalsePositive.reason)}`);
  if (finding.triage) out.push('', `> Shown as info by \`--llm-triage\`; the analysis reported it as ${finding.triage.originalSeverity}.`);
  const fix = explanation.fix;
  if (!fix) return out;
  const described = describeFixStatus(fix);
  const label = escapeMarkdown(`${described[0].toUpperCase()}${described.slice(1)}`);
  if (fix.replacement === undefined) out.push('', `_${label}._`);
  else if (fix.status === 'verified' && !suggestionAllowed(input, finding.path, fix.startLine, fix.endLine)) {
    // In a review, GitHub only applies suggestions to lines of the diff: outside it, show the change as a diff.
    const original = (input.sources.get(finding.path)?.text.split(/\r\n|\r|\n/) ?? []).slice(fix.startLine - 1, fix.endLine).join('\n');
    out.push('', `${label}:`, '', fence(linesDiff(fix.startLine, original, fix.replacement), 'diff'));
  } else out.push('', `${label}:`, '', fence(fix.replacement, fix.status === 'verified' ? 'suggestion' : (languageForPath(finding.path)?.markdownTag ?? '')));
  return out;
}
