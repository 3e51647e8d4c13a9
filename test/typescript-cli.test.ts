import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, repoRoot, runCli } from './support/cli.js';

// End-to-end through the built CLI (`npm run build` first): option parsing, worker threads, cache.

interface JsonFinding {
  ruleId: string;
  severity: string;
  path: string;
  range: { start: { line: number } };
  message: string;
  evidence?: Record<string, string>;
}

function check(args: string[], cwd = repoRoot): { code: number; findings: JsonFinding[]; stderr: string; stdout: string } {
  const run = runCli(['check', ...args, '-f', 'json', '-q'], cwd);
  const report = run.stdout ? (JSON.parse(run.stdout) as { findings: JsonFinding[] }) : { findings: [] };
  return { code: run.code, findings: report.findings, stderr: run.stderr, stdout: run.stdout };
}

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023'], types: [], strict: true, noEmit: true }, include: ['src'] });

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('revisor check with the TypeScript checker', () => {
  it('--types=typescript answers the typed rules from the checker; --types=tree-sitter keeps the checker out', () => {
    const typed = check(['fixtures/typescript-project/app', '--types=typescript', '--no-cache', '--fail-on', 'never']);
    expect(typed.code).toBe(0);
    const ids = new Set(typed.findings.map((f) => f.ruleId));
    for (const id of ['floating-promise', 'for-in-array', 'comparison-without-overlap', 'unnecessary-condition', 'sequential-await-in-loop', 'linear-search-in-loop', 'accumulator-spread-in-reduce', 'async-void-callback']) {
      expect(ids, id).toContain(`typescript/${id}`);
    }
    expect(typed.findings.find((f) => f.ruleId === 'typescript/for-in-array')?.evidence?.typeFrom).toBe('TypeScript checker');

    const auto = check(['fixtures/typescript-project/app', '--no-cache', '--fail-on', 'never']);
    expect(auto.findings).toEqual(typed.findings);

    const treeSitter = check(['fixtures/typescript-project/app', '--types=tree-sitter', '--no-cache', '--fail-on', 'never']);
    expect(treeSitter.findings.filter((f) => Object.values(f.evidence ?? {}).includes('TypeScript checker'))).toEqual([]);
    expect(treeSitter.findings.filter((f) => f.ruleId === 'typescript/unnecessary-condition')).toEqual([]);
  });

  it('--tsc-diagnostics adds the compiler\'s diagnostics as typescript/tsc-<code> findings, documented in SARIF', () => {
    const without = check(['fixtures/typescript-project/app/src/comparison-without-overlap.ts', '--no-cache']);
    expect(without.findings.filter((f) => f.ruleId.startsWith('typescript/tsc-'))).toEqual([]);
    const withDiagnostics = check(['fixtures/typescript-project/app/src/comparison-without-overlap.ts', '--no-cache', '--tsc-diagnostics']);
    const tsc = withDiagnostics.findings.filter((f) => f.ruleId === 'typescript/tsc-2367');
    expect(tsc.map((f) => f.range.start.line)).toEqual([6, 8, 10, 23]);
    expect(tsc[0]).toMatchObject({ severity: 'error', message: "TS2367: This comparison appears to be unintentional because the types 'string | null' and 'number' have no overlap." });
    expect(tsc[0].evidence).toMatchObject({ code: 'TS2367', tsconfig: 'fixtures/typescript-project/app/tsconfig.json' });
    expect(withDiagnostics.code).toBe(1);

    const sarif = runCli(['check', 'fixtures/typescript-project/app/src/comparison-without-overlap.ts', '--no-cache', '--tsc-diagnostics', '-f', 'sarif', '-q']);
    const rules = (JSON.parse(sarif.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } } }> }).runs[0].tool.driver.rules;
    expect(rules.map((r) => r.id)).toContain('typescript/tsc-2367');
  });

  it('tsc diagnostics obey revisor-ignore, and a directive they use is not reported unused', () => {
    const dir = makeProject({
      'tsconfig.json': TSCONFIG,
      'src/a.ts': 'export const n: number = 1;\n// revisor-ignore typescript/tsc-2322 -- fixture\nexport const s: string = n;\nexport const t: string = n;\n',
    });
    temporary.push(dir);
    const run = check(['.', '--root', '.', '--no-cache', '--tsc-diagnostics', '--report-unused-ignores', '--fail-on', 'never'], dir);
    expect(run.findings.map((f) => `${f.ruleId}@${f.range.start.line}`)).toEqual(['typescript/tsc-2322@4']);
  });

  it('the result cache re-analyses a file when another file of its tsconfig changes its types', () => {
    const dir = makeProject({
      'tsconfig.json': TSCONFIG,
      'src/api.ts': 'export async function save(id: string): Promise<void> {\n  void id;\n}\n',
      'src/main.ts': "import { save } from './api.js';\n\nexport function run() {\n  save('a');\n}\n",
    });
    temporary.push(dir);
    const cache = join(dir, '.cache');
    const first = check(['.', '--root', '.', '--cache-location', cache, '--fail-on', 'never'], dir);
    expect(first.findings.map((f) => `${f.ruleId}@${f.path}:${f.range.start.line}`)).toEqual(['typescript/floating-promise@src/main.ts:4']);
    writeFileSync(join(dir, 'src', 'api.ts'), 'export function save(id: string): void {\n  void id;\n}\n');
    const second = check(['.', '--root', '.', '--cache-location', cache, '--fail-on', 'never'], dir);
    expect(second.findings).toEqual([]);
  });

  it('fixes are still verified in a governed file: the edited copy gets no stale checker types', () => {
    const dir = makeProject({
      'tsconfig.json': TSCONFIG,
      'src/a.ts': 'export async function save(id: number): Promise<void> {\n  void id;\n}\n\nexport function run(value: number) {\n  save(value);\n  if (value === NaN) return 0;\n  return 1;\n}\n',
    });
    temporary.push(dir);
    const run = check(['.', '--root', '.', '--no-cache', '--fail-on', 'never'], dir);
    expect(run.findings.map((f) => `${f.ruleId}@${f.range.start.line}`)).toEqual(['typescript/floating-promise@6', 'javascript/nan-comparison@7']);
    const dry = runCli(['check', '.', '--root', '.', '--no-cache', '--fix-dry-run', '-q', '--fail-on', 'never'], dir);
    expect(dry.stdout).toContain('+  if (Number.isNaN(value)) return 0;');
  });

  it('revisor types prints the checker\'s types in the JSON shape of the tree-sitter pass', () => {
    const run = runCli(['types', '--json', 'fixtures/typescript-project/app/src/types-probe.ts']);
    expect(run.code, run.stderr).toBe(0);
    const entries = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    expect(entries).toContainEqual({ file: 'fixtures/typescript-project/app/src/types-probe.ts', line: 5, column: 8, kind: 'variable', name: 'pending', scope: 'probe', type: ['Promise<User>'] });
    expect(entries).toContainEqual({ file: 'fixtures/typescript-project/app/src/types-probe.ts', line: 3, column: 61, kind: 'parameter', name: 'maybe', scope: 'probe', type: ['User', 'undefined'] });
    const text = runCli(['types', 'fixtures/typescript-project/app/src/types-probe.ts']);
    expect(text.stdout).toContain('types-probe.ts:5:8  variable   probe.pending: Promise<User>  (TypeScript checker)');
    // The same keys as the tree-sitter pass prints, for a file no config governs.
    const inferred = runCli(['types', '--json', '--types=tree-sitter', 'fixtures/typescript-project/outside/no-config.ts']);
    const shape = (entry: Record<string, unknown>) => Object.keys(entry).sort();
    for (const entry of JSON.parse(inferred.stdout || '[]') as Array<Record<string, unknown>>) expect(shape(entry)).toEqual(shape(entries[0]));
    expect(shape(entries[0])).toEqual(['column', 'file', 'kind', 'line', 'name', 'scope', 'type']);
  });

  it('gives the same findings on worker threads, where each worker builds the program once', () => {
    const files: Record<string, string> = { 'tsconfig.json': TSCONFIG, 'src/api.ts': 'export const load = async (id: string): Promise<number> => id.length;\n' };
    for (let i = 0; i < 24; i++) files[`src/m${String(i).padStart(2, '0')}.ts`] = `import { load } from './api.js';\nexport function f${i}(ids: string[]) {\n  for (const k in ids) load(k);\n}\n`;
    const dir = makeProject(files);
    temporary.push(dir);
    const one = check(['.', '--root', '.', '--no-cache', '--jobs', '1', '--fail-on', 'never'], dir);
    const two = check(['.', '--root', '.', '--no-cache', '--jobs', '2', '--fail-on', 'never'], dir);
    expect(one.findings.length).toBe(48);
    expect(two.findings).toEqual(one.findings);
  });
});
