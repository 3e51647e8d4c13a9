import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig, type FailOn, type RevisorConfig } from '../config/config.js';
import { INTERNAL_RULES } from '../engine/internal-rules.js';
import { loadRules } from '../engine/load-rules.js';
import { loadRuleCatalog } from '../run/rule-catalog.js';
import { resolveLlmSettings } from '../explain/settings.js';
import { ruleSourcesOf } from '../run/rule-sources.js';
import { unknownRuleSettings } from '../engine/rule-set.js';
import { revisorVersion } from '../package-root.js';
import { compareNotes, review, type ReviewOptions } from '../pipeline.js';
import type { TypeEngineChoice } from '../analysis/type-session.js';
import { createProgress } from './progress.js';
import { FORMATS, formatReport, type Format } from '../report/index.js';
import type { Finding, Severity } from '../types.js';
import { writeFileAtomic } from '../atomic-write.js';
import { tscDiagnosticRules } from '../analysis/typescript/diagnostics.js';
import { loadBaselineOption, registerReviewCommands } from './review.js';
import { applyBaseline } from '../engine/baseline.js';
import type { ExplainOutcome } from '../explain/stage.js';
import type { FixMode } from '../explain/settings.js';

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
  /** Environment variables the LLM stage reads (OPENAI_API_KEY, OPENAI_BASE_URL, REVISOR_MODEL); default process.env. */
  env?: Record<string, string | undefined>;
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
  types: TypeEngineChoice;
  tscDiagnostics?: boolean;
  cache: boolean;
  cacheLocation?: string;
  quiet?: boolean;
  llm?: boolean;
  model?: string;
  llmFixes?: FixMode;
  llmTriage?: boolean;
  llmDryRun?: boolean;
  baseline?: string;
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
    .option('--baseline <file>', 'hide the findings listed in this baseline file (see `revisor baseline create`)')
    .option('--fix', 'apply verified deterministic fixes in place, then report what remains')
    .option('--fix-dry-run', 'print the verified fixes as a unified diff instead of applying them')
    .addOption(new Option('--types <engine>', 'type engine: auto (TypeScript checker where a tsconfig/jsconfig exists), tree-sitter, typescript').choices(['auto', 'tree-sitter', 'typescript']).default('auto'))
    .option('--tsc-diagnostics', 'also report the TypeScript compiler\'s semantic diagnostics (rule ids typescript/tsc-<code>) for files a tsconfig/jsconfig governs')
    .option('-j, --jobs <n>', 'analysing threads, at most (default: by size, up to the available cores)', parsePositiveInt)
    .option('--no-cache', 'do not read or write the result cache')
    .option('--cache-location <dir>', 'result cache folder (default: .revisor/cache under the root)')
    .option('-q, --quiet', 'no progress bar or summary on stderr')
    .option('--color', 'force colour in text output')
    .option('--no-color', 'disable colour in text output')
    .option('--llm', 'explain findings with an LLM (default: on when OPENAI_API_KEY or OPENAI_BASE_URL is set, or config llm.enabled)')
    .option('--no-llm', 'never call an LLM; explanations come from the rules\' docs')
    .option('--model <name>', 'LLM model (default: REVISOR_MODEL, config llm.model, gpt-4o-mini)')
    .addOption(new Option('--llm-fixes <mode>', 'LLM fixes to show: all (verified and unverified) | verified-only | none').choices(['all', 'verified-only', 'none']))
    .option('--llm-triage', 'show findings the model judges likely false positives as info (never changes the exit code)')
    .option('--llm-dry-run', 'print exactly what would be sent to the LLM, send nothing')
    .action(async (paths: string[], options: CheckOptions) => {
      exitCode = await runCheck(paths, options, io);
    });

  program
    .command('rules')
    .description('list every rule (built-in and configured) with its id, languages, category, severity and summary')
    .option('--json', 'print JSON')
    .option('--validate', 'check every configured rule file and exit 2 on any error')
    .option('--markdown', 'print the Markdown rule reference (docs/rules.md)')
    .option('-c, --config <file>', 'configuration file naming custom rule folders and packages')
    .option('--root <dir>', 'folder relative rule paths resolve against')
    .action(async (options: { json?: boolean; validate?: boolean; markdown?: boolean; config?: string; root?: string }) => {
      const context = loadContext(options, io);
      if (typeof context === 'number') {
        exitCode = context;
        return;
      }
      const { rules, errors } = await loadRules(ruleSourcesOf(context));
      if (options.validate) {
        for (const e of errors) io.stderr(`${displayRulePath(context.root, e.path)}${e.line ? `:${e.line}` : ''}: ${e.message}\n`);
        io.stdout(errors.length === 0 ? `${rules.length} rules loaded, no errors\n` : `${errors.length} error(s) in rule files\n`);
        exitCode = errors.length === 0 ? EXIT_OK : EXIT_USAGE;
        return;
      }
      for (const e of errors) io.stderr(`revisor: ${displayRulePath(context.root, e.path)}${e.line ? `:${e.line}` : ''}: ${e.message}\n`);
      const metas = [...rules.map((r) => r.meta), ...INTERNAL_RULES];
      if (options.markdown) {
        const { formatRuleReference } = await import('../report/rule-reference.js');
        io.stdout(formatRuleReference(metas));
      } else if (options.json) {
        const list = metas.map(({ source: _source, ...meta }) => meta);
        io.stdout(`${JSON.stringify(list, null, 2)}\n`);
      } else {
        const width = Math.max(...metas.map((m) => m.id.length));
        for (const m of metas) io.stdout(`${m.id.padEnd(width)}  ${m.severity.padEnd(7)}  ${m.category.padEnd(11)}  ${m.languages.join(',')}  ${m.summary}\n`);
        io.stdout(`${metas.length} rules\n`);
      }
    });

  program
    .command('test-rules')
    .description('run each YAML rule in a folder against its annotated test file (ruleid: / ok: comments), and its .fixed file')
    .argument('[dir]', 'folder of rule files (default: the folders named by `rules` in config, else .revisor/rules)')
    .option('-c, --config <file>', 'configuration file')
    .option('--root <dir>', 'folder relative paths resolve against')
    .action(async (dir: string | undefined, options: { config?: string; root?: string }) => {
      const context = loadContext(options, io);
      if (typeof context === 'number') {
        exitCode = context;
        return;
      }
      const dirs = dir ? [resolve(io.cwd, dir)] : (context.config.rules ?? ['.revisor/rules']).map((d) => resolve(context.root, d));
      const { testRuleFolders } = await import('./test-rules.js');
      exitCode = await testRuleFolders(dirs, context.root, io);
    });

  program
    .command('ast')
    .description('print the syntax tree of a file (node types, fields, positions), for rule authors')
    .argument('<file>', 'a source file')
    .action(async (file: string) => {
      const { printSyntaxTree } = await import('./print-tree.js');
      exitCode = await printSyntaxTree(resolve(io.cwd, file), file, io);
    });

  program
    .command('types')
    .description('print every type the inference pass found: variables, parameters, returns, attributes')
    .argument('<files...>', 'Python or JavaScript files (imports between them resolve)')
    .option('--json', 'print JSON: [{ file, line, column, kind, name, scope, type }]')
    .option('--root <dir>', 'folder paths are relative to and imports resolve within (default: the git repository root, else the current folder)')
    .addOption(new Option('--types <engine>', 'type engine: auto (the TypeScript checker where a tsconfig/jsconfig governs the file), tree-sitter, typescript').choices(['auto', 'tree-sitter', 'typescript']).default('auto'))
    .action(async (files: string[], options: { json?: boolean; root?: string; types?: TypeEngineChoice }) => {
      const { runTypes } = await import('./types-command.js');
      exitCode = await runTypes(files, options, io);
    });

  registerReviewCommands(program, io, (code) => {
    exitCode = code;
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      io.stderr(`revisor: configuration error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  return exitCode;
}

/** Root and configuration for commands that need them; a number is the exit code of a configuration error. */
function loadContext(options: { config?: string; root?: string }, io: CliIo): { root: string; config: RevisorConfig } | number {
  const root = options.root ? resolve(io.cwd, options.root) : detectRoot(io.cwd);
  if (options.root && !isDirectory(root)) {
    io.stderr(`revisor: --root ${options.root}: no such folder\n`);
    return EXIT_USAGE;
  }
  try {
    return { root, config: loadConfig(root, options.config ? resolve(io.cwd, options.config) : undefined, io.cwd).config };
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`revisor: configuration error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function displayRulePath(root: string, path: string): string {
  const rel = relative(root, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

async function runCheck(paths: string[], options: CheckOptions, io: CliIo): Promise<number> {
  const context = loadContext(options, io);
  if (typeof context === 'number') return context;
  const { root, config } = context;
  const cacheDir = options.cache ? resolve(io.cwd, options.cacheLocation ?? join(root, '.revisor', 'cache')) : undefined;
  const catalog = await loadRuleCatalog(ruleSourcesOf(context), cacheDir);
  for (const e of catalog.errors) io.stderr(`revisor: ${displayRulePath(root, e.path)}${e.line ? `:${e.line}` : ''}: ${e.message}\n`);
  const unknown = unknownRuleSettings(catalog.metas.map((meta) => ({ meta })), config);
  if (unknown.length > 0) {
    io.stderr(`revisor: configuration error: ruleSettings names unknown rule(s): ${unknown.join(', ')}\n`);
    return EXIT_USAGE;
  }
  if (options.fix && options.fixDryRun) {
    io.stderr('revisor: --fix and --fix-dry-run cannot be used together\n');
    return EXIT_USAGE;
  }
  const failOn: FailOn = options.failOn ?? config.failOn ?? 'error';
  const baseline = options.baseline !== undefined ? loadBaselineOption(options.baseline, io) : undefined;
  if (typeof baseline === 'number') return baseline;
  const progress = options.quiet ? undefined : createProgress(io);
  const llmFlags = { llm: options.llm, model: options.model, fixes: options.llmFixes, triage: options.llmTriage, dryRun: options.llmDryRun, cache: options.cache, cacheRoot: cacheDir, root };
  // Fixes and the LLM stage run rules again; without them the rules' metadata is all this thread needs
  // (and the LLM stage, with its HTTP client, is not even loaded).
  const llmEnabled = resolveLlmSettings(config.llm, llmFlags, io.env ?? process.env).enabled;
  const runsRulesAgain = options.fix === true || options.fixDryRun === true || llmEnabled;
  const reviewOptions: ReviewOptions = {
    root,
    cwd: io.cwd,
    paths,
    config,
    catalog,
    ruleMetadataOnly: !runsRulesAgain,
    reportUnusedIgnores: options.reportUnusedIgnores,
    jobs: options.jobs,
    typeEngine: options.types,
    tscDiagnostics: options.tscDiagnostics,
    cacheDir,
    onProgress: progress?.update,
  };
  let result = await review(reviewOptions);
  progress?.stop();
  if (options.fixDryRun) {
    const { fixFiles } = await import('../fix/fix-files.js');
    const fixes = await fixFiles(result, root, config, false);
    io.stdout(fixes.patch);
    io.stderr(`revisor: ${fixes.appliedCount} fix(es) would change ${fixes.changedFiles.length} file(s)\n`);
    return exitCodeFor(result.findings, failOn);
  }
  const fixNotes = [];
  if (options.fix) {
    const { fixFiles } = await import('../fix/fix-files.js');
    const fixes = await fixFiles(result, root, config, true);
    fixNotes.push(...fixes.notes);
    if (fixes.changedFiles.length > 0) result = await review(reviewOptions);
    io.stderr(`revisor: applied ${fixes.appliedCount} fix(es) to ${fixes.changedFiles.length} file(s)\n`);
  }
  // Findings the baseline lists are gone before anything reads them: explanations, reports, the exit code.
  if (baseline) result = { ...result, findings: applyBaseline(result.findings, baseline).kept };
  let explained: ExplainOutcome = llmEnabled ? await (await import('../explain/stage.js')).runExplainStage(result, config, llmFlags, io.env ?? process.env) : { kind: 'offline', findings: result.findings };
  if (explained.kind === 'dry-run') {
    io.stdout(explained.text);
    return exitCodeFor(result.findings, failOn);
  }
  if (explained.warning) io.stderr(`revisor: ${explained.warning}\n`);
  if (options.fix && explained.kind === 'llm' && explained.summary.fixes.verified > 0) {
    const { applyVerifiedLlmFixes, carryExplanations } = await import('../explain/apply-fixes.js');
    const applied = await applyVerifiedLlmFixes(explained.findings, result.files, { root, rules: result.rules, config, target: result.target });
    fixNotes.push(...applied.notes);
    if (applied.changedFiles.length > 0) {
      result = await review(reviewOptions);
      explained = { ...explained, findings: carryExplanations(result.findings, explained.findings, applied.changedFiles) };
    }
    io.stderr(`revisor: applied ${applied.appliedCount} verified LLM fix(es) to ${applied.changedFiles.length} file(s)\n`);
  }
  const report = formatReport(options.format, {
    findings: explained.findings,
    llm: explained.kind === 'llm' ? explained.summary : undefined,
    notes: [...result.notes, ...fixNotes].sort(compareNotes),
    summary: result.summary,
    rules: [...result.ruleMetas, ...INTERNAL_RULES, ...tscDiagnosticRules(result.findings)],
    sources: new Map(result.files.map((f) => [f.path, f])),
    toolVersion: revisorVersion(),
    color: options.format === 'text' && (options.color ?? io.isTty),
    failOn,
  });
  if (options.output) {
    try {
      writeFileAtomic(resolve(io.cwd, options.output), report);
    } catch (error) {
      // A folder, a read-only place, a full disk: say so, leave whatever was there untouched.
      io.stderr(`revisor: cannot write the report to ${options.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      return EXIT_USAGE;
    }
  } else {
    io.stdout(report);
  }
  if (result.missing.length > 0) {
    io.stderr(`revisor: ${result.missing.map((m) => `"${m}"`).join(', ')}: no such file, folder or match\n`);
    return EXIT_USAGE;
  }
  if (process.env.REVISOR_REPORT_STATS) {
    // For the benchmark: peak memory and CPU time of the whole process (worker threads included), files analysed and cache use.
    const usage = process.resourceUsage();
    const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
    io.stderr(`revisor-stats ${JSON.stringify({ peakRssKb: usage.maxRSS, cpuMs, filesAnalyzed: result.summary.filesAnalyzed, ...result.stats })}\n`);
  }
  // From the analysis' findings, not the explained ones: no model answer (or `--llm-triage`) can change the exit code.
  return exitCodeFor(result.findings, failOn);
}
