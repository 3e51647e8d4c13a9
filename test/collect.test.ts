import { describe, expect, it } from 'vitest';
import { collectFiles } from '../src/collect/collect.js';
import { decodeSource, looksMinified } from '../src/collect/decode.js';
import { makeProject, runCli } from './support/cli.js';

describe('collecting files', () => {
  it('honours .gitignore (nested too) and config ignores, but analyses explicitly named files', () => {
    const dir = makeProject({
      '.gitignore': 'build/\n*.gen.py\n',
      'src/.gitignore': 'local.py\n',
      'src/app.py': 'x = 1\n',
      'src/local.py': 'x = 1\n',
      'src/util.gen.py': 'x = 1\n',
      'build/out.js': 'x = 1\n',
      'vendor/lib.js': 'x = 1\n',
      'docs/readme.md': '# not code\n',
      'web/page.tsx': 'export const a = <div />;\n',
      'native/a.hpp': 'int f();\n',
    });
    const collected = collectFiles({ root: dir, cwd: dir, paths: ['.'], ignore: ['vendor/'] });
    expect(collected.files.map((f) => `${f.path}:${f.language}`)).toEqual(['native/a.hpp:cpp', 'src/app.py:python', 'web/page.tsx:tsx']);
    const explicit = collectFiles({ root: dir, cwd: dir, paths: ['src/local.py'] });
    expect(explicit.files.map((f) => f.path)).toEqual(['src/local.py']);
  });

  it('leaves out dot files and dot folders, and node_modules, whether the root or a folder below it is checked', () => {
    const dir = makeProject({
      '.eslintrc.js': 'module.exports = {};\n',
      '.hidden/x.py': 'x = 1\n',
      'node_modules/pkg/index.js': 'x = 1\n',
      'src/.cache/y.py': 'y = 1\n',
      'src/.gitignore': 'skip.py\n',
      'src/a.py': 'a = 1\n',
      'src/skip.py': 'b = 1\n',
      'src/deep/b.js': 'b = 1\n',
    });
    const expected = ['src/a.py', 'src/deep/b.js'];
    expect(collectFiles({ root: dir, cwd: dir, paths: ['.'] }).files.map((f) => f.path)).toEqual(expected);
    expect(collectFiles({ root: dir, cwd: dir, paths: [] }).files.map((f) => f.path)).toEqual(expected);
    expect(collectFiles({ root: dir, cwd: dir, paths: ['src'] }).files.map((f) => f.path)).toEqual(expected);
  });

  it('expands globs and reports paths that do not exist', () => {
    const dir = makeProject({ 'a/x.py': '', 'a/y.js': '', 'b/z.py': '' });
    const collected = collectFiles({ root: dir, cwd: dir, paths: ['**/*.py', 'missing/file.py'] });
    expect(collected.files.map((f) => f.path)).toEqual(['a/x.py', 'b/z.py']);
    expect(collected.missing).toEqual(['missing/file.py']);
    expect(collected.notes).toEqual([{ path: 'missing/file.py', kind: 'read-error', message: 'no such file or folder' }]);
  });

  it('decodes UTF-8 with and without BOM and UTF-16, and refuses binary and invalid UTF-8', () => {
    expect(decodeSource(Buffer.from('\ufeffx = 1\n', 'utf8'))).toEqual({ ok: true, text: 'x = 1\n' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('x = "é"\n', 'utf16le')]);
    expect(decodeSource(utf16)).toEqual({ ok: true, text: 'x = "é"\n' });
    expect(decodeSource(Buffer.from([0x78, 0x00, 0x79]))).toEqual({ ok: false, reason: 'binary content (NUL byte at offset 1)' });
    expect(decodeSource(Buffer.from([0x78, 0x3d, 0xc3, 0x28]))).toEqual({ ok: false, reason: 'invalid UTF-8 (first bad byte at offset 2)' });
  });

  it('recognises minified code', () => {
    expect(looksMinified(`var a=1;${'a=a+1;'.repeat(2000)}`)).toBe(true);
    expect(looksMinified('const a = 1;\n'.repeat(2000))).toBe(false);
  });

  it('skips unanalysable files with a note naming them and still reports the others', () => {
    const dir = makeProject({
      'good.py': 'def f(x):\n    return x == x\n',
      'binary.py': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]),
      'latin1.js': Buffer.from([0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x78, 0x3d, 0xe9, 0x3b]),
      'big.min.js': `var a=1;${'a=a+1;'.repeat(3000)}`,
    });
    for (const format of ['text', 'json', 'sarif', 'markdown', 'github']) {
      const run = runCli(['check', '.', '--root', '.', '-f', format], dir);
      expect(run.code, format).toBe(1);
      for (const name of ['binary.py', 'latin1.js', 'big.min.js']) expect(run.stdout, `${format} mentions ${name}`).toContain(name);
      expect(run.stdout).toMatch(/self-comparison/);
    }
    const json = JSON.parse(runCli(['check', '.', '--root', '.', '-f', 'json'], dir).stdout);
    expect(json.notes).toEqual([
      { path: 'big.min.js', kind: 'skipped', message: 'not analysed: looks minified or generated (very long lines)' },
      { path: 'binary.py', kind: 'skipped', message: 'not analysed: binary content (NUL byte at offset 4)' },
      { path: 'latin1.js', kind: 'skipped', message: 'not analysed: invalid UTF-8 (first bad byte at offset 8)' },
    ]);
    expect(json.summary.filesAnalyzed).toBe(1);
  });

  it('analyses a file with a syntax error outside the broken region and says where parsing failed', () => {
    const dir = makeProject({
      'broken.py': ['def ok(x):', '    return x == x', '', 'def broken(:', '    pass', '', 'def later(y):', '    return y == y', ''].join('\n'),
    });
    const json = JSON.parse(runCli(['check', '.', '--root', '.', '-f', 'json'], dir).stdout);
    const ids = json.findings.map((f: { ruleId: string; range: { start: { line: number } } }) => `${f.ruleId}@${f.range.start.line}`);
    expect(ids).toContain('python/self-comparison@2');
    expect(ids).toContain('python/self-comparison@8');
    expect(ids.some((id: string) => id.startsWith('revisor/syntax-error@4'))).toBe(true);
    expect(json.notes.some((n: { path: string; kind: string }) => n.path === 'broken.py' && n.kind === 'parse-error')).toBe(true);
  });

  it('exits 2 for a path that does not exist but still reports the rest', () => {
    const dir = makeProject({ 'a.py': 'def f(x):\n    return x == x\n' });
    const run = runCli(['check', 'a.py', 'nope.py', '--root', '.', '-f', 'json'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"nope.py"');
    const json = JSON.parse(run.stdout);
    expect(json.findings).toHaveLength(1);
    expect(json.notes).toEqual([{ path: 'nope.py', kind: 'read-error', message: 'no such file or folder' }]);
  });
});
