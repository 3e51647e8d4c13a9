#!/usr/bin/env node
// `npm run sample`: revisor review on the bundled sample project, offline, no key.
//
// Builds a throwaway git repository in a temporary folder from two snapshots of the sample project:
// `fixtures/sample-project-before` committed on `main`, then `fixtures/sample-project` committed on a
// branch `feature` (the change adds bugs to old files, renames web/money.ts to web/format.ts with a
// new bug, and deletes web/legacy.js). Then it runs `revisor review --base main` there: the old bugs
// stay hidden, the ones the change adds are reported. The Markdown report is printed and written to
// dist/sample-review.md. Offline unless asked: `--no-llm` comes first, so `npm run sample -- --llm` turns the
// LLM on. Extra arguments go to `revisor review` (e.g. `npm run sample -- -f text`); `--keep` keeps the repository.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const before = join(repoRoot, 'fixtures', 'sample-project-before');
const after = join(repoRoot, 'fixtures', 'sample-project');
const report = join(repoRoot, 'dist', 'sample-review.md');
const keep = process.argv.includes('--keep');
const extra = process.argv.slice(2).filter((a) => a !== '--keep');

// Fixed identity and dates, no hooks, no signing: the same commits (and ids) on every machine.
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'revisor demo',
  GIT_AUTHOR_EMAIL: 'demo@example.invalid',
  GIT_COMMITTER_NAME: 'revisor demo',
  GIT_COMMITTER_EMAIL: 'demo@example.invalid',
  GIT_AUTHOR_DATE: '2024-01-01T12:00:00Z',
  GIT_COMMITTER_DATE: '2024-01-01T12:00:00Z',
};

function git(cwd, ...args) {
  const result = spawnSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=', '-c', 'core.autocrlf=false', ...args], { cwd, env: gitEnv, encoding: 'utf8' });
  if (result.error) throw new Error(`git is needed for the demo: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

/** Replaces everything in `dir` but `.git` with a copy of `source`. */
function replaceWith(dir, source) {
  for (const entry of readdirSync(dir)) if (entry !== '.git') rmSync(join(dir, entry), { recursive: true, force: true });
  cpSync(source, dir, { recursive: true });
}

const dir = mkdtempSync(join(tmpdir(), 'revisor-sample-'));
try {
  git(dir, 'init', '--quiet');
  git(dir, 'symbolic-ref', 'HEAD', 'refs/heads/main');
  replaceWith(dir, before);
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '--no-verify', '-m', 'Inventory, cart and money helpers');
  git(dir, 'checkout', '--quiet', '-b', 'feature');
  replaceWith(dir, after);
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '--no-verify', '-m', 'Price checks, item comparison; money.ts becomes format.ts; drop legacy.js');

  const run = spawnSync(
    process.execPath,
    [join(repoRoot, 'bin', 'revisor.js'), 'review', '--base', 'main', '--no-cache', '--no-llm', '--markdown-output', report, ...extra],
    { cwd: dir, stdio: 'inherit', env: gitEnv },
  );
  process.stderr.write(`\nrevisor: the sample repository is ${keep ? dir : 'deleted again'}; the Markdown report is in ${report}\n`);
  // Exit code 1 means "the review found errors", which is the point of the demo, not a failure of it.
  if (run.status === 1) process.stderr.write('revisor: exit code 1 (findings at or above --fail-on); the demo itself succeeded\n');
  process.exitCode = run.status === 1 ? 0 : (run.status ?? 2);
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
