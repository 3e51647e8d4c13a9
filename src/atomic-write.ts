import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * Writes a file so that readers see either the old content or the new, never half of it: the text
 * goes to a temporary sibling (unique per process and thread) that is then renamed over the target.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, options: { mode?: number } = {}): void {
  ensureFolder(dirname(path));
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${threadId}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, content);
    // A rewritten source file keeps its permissions (an executable script stays executable).
    if (options.mode !== undefined) chmodSync(temporary, options.mode & 0o7777);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Creates a folder and its missing parents one level at a time. (Node 20's `mkdirSync(..., { recursive:
 * true })` never returns when a parent refuses to hold folders, as anything under /proc does.)
 */
function ensureFolder(folder: string): void {
  const missing: string[] = [];
  for (let dir = folder; !existsSync(dir); dir = dirname(dir)) {
    missing.push(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
