import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
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

function insideRoot(root: string, realPath: string): boolean {
  const rel = relative(realpathSync(root), realPath);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The fixed text in the file's own encoding: a byte order mark and UTF-16 survive a fix. */
function encodeLike(original: Buffer, text: string): Buffer {
  if (original[0] === 0xef && original[1] === 0xbb && original[2] === 0xbf) return Buffer.concat([original.subarray(0, 3), Buffer.from(text, 'utf8')]);
  if (original[0] === 0xff && original[1] === 0xfe) return Buffer.concat([original.subarray(0, 2), Buffer.from(text, 'utf16le')]);
  if (original[0] === 0xfe && original[1] === 0xff) return Buffer.concat([original.subarray(0, 2), Buffer.from(text, 'utf16le').swap16()]);
  return Buffer.from(text, 'utf8');
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
      // The real file, so a symlink inside the root is followed rather than replaced by a copy.
      let realPath: string;
      let bytes: Buffer;
      let mode: number;
      try {
        realPath = realpathSync(file.absolutePath);
        bytes = readFileSync(realPath);
        mode = statSync(realPath).mode;
      } catch {
        notes.push({ path: file.path, kind: 'info', message: 'not fixed: the file could no longer be read (deleted or moved after it was analysed)' });
        continue;
      }
      if (!insideRoot(root, realPath)) {
        notes.push({ path: file.path, kind: 'info', message: 'not fixed: the file resolves outside the repository root' });
        continue;
      }
      const onDisk = decodeSource(bytes);
      if (!onDisk.ok || hash(onDisk.text) !== hash(file.text)) {
        notes.push({ path: file.path, kind: 'info', message: 'not fixed: the file changed on disk after it was read' });
        continue;
      }
      writeFileAtomic(realPath, encodeLike(bytes, result.text), { mode });
    }
    changedFiles.push(file.path);
    appliedCount += result.applied.length;
  }
  return { patch: patches.join(''), changedFiles, appliedCount, notes };
}
