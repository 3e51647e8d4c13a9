/**
 * Part of `npm run bench` (called from bench/run.ts), also runnable alone:
 * `npm run build && node dist/bench/typescript-checker.js [--smoke] [--runs n]`.
 *
 * What the TypeScript checker costs on a real TypeScript codebase from npm (rxjs 7.8.2, which ships
 * its `src/` and a tsconfig.json): building the program (once per config per run), running the
 * type-aware `typescript/*` rules with and without the checker, `revisor check` end to end with
 * `--types=typescript` and `--types=tree-sitter`, and the two ways of finding the TypeScript node
 * for a tree-sitter node (position descent, and @typescript-eslint/parser's ESTree node maps).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { typeEngines } from '../src/analysis/type-engines.js';
import { TypeSession } from '../src/analysis/type-session.js';
import { TypeScriptEngine } from '../src/analysis/typescript/engine.js';
import { typescript } from '../src/analysis/typescript/load.js';
import { createNodeMapper, type NodeMapping } from '../src/analysis/typescript/node-map.js';
import type { BuiltProgram } from '../src/analysis/typescript/programs.js';
import { loadBuiltinRules } from '../src/engine/load-rules.js';
import { runRules } from '../src/engine/run-rules.js';
import { languageForPath } from '../src/parse/languages.js';
import { parseSource, type ParsedFile } from '../src/parse/parser.js';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(projectRoot, 'bin', 'revisor.js');
const RXJS_VERSION = '7.8.2';

export interface CheckerBenchOptions {
  smoke: boolean;
  runs: number;
}

function log(message: string) {
  process.stderr.write(`bench: ${message}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') out.push(...listTs(full));
    else if (entry.isFile() && ['.ts', '.tsx', '.js'].includes(extname(full)) && !full.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

/** rxjs's package folder (its tsconfig.json governs `src/`), installed from npm the way bench/run.ts installs its corpora. */
function rxjsPackage(): string {
  const corpora = join(projectRoot, 'bench', '.corpora', 'corpora');
  const dir = join(corpora, 'node_modules', 'rxjs');
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest) || JSON.parse(readFileSync(manifest, 'utf8')).version !== RXJS_VERSION) {
    mkdirSync(corpora, { recursive: true });
    if (!existsSync(join(corpora, 'package.json'))) writeFileSync(join(corpora, 'package.json'), '{"private":true}\n');
    log(`installing rxjs@${RXJS_VERSION} from npm into ${relative(projectRoot, corpora)}`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `rxjs@${RXJS_VERSION}`], { cwd: corpora, stdio: 'inherit' });
  }
  return dir;
}

/** Wall time and CPU time (user + system, all threads): on a shared machine the CPU time is the steadier figure. */
interface Cost {
  wallMs: number;
  cpuMs: number;
}

function measure(work: () => void): Cost {
  const cpu = process.cpuUsage();
  const start = performance.now();
  work();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

function medianCost(costs: Cost[]): Cost {
  return { wallMs: median(costs.map((c) => c.wallMs)), cpuMs: median(costs.map((c) => c.cpuMs)) };
}

const TIME = '/usr/bin/time';

/** One `revisor check` in its own process; CPU time from /usr/bin/time when it is installed. */
function timeCli(args: string[], cwd: string): Cost {
  const command = [cli, 'check', ...args, '-f', 'json', '-o', join(tmpdir(), 'revisor-bench-ts.json'), '--fail-on', 'never', '-q', '--no-cache'];
  const timed = existsSync(TIME);
  const start = performance.now();
  const result = timed
    ? spawnSync(TIME, ['-f', 'revisor-cpu %U %S', process.execPath, ...command], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
    : spawnSync(process.execPath, command, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = performance.now() - start;
  if (result.status !== 0) throw new Error(`revisor check failed: ${result.stderr}`);
  const cpu = /revisor-cpu ([\d.]+) ([\d.]+)/.exec(result.stderr ?? '');
  return { wallMs, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : Number.NaN };
}

function cliFindings(): Map<string, number> {
  const report = JSON.parse(readFileSync(join(tmpdir(), 'revisor-bench-ts.json'), 'utf8')) as { findings: Array<{ ruleId: string }> };
  const byRule = new Map<string, number>();
  for (const f of report.findings) if (f.ruleId.startsWith('typescript/')) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  return byRule;
}

export async function typescriptCheckerBench(options: CheckerBenchOptions): Promise<string> {
  const smoke = options.smoke;
  const runs = Math.max(1, options.runs);
  const root = smoke ? join(projectRoot, 'fixtures', 'typescript-project', 'app') : rxjsPackage();
  const sourceDir = join(root, 'src');
  const files = listTs(sourceDir);
  const name = smoke ? 'fixtures/typescript-project/app (smoke)' : `rxjs ${RXJS_VERSION} src/ (npm)`;
  log(`TypeScript checker on ${name}: ${files.length} files`);
  const { rules } = await loadBuiltinRules();
  const typed = rules.filter((r) => r.meta.id.startsWith('typescript/')).map((rule) => ({ rule, severity: rule.meta.severity }));

  // 1. In-process: load, config lookup, program build, the typed rules with and without the checker.
  const load = measure(() => typescript());
  const engine = new TypeScriptEngine();
  const session = new TypeSession({ root, engine: 'typescript' }, [engine]);
  const parsed: ParsedFile[] = [];
  for (const file of files) parsed.push(await parseSource({ path: relative(root, file), absolutePath: file, language: languageForPath(file)!.id, text: readFileSync(file, 'utf8') }));
  let governed = 0;
  const lookup = measure(() => {
    for (const p of parsed) if (engine.accepts(p, session.options)) governed++;
  });
  const config = files.map((f) => engine.configFor(f, languageForPath(f)!.id, session.options)).find((c) => c !== undefined);
  if (!config) throw new Error(`no tsconfig governs any file of ${sourceDir}`);
  let built: BuiltProgram | undefined;
  const build = measure(() => {
    built = engine.programs.program(config);
  });
  if (!built) throw new Error(`the program of ${config.path} could not be built: ${engine.programs.failures.get(config.path)}`);
  const program = built.program;
  const typedRun = (typeSession: TypeSession) => {
    let found = 0;
    const costs = Array.from({ length: runs }, () =>
      measure(() => {
        found = 0;
        for (const p of parsed) found += runRules(p, typed, { typeSession }).findings.filter((f) => f.ruleId.startsWith('typescript/')).length;
      }),
    );
    return { cost: medianCost(costs), found };
  };
  const withChecker = typedRun(session);
  const withoutChecker = typedRun(new TypeSession({ root, engine: 'tree-sitter' }, typeEngines()));

  // 2. Node mapping: position descent against @typescript-eslint/parser's ESTree maps, on every named node.
  const mapping: Record<NodeMapping, { setupMs: number; queryMs: number; mapped: number }> = { position: { setupMs: 0, queryMs: 0, mapped: 0 }, estree: { setupMs: 0, queryMs: 0, mapped: 0 } };
  let queried = 0;
  let agree = 0;
  for (const p of parsed) {
    const sourceFile = program.getSourceFile(p.file.absolutePath);
    if (!sourceFile || sourceFile.text !== p.file.text) continue;
    const nodes = [...p.root.descendants()].filter((n) => n.isNamed && n !== p.root);
    queried += nodes.length;
    const answers: Partial<Record<NodeMapping, unknown[]>> = {};
    for (const kind of ['position', 'estree'] as const) {
      let mapper: ReturnType<typeof createNodeMapper> | undefined;
      mapping[kind].setupMs += measure(() => {
        mapper = createNodeMapper(kind, program, sourceFile);
      }).cpuMs;
      let found: unknown[] = [];
      mapping[kind].queryMs += measure(() => {
        found = nodes.map((n) => mapper!.nodeAt(n.startIndex, n.endIndex));
      }).cpuMs;
      mapping[kind].mapped += found.filter(Boolean).length;
      answers[kind] = found;
    }
    agree += answers.position!.filter((node, i) => node !== undefined && node === answers.estree![i]).length;
  }
  for (const p of parsed) p.dispose();

  // 3. End to end: revisor check with and without the checker (cold, no cache).
  const cores = availableParallelism();
  const rel = relative(root, sourceDir);
  const cliRuns = smoke ? 1 : runs;
  const e2e = (extra: string[]) => medianCost(Array.from({ length: cliRuns }, () => timeCli([rel, '--root', root, ...extra], root)));
  const tsJobs1 = e2e(['--types=typescript', '--jobs', '1']);
  const byRule = cliFindings();
  const plainJobs1 = e2e(['--types=tree-sitter', '--jobs', '1']);
  // The smoke run (bench/run.ts --smoke, a test) keeps to the two runs above.
  const tsJobsAll = smoke ? undefined : e2e(['--types=typescript', '--jobs', String(cores)]);
  const plainJobsAll = smoke ? undefined : e2e(['--types=tree-sitter', '--jobs', String(cores)]);
  const tsDiagnostics = smoke ? undefined : e2e(['--types=typescript', '--jobs', '1', '--tsc-diagnostics']);

  const cpu = (c: Cost) => (Number.isNaN(c.cpuMs) ? '?' : formatMs(c.cpuMs));
  const row = (label: string, c: Cost | undefined, note: string) => (c === undefined ? [] : [`| ${label} | ${formatMs(c.wallMs)} | ${cpu(c)} | ${note} |`]);
  const perFile = (c: Cost) => `${(c.cpuMs / Math.max(1, governed)).toFixed(2)} ms CPU per file`;
  const overhead = (a: Cost, b: Cost) => `${(a.cpuMs / b.cpuMs).toFixed(1)}× the CPU time of \`--types=tree-sitter\``;
  const lines = [
    `### TypeScript checker: ${name}`,
    '',
    `${files.length} files, ${governed} governed by ${relative(root, config.path)} (${program.getSourceFiles().length} files in its program, TypeScript ${typescript().version}); in-process medians of ${runs} run(s); end to end: median of ${cliRuns} run(s), ${cores} cores, no cache. CPU time is user + system over all threads (the steadier figure on a shared machine).`,
    '',
    '| measure | wall | CPU | note |',
    '| --- | ---: | ---: | --- |',
    ...row('load the typescript package', load, 'once per process (per worker thread)'),
    ...row('find the governing tsconfig for every file', lookup, 'each config parsed once, then a map lookup per file'),
    ...row('build the program and checker', build, `once per tsconfig per run (per worker), reused by all ${governed} files`),
    ...row('typed rules, the checker answering', withChecker.cost, `${perFile(withChecker.cost)} after the build; ${withChecker.found} findings`),
    ...row('typed rules, `--types=tree-sitter`', withoutChecker.cost, `${perFile(withoutChecker.cost)}; ${withoutChecker.found} findings, the tree-sitter inference answering`),
    ...row('`revisor check`, `--types=typescript`, --jobs 1', tsJobs1, `all rules; ${overhead(tsJobs1, plainJobs1)}`),
    ...row('`revisor check`, `--types=tree-sitter`, --jobs 1', plainJobs1, 'all rules, no program built'),
    ...row(`\`revisor check\`, \`--types=typescript\`, --jobs ${cores}`, tsJobsAll, 'files of one tsconfig share a thread (one program build); a worker starts only for other files'),
    ...row(`\`revisor check\`, \`--types=tree-sitter\`, --jobs ${cores}`, plainJobsAll, ''),
    ...row('`revisor check`, `--types=typescript --tsc-diagnostics`, --jobs 1', tsDiagnostics, 'adds a full semantic check of every file'),
    '',
    `Typed findings (\`--types=typescript\`): ${[...byRule].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id} ${n}`).join(', ') || 'none'}.`,
    '',
    `Node mapping over all ${queried.toLocaleString('en-US')} named tree-sitter nodes of the governed files (same program, CPU time):`,
    '',
    '| mapping | set-up | queries | nodes mapped |',
    '| --- | ---: | ---: | ---: |',
    `| position descent (used) | ${formatMs(mapping.position.setupMs)} | ${formatMs(mapping.position.queryMs)} | ${mapping.position.mapped.toLocaleString('en-US')} |`,
    `| @typescript-eslint/parser \`parseForESLint\` + \`esTreeNodeToTSNodeMap\` | ${formatMs(mapping.estree.setupMs)} | ${formatMs(mapping.estree.queryMs)} | ${mapping.estree.mapped.toLocaleString('en-US')} |`,
    '',
    `Both mappings give the same TypeScript node for ${agree.toLocaleString('en-US')} nodes.`,
    '',
  ];
  return lines.join('\n');
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  const args = process.argv.slice(2);
  const smoke = args.includes('--smoke');
  const runs = smoke ? 1 : Number(args[args.indexOf('--runs') + 1] || 3) || 3;
  typescriptCheckerBench({ smoke, runs })
    .then((markdown) => process.stdout.write(`${markdown}\n`))
    .catch((error) => {
      process.stderr.write(`bench: ${error?.stack ?? error}\n`);
      process.exitCode = 1;
    });
}
