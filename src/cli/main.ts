import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig, type FailOn } from '../config/config.js';
import { INTERNAL_RULES } from '../engine/internal-rules.js';
import { loadBuiltinRules } from '../engine/load-rules.js';
import { unknownRuleSettings } from '../engine/rule-set.js';
import { revisorVersion } from '../package-root.js';
import { compareNotes, review, type ReviewOptions } from '../pipeline.js';
import { createProgress } from './progress.js';
import { fixFiles } from '../fix/fix-files.js';
import { FORMATS, formatReport, type Format } from '../report/index.js';
import type { Finding, Severity } from '../types.js';
import { writeFileAtomic } from '../atomic-write.js';
import { printSyntaxTree } from './print-tree.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function exitCodeFor(findings: Finding[], failOn: FailOn): number {
  if (failOn === 'never') return EXIT_OK;
  const threshold = SEVERITY_RANK[failOn];
  return findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? EXIT_FINDINGS : EXIT_OK;
}

/** The repository root when inside git, else the working folder: report paths are relative to it. */
function detectRoot(cwd: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || cwd;
  } catch {
    return cwd;
  }
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  isTty: boolean;
  /** Whether stderr is a terminal: the progress bar is drawn only then. */
  stderrIsTty?: boolean;
  stderrStream?: NodeJS.WriteStream;
}

const defaultIo = (): CliIo => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  isTty: Boolean(process.stdout.isTTY),
  stderrIsTty: Boolean(process.stderr.isTTY),
  stderrStream: process.stderr,
});

interface CheckOptions {
  format: Format;
  output?: string;
  failOn?: FailOn;
  config?: string;
  root?: string;
  reportUnusedIgnores?: boolean;
  color?: boolean;
  fix?: boolean;
  fixDryRun?: boolean;
  jobs?: number;
  cache: boolean;
  cacheLocation?: string;
  quiet?: boolean;
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('revisor')
    .description('Static-analysis-augmented code reviewer')
    .version(revisorVersion())
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('check')
    .description('analyse files and folders and report findings')
    .argument('[paths...]', 'files, folders or glob patterns (default: the current folder)')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <level>', 'lowest severity that makes the exit code 1 (default: error)').choices(['error', 'warning', 'info', 'never']))
    .option('-c, --config <file>', 'configuration file (default: revisor.config.json/.yaml in the root)')
    .option('--root <dir>', 'folder report paths are relative to (default: the git repository root, else the current folder)')
    .option('--report-unused-ignores', 'report revisor-ignore comments that suppress nothing')
    .option('--fix', 'apply verified deterministic fixes in place, then report what remains')
    .option('--fix-dry-run', 'print the verified fixes as a unified diff instead of applying them')
    .option('-j, --jobs <n>', 'worker threads (default: available cores)', parsePositiveInt)
    .option('--no-cache', 'do not read or write the result cache')
    .option('--cache-location <dir>', 'result cache folder (default: .revisor/cache under the root)')
    .option('-q, --quiet', 'no progress bar or summary on stderr')
    .option('--color', 'force colour in text output')
    .option('--no-color', 'disable colour in text output')
    .action(async (paths: string[], options: CheckOptions) => {
      exitCode = await runCheck(paths, options, io);
    });

  program
    .command('rules')
    .description('list every rule with its id, languages, category, severity and summary')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { rules } = await loadBuiltinRules();
      const metas = [...rules.map((r) => r.meta), ...INTERNAL_RULES];
      if (options.json) {
        const list = metas.map(({ source: _source, ...meta }) => meta);
        io.stdout(`${JSON.stringify(list, null, 2)}\n`);
      } else {
        const width = Math.max(...metas.map((m) => m.id.length));
        for (const m of metas) io.stdout(`${m.id.padEnd(width)}  ${m.severity.padEnd(7)}  ${m.category.padEnd(11)}  ${m.languages.join(',')}  ${m.summary}\n`);
        io.stdout(`${metas.length} rules\n`);
      }
    });

  program
    .command('ast')
    .description('print the syntax tree of a file (node types, fields, positions), for rule authors')
    .argument('<file>', 'a source file')
    .action(async (file: string) => {
      exitCode = await printSyntaxTree(resolve(io.cwd, file), file, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT_OK : EXIT_USAGE;
    }
    throw error;
  }
  return exitCode;
}

async function runCheck(paths: string[], options: CheckOptions, io: CliIo): Promise<number> {
  const root = options.root ? resolve(io.cwd, options.root) : detectRoot(io.cwd);
  let config;
  try {
    config = loadConfig(root, options.config ? resolve(io.cwd, options.config) : undefined, io.cwd).config;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`revisor: configuration error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  const builtin = await loadBuiltinRules();
  const unknown = unknownRuleSettings(builtin.rules, config);
  if (unknown.length > 0) {
    io.stderr(`revisor: configuration error: ruleSettings names unknown rule(s): ${unknown.join(', ')}\n`);
    return EXIT_USAGE;
  }
  if (options.fix && options.fixDryRun) {
    io.stderr('revisor: --fix and --fix-dry-run cannot be used together\n');
    return EXIT_USAGE;
  }
  const failOn: FailOn = options.failOn ?? config.failOn ?? 'error';
  const progress = options.quiet ? undefined : createProgress(io);
  const reviewOptions: ReviewOptions = {
    root,
    cwd: io.cwd,
    paths,
    config,
    reportUnusedIgnores: options.reportUnusedIgnores,
    jobs: options.jobs,
    cacheDir: options.cache ? resolve(io.cwd, options.cacheLocation ?? join(root, '.revisor', 'cache')) : undefined,
    onProgress: progress?.update,
  };
  let result = await review(reviewOptions);
  progress?.stop();
  if (options.fixDryRun) {
    const fixes = await fixFiles(result, root, config, false);
    io.stdout(fixes.patch);
    io.stderr(`revisor: ${fixes.appliedCount} fix(es) would change ${fixes.changedFiles.length} file(s)\n`);
    return exitCodeFor(result.findings, failOn);
  }
  const fixNotes = [];
  if (options.fix) {
    const fixes = await fixFiles(result, root, config, true);
    fixNotes.push(...fixes.notes);
    if (fixes.changedFiles.length > 0) result = await review(reviewOptions);
    io.stderr(`revisor: applied ${fixes.appliedCount} fix(es) to ${fixes.changedFiles.length} file(s)\n`);
  }
  const report = formatReport(options.format, {
    findings: result.findings,
    notes: [...result.notes, ...fixNotes].sort(compareNotes),
    summary: result.summary,
    rules: [...result.rules.map((r) => r.meta), ...INTERNAL_RULES],
    sources: new Map(result.files.map((f) => [f.path, f])),
    toolVersion: revisorVersion(),
    color: options.format === 'text' && (options.color ?? io.isTty),
    failOn,
  });
  if (options.output) {
    writeFileAtomic(resolve(io.cwd, options.output), report);
  } else {
    io.stdout(report);
  }
  if (result.missing.length > 0) {
    io.stderr(`revisor: ${result.missing.map((m) => `"${m}"`).join(', ')}: no such file, folder or match\n`);
    return EXIT_USAGE;
  }
  if (process.env.REVISOR_REPORT_STATS) {
    // For the benchmark: peak memory of the whole process (worker threads included) and cache use.
    io.stderr(`revisor-stats ${JSON.stringify({ peakRssKb: process.resourceUsage().maxRSS, ...result.stats })}\n`);
  }
  return exitCodeFor(result.findings, failOn);
}
