import { spawnSync } from 'node:child_process';
import { lstatSync, openSync, readSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeRanges, parseNumstatZ, parseRawZ, parseUnifiedZeroContext } from './parse.js';
import type { ChangedFile } from './types.js';

/** A git problem the user can fix: not a repository, an unknown ref, a base missing from a shallow clone. */
export class GitError extends Error {
  constructor(message: string, readonly kind: 'no-git' | 'not-a-repository' | 'unknown-ref' | 'shallow' | 'no-base' | 'failed') {
    super(message);
  }
}

interface GitResult {
  status: number;
  stdout: string;
  stderr: string;
}

const MAX_BUFFER = 1024 * 1024 * 1024;

/**
 * Runs git with settings that make its output parseable whatever the user's configuration says:
 * no colour, no pager, no external diff or textconv, standard `a/` `b/` prefixes, UTF-8 paths.
 */
function runGit(cwd: string, args: string[], input?: string | Buffer): GitResult & { stdoutBuffer: Buffer } {
  const result = spawnSync('git', ['-c', 'core.quotePath=false', '-c', 'color.ui=false', '-c', 'diff.noprefix=false', '-c', 'diff.mnemonicPrefix=false', ...args], {
    cwd,
    input,
    maxBuffer: MAX_BUFFER,
    env: { ...process.env, GIT_PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
  });
  if (result.error) {
    if ((result.error as NodeJS.ErrnoException).code === 'ENOENT') throw new GitError('git is not installed or not on PATH: `revisor review` needs it', 'no-git');
    throw new GitError(`git ${args[0]} failed: ${result.error.message}`, 'failed');
  }
  const stdoutBuffer = result.stdout as Buffer;
  return { status: result.status ?? 1, stdout: stdoutBuffer.toString('utf8'), stdoutBuffer, stderr: (result.stderr as Buffer).toString('utf8') };
}

function gitOk(cwd: string, args: string[]): string {
  const result = runGit(cwd, args);
  if (result.status !== 0) throw new GitError(`git ${args.join(' ')} failed: ${result.stderr.trim() || `exit code ${result.status}`}`, 'failed');
  return result.stdout;
}

/** The top folder of the git work tree that contains `cwd`. */
export function repositoryRoot(cwd: string): string {
  const result = runGit(cwd, ['rev-parse', '--show-toplevel']);
  const root = result.stdout.trim();
  if (result.status !== 0 || !root) {
    throw new GitError(`not a git repository (or any parent folder): ${cwd}\n  \`revisor review\` compares git revisions; use \`revisor check\` to analyse files without git`, 'not-a-repository');
  }
  return root;
}

/** The commit a ref names, or undefined when there is none. Refs that look like options are never passed on. */
function resolveCommit(root: string, ref: string): string | undefined {
  if (ref.startsWith('-') || ref.includes('\0')) return undefined;
  const result = runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function isShallow(root: string): boolean {
  return runGit(root, ['rev-parse', '--is-shallow-repository']).stdout.trim() === 'true';
}

const SHALLOW_HELP = 'fetch with full depth (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout) or name a ref that exists with --base';

/** The tree of an empty commit, in this repository's hash function. */
function emptyTree(root: string): string {
  return gitOk(root, ['hash-object', '-t', 'tree', '--stdin']).trim();
}

/** What the review compares the merge-base with. */
export type HeadSide = { kind: 'worktree' } | { kind: 'index' } | { kind: 'commit'; sha: string };

export interface ReviewRange {
  /** The base as named, or as chosen by default. */
  baseLabel: string;
  headLabel: string;
  /** The merge-base commit (or the empty tree when the repository has no commit yet). */
  mergeBase: string;
  head: HeadSide;
}

/** The default base: the branch's upstream, else `origin/HEAD`, else `main`, else `master`. */
function defaultBase(root: string): string | undefined {
  const upstream = runGit(root, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']);
  if (upstream.status === 0 && upstream.stdout.trim() && resolveCommit(root, upstream.stdout.trim())) return upstream.stdout.trim();
  for (const candidate of ['origin/HEAD', 'main', 'master', 'origin/main', 'origin/master']) {
    if (resolveCommit(root, candidate)) {
      if (candidate === 'origin/HEAD') {
        const named = runGit(root, ['rev-parse', '--abbrev-ref', 'origin/HEAD']).stdout.trim();
        return named && named !== 'origin/HEAD' ? named : candidate;
      }
      return candidate;
    }
  }
  return undefined;
}

function currentBranch(root: string): string | undefined {
  const result = runGit(root, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * Resolves `--base`, `--head` and `--staged` to the merge-base and the side to compare it with.
 * Throws GitError with an actionable message for unknown refs and shallow clones.
 */
export function resolveReviewRange(root: string, options: { base?: string; head?: string; staged?: boolean }): ReviewRange {
  const shallow = isShallow(root);
  const headCommit = resolveCommit(root, 'HEAD');
  let head: HeadSide;
  let headLabel: string;
  let headSha: string | undefined;
  if (options.head !== undefined) {
    const sha = resolveCommit(root, options.head);
    if (!sha) throw unknownRef(options.head, 'head', shallow);
    head = { kind: 'commit', sha };
    headLabel = options.head;
    headSha = sha;
  } else {
    head = options.staged ? { kind: 'index' } : { kind: 'worktree' };
    const branch = currentBranch(root);
    headLabel = `${options.staged ? 'staged changes' : 'working tree'}${branch ? ` of ${branch}` : ''}`;
    headSha = headCommit;
  }

  let baseLabel: string;
  if (options.base !== undefined) {
    baseLabel = options.base;
  } else if (options.staged) {
    // A pre-commit hook reviews what the next commit adds to HEAD.
    if (!headCommit) return { baseLabel: 'an empty repository', headLabel, mergeBase: emptyTree(root), head };
    baseLabel = 'HEAD';
  } else {
    const found = defaultBase(root);
    if (!found) {
      throw new GitError(
        shallow
          ? `no base to compare with: no upstream branch, no origin/HEAD, main or master in this shallow clone; ${SHALLOW_HELP}`
          : 'no base to compare with: the branch has no upstream and there is no origin/HEAD, main or master branch; name one with --base',
        shallow ? 'shallow' : 'no-base',
      );
    }
    baseLabel = found;
  }
  const baseSha = resolveCommit(root, baseLabel);
  if (!baseSha) throw unknownRef(baseLabel, 'base', shallow);
  if (!headSha) {
    throw new GitError('the repository has no commit yet: commit something, or review the index with --staged', 'no-base');
  }
  const mergeBase = runGit(root, ['merge-base', baseSha, headSha]);
  if (mergeBase.status !== 0 || !mergeBase.stdout.trim()) {
    if (shallow) throw new GitError(`cannot find the merge-base of ${baseLabel} and ${head.kind === 'commit' ? headLabel : 'HEAD'}: this is a shallow clone and the common history was not fetched; ${SHALLOW_HELP}`, 'shallow');
    throw new GitError(`${baseLabel} and ${head.kind === 'commit' ? headLabel : 'HEAD'} have no common history: name another base with --base`, 'unknown-ref');
  }
  return { baseLabel, headLabel, mergeBase: mergeBase.stdout.trim().split('\n')[0], head };
}

function unknownRef(ref: string, which: 'base' | 'head', shallow: boolean): GitError {
  if (shallow) return new GitError(`unknown ${which} ref "${ref}": it is not in this shallow clone; ${SHALLOW_HELP}`, 'shallow');
  return new GitError(`unknown ${which} ref "${ref}": no branch, tag or commit of that name in this repository (run \`git fetch\` if it is a remote branch)`, 'unknown-ref');
}

export function abbreviate(root: string, sha: string): string {
  const result = runGit(root, ['rev-parse', '--short', sha]);
  return result.status === 0 ? result.stdout.trim() : sha.slice(0, 7);
}

/** The `git diff` arguments that compare the merge-base with the head side. */
function diffSides(range: ReviewRange): string[] {
  if (range.head.kind === 'index') return ['--cached', range.mergeBase];
  if (range.head.kind === 'commit') return [range.mergeBase, range.head.sha];
  return [range.mergeBase];
}

const COMMON_DIFF = ['--no-color', '--no-ext-diff', '--no-textconv', '--find-renames', '--ignore-submodules=none', '--submodule=short'];

/** Files that look binary to git's own test: a NUL byte in the first 8000 bytes. */
function looksBinaryOnDisk(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(8000);
      const read = readSync(fd, buffer, 0, buffer.length, 0);
      return buffer.subarray(0, read).includes(0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

function countLines(path: string): number {
  try {
    const text = readFileSync(path, 'utf8');
    if (text === '') return 0;
    return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  } catch {
    return 0;
  }
}

/**
 * The files changed between the merge-base and the head side, with their added lines. In the working
 * tree, untracked files that git does not ignore count as added.
 */
export function listChanges(root: string, range: ReviewRange, pathspecs: string[] = []): ChangedFile[] {
  const sides = diffSides(range);
  const spec = ['--', ...pathspecs];
  const raw = parseRawZ(gitOk(root, ['diff', '--raw', '-z', '--no-abbrev', ...COMMON_DIFF, ...sides, ...spec]));
  const numstat = new Map(parseNumstatZ(gitOk(root, ['diff', '--numstat', '-z', ...COMMON_DIFF, ...sides, ...spec])).map((e) => [e.path, e]));
  const hunks = parseUnifiedZeroContext(gitOk(root, ['diff', '-U0', '--src-prefix=a/', '--dst-prefix=b/', ...COMMON_DIFF, ...sides, ...spec]));
  const files: ChangedFile[] = [];
  for (const entry of raw) {
    const counts = numstat.get(entry.path);
    const submodule = entry.newMode === '160000' || (entry.status === 'deleted' && entry.oldMode === '160000');
    const symlink = entry.newMode === '120000';
    const fileHunks = hunks.get(entry.path);
    files.push({
      path: entry.path,
      ...(entry.oldPath !== undefined ? { oldPath: entry.oldPath } : {}),
      status: entry.status,
      binary: !submodule && counts !== undefined && counts.added === undefined,
      submodule,
      symlink,
      added: entry.status === 'deleted' ? [] : (fileHunks?.added ?? []),
      removedAfter: fileHunks?.removedAfter ?? [],
      linesAdded: counts?.added ?? 0,
      linesRemoved: counts?.removed ?? 0,
    });
  }
  if (range.head.kind === 'worktree') {
    // revisor's own folder (cache, baseline) and dependencies are never part of a change, even when git does not ignore them.
    const untracked = gitOk(root, ['ls-files', '--others', '--exclude-standard', '-z', ...spec])
      .split('\0')
      .filter((p) => p !== '' && !p.split('/').some((segment) => segment === '.revisor' || segment === 'node_modules'));
    for (const path of untracked) {
      const absolute = join(root, path);
      let symlink = false;
      try {
        symlink = lstatSync(absolute).isSymbolicLink();
      } catch {
        continue;
      }
      // A folder with its own repository inside the work tree is listed with a trailing slash.
      const nested = path.endsWith('/');
      const binary = !symlink && !nested && looksBinaryOnDisk(absolute);
      const lines = symlink || nested || binary ? 0 : countLines(absolute);
      files.push({
        path: nested ? path.slice(0, -1) : path,
        status: 'untracked',
        binary,
        submodule: nested,
        symlink,
        added: lines > 0 ? [{ start: 1, end: lines }] : [],
        removedAfter: [],
        linesAdded: lines,
        linesRemoved: 0,
      });
    }
  }
  for (const file of files) file.added = mergeRanges(file.added);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Every file path in the head side (for `--filter-mode all` when the head is not the working tree). */
export function listAllFiles(root: string, head: HeadSide): string[] {
  const output = head.kind === 'commit'
    ? gitOk(root, ['ls-tree', '-r', '-z', '--full-tree', '--name-only', head.sha])
    : gitOk(root, ['ls-files', '-z', '--cached']);
  return output.split('\0').filter((p) => p !== '');
}

/**
 * The content of files in a commit (`rev` a commit id) or in the index (`rev` empty), read with one
 * `git cat-file --batch`. Paths git does not have there are absent from the result.
 */
export function readBlobs(root: string, rev: string, paths: string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const wanted = paths.filter((p) => !p.includes('\n'));
  if (wanted.length === 0) return out;
  const result = runGit(root, ['cat-file', '--batch'], wanted.map((p) => `${rev}:${p}\n`).join(''));
  if (result.status !== 0) throw new GitError(`git cat-file failed: ${result.stderr.trim()}`, 'failed');
  const buffer = result.stdoutBuffer;
  let offset = 0;
  for (const path of wanted) {
    const newline = buffer.indexOf(10, offset);
    if (newline < 0) break;
    const header = buffer.subarray(offset, newline).toString('utf8');
    offset = newline + 1;
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match) continue; // "<object> missing" or "ambiguous"
    const size = Number(match[2]);
    if (match[1] === 'blob') out.set(path, buffer.subarray(offset, offset + size));
    offset += size + 1;
  }
  return out;
}
