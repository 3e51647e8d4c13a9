import type { Finding, Severity } from '../types.js';
import { countBySeverity, groupByPath, plural, type ReportInput } from './context.js';
import { describeFixStatus, describeLlmUsage, isModelExplanation } from './llm.js';

const ANSI = { red: '\u001b[31m', yellow: '\u001b[33m', blue: '\u001b[34m', dim: '\u001b[2m', bold: '\u001b[1m', underline: '\u001b[4m', reset: '\u001b[0m' };
const SEVERITY_COLOUR: Record<Severity, string> = { error: ANSI.red, warning: ANSI.yellow, info: ANSI.blue };

/** Human-readable output grouped by file, in the spirit of ESLint's stylish formatter. */
export function formatText(input: ReportInput): string {
  const paint = (code: string, text: string) => (input.color ? `${code}${text}${ANSI.reset}` : text);
  const out: string[] = [];
  for (const [path, findings] of groupByPath(input.findings)) {
    out.push(paint(ANSI.underline, path));
    const width = Math.max(...findings.map((f) => `${f.range.start.line}:${f.range.start.column}`.length));
    for (const finding of findings) {
      out.push(formatLine(finding, width, paint));
      if (input.llm) out.push(...formatLlmDetails(finding, paint));
    }
    out.push('');
  }
  if (input.notes.length > 0) {
    out.push(paint(ANSI.bold, 'Notes'));
    for (const note of input.notes) out.push(`  ${note.path}: ${note.message}`);
    out.push('');
  }
  const counts = countBySeverity(input.findings);
  const files = new Set(input.findings.map((f) => f.path)).size;
  const summary = input.findings.length === 0
    ? `No findings in ${plural(input.summary.filesAnalyzed, 'file')} analysed.`
    : `${plural(input.findings.length, 'finding')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info) in ${plural(files, 'file')}; ${plural(input.summary.filesAnalyzed, 'file')} analysed` +
      (input.summary.filesSkipped ? `, ${input.summary.filesSkipped} skipped.` : '.');
  out.push(paint(ANSI.bold, summary));
  if (input.llm) out.push(describeLlmUsage(input.llm));
  return `${out.join('\n')}\n`;
}

/** Indented lines under a finding when the LLM stage ran: whose explanation, the fix and its state, the model's doubts. */
function formatLlmDetails(finding: Finding, paint: (code: string, text: string) => string): string[] {
  const explanation = finding.explanation;
  if (!explanation) return [];
  const indent = '      ';
  const out: string[] = [];
  if (isModelExplanation(finding)) out.push(`${indent}${paint(ANSI.dim, `explanation (${explanation.source}):`)} ${explanation.text}`);
  else if (explanation.fallbackReason) out.push(`${indent}${paint(ANSI.dim, `explanation (offline; the LLM's was not used: ${explanation.fallbackReason}):`)} ${explanation.text}`);
  const fix = explanation.fix;
  if (fix) {
    out.push(`${indent}${describeFixStatus(fix)}${fix.replacement !== undefined ? ':' : ''}`);
    if (fix.replacement !== undefined) for (const line of fix.replacement.split('\n')) out.push(`${indent}  + ${line}`);
  }
  if (explanation.likelyFalsePositive) out.push(`${indent}likely false positive, according to the model: ${explanation.likelyFalsePositive.reason}`);
  if (finding.triage) out.push(`${indent}shown as info by --llm-triage; the analysis reported it as ${finding.triage.originalSeverity}`);
  return out;
}

function formatLine(finding: Finding, width: number, paint: (code: string, text: string) => string): string {
  const position = `${finding.range.start.line}:${finding.range.start.column}`.padEnd(width);
  const severity = paint(SEVERITY_COLOUR[finding.severity], finding.severity.padEnd(7));
  return `  ${paint(ANSI.dim, position)}  ${severity}  ${finding.message}  ${paint(ANSI.dim, finding.ruleId)}`;
}
