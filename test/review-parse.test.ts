import { describe, expect, it } from 'vitest';
import { keepFinding } from '../src/collect/diff/filter.js';
import { parseNumstatZ, parseRawZ, parseUnifiedZeroContext, unquoteGitPath } from '../src/collect/diff/parse.js';
import type { ChangedFile } from '../src/collect/diff/types.js';
import { applyBaseline, createBaseline, parseBaseline, serializeBaseline } from '../src/engine/baseline.js';
import type { Finding } from '../src/types.js';

describe('git diff parsing', () => {
  it('reads zero-context hunks, including added lines that look like headers', () => {
    const patch = [
      'diff --git a/a.py b/a.py',
      'index 1111111..2222222 100644',
      '--- a/a.py',
      '+++ b/a.py',
      '@@ -0,0 +1,2 @@',
      '+++ b/not-a-header.py',
      '+diff --git a/x b/x',
      '@@ -10,2 +11,0 @@',
      '-gone',
      '-gone too',
      '@@ -20 +20 @@',
      '-old',
      '\\ No newline at end of file',
      '+new',
      '\\ No newline at end of file',
      'diff --git "a/t\\tab \\303\\251.js" "b/t\\tab \\303\\251.js"',
      '--- /dev/null',
      '+++ "b/t\\tab \\303\\251.js"',
      '@@ -0,0 +1 @@',
      '+x',
      'diff --git a/del.js b/del.js',
      '--- a/del.js',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-x',
      '',
    ].join('\n');
    const files = parseUnifiedZeroContext(patch);
    expect([...files.keys()]).toEqual(['a.py', 't\tab é.js']);
    expect(files.get('a.py')).toEqual({ added: [{ start: 1, end: 2 }, { start: 20, end: 20 }], removedAfter: [11] });
    expect(files.get('t\tab é.js')).toEqual({ added: [{ start: 1, end: 1 }], removedAfter: [] });
  });

  it('reads raw and numstat records with renames and binary files', () => {
    const raw = ':100644 100644 aaa bbb M\0a.py\0:100644 100644 ccc ddd R087\0old.py\0new.py\0:160000 160000 e f M\0vendor/lib\0:100644 000000 g h D\0gone.js\0';
    expect(parseRawZ(raw)).toEqual([
      { oldMode: '100644', newMode: '100644', status: 'modified', path: 'a.py' },
      { oldMode: '100644', newMode: '100644', status: 'renamed', oldPath: 'old.py', path: 'new.py' },
      { oldMode: '160000', newMode: '160000', status: 'modified', path: 'vendor/lib' },
      { oldMode: '100644', newMode: '000000', status: 'deleted', path: 'gone.js' },
    ]);
    expect(parseNumstatZ('3\t1\ta.py\0' + '2\t0\t\0old.py\0new.py\0' + '-\t-\tlogo.png\0')).toEqual([
      { path: 'a.py', added: 3, removed: 1 },
      { path: 'new.py', added: 2, removed: 0 },
      { path: 'logo.png', added: undefined, removed: undefined },
    ]);
    expect(unquoteGitPath('"a\\"b\\\\c"')).toBe('a"b\\c');
    expect(unquoteGitPath('plain name.py')).toBe('plain name.py');
  });
});

const at = (line: number, end = line): Finding => ({
  ruleId: 'python/self-comparison', severity: 'error', category: 'bug', message: 'm', path: 'a.py',
  range: { start: { line, column: 1 }, end: { line: end, column: 2 } }, fingerprint: `fp${line}`,
});

describe('the changed-lines filter', () => {
  const change: ChangedFile = { path: 'a.py', status: 'modified', binary: false, submodule: false, symlink: false, added: [{ start: 10, end: 12 }], removedAfter: [30], linesAdded: 3, linesRemoved: 1 };

  it('keeps findings by mode: on added lines, near changes (removals count), in changed files, everywhere', () => {
    expect(keepFinding(at(11), change, 'added', 3)).toBe(true);
    expect(keepFinding(at(8, 10), change, 'added', 3)).toBe(true);
    expect(keepFinding(at(13), change, 'added', 3)).toBe(false);
    expect(keepFinding(at(15), change, 'context', 3)).toBe(true);
    expect(keepFinding(at(16), change, 'context', 3)).toBe(false);
    expect(keepFinding(at(28), change, 'context', 3)).toBe(true);
    expect(keepFinding(at(33), change, 'context', 3)).toBe(true);
    expect(keepFinding(at(34), change, 'context', 3)).toBe(false);
    expect(keepFinding(at(100), change, 'file', 3)).toBe(true);
    expect(keepFinding(at(100), undefined, 'file', 3)).toBe(false);
    expect(keepFinding(at(100), undefined, 'all', 3)).toBe(true);
  });
});

describe('baseline files', () => {
  it('are sorted, carry no line numbers, and match by path and fingerprint (following renames)', () => {
    const findings = [{ ...at(5), path: 'b.py' }, at(9), at(2)];
    const baseline = createBaseline(findings);
    expect(baseline.findings.map((e) => `${e.path} ${e.fingerprint}`)).toEqual(['a.py fp2', 'a.py fp9', 'b.py fp5']);
    const text = serializeBaseline(baseline);
    expect(parseBaseline(text, 'x')).toEqual(baseline);
    expect(text).not.toMatch(/line/);
    const later = [{ ...at(50), fingerprint: 'fp9' }, { ...at(51), fingerprint: 'new' }, { ...at(7), path: 'c.py', fingerprint: 'fp5' }];
    expect(applyBaseline(later, baseline).kept.map((f) => f.fingerprint)).toEqual(['new', 'fp5']);
    expect(applyBaseline(later, baseline, new Map([['c.py', 'b.py']]))).toMatchObject({ hidden: 2, kept: [{ fingerprint: 'new' }] });
    expect(() => parseBaseline('{"tool":"revisor","version":2,"findings":[]}', 'x')).toThrow(/version 2 is not supported/);
  });
});
