import { countBySeverity, type ReportInput } from './context.js';

export const JSON_REPORT_VERSION = 1;

/**
 * The stable machine-readable shape (documented in the README): `version`, `tool`, `summary`,
 * `findings` (Finding records, sorted) and `notes` (sorted). No timestamps, so equal input gives equal bytes.
 */
export function formatJson(input: ReportInput): string {
  const report = {
    version: JSON_REPORT_VERSION,
    tool: { name: 'revisor', version: input.toolVersion },
    summary: {
      filesAnalyzed: input.summary.filesAnalyzed,
      filesSkipped: input.summary.filesSkipped,
      findings: input.findings.length,
      bySeverity: countBySeverity(input.findings),
    },
    findings: input.findings,
    notes: input.notes,
    // Only when the LLM stage ran, so offline reports keep their bytes.
    ...(input.llm ? { llm: input.llm } : {}),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
