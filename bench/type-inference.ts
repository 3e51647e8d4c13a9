/**
 * The tree-sitter type-inference pass on real third-party code: how many findings its rules report
 * (so the false-positive rate is visible), and what the pass costs. Meant to be called from
 * `npm run bench` (bench/run.ts) and runnable alone:
 * `npm run build && node dist/bench/type-inference.js [--smoke]`.
 *
 * Corpora: Django from Debian's python3-django (the main one), the other Python packages the benchmark
 * installs from Debian (pylint, astroid, mypy) and Debian's CPython standard library when present, and webpack's lib/ from the benchmark's npm
 * corpora (else ESLint's lib/ from this checkout's node_modules). Every finding is listed, so a reader
 * can sample and judge them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBuiltinRules } from '../src/engine/load-rules.js';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(projectRoot, 'bin', 'revisor.js');

/** The rules built on the type-inference pass. */
export const TYPE_RULES = [
  'python/unsupported-operand-types',
  'python/call-arity-mismatch',
  'python/not-callable',
  'python/unknown-attribute',
  'python/wrong-argument-type',
  'python/none-result-used',
  'python/annotation-mismatch',
  'python/not-iterable',
  'python/not-subscriptable',
  'python/incompatible-equality',
  'python/unawaited-coroutine',
  'javascript/nan-arithmetic',
  'javascript/not-a-function',
  'javascript/unknown-member',
  'javascript/missing-argument',
  'javascript/new-non-constructor',
  'javascript/always-false-comparison',
  'javascript/await-non-promise',
  'javascript/floating-promise',
];

interface Finding {
  ruleId: string;
  path: string;
  message: string;
  range: { start: { line: number } };
}

interface CorpusResult {
  name: string;
  files: number;
  seconds: number;
  secondsWithoutTypeRules: number;
  secondsWithoutPass: number;
  findings: Finding[];
}

function log(message: string) {
  process.stderr.write(`bench: ${message}\n`);
}

function check(dir: string, extra: string[] = []): { seconds: number; files: number; findings: Finding[] } {
  const out = join(mkdtempSync(join(tmpdir(), 'revisor-types-bench-')), 'report.json');
  const start = performance.now();
  const run = spawnSync(process.execPath, [cli, 'check', dir, '--root', dir, '-f', 'json', '-o', out, '--fail-on', 'never', '-q', '--no-cache', ...extra], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - start) / 1000;
  if (run.status !== 0 || !existsSync(out)) throw new Error(`revisor check failed on ${dir}: ${run.stderr.slice(0, 300)}`);
  const report = JSON.parse(readFileSync(out, 'utf8')) as { summary: { filesAnalyzed: number }; findings: Finding[] };
  return { seconds, files: report.summary.filesAnalyzed, findings: report.findings.filter((f) => TYPE_RULES.includes(f.ruleId)) };
}

/** A config that switches these rules off, to time the run without them. */
function withRulesOff(ids: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'revisor-types-config-'));
  const file = join(dir, 'revisor.config.json');
  writeFileSync(file, JSON.stringify({ ruleSettings: Object.fromEntries(ids.map((id) => [id, 'off'])) }));
  return file;
}

/**
 * Every built-in rule that may ask the pass: the type rules, and the type-aware `typescript/*` rules,
 * which on JavaScript files no tsconfig governs ask the same pass. With only the type rules off, a
 * JavaScript run still pays for most of it.
 */
async function passRules(): Promise<string[]> {
  const { rules } = await loadBuiltinRules();
  return [...new Set([...TYPE_RULES, ...rules.map((rule) => rule.meta.id).filter((id) => id.startsWith('typescript/'))])].sort();
}

function corpora(smoke: boolean): Array<{ name: string; dir: string }> {
  if (smoke) return [{ name: 'fixtures/sample-project', dir: join(projectRoot, 'fixtures', 'sample-project') }];
  const list: Array<{ name: string; dir: string }> = [];
  const dist = '/usr/lib/python3/dist-packages';
  for (const [name, dir] of [
    ['Django (Debian python3-django)', join(dist, 'django')],
    ['pylint (Debian)', join(dist, 'pylint')],
    ['astroid (Debian)', join(dist, 'astroid')],
    ['mypy (Debian)', join(dist, 'mypy')],
    ['CPython 3.11 standard library (Debian)', '/usr/lib/python3.11'],
  ]) {
    if (existsSync(dir)) list.push({ name, dir });
  }
  const webpack = join(projectRoot, 'bench', '.corpora', 'corpora', 'node_modules', 'webpack', 'lib');
  const eslint = join(projectRoot, 'node_modules', 'eslint', 'lib');
  if (existsSync(webpack)) list.push({ name: 'webpack lib/ (npm)', dir: webpack });
  else if (existsSync(eslint)) list.push({ name: 'ESLint lib/ (node_modules)', dir: eslint });
  return list;
}

export async function typeInferenceBench(options: { smoke: boolean }): Promise<string> {
  const results: CorpusResult[] = [];
  const typeRulesOff = withRulesOff(TYPE_RULES);
  const passOff = withRulesOff(await passRules());
  for (const corpus of corpora(options.smoke)) {
    log(`type inference: ${corpus.name}`);
    const withRules = check(corpus.dir);
    const without = check(corpus.dir, ['--config', typeRulesOff]);
    const withoutPass = check(corpus.dir, ['--config', passOff]);
    results.push({ name: corpus.name, files: withRules.files, seconds: withRules.seconds, secondsWithoutTypeRules: without.seconds, secondsWithoutPass: withoutPass.seconds, findings: withRules.findings });
  }
  const lines = [
    '### Type inference (tree-sitter pass) on third-party code',
    '',
    `Findings of the ${TYPE_RULES.length} rules built on the inference pass, with a whole-run time with them, with them switched off, and with every rule that may ask the pass switched off (those and the type-aware \`typescript/*\` rules, which ask it on JavaScript files; the run then never starts the pass). One run each, \`--no-cache\`.`,
    '',
    '| corpus | files | type findings | time | time without type rules | time without the pass |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) => `| ${r.name} | ${r.files} | ${r.findings.length} | ${r.seconds.toFixed(1)} s | ${r.secondsWithoutTypeRules.toFixed(1)} s | ${r.secondsWithoutPass.toFixed(1)} s |`),
    '',
  ];
  for (const r of results) {
    if (r.findings.length === 0) continue;
    const byRule = new Map<string, number>();
    for (const f of r.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
    lines.push(`${r.name}: ${[...byRule].map(([id, n]) => `${id} ${n}`).join(', ')}.`, '');
    for (const f of r.findings.slice(0, 50)) lines.push(`- \`${f.path}:${f.range.start.line}\` ${f.ruleId}: ${f.message.replace(/\|/g, '\\|')}`);
    lines.push('');
  }
  return lines.join('\n');
}

const invokedDirectly = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  const smoke = process.argv.includes('--smoke');
  typeInferenceBench({ smoke })
    .then((markdown) => {
      process.stdout.write(`${markdown}\n`);
      const results = join(projectRoot, 'bench', 'results');
      mkdirSync(results, { recursive: true });
      writeFileSync(join(results, smoke ? 'type-inference-smoke.md' : 'type-inference.md'), `${markdown}\n`);
    })
    .catch((error) => {
      process.stderr.write(`bench: ${error?.stack ?? error}\n`);
      process.exitCode = 1;
    });
}
