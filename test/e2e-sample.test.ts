import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './support/cli.js';

const sample = join(repoRoot, 'fixtures', 'sample-project');
const check = (...args: string[]) => runCli(['check', '.', ...args], sample);

interface JsonFinding { ruleId: string; path: string; severity: string; range: { start: { line: number } } }

// The bugs planted in the sample project, as `path:line rule`.
const PLANTED = [
  'fixtures/sample-project/shop/inventory.py:5 python/mutable-default-argument',
  'fixtures/sample-project/shop/inventory.py:7 python/duplicate-keys',
  'fixtures/sample-project/shop/inventory.py:10 python/none-comparison',
  'fixtures/sample-project/shop/inventory.py:13 python/self-comparison',
  'fixtures/sample-project/shop/inventory.py:17 python/unreachable-code',
  'fixtures/sample-project/shop/inventory.py:20 python/is-literal-comparison',
  'fixtures/sample-project/web/cart.js:4 javascript/duplicate-keys',
  'fixtures/sample-project/web/cart.js:5 javascript/assignment-in-condition',
  'fixtures/sample-project/web/cart.js:13 javascript/nan-comparison',
  'fixtures/sample-project/web/cart.js:16 javascript/invalid-typeof',
  'fixtures/sample-project/web/cart.js:20 javascript/unreachable-code',
  'fixtures/sample-project/web/cart.js:24 javascript/self-comparison',
  'fixtures/sample-project/web/format.ts:9 javascript/nan-comparison',
  'fixtures/sample-project/native/checksum.cpp:8 cpp/switch-fallthrough',
  'fixtures/sample-project/native/checksum.cpp:21 cpp/assignment-in-condition',
  'fixtures/sample-project/native/checksum.cpp:27 cpp/self-comparison',
];

describe('the built CLI on the sample project', () => {
  const json = check('-f', 'json');
  const report = JSON.parse(json.stdout);
  const found: string[] = report.findings.map((f: JsonFinding) => `${f.path}:${f.range.start.line} ${f.ruleId}`);

  it('finds every planted bug, honours .gitignore, suppressions and config severities', () => {
    expect(found).toEqual(expect.arrayContaining(PLANTED));
    expect(found.some((f) => f.includes('build/generated.js'))).toBe(false);
    expect(found).not.toContain('fixtures/sample-project/shop/inventory.py:24 python/self-comparison');
    const typeofFinding = report.findings.find((f: JsonFinding) => f.ruleId === 'javascript/invalid-typeof');
    expect(typeofFinding.severity).toBe('warning');
    expect(report.summary.filesAnalyzed).toBe(6);
  });

  it('exits 1 on errors, 0 with --fail-on never, 2 on usage errors', () => {
    expect(json.code).toBe(1);
    expect(check('--fail-on', 'never').code).toBe(0);
    expect(check('-f', 'yaml').code).toBe(2);
    expect(check('--fix', '--fix-dry-run').code).toBe(2);
    expect(runCli(['frobnicate']).code).toBe(2);
  });

  it('gives byte-identical output for the same input in any path order', () => {
    const again = runCli(['check', 'web', 'shop', 'native', '-f', 'json'], sample);
    const reordered = runCli(['check', 'native', 'shop', 'web', '-f', 'json'], sample);
    expect(reordered.stdout).toBe(again.stdout);
    expect(check('-f', 'json').stdout).toBe(json.stdout);
  });

  it('writes text grouped by file with a summary line', () => {
    const text = check().stdout;
    expect(text).toMatch(/^fixtures\/sample-project\/native\/checksum\.cpp\n {2}8:\d+ +warning +`case 1:` falls through/m);
    expect(text).toMatch(/\d+ findings \(\d+ errors?, \d+ warnings?, \d+ info\) in 6 files; 6 files analysed\.\n$/);
    expect(text).not.toContain('\u001b[');
  });

  it('writes Markdown with the marker, a verdict and one section per file', () => {
    const markdown = check('-f', 'markdown').stdout;
    expect(markdown.startsWith('<!-- revisor-report -->\n# revisor review\n')).toBe(true);
    expect(markdown).toMatch(/\*\*Verdict: changes requested\*\*/);
    for (const file of ['shop/inventory.py', 'web/cart.js', 'web/format.ts', 'native/checksum.cpp']) expect(markdown).toContain(`## \`fixtures/sample-project/${file}\``);
    expect((markdown.match(/^```/gm) ?? []).length % 2).toBe(0);
  });

  it('writes GitHub workflow annotations', () => {
    const lines = check('-f', 'github').stdout.trim().split('\n');
    expect(lines.length).toBe(report.findings.length + report.notes.length);
    expect(lines).toContain(
      lines.find((l) => l.startsWith('::error file=fixtures/sample-project/web/cart.js,line=24,') && l.includes('title=javascript/self-comparison::')),
    );
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=/);
  });

  it('writes the report to --output atomically and nothing to stdout', () => {
    const out = join(sample, '..', '..', 'dist', 'sample-report.sarif');
    rmSync(out, { force: true });
    const run = check('-f', 'sarif', '-o', out);
    expect(run.stdout).toBe('');
    expect(existsSync(out)).toBe(true);
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe('2.1.0');
  });

  it('lists rules with --json', () => {
    const rules = JSON.parse(runCli(['rules', '--json']).stdout);
    const ids = rules.map((r: { id: string }) => r.id);
    for (const planted of PLANTED) expect(ids).toContain(planted.split(' ')[1]);
    for (const rule of rules) {
      expect(Object.keys(rule)).toEqual(expect.arrayContaining(['id', 'languages', 'category', 'severity', 'summary', 'docs']));
    }
  });
});
