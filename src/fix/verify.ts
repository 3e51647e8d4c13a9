import { runRules, type ActiveRule } from '../engine/run-rules.js';
import { parseSource } from '../parse/parser.js';
import type { Finding, SourceFile, TextEdit } from '../types.js';
import type { TargetEnvironment } from '../engine/rule.js';
import type { TypeSession } from '../analysis/type-session.js';
import { applyEdits, editedLines, replacedLines } from './apply.js';

export type Verdict = { verified: true; text: string } | { verified: false; reason: string };

export interface CheckedText {
  findings: Finding[];
  syntaxErrors: number;
}

/** Parses a text and runs the rules on it: the analysis a fix is judged by. */
export async function analyseText(file: SourceFile, text: string, rules: ActiveRule[], target: TargetEnvironment = {}, typeSession?: TypeSession): Promise<CheckedText> {
  const parsed = await parseSource({ ...file, text });
  try {
    const { findings } = runRules(parsed, rules, { target, typeSession });
    return { findings: findings.filter((f) => f.ruleId !== 'revisor/syntax-error'), syntaxErrors: parsed.errorRanges.length };
  } finally {
    parsed.dispose();
  }
}

/**
 * A fix is verified when, applied to an in-memory copy, the file still parses as well as before,
 * the finding's fingerprint is gone, and no new finding appears on the edited lines.
 */
export async function verifyFix(
  file: SourceFile,
  before: CheckedText,
  finding: Finding,
  edits: TextEdit[],
  rules: ActiveRule[],
  target: TargetEnvironment = {},
  typeSession?: TypeSession,
): Promise<Verdict> {
  let text: string;
  try {
    text = applyEdits(file.text, edits);
  } catch (error) {
    return { verified: false, reason: (error as Error).message };
  }
  const after = await analyseText(file, text, rules, target, typeSession);
  if (after.syntaxErrors > before.syntaxErrors) return { verified: false, reason: 'the fixed code does not parse' };
  const touched = editedLines(file.text, edits);
  const replaced = replacedLines(file.text, edits);
  // The fingerprint hashes the line text, which a fix changes; so also count the rule's findings on the edited lines.
  const sameRuleBefore = before.findings.filter((f) => f.ruleId === finding.ruleId && replaced.has(f.range.start.line)).length;
  const sameRuleAfter = after.findings.filter((f) => f.ruleId === finding.ruleId && touched.has(f.range.start.line)).length;
  if (after.findings.some((f) => f.fingerprint === finding.fingerprint && f.ruleId === finding.ruleId) || sameRuleAfter >= Math.max(1, sameRuleBefore)) {
    return { verified: false, reason: 'the finding is still reported after the fix' };
  }
  const known = new Set(before.findings.map((f) => `${f.ruleId}\u0000${f.message}`));
  const fresh = after.findings.find((f) => touched.has(f.range.start.line) && !known.has(`${f.ruleId}\u0000${f.message}`));
  if (fresh) return { verified: false, reason: `the fix introduces ${fresh.ruleId}: ${fresh.message}` };
  return { verified: true, text };
}
