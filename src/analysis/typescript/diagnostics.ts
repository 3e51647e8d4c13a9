import { findingFingerprint } from '../../engine/fingerprint.js';
import type { RuleMeta } from '../../engine/rule.js';
import { enclosingSymbol } from '../../engine/run-rules.js';
import { SuppressionIndex, type Suppression } from '../../engine/suppressions.js';
import type { ParsedFile } from '../../parse/parser.js';
import type { Finding, Pos } from '../../types.js';
import type { EngineDiagnostic, TypeSession } from '../type-session.js';

/**
 * `--tsc-diagnostics`: the compiler's semantic diagnostics for a file as findings with rule id
 * `typescript/tsc-<code>`, in the same report as the rules' findings. They obey `revisor-ignore`
 * comments like any finding; a directive they use no longer counts as unused.
 */
export function engineDiagnosticFindings(parsed: ParsedFile, session: TypeSession, suppressions: Suppression[], findings: Finding[]): Finding[] {
  const diagnostics = session.diagnosticsFor(parsed);
  if (!diagnostics || diagnostics.length === 0) return findings;
  const index = new SuppressionIndex(suppressions);
  const lines = parsed.file.text.split(/\r\n|\r|\n/);
  const position = positions(parsed.file.text);
  const seen = new Map<string, number>();
  const added: Finding[] = [];
  for (const diagnostic of diagnostics) {
    const range = { start: position(diagnostic.startOffset), end: position(diagnostic.endOffset) };
    if (index.suppresses(diagnostic.ruleId, range.start.line)) continue;
    added.push(toFinding(parsed, diagnostic, range, lines, seen));
  }
  // A directive a diagnostic used is not unused after all.
  const used = new Set(suppressions.filter((s) => s.used.size > 0).map((s) => `${s.line}:${s.column}`));
  const kept = findings.filter((f) => f.ruleId !== 'revisor/unused-ignore' || !used.has(`${f.range.start.line}:${f.range.start.column}`));
  return [...kept, ...added];
}

function toFinding(parsed: ParsedFile, diagnostic: EngineDiagnostic, range: Finding['range'], lines: string[], seen: Map<string, number>): Finding {
  const lineText = lines[range.start.line - 1] ?? '';
  const symbol = enclosingSymbol(parsed, range);
  const key = `${diagnostic.ruleId}\u0000${lineText.trim()}\u0000${symbol}`;
  const occurrence = seen.get(key) ?? 0;
  seen.set(key, occurrence + 1);
  const finding: Finding = {
    ruleId: diagnostic.ruleId,
    severity: diagnostic.severity,
    category: 'type',
    message: diagnostic.message,
    path: parsed.file.path,
    range,
    fingerprint: findingFingerprint(diagnostic.ruleId, lineText, symbol, occurrence),
  };
  if (diagnostic.evidence) finding.evidence = diagnostic.evidence;
  return finding;
}

/** Offset → 1-based line and UTF-16 column, counting lines the way tree-sitter does (at `\n`). */
function positions(text: string): (offset: number) => Pos {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low] + 1 };
  };
}

/** Rule descriptions for the `typescript/tsc-<code>` ids present, so SARIF and Markdown reports can document them. */
export function tscDiagnosticRules(findings: Finding[]): RuleMeta[] {
  const codes = [...new Set(findings.map((f) => /^typescript\/tsc-(\d+)$/.exec(f.ruleId)?.[1]).filter((c): c is string => c !== undefined))].sort((a, b) => Number(a) - Number(b));
  return codes.map((code) => ({
    id: `typescript/tsc-${code}`,
    languages: ['typescript', 'tsx', 'javascript'],
    severity: 'error',
    category: 'type',
    summary: `Report the TypeScript compiler's diagnostic TS${code} (--tsc-diagnostics).`,
    docs: {
      what: `TypeScript's semantic diagnostic TS${code}, reported by the compiler for a file its tsconfig.json or jsconfig.json governs.`,
      why: 'The compiler proved the code does not type-check; the message names the types involved. With --tsc-diagnostics it appears in the same report as revisor\'s findings.',
      example: `Run \`tsc --noEmit -p <tsconfig>\`: it reports the same TS${code} at the same place.`,
      useInstead: 'Fix the code (or its types) so that `tsc --noEmit -p <tsconfig>` reports nothing here.',
    },
  }));
}
