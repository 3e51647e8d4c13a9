import type { Finding, Note } from '../types.js';
import type { ReportInput } from './context.js';

/**
 * Control characters (ESC starts terminal escape sequences), C1 controls and the bidirectional
 * overrides of "Trojan Source" attacks, as they may appear in analysed code, file names and messages
 * that quote them. Tab is harmless; line breaks are handled separately.
 */
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const escape = (char: string) => `\\u{${char.codePointAt(0)!.toString(16)}}`;

/** One line of terminal text: unsafe characters shown as `\u{1b}`, line breaks as spaces. */
export function printableLine(text: string): string {
  return text.replace(UNSAFE, escape).replace(/\r\n|\r|\n/g, ' ');
}

/** Several lines of terminal text: line breaks kept (as `\n`), unsafe characters shown escaped. */
export function printableLines(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(UNSAFE, escape);
}

function printableFinding(finding: Finding): Finding {
  const out: Finding = { ...finding, path: printableLine(finding.path), message: printableLine(finding.message) };
  const explanation = finding.explanation;
  if (explanation) {
    out.explanation = {
      ...explanation,
      text: printableLine(explanation.text),
      ...(explanation.fallbackReason !== undefined ? { fallbackReason: printableLine(explanation.fallbackReason) } : {}),
      ...(explanation.likelyFalsePositive ? { likelyFalsePositive: { reason: printableLine(explanation.likelyFalsePositive.reason) } } : {}),
      ...(explanation.fix?.replacement !== undefined ? { fix: { ...explanation.fix, replacement: printableLines(explanation.fix.replacement) } } : {}),
    };
  }
  return out;
}

/**
 * The text formatter writes to terminals: what came from analysed code (messages quoting it, paths,
 * notes, a model's explanation) must not be able to move the cursor, recolour or hide output.
 */
export function printableInput(input: ReportInput): ReportInput {
  return {
    ...input,
    findings: input.findings.map(printableFinding),
    notes: input.notes.map((n: Note) => ({ ...n, path: printableLine(n.path), message: printableLine(n.message) })),
  };
}
