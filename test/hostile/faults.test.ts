import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { cacheEntries, CHECK, checkJson, countCacheFiles, faultEnv, filesMatching, findingsIn, notesFor, project, removeProjects, startCli, type Fault } from '../support/hostile.js';

/**
 * Faults while revisor runs: files that vanish or change under it, `--fix` against races and
 * symlinks, and runs interrupted by signals. Exact moments come from fault injection
 * (test/support/fault-injection.mjs) rather than timing, except for the signals themselves.
 */

afterAll(removeProjects);

const SELF_COMPARISON_PY = 'def f(x):\n    return x == x\n';
const BARE_EXCEPT_PY = 'def load(path):\n    try:\n        return open(path).read()\n    except:\n        return None\n';
const FIXED_PY = BARE_EXCEPT_PY.replace('except:', 'except Exception:');

describe('a file that changes between collection and analysis', () => {
  it('deleted, made unreadable or replaced by a folder: a note names it, every other file is reported, the exit code is unchanged', () => {
    const dir = project({ 'a.py': SELF_COMPARISON_PY, 'gone.py': SELF_COMPARISON_PY, 'locked.py': SELF_COMPARISON_PY, 'swapped.py': SELF_COMPARISON_PY, 'z.py': SELF_COMPARISON_PY });
    const env = faultEnv([
      { file: 'gone.py', action: 'delete' },
      { file: 'locked.py', action: 'eacces' },
      { file: 'swapped.py', action: 'dir' },
    ]);
    const { run, report } = checkJson(dir, ['--jobs', '1'], env);
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(1);
    expect(report.findings.map((f) => f.path)).toEqual(['a.py', 'z.py']);
    expect(notesFor(report, 'gone.py')).toEqual([{ path: 'gone.py', kind: 'read-error', message: 'cannot read file: file disappeared before it could be read' }]);
    expect(notesFor(report, 'locked.py')).toEqual([{ path: 'locked.py', kind: 'read-error', message: 'cannot read file: permission denied' }]);
    expect(notesFor(report, 'swapped.py')).toEqual([{ path: 'swapped.py', kind: 'read-error', message: expect.stringMatching(/^cannot read file: /) }]);
    expect(report.summary).toMatchObject({ filesAnalyzed: 2, filesSkipped: 3 });
    // Node's own messages name the absolute path; reports never do.
    expect(run.stdout).not.toContain(dir);
  });
});

describe('--fix', () => {
  it('does not overwrite a file changed on disk after it was read (content hash), and says so; other files are fixed', () => {
    const dir = project({ 'edited.py': BARE_EXCEPT_PY, 'fixed.py': BARE_EXCEPT_PY });
    const edit = '\n# edited in the editor while revisor ran\n';
    // Read 1 is the analysis; read 2 is the check just before writing.
    const { run, report } = checkJson(dir, ['--fix', '--jobs', '1', '--fail-on', 'never'], faultEnv([{ file: 'edited.py', action: 'append', nth: 2, text: edit }]));
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'edited.py'), 'utf8')).toBe(BARE_EXCEPT_PY + edit);
    expect(readFileSync(join(dir, 'fixed.py'), 'utf8')).toBe(FIXED_PY);
    expect(notesFor(report, 'edited.py').map((n) => n.message)).toContain('not fixed: the file changed on disk after it was read');
    expect(run.stderr).toContain('applied 1 fix(es) to 1 file(s)');
  });

  it('does not crash when a fixable file is deleted before the fix is written', () => {
    const dir = project({ 'vanishing.py': BARE_EXCEPT_PY });
    const { run, report } = checkJson(dir, ['--fix', '--jobs', '1', '--fail-on', 'never'], faultEnv([{ file: 'vanishing.py', action: 'delete', nth: 2 }]));
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(0);
    expect(existsSync(join(dir, 'vanishing.py'))).toBe(false);
    expect(report.notes.map((n) => `${n.path}: ${n.message}`).join('\n')).toMatch(/vanishing\.py: not fixed: the file could no longer be read/);
  });

  it('refuses to write outside the repository root through a symlink; follows a symlink that stays inside', () => {
    const outside = project({ 'victim.py': BARE_EXCEPT_PY });
    const dir = project({ 'real/target.py': BARE_EXCEPT_PY });
    symlinkSync(join(outside, 'victim.py'), join(dir, 'escape.py'));
    symlinkSync('real/target.py', join(dir, 'alias.py'));
    const { run, report } = checkJson(dir, ['escape.py', 'alias.py', '--fix', '--jobs', '1', '--fail-on', 'never']);
    expect(run.code).toBe(0);
    expect(readFileSync(join(outside, 'victim.py'), 'utf8')).toBe(BARE_EXCEPT_PY);
    expect(notesFor(report, 'escape.py').map((n) => n.message)).toContain('not fixed: the file resolves outside the repository root');
    // The link inside the root is still a link, and its target got the fix.
    expect(readFileSync(join(dir, 'real/target.py'), 'utf8')).toBe(FIXED_PY);
    expect(readdirSync(dir).sort()).toEqual(['alias.py', 'escape.py', 'real']);
    expect(statSync(join(dir, 'alias.py')).isFile()).toBe(true);
    expect(readFileSync(join(dir, 'alias.py'), 'utf8')).toBe(FIXED_PY);
  });

  it('keeps the file\'s encoding, line endings and permissions, writes atomically, and never makes a file parse worse', () => {
    const dir = project({
      'bom.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(BARE_EXCEPT_PY)]),
      'utf16.py': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BARE_EXCEPT_PY, 'utf16le')]),
      'utf16be.py': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(BARE_EXCEPT_PY, 'utf16le').swap16()]),
      'crlf.py': BARE_EXCEPT_PY.replace(/\n/g, '\r\n'),
      'cr.js': 'function f(x) {\r  return x === NaN;\r}\r',
      // tree-sitter-python does not take a lone CR for a line break: this file has parse errors, so it is not touched.
      'cr.py': BARE_EXCEPT_PY.replace(/\n/g, '\r'),
      'script.py': `#!/usr/bin/env python3\n${BARE_EXCEPT_PY}`,
      'broken-elsewhere.py': `${BARE_EXCEPT_PY}\ndef broken(:\n    pass\n`,
    });
    chmodSync(join(dir, 'script.py'), 0o755);
    const before = checkJson(dir, ['--fail-on', 'never']).report;
    const run = runCli([...CHECK, '--fix', '--fail-on', 'never', '-f', 'json'], dir);
    expect(run.code).toBe(0);
    const bytes = (name: string) => readFileSync(join(dir, name));
    expect([...bytes('bom.py').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes('bom.py').subarray(3).toString('utf8')).toBe(FIXED_PY);
    expect(bytes('utf16.py').equals(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(FIXED_PY, 'utf16le')]))).toBe(true);
    expect(bytes('utf16be.py').equals(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(FIXED_PY, 'utf16le').swap16()]))).toBe(true);
    expect(bytes('crlf.py').toString()).toBe(FIXED_PY.replace(/\n/g, '\r\n'));
    expect(bytes('cr.js').toString()).toBe('function f(x) {\r  return Number.isNaN(x);\r}\r');
    expect(bytes('cr.py').toString()).toBe(BARE_EXCEPT_PY.replace(/\n/g, '\r'));
    expect(statSync(join(dir, 'script.py')).mode & 0o777).toBe(0o755);
    // No temporary files left behind by the atomic writes.
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const after = JSON.parse(run.stdout) as typeof before;
    const syntaxErrors = (r: typeof before, path: string) => findingsIn(r, path).filter((f) => f.ruleId === 'revisor/syntax-error').length;
    for (const path of ['bom.py', 'utf16.py', 'utf16be.py', 'crlf.py', 'cr.js', 'cr.py', 'script.py', 'broken-elsewhere.py']) {
      expect(syntaxErrors(after, path), path).toBeLessThanOrEqual(syntaxErrors(before, path));
      expect(findingsIn(after, path).filter((f) => f.fix), path).toEqual([]);
    }
  });
});

describe('an interrupted run', () => {
  /** 160 files analysed on one thread. */
  function busyProject(): string {
    const files: Record<string, string> = {};
    const body = Array.from({ length: 60 }, (_, i) => `def handler_${i}(items, limit):\n    kept = [x for x in items if x < limit]\n    return kept if ${i === 0 ? 'limit == limit' : 'kept'} else None\n`).join('\n');
    for (let i = 0; i < 160; i++) files[`pkg/mod${String(i).padStart(3, '0')}.py`] = `# module ${i}\n${body}`;
    return project(files);
  }

  /**
   * Starts a run that pauses (fault injection) at a chosen moment, so it is certainly there whatever
   * the machine's speed; once `ready()` sees it there, sends the signal.
   */
  async function interrupt(dir: string, cache: string, output: string, signal: NodeJS.Signals, fault: Fault, ready: () => boolean) {
    const started = startCli(['check', '--root', '.', '--no-llm', '-q', '--jobs', '1', '--cache-location', cache, '-f', 'sarif', '-o', output], dir, faultEnv([{ ms: 120_000, ...fault }]));
    const deadline = Date.now() + 90_000;
    while (!ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    started.child.kill(signal);
    const result = await started.done;
    expect(result.signal === signal || result.code === 128 + (signal === 'SIGINT' ? 2 : 15), JSON.stringify({ code: result.code, signal: result.signal, stderr: result.stderr })).toBe(true);
    return result;
  }

  it('by SIGINT or SIGTERM, mid-analysis or mid-write, leaves the cache and the --output file complete or absent, and the next run works', async () => {
    const dir = busyProject();
    const cache = join(dir, '.revisor-cache');
    const output = join(dir, 'out', 'report.sarif');
    const clean = runCli([...CHECK, '-f', 'sarif'], dir);
    expect(clean.code, clean.stderr).toBe(1);
    const complete = clean.stdout;
    expect(JSON.parse(complete).runs[0].results.length).toBe(160);
    const temporaries = (folder: string) => filesMatching(folder, /\.tmp$/);

    // 1. SIGINT mid-analysis, half-way through caching the 101st file's result: the report is absent,
    // the 100 cached entries are whole, and the torn temporary is never an entry. Each earlier entry
    // passes through a temporary too: the run is paused only once all 100 are in place. (The first
    // write into the cache folder is the rule catalog's, when the run starts.)
    await interrupt(dir, cache, output, 'SIGINT', { file: '*', under: '.revisor-cache', on: 'write', nth: 102, action: 'pause' }, () => countCacheFiles(cache) >= 100 && temporaries(cache).length > 0);
    expect(existsSync(output)).toBe(false);
    expect(temporaries(cache)).toHaveLength(1);
    expect(cacheEntries(cache)).toHaveLength(100);
    expect(cacheEntries(cache).filter((e) => !e.valid)).toEqual([]);

    // 2. The same by SIGTERM at the 121st entry (the next run starts from the 100 cached).
    await interrupt(dir, cache, output, 'SIGTERM', { file: '*', under: '.revisor-cache', on: 'write', nth: 21, action: 'pause' }, () => countCacheFiles(cache) >= 120 && temporaries(cache).length > 1);
    expect(temporaries(cache)).toHaveLength(2);
    expect(cacheEntries(cache)).toHaveLength(120);
    expect(cacheEntries(cache).filter((e) => !e.valid)).toEqual([]);
    expect(existsSync(output)).toBe(false);

    // The next run completes, reusing what the interrupted ones cached, and writes the whole report.
    const next = runCli(['check', '--root', '.', '--no-llm', '-q', '--jobs', '1', '--cache-location', cache, '-f', 'sarif', '-o', output], dir);
    expect(next.code, next.stderr).toBe(1);
    expect(readFileSync(output, 'utf8')).toBe(complete);
    expect(cacheEntries(cache).filter((e) => e.valid)).toHaveLength(160);

    // 3. and 4. Killed half-way through writing the new report, or just before renaming it into place:
    // the previous report is still there, whole.
    writeFileSync(join(dir, 'pkg', 'mod000.py'), `${readFileSync(join(dir, 'pkg', 'mod000.py'), 'utf8')}\n# changed\n`);
    await interrupt(dir, cache, output, 'SIGTERM', { file: 'report.sarif', on: 'write', action: 'pause' }, () => temporaries(join(dir, 'out')).length > 0);
    expect(readFileSync(output, 'utf8')).toBe(complete);
    await interrupt(dir, cache, output, 'SIGINT', { file: 'report.sarif', on: 'rename', action: 'pause' }, () => temporaries(join(dir, 'out')).length > 1);
    expect(readFileSync(output, 'utf8')).toBe(complete);
    expect(cacheEntries(cache).filter((e) => !e.valid)).toEqual([]);
  }, 150_000);
});
