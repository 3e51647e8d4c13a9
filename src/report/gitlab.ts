import { sha256 } from '../engine/fingerprint.js';
import type { Severity } from '../types.js';
import type { ReportInput } from './context.js';
import { describeFixStatus, isModelExplanation } from './llm.js';

/** GitLab's severities, from `info` to `blocker`; the mapping follows the common ESLint GitLab formatters. */
const SEVERITY: Record<Severity, 'info' | 'minor' | 'major' | 'critical' | 'blocker'> = { error: 'major', warning: 'minor', info: 'info' };

const CATEGORY: Record<string, string> = {
  bug: 'Bug Risk',
  type: 'Bug Risk',
  suspicious: 'Bug Risk',
  performance: 'Performance',
  style: 'Style',
  security: 'Security',
};

/**
 * GitLab Code Quality (a subset of the Code Climate issue format) as a JSON array, for
 * `artifacts: reports: codequality:`. Each issue's fingerprint is unique within the report and
 * stable across runs: the finding's own fingerprint (which survives moved lines) plus its path.
 */
export function formatGitlab(input: ReportInput): string {
  const issues = input.findings.map((f) => ({
    type: 'issue',
    check_name: f.ruleId,
    description: f.message,
    categories: [CATEGORY[f.category] ?? 'Bug Risk'],
    severity: SEVERITY[f.severity],
    fingerprint: sha256(`${f.path}\u0000${f.fingerprint}`).slice(0, 32),
    location: { path: f.path, lines: { begin: f.range.start.line, end: f.range.end.line } },
    engine_name: 'revisor',
    // Code Climate's optional Markdown body: the model's explanation and fix state, when the LLM stage ran.
    ...(input.llm && f.explanation && isModelExplanation(f)
      ? { content: { body: [f.explanation.text, ...(f.explanation.fix ? [`${f.explanation.source}: ${describeFixStatus(f.explanation.fix)}`] : [])].join('\n\n') } }
      : {}),
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
