import type { ActiveRule } from '../engine/run-rules.js';
import type { TargetEnvironment } from '../engine/rule.js';
import type { SourceFile, TextEdit } from '../types.js';
import { applyEdits, editsOverlap } from './apply.js';
import { analyseText, verifyFix } from './verify.js';

export interface FileFixResult {
  text: string;
  applied: Array<{ ruleId: string; line: number; title: string }>;
  rejected: Array<{ ruleId: string; line: number; reason: string }>;
}

const MAX_PASSES = 10;

/**
 * Applies every verified deterministic fix of one file. Fixes whose edits overlap wait for the next
 * pass, which re-analyses the already-fixed text; passes repeat until nothing changes, so running
 * `--fix` twice is a no-op the second time.
 */
export async function fixFile(file: SourceFile, rules: ActiveRule[], target: TargetEnvironment = {}): Promise<FileFixResult> {
  let text = file.text;
  const applied: FileFixResult['applied'] = [];
  const rejected: FileFixResult['rejected'] = [];
  const rejectedKeys = new Set<string>();
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const current = { ...file, text };
    const before = await analyseText(current, text, rules, target);
    const chosen: TextEdit[][] = [];
    let changed = false;
    for (const finding of before.findings) {
      if (!finding.fix || finding.fix.edits.length === 0 || rejectedKeys.has(finding.fingerprint)) continue;
      if (chosen.some((edits) => editsOverlap(edits, finding.fix!.edits))) continue;
      const verdict = await verifyFix(current, before, finding, finding.fix.edits, rules, target);
      if (!verdict.verified) {
        rejectedKeys.add(finding.fingerprint);
        rejected.push({ ruleId: finding.ruleId, line: finding.range.start.line, reason: verdict.reason });
        continue;
      }
      chosen.push(finding.fix.edits);
      applied.push({ ruleId: finding.ruleId, line: finding.range.start.line, title: finding.fix.title });
      changed = true;
    }
    if (!changed) break;
    const combined = applyEdits(text, chosen.flat());
    // Each fix was verified alone; the combination must parse too, or the pass is undone.
    const check = await analyseText(current, combined, rules, target);
    if (check.syntaxErrors > before.syntaxErrors) {
      applied.splice(applied.length - chosen.length, chosen.length);
      break;
    }
    text = combined;
  }
  return { text, applied, rejected };
}
