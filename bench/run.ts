/**
 * `npm run bench`: revisor's throughput on real third-party code, against peer tools on the same code.
 *
 * Prepares its corpora and peers itself (Debian packages and npm, pinned below), then prints one
 * Markdown table per corpus; every time is the median of several runs taken in this session.
 * `--smoke` runs the same code paths on the bundled fixtures with one run and no peers, in seconds.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Parser } from 'web-tree-sitter';
import { languageForPath, languageSpec, wasmPath } from '../src/parse/languages.js';
import type { LanguageId } from '../src/types.js';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const workDir = join(projectRoot, 'bench', '.corpora');
const resultsDir = join(projectRoot, 'bench', 'results');
const cli = join(projectRoot, 'bin', 'revisor.js');

/** Pinned versions of everything the benchmark installs, so two sessions measure the same thing. */
const NPM_CORPORA = { webpack: '5.101.3', rxjs: '7.8.2' };
const NPM_PEERS = {
  eslint: '9.36.0',
  '@eslint/js': '9.36.0',
  'typescript-eslint': '8.44.1',
  typescript: '5.9.2',
  pyright: '1.1.405',
  '@ast-grep/cli': '0.39.5',
  globals: '16.4.0',
};
const DEBIAN_PACKAGES = ['python3-django', 'googletest', 'python3-pyflakes', 'pylint', 'mypy', 'cppcheck'];

interface Corpus {
  name: string;
  language: 'python' | 'javascript' | 'typescript' | 'cpp';
  dir: string;
  files: string[];
  bytes: number;
  lines: number;
}

interface Timed {
  ms: number;
  peakRssKb?: number;
  /** CPU time of all the process's threads (revisor reports it; peers do not). */
  cpuMs?: number;
  /** Files the tool says it checked, when it says. */
  files?: number;
  ok: boolean;
  note?: string;
}

interface PeerResult {
  ok: boolean;
  tool: string;
  corpusNote: string;
  ms: number;
  files?: number;
  revisorMs: number;
  revisorFiles?: number;
}

/** How a peer is run and read: exit statuses that mean it ran (linters exit 1 on findings), and how many files it checked. */
interface PeerCommand {
  tool: string;
  command: string;
  args: string[];
  paths: string[];
  cwd: string;
  corpusNote: string;
  ran: (status: number) => boolean;
  filesChecked: (stdout: string, stderr: string) => number | undefined;
}

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const runs = smoke ? 1 : Number(args[args.indexOf('--runs') + 1] || 3) || 3;
const cores = availableParallelism();

function log(message: string) {
  process.stderr.write(`bench: ${message}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function listSources(dir: string, accept: (path: string) => boolean): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== '__pycache__') stack.push(full);
      else if (entry.isFile() && accept(full)) out.push(full);
    }
  }
  return out.sort();
}

function describeCorpus(name: string, language: Corpus['language'], dir: string, extensions: string[]): Corpus {
  const files = listSources(dir, (p) => extensions.includes(extname(p)) && !p.endsWith('.d.ts'));
  let bytes = 0;
  let lines = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    bytes += Buffer.byteLength(text);
    lines += text.split('\n').length;
  }
  return { name, language, dir, files, bytes, lines };
}

function ensureDebian(packages: string[]) {
  const missing = packages.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return;
  log(`installing Debian packages: ${missing.join(' ')}`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function ensureNpm(folder: string, packages: Record<string, string>) {
  const want = Object.entries(packages).map(([name, version]) => `${name}@${version}`);
  const installed = want.every((spec) => {
    const name = spec.slice(0, spec.lastIndexOf('@'));
    const version = spec.slice(spec.lastIndexOf('@') + 1);
    const manifest = join(folder, 'node_modules', name, 'package.json');
    return existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version === version;
  });
  if (installed) return;
  mkdirSync(folder, { recursive: true });
  if (!existsSync(join(folder, 'package.json'))) writeFileSync(join(folder, 'package.json'), '{"private":true}\n');
  log(`installing from npm into ${relative(projectRoot, folder)}: ${want.join(' ')}`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...want], { cwd: folder, stdio: 'inherit' });
}

/**
 * Django is copied out of dist-packages: run inside it, mypy takes the neighbouring packages
 * (typing_extensions and others) for user modules and stops.
 */
function copyOfDjango(): string {
  const target = join(workDir, 'django', 'django');
  if (!existsSync(target)) {
    mkdirSync(dirname(target), { recursive: true });
    cpSync('/usr/lib/python3/dist-packages/django', target, { recursive: true, filter: (source) => !source.includes('__pycache__') });
  }
  return target;
}

function prepareCorpora(): Corpus[] {
  if (smoke) {
    const fixtures = join(projectRoot, 'fixtures');
    return [
      describeCorpus('fixtures (Python)', 'python', join(fixtures, 'python'), ['.py']),
      describeCorpus('fixtures (JavaScript)', 'javascript', join(fixtures, 'javascript'), ['.js']),
    ];
  }
  ensureDebian(DEBIAN_PACKAGES);
  ensureNpm(join(workDir, 'corpora'), NPM_CORPORA);
  const modules = join(workDir, 'corpora', 'node_modules');
  return [
    describeCorpus('Django (Debian python3-django)', 'python', copyOfDjango(), ['.py']),
    describeCorpus(`webpack ${NPM_CORPORA.webpack} lib/ (npm)`, 'javascript', join(modules, 'webpack', 'lib'), ['.js']),
    describeCorpus(`rxjs ${NPM_CORPORA.rxjs} src/ (npm)`, 'typescript', join(modules, 'rxjs', 'src'), ['.ts']),
    describeCorpus('googletest (Debian googletest)', 'cpp', '/usr/src/googletest', ['.cc', '.h', '.cpp', '.hpp']),
  ];
}

/** web-tree-sitter parse of every file: the limit revisor works against. */
async function parseOnlyMs(corpus: Corpus): Promise<number> {
  await Parser.init();
  const languages = new Map<LanguageId, Parser>();
  const texts = corpus.files.map((file) => ({ language: languageForPath(file)!.id, text: readFileSync(file, 'utf8') }));
  for (const { language } of texts) {
    if (languages.has(language)) continue;
    const parser = new Parser();
    parser.setLanguage(await Language.load(readFileSync(wasmPath(languageSpec(language)))));
    languages.set(language, parser);
  }
  const times: number[] = [];
  for (let r = 0; r < Math.max(runs, 3); r++) {
    const start = performance.now();
    for (const { language, text } of texts) languages.get(language)!.parse(text)?.delete();
    times.push(performance.now() - start);
  }
  return median(times);
}

/**
 * Runs a command and times it. A tool that exits with a status `ran` does not accept (ESLint's 2,
 * mypy's 2: "all files are ignored", "errors prevented further checking") did not analyse the code,
 * however fast it was, and is reported as failed.
 */
function timeCommand(command: string, commandArgs: string[], cwd: string, options: { env?: NodeJS.ProcessEnv; ran?: (status: number) => boolean; filesChecked?: PeerCommand['filesChecked'] } = {}): Timed {
  const start = performance.now();
  const result = spawnSync(command, commandArgs, { cwd, encoding: 'utf8', env: { ...process.env, ...options.env }, maxBuffer: 512 * 1024 * 1024 });
  const ms = performance.now() - start;
  const stats = /revisor-stats (\{.*\})/.exec(result.stderr ?? '');
  const ran = options.ran ?? ((status) => status === 0 || status === 1);
  const ok = result.status !== null && result.error === undefined && ran(result.status) && !/No module named|command not found|Traceback \(most recent|is not supported|error: unrecognized/.test(result.stderr ?? '');
  const parsed = stats ? (JSON.parse(stats[1]) as { peakRssKb?: number; cpuMs?: number; filesAnalyzed?: number }) : undefined;
  return {
    ms,
    ok,
    peakRssKb: parsed?.peakRssKb,
    cpuMs: parsed?.cpuMs,
    files: parsed?.filesAnalyzed ?? (ok ? options.filesChecked?.(result.stdout ?? '', result.stderr ?? '') : undefined),
    note: ok ? undefined : `exit ${result.status}: ${String(result.error ?? `${result.stderr}${result.stdout}`).slice(0, 300)}`,
  };
}

function medianRun(run: () => Timed, count = runs): Timed {
  const results = Array.from({ length: count }, run);
  const ms = median(results.map((r) => r.ms));
  const rss = results.map((r) => r.peakRssKb ?? 0);
  const cpu = results.flatMap((r) => (r.cpuMs === undefined ? [] : [r.cpuMs]));
  return { ms, ok: results.every((r) => r.ok), peakRssKb: Math.max(...rss) || undefined, cpuMs: cpu.length ? median(cpu) : undefined, files: results[0]?.files, note: results.find((r) => r.note)?.note };
}

function revisor(paths: string[], root: string, extra: string[]): Timed {
  return timeCommand(process.execPath, [cli, 'check', ...paths, '--root', root, '-f', 'json', '-o', join(tmpdir(), 'revisor-bench.json'), '--fail-on', 'never', '-q', ...extra], root, { env: { REVISOR_REPORT_STATS: '1' } });
}

const jsonArrayLength = (stdout: string) => {
  try {
    return (JSON.parse(stdout) as unknown[]).length;
  } catch {
    return undefined;
  }
};
const firstNumber = (pattern: RegExp) => (text: string) => {
  const match = pattern.exec(text);
  return match ? Number(match[1]) : undefined;
};

function findingsPerThousandLines(corpus: Corpus): { perKloc: number; byRule: Array<[string, number]> } {
  const out = join(tmpdir(), 'revisor-bench-findings.json');
  spawnSync(process.execPath, [cli, 'check', corpus.dir, '--root', corpus.dir, '-f', 'json', '-o', out, '--fail-on', 'never', '-q', '--no-cache'], { encoding: 'utf8' });
  const report = JSON.parse(readFileSync(out, 'utf8')) as { findings: Array<{ ruleId: string }> };
  const byRule = new Map<string, number>();
  for (const f of report.findings) if (f.ruleId !== 'revisor/syntax-error') byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  const total = [...byRule.values()].reduce((a, b) => a + b, 0);
  return { perKloc: (1000 * total) / corpus.lines, byRule: [...byRule].sort((a, b) => b[1] - a[1]) };
}

function peerCommands(corpus: Corpus, tools: string): PeerCommand[] {
  const bin = (name: string) => join(tools, 'node_modules', '.bin', name);
  const configDir = mkdtempSync(join(tmpdir(), 'revisor-bench-config-'));
  const lintersExitCodes = (status: number) => status === 0 || status === 1;
  switch (corpus.language) {
    case 'python': {
      // pylint, mypy and pyright take minutes on all of Django: they run on one fixed package, and so does revisor for their ratio.
      const subset = join(corpus.dir, 'utils');
      const note = 'django/utils only';
      return [
        // pyflakes prints nothing per file it checks: it reads every .py file under the folder.
        { tool: 'pyflakes', command: '/usr/bin/python3', args: ['-m', 'pyflakes', corpus.dir], paths: [corpus.dir], cwd: corpus.dir, corpusNote: 'whole corpus', ran: lintersExitCodes, filesChecked: () => undefined },
        // pylint's exit status is a bit mask of message kinds; 32 is a usage error. The report counts modules.
        { tool: 'pylint', command: 'pylint', args: ['--recursive=y', '--jobs=1', '--disable=C,R', '--reports=y', subset], paths: [subset], cwd: corpus.dir, corpusNote: note, ran: (status) => (status & 32) === 0, filesChecked: firstNumber(/^\|module\s*\|(\d+)/m) },
        // From inside the package mypy finds `http/` both as `django.http` and as the standard library's `http`, and stops
        // ("errors prevented further checking", exit 2): it runs from the folder above, like a project's own CI.
        { tool: 'mypy', command: 'mypy', args: ['--ignore-missing-imports', '--follow-imports=silent', '--no-incremental', '--cache-dir=/dev/null', relative(dirname(corpus.dir), subset)], paths: [subset], cwd: dirname(corpus.dir), corpusNote: note, ran: lintersExitCodes, filesChecked: firstNumber(/in (\d+) source files?/) },
        { tool: 'pyright', command: bin('pyright'), args: ['--outputjson', subset], paths: [subset], cwd: corpus.dir, corpusNote: note, ran: lintersExitCodes, filesChecked: (stdout) => {
          try {
            return (JSON.parse(stdout) as { summary: { filesAnalyzed: number } }).summary.filesAnalyzed;
          } catch {
            return undefined;
          }
        } },
      ];
    }
    case 'javascript': {
      writeFileSync(join(configDir, 'eslint.config.mjs'), `import js from ${JSON.stringify(join(tools, 'node_modules', '@eslint', 'js', 'src', 'index.js'))};\nimport globals from ${JSON.stringify(join(tools, 'node_modules', 'globals', 'index.js'))};\nexport default [js.configs.recommended, { languageOptions: { sourceType: 'commonjs', globals: { ...globals.node, ...globals.es2021 } } }];\n`);
      const rules = [
        ['self-compare', 'any:\n    - pattern: $A === $A\n    - pattern: $A == $A'],
        ['nan-compare', 'any:\n    - pattern: $A === NaN\n    - pattern: $A !== NaN'],
        ['assign-in-if', 'pattern: if ($A = $B) $$$'],
        ['empty-catch', 'pattern: try { $$$ } catch ($E) {}'],
        ['json-clone', 'pattern: JSON.parse(JSON.stringify($X))'],
      ];
      mkdirSync(join(configDir, 'rules'));
      for (const [id, rule] of rules) writeFileSync(join(configDir, 'rules', `${id}.yml`), `id: ${id}\nlanguage: JavaScript\nseverity: warning\nmessage: ${id}\nrule:\n  ${rule.replace(/\n/g, '\n  ')}\n`);
      writeFileSync(join(configDir, 'sgconfig.yml'), 'ruleDirs:\n  - rules\n');
      return [
        eslint('ESLint (recommended)', bin('eslint'), configDir, corpus),
        // The npm shim needs a postinstall step (scripts are not run); call the platform package's binary directly.
        { tool: 'ast-grep (5 rules)', command: join(tools, 'node_modules', '@ast-grep', `cli-${process.platform}-${process.arch}-gnu`, 'ast-grep'), args: ['scan', '--config', join(configDir, 'sgconfig.yml'), '--inspect', 'summary', corpus.dir], paths: [corpus.dir], cwd: configDir, corpusNote: 'whole corpus', ran: lintersExitCodes, filesChecked: (_stdout, stderr) => firstNumber(/scannedFileCount=(\d+)/)(stderr) },
      ];
    }
    case 'typescript': {
      writeFileSync(join(configDir, 'eslint.config.mjs'), `import tseslint from ${JSON.stringify(join(tools, 'node_modules', 'typescript-eslint', 'dist', 'index.js'))};\nexport default tseslint.config(...tseslint.configs.recommended);\n`);
      return [eslint('typescript-eslint (recommended)', bin('eslint'), configDir, corpus)];
    }
    case 'cpp':
      // Without --quiet cppcheck reports its progress, "n/m files checked".
      return [{ tool: 'cppcheck', command: 'cppcheck', args: ['-j', '1', corpus.dir], paths: [corpus.dir], cwd: corpus.dir, corpusNote: 'whole corpus', ran: (status) => status === 0, filesChecked: firstNumber(/\d+\/(\d+) files checked 100% done/) }];
  }
}

/**
 * ESLint ignores `node_modules` and every file outside its base path, which with `--config` is the
 * working folder: run from a temporary folder on a corpus inside node_modules (webpack, rxjs) it
 * lints nothing and exits 2, "all of the files matching the glob pattern are ignored". It runs from
 * the corpus itself, on `.`, and its JSON output lists each file it linted.
 */
function eslint(tool: string, command: string, configDir: string, corpus: Corpus): PeerCommand {
  return {
    tool,
    command,
    args: ['--config', join(configDir, 'eslint.config.mjs'), '--no-warn-ignored', '--format', 'json', '.'],
    paths: [corpus.dir],
    cwd: corpus.dir,
    corpusNote: 'whole corpus',
    ran: (status) => status === 0 || status === 1,
    filesChecked: jsonArrayLength,
  };
}

function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

const mbOf = (kb?: number) => (kb ? `${Math.round(kb / 1024)} MB` : '?');
const cpuOf = (timed: Timed) => (timed.cpuMs !== undefined ? formatMs(timed.cpuMs) : '');
const filesOf = (timed: Timed) => (timed.files !== undefined ? String(timed.files) : '');

/**
 * The most `cores` threads can gain over the 1-job run: they cannot spend more than `cores` seconds of
 * CPU per second, and they do at least the 1-job run's work, so their time is at least its CPU time
 * divided by the cores. A 1-job run already uses more than one core (V8 collects garbage and compiles
 * on threads of its own), so the bound is below `cores`.
 */
function speedupBound(cold1: Timed): string {
  if (cold1.cpuMs === undefined || cold1.cpuMs <= 0) return '';
  return ` (at most ${((cores * cold1.ms) / cold1.cpuMs).toFixed(2)}× on ${cores} cores: the 1-job run used ${(cold1.cpuMs / cold1.ms).toFixed(2)} cores)`;
}

async function benchCorpus(corpus: Corpus, tools: string | undefined): Promise<string> {
  const mb = corpus.bytes / 1e6;
  log(`${corpus.name}: ${corpus.files.length} files, ${mb.toFixed(1)} MB`);
  const parseMs = await parseOnlyMs(corpus);
  const cold1 = medianRun(() => revisor([corpus.dir], corpus.dir, ['--no-cache', '--jobs', '1']));
  const coldAll = medianRun(() => revisor([corpus.dir], corpus.dir, ['--no-cache', '--jobs', String(cores)]));
  // What a user gets without --jobs (threads by the size of the run); peers are compared with this.
  const coldDefault = medianRun(() => revisor([corpus.dir], corpus.dir, ['--no-cache']));
  const cache = mkdtempSync(join(tmpdir(), 'revisor-bench-cache-'));
  revisor([corpus.dir], corpus.dir, ['--cache-location', cache]);
  const warm = medianRun(() => revisor([corpus.dir], corpus.dir, ['--cache-location', cache]));
  rmSync(cache, { recursive: true, force: true });
  const rate = (ms: number) => `${(mb / (ms / 1000)).toFixed(2)} MB/s`;
  const lines = [
    `### ${corpus.name}`,
    '',
    `${corpus.files.length} files, ${mb.toFixed(2)} MB, ${corpus.lines.toLocaleString('en-US')} lines; median of ${runs} run(s); ${cores} cores.`,
    '',
    '| measure | time | throughput | peak RSS | ratio | CPU | files checked |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| parse only (web-tree-sitter) | ${formatMs(parseMs)} | ${rate(parseMs)} | | | | ${corpus.files.length} |`,
    `| revisor check, cold, --jobs 1 | ${formatMs(cold1.ms)} | ${rate(cold1.ms)} | ${mbOf(cold1.peakRssKb)} | ${((100 * parseMs) / cold1.ms).toFixed(0)}% of parse-only | ${cpuOf(cold1)} | ${filesOf(cold1)} |`,
    `| revisor check, cold, --jobs ${cores} | ${formatMs(coldAll.ms)} | ${rate(coldAll.ms)} | ${mbOf(coldAll.peakRssKb)} | ${(cold1.ms / coldAll.ms).toFixed(2)}× the 1-job speed${speedupBound(cold1)} | ${cpuOf(coldAll)} | ${filesOf(coldAll)} |`,
    `| revisor check, cold, default jobs | ${formatMs(coldDefault.ms)} | ${rate(coldDefault.ms)} | ${mbOf(coldDefault.peakRssKb)} | ${(cold1.ms / coldDefault.ms).toFixed(2)}× the 1-job speed | ${cpuOf(coldDefault)} | ${filesOf(coldDefault)} |`,
    `| revisor check, warm cache | ${formatMs(warm.ms)} | ${rate(warm.ms)} | ${mbOf(warm.peakRssKb)} | ${((100 * warm.ms) / cold1.ms).toFixed(0)}% of cold | ${cpuOf(warm)} | ${filesOf(warm)} |`,
  ];
  if (tools) {
    const peers: PeerResult[] = [];
    for (const peer of peerCommands(corpus, tools)) {
      const timed = medianRun(() => timeCommand(peer.command, peer.args, peer.cwd, { ran: peer.ran, filesChecked: peer.filesChecked }));
      const revisorOnSame = peer.corpusNote === 'whole corpus' ? coldDefault : medianRun(() => revisor(peer.paths, corpus.dir, ['--no-cache']));
      if (!timed.ok) log(`${peer.tool} failed: ${timed.note}`);
      peers.push({ tool: peer.tool, corpusNote: peer.corpusNote, ms: timed.ms, files: timed.files, revisorMs: revisorOnSame.ms, revisorFiles: revisorOnSame.files, ok: timed.ok });
    }
    for (const peer of peers) {
      if (!peer.ok) {
        lines.push(`| ${peer.tool} (${peer.corpusNote}) | failed to run | | | | | |`);
        continue;
      }
      const files = `${peer.files ?? 'not reported'}${peer.revisorFiles !== undefined ? ` (revisor: ${peer.revisorFiles})` : ''}`;
      lines.push(`| ${peer.tool} (${peer.corpusNote}) | ${formatMs(peer.ms)} | | | ${(peer.ms / peer.revisorMs).toFixed(2)}× revisor's time (revisor: ${formatMs(peer.revisorMs)}) | | ${files} |`);
    }
  }
  const density = findingsPerThousandLines(corpus);
  lines.push('', `Findings: ${density.perKloc.toFixed(2)} per 1,000 lines. Top rules: ${density.byRule.slice(0, 8).map(([id, n]) => `${id} ${n}`).join(', ') || 'none'}.`, '');
  return lines.join('\n');
}

async function memoryScaling(corpus: Corpus): Promise<string> {
  // Half the corpus against all of it: peak memory must not grow with the number of files.
  const half = corpus.files.slice(0, Math.ceil(corpus.files.length / 2)).map((f) => relative(corpus.dir, f));
  const halfRun = medianRun(() => revisor(half, corpus.dir, ['--no-cache', '--jobs', '1']), 1);
  const fullRun = medianRun(() => revisor([corpus.dir], corpus.dir, ['--no-cache', '--jobs', '1']), 1);
  return `Peak RSS on ${corpus.name}, --jobs 1: ${mbOf(halfRun.peakRssKb)} on half the files, ${mbOf(fullRun.peakRssKb)} on all of them.\n`;
}

async function main() {
  const corpora = prepareCorpora();
  let tools: string | undefined;
  if (!smoke) {
    tools = join(workDir, 'tools');
    ensureNpm(tools, NPM_PEERS);
  }
  const sections = [`# revisor benchmark${smoke ? ' (smoke)' : ''}`, ''];
  for (const corpus of corpora) {
    if (corpus.files.length === 0) {
      sections.push(`### ${corpus.name}`, '', 'corpus not found', '');
      continue;
    }
    sections.push(await benchCorpus(corpus, tools));
  }
  if (!smoke) sections.push(await memoryScaling(corpora[0]));
  sections.push(await (await import('./typescript-checker.js')).typescriptCheckerBench({ smoke, runs }));
  sections.push(await (await import('./type-inference.js')).typeInferenceBench({ smoke }));
  const markdown = sections.join('\n');
  process.stdout.write(`${markdown}\n`);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, smoke ? 'smoke.md' : 'latest.md'), `${markdown}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
