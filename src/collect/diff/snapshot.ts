import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { readBlobs, type HeadSide } from './git.js';

/** Files outside the analysed set that the analysis reads from the root: the target environment and ignores. */
const CONTEXT_FILES = ['pyproject.toml', 'setup.cfg', 'package.json', 'tsconfig.json', 'jsconfig.json', 'CMakeLists.txt', 'compile_commands.json', 'build/compile_commands.json', '.gitignore'];

export interface Snapshot {
  /** A temporary folder holding the files at the head side, at their repository paths. */
  root: string;
  dispose: () => void;
}

/**
 * Writes the head side's version of `paths` (from a commit, or from the index) into a temporary
 * folder, so that the pipeline, which reads files from disk, analyses what the commit or index holds
 * rather than the working tree.
 */
export function materialise(repoRoot: string, head: Exclude<HeadSide, { kind: 'worktree' }>, paths: string[]): Snapshot {
  const root = mkdtempSync(join(tmpdir(), 'revisor-review-'));
  const dispose = () => rmSync(root, { recursive: true, force: true });
  try {
    const rev = head.kind === 'commit' ? head.sha : '';
    const wanted = [...new Set([...paths, ...CONTEXT_FILES])];
    for (const [path, content] of readBlobs(repoRoot, rev, wanted)) {
      const target = resolve(root, path);
      // A path that would land outside the snapshot (it cannot come from git, but be sure) is not written.
      if (!target.startsWith(root + sep)) continue;
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
  } catch (error) {
    dispose();
    throw error;
  }
  return { root, dispose };
}
