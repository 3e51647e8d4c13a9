import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { relative, isAbsolute } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { decodeSource } from '../collect/decode.js';
import type { RevisorConfig } from '../config/config.js';
import { activeRulesFor } from '../engine/rule-set.js';
import type { ReviewOutput } from '../pipeline.js';
import type { Note } from '../types.js';
import { writeFileAtomic } from '../atomic-write.js';
import { fixFile } from './fix-file.js';

export interface FixRunResult {
  /** Unified diffs of every file a fix changes, sorted by path. */
  patch: string;
  changedFiles: string[];
  appliedCount: number;
  notes: Note[];
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

function insideRoot(root: string, path: string): boolean {
  const rel = relative(realpathSync(root), realpathSync(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Computes the verified fixes of every file with fixable findings and, when `write` is set, writes
 * them atomically. A file that changed on disk since it was read, or that resolves outside the
 * root through a symlink, is left alone and reported.
 */
export async function fixFiles(output: ReviewOutput, root: string, config: RevisorConfig, write: boolean): Promise<FixRunResult> {
  const fixable = new Set(output.findings.filter((f) => f.fix).map((f) => f.path));
  const notes: Note[] = [];
  const patches: string[] = [];
  const changedFiles: string[] = [];
  let appliedCount = 0;
  for (const file of output.files) {
    if (!fixable.has(file.path)) continue;
    const rules = activeRulesFor(output.rules, config, file.language);
    const result = await fixFile(file, rules, output.target);
    for (const r of result.rejected) notes.push({ path: file.path, kind: 'info', message: `fix for ${r.ruleId} at line ${r.line} not applied: ${r.reason}` });
    if (result.text === file.text) continue;
    patches.push(createTwoFilesPatch(`a/${file.path}`, `b/${file.path}`, file.text, result.text, '', '', { context: 3 }));
    if (write) {
      if (!insideRoot(root, file.absolutePath)) {
        notes.push({ path: file.path, kind: 'info', message: 'not fixed: the file resolves outside the repository root' });
        continue;
      }
      const onDisk = decodeSource(readFileSync(file.absolutePath));
      if (!onDisk.ok || hash(onDisk.text) !== hash(file.text)) {
        notes.push({ path: file.path, kind: 'info', message: 'not fixed: the file changed on disk after it was read' });
        continue;
      }
      writeFileAtomic(file.absolutePath, result.text);
    }
    changedFiles.push(file.path);
    appliedCount += result.applied.length;
  }
  return { patch: patches.join(''), changedFiles, appliedCount, notes };
}
