import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';
import { decodeSource } from '../collect/decode.js';
import type { RevisorConfig } from '../config/config.js';
import type { Rule, TargetEnvironment } from '../engine/rule.js';
import { activeRulesFor } from '../engine/rule-set.js';
import { applyEdits, editsOverlap } from '../fix/apply.js';
import { analyseText } from '../fix/verify.js';
import type { Finding, Note, SourceFile, TextEdit } from '../types.js';

export interface LlmFixApplication {
  changedFiles: string[];
  appliedCount: number;
  notes: Note[];
}

function insideRoot(root: string, path: string): boolean {
  const rel = relative(realpathSync(root), realpathSync(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * `--fix` for LLM fixes: writes the verified ones. Each was verified alone against the file as it
 * is; fixes of one file that do not overlap are combined, and the combination is re-analysed: it
 * must parse as well and leave fewer findings by at least the number of fixes, else only the first
 * fix is written. Files changed on disk since they were read, or outside the root, are left alone.
 */
export async function applyVerifiedLlmFixes(
  findings: Finding[],
  files: SourceFile[],
  context: { root: string; rules: Rule[]; config: RevisorConfig; target: TargetEnvironment },
): Promise<LlmFixApplication> {
  const result: LlmFixApplication = { changedFiles: [], appliedCount: 0, notes: [] };
  for (const file of files) {
    const chosen: TextEdit[][] = [];
    for (const f of findings) {
      const edits = f.path === file.path && !f.fix && f.explanation?.fix?.status === 'verified' ? f.explanation.fix.edits : undefined;
      if (edits && !chosen.some((other) => editsOverlap(other, edits))) chosen.push(edits);
    }
    if (chosen.length === 0) continue;
    const rules = activeRulesFor(context.rules, context.config, file.language);
    const before = await analyseText(file, file.text, rules, context.target);
    let text = applyEdits(file.text, chosen.flat());
    let count = chosen.length;
    const after = await analyseText(file, text, rules, context.target);
    if (after.syntaxErrors > before.syntaxErrors || after.findings.length > before.findings.length - chosen.length) {
      text = applyEdits(file.text, chosen[0]);
      count = 1;
    }
    if (!insideRoot(context.root, file.absolutePath)) {
      result.notes.push({ path: file.path, kind: 'info', message: 'LLM fixes not applied: the file resolves outside the repository root' });
      continue;
    }
    const onDisk = decodeSource(readFileSync(file.absolutePath));
    if (!onDisk.ok || onDisk.text !== file.text) {
      result.notes.push({ path: file.path, kind: 'info', message: 'LLM fixes not applied: the file changed on disk after it was read' });
      continue;
    }
    writeFileAtomic(file.absolutePath, text);
    result.changedFiles.push(file.path);
    result.appliedCount += count;
  }
  return result;
}

/**
 * After fixes were written and the files re-analysed, the findings that remain keep the explanation
 * (and any `--llm-triage` demotion) they had: fingerprints survive unrelated edits, so no new request is needed.
 */
export function carryExplanations(current: Finding[], explained: Finding[], changedFiles: string[]): Finding[] {
  const byIdentity = new Map(explained.map((f) => [`${f.path}\u0000${f.ruleId}\u0000${f.fingerprint}`, f]));
  const changed = new Set(changedFiles);
  return current.map((finding) => {
    const previous = byIdentity.get(`${finding.path}\u0000${finding.ruleId}\u0000${finding.fingerprint}`);
    if (!previous?.explanation) return finding;
    let explanation = previous.explanation;
    if (changed.has(finding.path) && explanation.fix) {
      // The LLM fix's lines and offsets belong to the text before the fixes were written.
      const { fix: _stale, ...rest } = explanation;
      explanation = { ...rest, verified: finding.fix?.verified };
    }
    return { ...finding, explanation, ...(previous.triage ? { severity: previous.severity, triage: previous.triage } : {}) };
  });
}
