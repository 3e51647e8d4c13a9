import type { TargetEnvironment } from '../engine/rule.js';
import type { ActiveRule } from '../engine/run-rules.js';
import { verifyFix, type CheckedText } from '../fix/verify.js';
import type { ExplanationFix, Finding, SourceFile, TextEdit } from '../types.js';
import type { CodeWindow } from './code-window.js';
import { PLACEHOLDER_PATTERN } from './redact.js';

export interface ProposedFix {
  startLine: number;
  endLine: number;
  replacement: string;
}

const SUPPRESSION = /revisor-ignore/;

/** The analysis of one file as it is, which every fix of that file is compared against. */
export interface FixBaseline {
  file: SourceFile;
  before: CheckedText;
  rules: ActiveRule[];
  target: TargetEnvironment;
}

/** Offsets of the start of each line (index 0 is line 1), and where each line's text ends before its terminator. */
function lineOffsets(text: string): { starts: number[]; ends: number[] } {
  const starts = [0];
  const ends: number[] = [];
  const terminator = /\r\n|\r|\n/g;
  for (let match = terminator.exec(text); match; match = terminator.exec(text)) {
    ends.push(match.index);
    starts.push(match.index + match[0].length);
  }
  ends.push(text.length);
  return { starts, ends };
}

/** Models sometimes copy the prompt's gutter (`>  4 | `) into their answer; when every line has it, it goes. */
function withoutGutter(text: string): string {
  const lines = text.split('\n');
  const gutter = /^[> ] *\d+ \| ?/;
  return lines.every((line) => line === '' || gutter.test(line)) ? lines.map((line) => line.replace(gutter, '')).join('\n') : text;
}

/** The model's line replacement as a text edit of the original file. */
export function lineReplacementEdit(text: string, fix: ProposedFix): TextEdit {
  const { starts, ends } = lineOffsets(text);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const replacement = withoutGutter(fix.replacement.replace(/\r\n?/g, '\n')).replace(/\n$/, '').replace(/\n/g, newline);
  return { startOffset: starts[fix.startLine - 1], endOffset: ends[fix.endLine - 1], text: replacement };
}

/**
 * Checks an LLM fix the way deterministic fixes are checked (apply to a copy, re-parse, re-run every
 * active rule), after the checks only a model's fix needs: inside the lines it was shown, no
 * redaction placeholder written into the code, an actual change.
 */
export async function checkLlmFix(baseline: FixBaseline, finding: Finding, window: CodeWindow, proposed: ProposedFix): Promise<ExplanationFix> {
  const range = { startLine: proposed.startLine, endLine: proposed.endLine };
  if (proposed.startLine < window.first || proposed.endLine > window.last) {
    return { ...range, status: 'rejected', reason: `lines ${proposed.startLine}-${proposed.endLine} go beyond the lines ${window.first}-${window.last} the model was shown` };
  }
  if (PLACEHOLDER_PATTERN.test(proposed.replacement)) return { ...range, status: 'rejected', reason: 'the fix would write a redaction placeholder into the code' };
  const edit = lineReplacementEdit(baseline.file.text, proposed);
  const original = baseline.file.text.slice(edit.startOffset, edit.endOffset);
  if (original === edit.text) return { ...range, status: 'rejected', reason: 'the fix changes nothing' };
  // Silencing the analyser makes the finding disappear too, which re-analysis alone would call verified.
  if (SUPPRESSION.test(edit.text) && !SUPPRESSION.test(original)) return { ...range, status: 'rejected', reason: 'the fix adds a revisor-ignore comment instead of changing the code' };
  const verdict = await verifyFix(baseline.file, baseline.before, finding, [edit], baseline.rules, baseline.target);
  const replacement = edit.text.replace(/\r\n/g, '\n');
  if (verdict.verified) return { ...range, status: 'verified', replacement, edits: [edit] };
  // A fix that parses and adds nothing, but after which the analysis still sees the finding, may be a
  // partial or differently-shaped repair: shown as an unverified suggestion. Anything else is rejected.
  if (/still reported/.test(verdict.reason)) return { ...range, status: 'unverified', replacement, reason: verdict.reason };
  return { ...range, status: 'rejected', reason: verdict.reason };
}
