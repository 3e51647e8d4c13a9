import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './support/cli.js';
import { GIT_ENV, git } from './support/git-repo.js';
import { injectionProblems } from './support/markdown-check.js';
import { buildReviewRepo, tempDir } from './support/review-repo.js';

// These tests run the built CLI (`npm run build` first) in real git repositories in temporary folders.
const review = (dir: string, ...args: string[]) => runCli(['review', '--no-cache', ...args], dir, GIT_ENV);

interface JsonFinding { ruleId: string; path: string; range: { start: { line: number } } }
const ids = (json: string): string[] => (JSON.parse(json).findings as JsonFinding[]).map((f) => `${f.path}:${f.range.start.line} ${f.ruleId}`);

// On lines the feature branch (committed) added or changed.
const COMMITTED_NEW = [
  'app/new_feature.js:2 javascript/nan-comparison',
  'app/new_name.py:8 python/self-comparison',
  'app/orders.py:15 python/is-literal-comparison',
  'app/orders.py:19 python/list-comprehension-in-reduction',
];
// On lines changed in the working tree but not committed, and in an untracked file.
const UNCOMMITTED_NEW = ['app/scratch.py:2 python/self-comparison', 'app/util.js:7 javascript/nan-comparison'];
// Old bugs in files the branch changed (orders.py's moved from line 5 to 7 by lines added above it).
const OLD_IN_CHANGED = ['app/new_name.py:2 python/none-comparison', 'app/orders.py:7 python/self-comparison', 'app/util.js:3 javascript/self-comparison'];
const OLD_UNCHANGED = 'app/untouched.py:2 python/self-comparison';

const GOLDEN = join(repoRoot, 'test', 'golden', 'review-feature.md');

describe('revisor review on a feature branch with uncommitted edits', () => {
  let dir: string;
  let out: string;
  let added: ReturnType<typeof review>;
  beforeAll(() => {
    dir = buildReviewRepo();
    out = tempDir();
    added = review(dir, '--base', 'main', '-f', 'json', '--no-timing',
      '--markdown-output', join(out, 'review.md'), '--comment-output', join(out, 'comment.md'),
      '--gitlab-output', join(out, 'gl-code-quality.json'), '--sarif-output', join(out, 'review.sarif'), '--github-output', join(out, 'annotations.txt'));
  }, 60_000);

  it('shows only findings on added or changed lines by default, committed or not', () => {
    expect(added.stderr).toMatch(/^revisor: reviewed 5 of 11 changed files \(.*\), \+\d+ -\d+ lines, working tree of feature against main \(merge-base [0-9a-f]{7,}\): 6 findings shown, 3 hidden by --filter-mode added\n$/);
    expect(ids(added.stdout).sort()).toEqual([...COMMITTED_NEW, ...UNCOMMITTED_NEW].sort());
    expect(added.code).toBe(1);
  });

  it('writes the Markdown report of the golden file (renames, deletions, binary files, submodules, links and other languages listed)', () => {
    const markdown = readFileSync(join(out, 'review.md'), 'utf8');
    if (process.env.UPDATE_GOLDEN) {
      mkdirSync(join(repoRoot, 'test', 'golden'), { recursive: true });
      writeFileSync(GOLDEN, markdown);
    }
    expect(markdown).toBe(readFileSync(GOLDEN, 'utf8'));
    expect(injectionProblems(markdown)).toEqual([]);
    for (const row of [
      '| `app/new_name.py` | renamed from `app/old_name.py` | +2 −0 | analysed |',
      '| `app/removed.js` | deleted | +0 −3 | deleted |',
      '| `assets/logo.png` | modified | — | binary |',
      '| `vendor/lib` | added | — | submodule |',
      '| `app/link.py` | added | +1 −0 | symbolic link |',
      '| `docs/notes.md` | modified | +1 −1 | not a supported language |',
      '| `app/scratch.py` | untracked | +2 −0 | analysed |',
    ]) expect(markdown).toContain(row);
    // Small enough for a comment: the bounded copy is the same report.
    expect(readFileSync(join(out, 'comment.md'), 'utf8')).toBe(markdown);
  });

  it('writes GitLab Code Quality, SARIF and GitHub annotations of the same findings in the same run', () => {
    const issues = JSON.parse(readFileSync(join(out, 'gl-code-quality.json'), 'utf8'));
    expect(issues).toHaveLength(6);
    for (const issue of issues) {
      expect(Object.keys(issue)).toEqual(expect.arrayContaining(['description', 'check_name', 'fingerprint', 'severity', 'location']));
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
      expect(issue.location.lines.begin).toBeGreaterThan(0);
    }
    expect(new Set(issues.map((i: { fingerprint: string }) => i.fingerprint)).size).toBe(6);
    expect(issues.find((i: { check_name: string }) => i.check_name === 'python/list-comprehension-in-reduction')).toMatchObject({ severity: 'info', categories: ['Performance'], location: { path: 'app/orders.py', lines: { begin: 19 } } });
    expect(JSON.parse(readFileSync(join(out, 'review.sarif'), 'utf8')).runs[0].results).toHaveLength(6);
    const annotations = readFileSync(join(out, 'annotations.txt'), 'utf8').trim().split('\n');
    expect(annotations.filter((l) => l.startsWith('::error file=app/util.js,line=7,'))).toHaveLength(1);
  });

  it('filters by --filter-mode: context, file, all', () => {
    const near = (n: number) => ids(review(dir, '--base', 'main', '-f', 'json', '--filter-mode', 'context', '--context-lines', String(n)).stdout);
    // orders.py:7 is 4 lines below the comment lines added at 2-3; util.js:3 is 4 lines above the edit at 7.
    const three = near(3);
    expect(three).not.toContain('app/orders.py:7 python/self-comparison');
    expect(three).not.toContain('app/util.js:3 javascript/self-comparison');
    const four = near(4);
    expect(four).toEqual(expect.arrayContaining(['app/orders.py:7 python/self-comparison', 'app/util.js:3 javascript/self-comparison', ...COMMITTED_NEW]));
    expect(four).not.toContain('app/new_name.py:2 python/none-comparison');
    const file = ids(review(dir, '--base', 'main', '-f', 'json', '--filter-mode', 'file').stdout);
    expect(file.sort()).toEqual([...COMMITTED_NEW, ...UNCOMMITTED_NEW, ...OLD_IN_CHANGED].sort());
    const all = ids(review(dir, '--base', 'main', '-f', 'json', '--filter-mode', 'all').stdout);
    expect(all.sort()).toEqual([...COMMITTED_NEW, ...UNCOMMITTED_NEW, ...OLD_IN_CHANGED, OLD_UNCHANGED].sort());
  });

  it('reviews a commit with --head, reading files from the commit, not the working tree', () => {
    const run = review(dir, '--base', 'main', '--head', 'feature', '-f', 'markdown', '--no-timing', '--filter-mode', 'file');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('- **Compared:** feature with `main`');
    // util.js's edit and scratch.py are not committed: the commit's review does not know them.
    expect(run.stdout).not.toContain('app/util.js');
    expect(run.stdout).not.toContain('scratch.py');
    expect(run.stdout).toContain('```mermaid\npie showData\n    title Findings by category\n    "bug" : 4\n    "performance" : 1\n    "style" : 1\n```');
    // The old none-comparison's fix is outside the diff: a diff block, not a suggestion.
    expect(run.stdout).toMatch(/`app\/new_name\.py:2`[\s\S]*?Fix \(verified\): [^\n]*\n\n```diff\n@@ line 2 @@\n- {4}if items == None:\n\+ {4}if items is None:\n```/);
    expect(run.stdout).toContain('```suggestion\n    return order.shipping == "express"\n```');
  });

  it('fails with exit code 2 and a clear message for bad refs and options', () => {
    const unknown = review(dir, '--base', 'no-such-branch');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('revisor: unknown base ref "no-such-branch": no branch, tag or commit of that name in this repository (run `git fetch` if it is a remote branch)\n');
    const head = review(dir, '--base', 'main', '--head', 'nope');
    expect(head.code).toBe(2);
    expect(head.stderr).toContain('unknown head ref "nope"');
    expect(review(dir, '--staged', '--head', 'feature').stderr).toContain('use one of them');
    expect(review(dir, '--filter-mode', 'lines').code).toBe(2);
  });

  it('fails with exit code 2 outside a git repository', () => {
    const plain = tempDir();
    writeFileSync(join(plain, 'a.py'), 'x = 1\n');
    const run = review(plain);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^revisor: not a git repository \(or any parent folder\): .*\n {2}`revisor review` compares git revisions; use `revisor check` to analyse files without git\n$/);
  });

  it('says to fetch with full depth when the base is missing from a shallow clone', () => {
    const single = tempDir();
    git(single, 'clone', '--quiet', '--depth', '1', '--branch', 'feature', '--single-branch', `file://${dir}`, 'clone');
    const missing = review(join(single, 'clone'), '--base', 'origin/main');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('revisor: unknown base ref "origin/main": it is not in this shallow clone; fetch with full depth (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout) or name a ref that exists with --base');

    const both = tempDir();
    git(both, 'clone', '--quiet', '--depth', '1', '--no-single-branch', '--branch', 'feature', `file://${dir}`, 'clone');
    const noHistory = review(join(both, 'clone'), '--base', 'origin/main');
    expect(noHistory.code).toBe(2);
    expect(noHistory.stderr).toMatch(/cannot find the merge-base of origin\/main and HEAD: this is a shallow clone and the common history was not fetched; fetch with full depth/);
  });
});

describe('revisor review --staged', () => {
  it('reviews the index against HEAD, with line numbers and content from the index', () => {
    const dir = tempDir();
    git(dir, 'init', '--quiet');
    git(dir, 'symbolic-ref', 'HEAD', 'refs/heads/main');
    // No commit yet: the index is compared with the empty tree.
    writeFileSync(join(dir, 'first.py'), 'def f(x):\n    return x == x\n');
    git(dir, 'add', 'first.py');
    const unborn = review(dir, '--staged', '-f', 'json');
    expect(ids(unborn.stdout)).toEqual(['first.py:2 python/self-comparison']);
    git(dir, 'commit', '--quiet', '--no-verify', '-m', 'first');

    writeFileSync(join(dir, 'app.py'), 'def g(y):\n    return y\n');
    git(dir, 'add', 'app.py');
    git(dir, 'commit', '--quiet', '--no-verify', '-m', 'app');
    // Staged: a bug on line 2. Then, unstaged, two lines above it and another bug.
    writeFileSync(join(dir, 'app.py'), 'def g(y):\n    return y == y\n');
    git(dir, 'add', 'app.py');
    writeFileSync(join(dir, 'app.py'), '# moved\n# down\ndef g(y):\n    return y == y\n\n\ndef h(z):\n    return z == z\n');
    const staged = review(dir, '--staged', '-f', 'json');
    expect(staged.code).toBe(1);
    expect(ids(staged.stdout)).toEqual(['app.py:2 python/self-comparison']);
    expect(staged.stderr).toContain('staged changes of main against HEAD');
    // The working tree sees both bugs, at their working-tree lines.
    expect(ids(review(dir, '--base', 'HEAD', '-f', 'json').stdout)).toEqual(['app.py:4 python/self-comparison', 'app.py:8 python/self-comparison']);
  });
});

describe('baselines', () => {
  it('hide the findings recorded today and show new ones, after edits move the old ones and a file is renamed', () => {
    const dir = tempDir();
    git(dir, 'init', '--quiet');
    git(dir, 'symbolic-ref', 'HEAD', 'refs/heads/main');
    writeFileSync(join(dir, 'legacy.py'), 'def a(x):\n    return x == x\n\n\ndef b(items=[]):\n    return items\n');
    writeFileSync(join(dir, 'web.js'), 'export function c(v) {\n  return v === v;\n}\n');
    git(dir, 'add', '--all');
    git(dir, 'commit', '--quiet', '--no-verify', '-m', 'legacy');
    const created = runCli(['baseline', 'create', '--no-cache'], dir, GIT_ENV);
    expect(created.code).toBe(0);
    expect(created.stderr).toBe('revisor: wrote 3 finding fingerprints from 2 files to .revisor/baseline.json\n');
    const baseline = JSON.parse(readFileSync(join(dir, '.revisor', 'baseline.json'), 'utf8'));
    expect(baseline).toMatchObject({ version: 1, tool: 'revisor' });
    expect(baseline.findings.map((f: { path: string; ruleId: string }) => `${f.path} ${f.ruleId}`)).toEqual([
      'legacy.py python/mutable-default-argument',
      'legacy.py python/self-comparison',
      'web.js javascript/self-comparison',
    ]);
    // No line numbers in the file: moving code must not change it.
    expect(JSON.stringify(baseline)).not.toMatch(/"line"|"range"/);

    git(dir, 'checkout', '--quiet', '-b', 'feature');
    // Unrelated lines above move both old findings down; a new bug comes at the end; web.js is renamed.
    writeFileSync(join(dir, 'legacy.py'), 'import os\n\n\ndef setup():\n    return os.getcwd()\n\n\ndef a(x):\n    return x == x\n\n\ndef b(items=[]):\n    return items\n\n\ndef d(y):\n    return y == y\n');
    git(dir, 'mv', 'web.js', 'client.js');
    git(dir, 'add', '--all');
    git(dir, 'commit', '--quiet', '--no-verify', '-m', 'more');

    const check = (...args: string[]) => runCli(['check', '.', '--no-cache', '-f', 'json', ...args], dir, GIT_ENV);
    expect(ids(check().stdout)).toHaveLength(4);
    // check --baseline: the renamed file's old finding is new to `check`, which knows nothing of git.
    const checked = check('--baseline', '.revisor/baseline.json');
    expect(ids(checked.stdout)).toEqual(['client.js:2 javascript/self-comparison', 'legacy.py:17 python/self-comparison']);
    expect(checked.code).toBe(1);
    // review --baseline follows the rename.
    const reviewed = review(dir, '--base', 'main', '--filter-mode', 'file', '--baseline', '.revisor/baseline.json', '-f', 'markdown', '--no-timing', '--json-output', join(dir, 'r.json'));
    expect(ids(readFileSync(join(dir, 'r.json'), 'utf8'))).toEqual(['legacy.py:17 python/self-comparison']);
    expect(reviewed.stdout).toContain('- **Baseline:** 3 known findings hidden (`.revisor/baseline.json`)');
    expect(reviewed.stderr).toContain('1 finding shown, 3 by the baseline');

    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"findings": 3}');
    const bad = check('--baseline', broken);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a revisor baseline/);
    expect(review(dir, '--baseline', 'missing.json').stderr).toMatch(/missing\.json: baseline file not found/);
  });
});

describe('the length bound, end to end', () => {
  it('keeps the comment under 65,536 characters and points to the full report', () => {
    const dir = tempDir();
    git(dir, 'init', '--quiet');
    git(dir, 'symbolic-ref', 'HEAD', 'refs/heads/main');
    writeFileSync(join(dir, 'README.md'), 'hello\n');
    git(dir, 'add', '--all');
    git(dir, 'commit', '--quiet', '--no-verify', '-m', 'start');
    // 150 self-comparisons whose lines carry backtick runs and HTML, on new lines.
    const lines = Array.from({ length: 150 }, (_, i) => `if (v${i} === v${i}) { log("\`\`\`\` </details><img src=x> @octocat ${'x'.repeat(200)}"); }`);
    writeFileSync(join(dir, 'many.js'), `${lines.join('\n')}\n`);
    const run = review(dir, '--base', 'HEAD', '-f', 'json', '--markdown-output', 'full.md', '--comment-output', 'comment.md', '--full-report-url', 'https://ci.example/run/7');
    expect(ids(run.stdout)).toHaveLength(150);
    const full = readFileSync(join(dir, 'full.md'), 'utf8');
    const comment = readFileSync(join(dir, 'comment.md'), 'utf8');
    expect(full.length).toBeGreaterThan(65_536);
    expect(comment.length).toBeLessThanOrEqual(65_536);
    expect(comment).toMatch(/\*\*\d+ more findings in 1 file not shown\*\* to keep this report under GitHub's 65,536-character comment limit; the full report is \[here\]\(https:\/\/ci\.example\/run\/7\) \(`full\.md`\)\./);
    expect(injectionProblems(comment)).toEqual([]);
    expect(injectionProblems(full)).toEqual([]);
    expect(existsSync(join(dir, 'comment.md'))).toBe(true);
  });
});
