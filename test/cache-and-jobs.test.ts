import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countCacheEntries } from '../src/run/cache.js';
import { makeProject, runCli } from './support/cli.js';

function project(count: number) {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    files[`pkg/mod${String(i).padStart(3, '0')}.py`] = `def f${i}(x, y):\n    if x == x:\n        return y\n    return None\n`;
    files[`web/mod${String(i).padStart(3, '0')}.js`] = `export function g${i}(a) {\n  return a === a;\n}\n`;
  }
  return makeProject(files);
}

/** A `--no-cache` JSON run with its run statistics (threads used) from stderr. */
function checkWithStats(dir: string, ...args: string[]): { stdout: string; jobs: number } {
  const run = runCli(['check', '.', '--root', '.', '-f', 'json', '--no-cache', ...args], dir, { REVISOR_REPORT_STATS: '1' });
  const line = run.stderr.split('\n').find((l) => l.startsWith('revisor-stats '))!;
  return { stdout: run.stdout, ...JSON.parse(line.slice('revisor-stats '.length)) };
}

function cacheFiles(dir: string): string[] {
  const out: string[] = [];
  for (const sub of readdirSync(dir)) for (const name of readdirSync(join(dir, sub))) out.push(join(dir, sub, name));
  return out.sort();
}

describe('parallel analysis', () => {
  it('gives byte-identical output with 1 and 2 jobs in every format', () => {
    const dir = project(20);
    for (const format of ['json', 'sarif', 'markdown', 'text', 'github']) {
      const one = runCli(['check', '.', '--root', '.', '-f', format, '--jobs', '1', '--no-cache'], dir);
      const two = runCli(['check', '.', '--root', '.', '-f', format, '--jobs', '2', '--no-cache'], dir);
      expect(two.stdout, format).toBe(one.stdout);
      expect(one.code).toBe(1);
    }
    const json = JSON.parse(runCli(['check', '.', '--root', '.', '-f', 'json', '--jobs', '2', '--no-cache'], dir).stdout);
    expect(json.findings).toHaveLength(40);
  });

  it('checks the files of one TypeScript program in one thread, and the other files beside it', () => {
    const files: Record<string, string> = {
      'app/tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ['src'] }),
    };
    for (let i = 0; i < 24; i++) {
      files[`app/src/m${String(i).padStart(2, '0')}.ts`] = `export async function load${i}(): Promise<number> { return ${i}; }\nexport function use${i}() {\n  load${i}();\n}\n`;
    }
    const tsOnly = makeProject(files);
    const stats = (dir: string, jobs: string) => checkWithStats(dir, '--jobs', jobs);
    const one = stats(tsOnly, '1');
    const two = stats(tsOnly, '2');
    // Every file needs the same program: a second thread would only build it again.
    expect(two.jobs).toBe(1);
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(one.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'typescript/floating-promise')).toHaveLength(24);

    for (let i = 0; i < 24; i++) files[`lib/p${String(i).padStart(2, '0')}.py`] = `def f${i}(x):\n    return x == x\n`;
    const mixed = makeProject(files);
    const mixedOne = stats(mixed, '1');
    const mixedTwo = stats(mixed, '2');
    expect(mixedTwo.jobs).toBe(2);
    expect(mixedTwo.stdout).toBe(mixedOne.stdout);
  });

  it('without --jobs, analyses a small project in one thread; --jobs asks for more', () => {
    const dir = project(20);
    const byDefault = checkWithStats(dir);
    const two = checkWithStats(dir, '--jobs', '2');
    expect(byDefault.jobs).toBe(1);
    expect(two.jobs).toBe(2);
    expect(byDefault.stdout).toBe(two.stdout);
  });

  it('rejects a bad --jobs value as a usage error', () => {
    expect(runCli(['check', '.', '--jobs', '0']).code).toBe(2);
  });
});

describe('result cache', () => {
  it('reuses unchanged files and invalidates exactly the entries whose key changed', () => {
    const dir = project(5);
    const cache = join(dir, 'cache');
    const run = (...extra: string[]) => runCli(['check', '.', '--root', '.', '-f', 'json', '--cache-location', cache, '--jobs', '1', ...extra], dir);
    const cold = run();
    expect(countCacheEntries(cache)).toBe(10);
    const warm = run();
    expect(warm.stdout).toBe(cold.stdout);
    expect(countCacheEntries(cache)).toBe(10);

    // Content key: editing one file adds exactly one entry.
    writeFileSync(join(dir, 'pkg/mod000.py'), 'def f0(x, y):\n    if y == y:\n        return x\n');
    const edited = JSON.parse(run().stdout);
    expect(countCacheEntries(cache)).toBe(11);
    expect(edited.findings.find((f: { path: string }) => f.path === 'pkg/mod000.py').message).toContain('`y`');

    // Rule configuration key: changing one rule's severity re-keys only that language's files.
    writeFileSync(join(dir, 'revisor.config.json'), JSON.stringify({ ruleSettings: { 'javascript/self-comparison': 'warning' } }));
    const reconfigured = JSON.parse(run().stdout);
    expect(countCacheEntries(cache)).toBe(16);
    expect(reconfigured.findings.filter((f: { severity: string }) => f.severity === 'warning')).toHaveLength(5);

    // Target environment key: a new Python target re-keys only the Python files.
    writeFileSync(join(dir, 'pyproject.toml'), '[project]\nrequires-python = ">=3.11"\n');
    run();
    expect(countCacheEntries(cache)).toBe(21);

    // --no-cache neither reads nor writes.
    runCli(['check', '.', '--root', '.', '--cache-location', cache, '--no-cache'], dir);
    expect(countCacheEntries(cache)).toBe(21);
  });

  it('detects a corrupted entry, discards it and recomputes', () => {
    const dir = project(2);
    const cache = join(dir, 'cache');
    const run = () => runCli(['check', '.', '--root', '.', '-f', 'json', '--cache-location', cache, '--jobs', '1'], dir);
    const cold = run().stdout;
    const [first, second] = cacheFiles(cache);
    const entry = JSON.parse(readFileSync(first, 'utf8'));
    entry.payload = entry.payload.replace('"findings":[', '"findings":[],"x":[');
    writeFileSync(first, JSON.stringify(entry));
    writeFileSync(second, '{"checksum":"');
    expect(run().stdout).toBe(cold);
  });
});
