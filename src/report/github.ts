import type { Severity } from '../types.js';
import type { ReportInput } from './context.js';
import { describeFixStatus, describeLlmUsage, isModelExplanation } from './llm.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow commands: one annotation per finding, notes as `::warning` without a line. */
export function formatGithub(input: ReportInput): string {
  const lines: string[] = [];
  for (const f of input.findings) {
    const props = [
      `file=${escapeProperty(f.path)}`,
      `line=${f.range.start.line}`,
      `col=${f.range.start.column}`,
      `endLine=${f.range.end.line}`,
      `endColumn=${f.range.end.column}`,
      `title=${escapeProperty(f.ruleId)}`,
    ];
    const details: string[] = [];
    if (input.llm && f.explanation && isModelExplanation(f)) details.push(f.explanation.text);
    else if (input.llm && f.explanation?.fallbackReason) details.push(`offline explanation; the LLM's was not used: ${f.explanation.fallbackReason}`);
    if (input.llm && f.explanation?.fix) details.push(`${f.explanation.source}: ${describeFixStatus(f.explanation.fix)}`);
    if (f.triage) details.push(`shown as ${f.severity} by --llm-triage (the analysis reported ${f.triage.originalSeverity}): ${f.triage.reason}`);
    lines.push(`::${COMMAND[f.severity]} ${props.join(',')}::${escapeData([f.message, ...details].join('\n\n'))}`);
  }
  for (const note of input.notes) {
    lines.push(`::warning file=${escapeProperty(note.path)},title=${escapeProperty(`revisor ${note.kind}`)}::${escapeData(note.message)}`);
  }
  if (input.llm) lines.push(`::notice title=${escapeProperty('revisor LLM')}::${escapeData(describeLlmUsage(input.llm))}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}
