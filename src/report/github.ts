import type { Severity } from '../types.js';
import type { ReportInput } from './context.js';

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
    lines.push(`::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message)}`);
  }
  for (const note of input.notes) {
    lines.push(`::warning file=${escapeProperty(note.path)},title=${escapeProperty(`revisor ${note.kind}`)}::${escapeData(note.message)}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
