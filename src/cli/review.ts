import { isAbsolute, join, relative, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import ignore from 'ignore';
import { filterByChanges } from '../collect/diff/filter.js';
import { abbreviate, GitError, listAllFiles, listChanges, repositoryRoot, resolveReviewRange, type ReviewRange } from '../collect/diff/git.js';
import { materialise, type Snapshot } from '../collect/diff/snapshot.js';
import { FILTER_MODES, type ChangedFile, type FilterMode, type ReviewedFile, type ReviewSummary } from '../collect/diff/types.js';
import { toPosix } from '../collect/collect.js';
import { detectTarget } from '../collect/target.js';
import { ConfigError, loadConfig, type FailOn, type RevisorConfig } from '../config/config.js';
import { applyBaseline, BaselineError, createBaseline, DEFAULT_BASELINE_PATH, loadBaseline, serializeBaseline, type Baseline } from '../engine/baseline.js';
import { INTERNAL_RULES } from '../engine/internal-rules.js';
import { loadRules, type LoadedRules } from '../engine/load-rules.js';
import { unknownRuleSettings } from '../engine/rule-set.js';
import type { TypeEngineChoice } from '../analysis/type-session.js';
import type { ExplainOutcome } from '../explain/stage.js';
import { resolveLlmSettings } from '../explain/settings.js';
import type { FixMode } from '../explain/settings.js';
import { revisorVersion } from '../package-root.js';
import { languageForPath } from '../parse/languages.js';
import { compareNotes, review, type ReviewOutput } from '../pipeline.js';
import { FORMATS, formatReport, type Format, type ReportInput } from '../report/index.js';
import { GITHUB_COMMENT_LIMIT } from '../report/markdown-parts.js';
import { ruleSourcesOf } from '../run/rule-sources.js';
import { writeFileAtomic } from '../atomic-write.js';
import { exitCodeFor, type CliIo } from './main.js';
import { createProgress } from './progress.js';

const EXIT_OK = 0;
const EXIT_USAGE = 2;

interface ReviewCliOptions {
  base?: string;
  head?: string;
  staged?: boolean;
  filterMode: FilterMode;
  contextLines: number;
  baseline?: string;
  format: Format;
  output?: string;
  sarifOutput?: string;
  jsonOutput?: string;
  markdownOutput?: string;
  gitlabOutput?: string;
  githubOutput?: string;
  textOutput?: string;
  commentOutput?: string;
  commentLimit: number;
  fullReportUrl?: string;
  timing: boolean;
  failOn?: FailOn;
  config?: string;
  reportUnusedIgnores?: boolean;
  jobs?: number;
  types: TypeEngineChoice;
  cache: boolean;
  cacheLocation?: string;
  quiet?: boolean;
  color?: boolean;
  llm?: boolean;
  model?: string;
  llmFixes?: FixMode;
  llmTriage?: boolean;
  llmDryRun?: boolean;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

const OUTPUT_OPTION: Record<Format, keyof ReviewCliOptions> = {
  text: 'textOutput',
  json: 'jsonOutput',
  sarif: 'sarifOutput',
  markdown: 'markdownOutput',
  github: 'githubOutput',
  gitlab: 'gitlabOutput',
};

/** Registers `revisor review` and `revisor baseline` on the program. */
export function registerReviewCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('review')
    .description('review the changes of a branch, the working tree or the index: analyse the changed files, report findings on the changed lines')
    .argument('[pathspec...]', 'limit the review to these paths (git pathspecs)')
    .option('--base <ref>', 'compare with the merge-base of this ref (default: the upstream branch, else origin/HEAD, else main or master; HEAD with --staged)')
    .option('--head <ref>', 'review this commit instead of the working tree')
    .option('--staged', 'review the index (what the next commit holds), for a pre-commit hook')
    .addOption(new Option('--filter-mode <mode>', 'which findings to show: added (on added or changed lines) | context (within --context-lines of a change) | file (anywhere in changed files) | all').choices([...FILTER_MODES]).default('added'))
    .option('--context-lines <n>', 'lines around a change that count as near it, for --filter-mode context', parseCount, 3)
    .option('--baseline <file>', `hide the findings listed in this baseline file (see \`revisor baseline create\`; conventionally ${DEFAULT_BASELINE_PATH})`)
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('markdown'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout');
  for (const format of FORMATS) command.option(`--${format}-output <file>`, `also write the ${format} report to this file`);
  command
    .option('--comment-output <file>', `also write the Markdown report bounded to --comment-limit characters, for a pull-request comment`)
    .option('--comment-limit <n>', 'the most characters --comment-output may have (GitHub\'s comment limit)', parsePositive, GITHUB_COMMENT_LIMIT)
    .option('--full-report-url <url>', 'where readers of a bounded comment find the full report (e.g. the CI run\'s artifacts)')
    .option('--no-timing', 'leave the analysis time out of the report, so equal input gives equal bytes')
    .addOption(new Option('--fail-on <level>', 'lowest severity that makes the exit code 1 (default: error)').choices(['error', 'warning', 'info', 'never']))
    .option('-c, --config <file>', 'configuration file (default: the nearest revisor.config.json/.yaml)')
    .option('--report-unused-ignores', 'report revisor-ignore comments that suppress nothing')
    .option('-j, --jobs <n>', 'analysing threads, at most (default: by size, up to the available cores)', parsePositive)
    .addOption(new Option('--types <engine>', 'type engine: auto | tree-sitter | typescript').choices(['auto', 'tree-sitter', 'typescript']).default('auto'))
    .option('--no-cache', 'do not read or write the result cache')
    .option('--cache-location <dir>', 'result cache folder (default: .revisor/cache under the repository root)')
    .option('-q, --quiet', 'no progress bar or summary on stderr')
    .option('--color', 'force colour in text output')
    .option('--no-color', 'disable colour in text output')
    .option('--llm', 'explain findings with an LLM (default: on when OPENAI_API_KEY or OPENAI_BASE_URL is set, or config llm.enabled)')
    .option('--no-llm', 'never call an LLM')
    .option('--model <name>', 'LLM model')
    .addOption(new Option('--llm-fixes <mode>', 'LLM fixes to show: all | verified-only | none').choices(['all', 'verified-only', 'none']))
    .option('--llm-triage', 'show findings the model judges likely false positives as info (never changes the exit code)')
    .option('--llm-dry-run', 'print exactly what would be sent to the LLM, send nothing')
    .action(async (pathspecs: string[], options: ReviewCliOptions) => {
      setExitCode(await runReview(pathspecs, options, io));
    });

  const baseline = program.command('baseline').description('record today\'s findings so that `--baseline` hides them and only new ones are reported');
  baseline
    .command('create')
    .description(`analyse the project and write the fingerprints of its findings (default: ${DEFAULT_BASELINE_PATH} under the root)`)
    .argument('[paths...]', 'files, folders or glob patterns (default: the current folder)')
    .option('-o, --output <file>', `baseline file to write (default: ${DEFAULT_BASELINE_PATH} under the root)`)
    .option('-c, --config <file>', 'configuration file')
    .option('--root <dir>', 'folder paths are relative to (default: the git repository root, else the current folder)')
    .option('-j, --jobs <n>', 'analysing threads, at most', parsePositive)
    .option('--no-cache', 'do not read or write the result cache')
    .option('-q, --quiet', 'no progress bar')
    .action(async (paths: string[], options: { output?: string; config?: string; root?: string; jobs?: number; cache: boolean; quiet?: boolean }) => {
      setExitCode(await runBaselineCreate(paths, options, io));
    });
}

/** Loads `--baseline FILE` for a command; a number is the exit code of an error already reported. */
export function loadBaselineOption(file: string, io: CliIo): Baseline | number {
  try {
    return loadBaseline(resolve(io.cwd, file), file);
  } catch (error) {
    if (error instanceof BaselineError) {
      io.stderr(`revisor: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function displayPath(root: string, path: string): string {
  const rel = relative(root, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? toPosix(rel) : path;
}

function loadConfigFor(root: string, configFile: string | undefined, io: CliIo): RevisorConfig | number {
  try {
    return loadConfig(root, configFile ? resolve(io.cwd, configFile) : undefined, io.cwd).config;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`revisor: configuration error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

async function loadRulesFor(root: string, config: RevisorConfig, io: CliIo): Promise<LoadedRules | number> {
  const loaded = await loadRules(ruleSourcesOf({ root, config }));
  for (const e of loaded.errors) io.stderr(`revisor: ${displayPath(root, e.path)}${e.line ? `:${e.line}` : ''}: ${e.message}\n`);
  const unknown = unknownRuleSettings(loaded.rules, config);
  if (unknown.length > 0) {
    io.stderr(`revisor: configuration error: ruleSettings names unknown rule(s): ${unknown.join(', ')}\n`);
    return EXIT_USAGE;
  }
  return loaded;
}

/** What becomes of a changed file before analysis: analysed, or why not. */
function classify(change: ChangedFile, config: RevisorConfig, ignored: (path: string) => boolean): ReviewedFile {
  const base = { path: change.path, ...(change.oldPath !== undefined ? { oldPath: change.oldPath } : {}), status: change.status, linesAdded: change.linesAdded, linesRemoved: change.linesRemoved };
  const outcome = (() => {
    if (change.status === 'deleted') return 'deleted' as const;
    if (change.status === 'unmerged') return 'unmerged' as const;
    if (change.submodule) return 'submodule' as const;
    if (change.symlink) return 'symlink' as const;
    if (change.binary) return 'binary' as const;
    const spec = languageForPath(change.path);
    if (!spec) return 'unsupported' as const;
    if (config.languages?.[spec.id]?.enabled === false || ignored(change.path)) return 'ignored' as const;
    return 'analysed' as const;
  })();
  return { ...base, outcome };
}

function emptyOutput(root: string, config: RevisorConfig, loaded: LoadedRules): ReviewOutput {
  return {
    findings: [],
    notes: [],
    rules: loaded.rules,
    ruleMetas: loaded.rules.map((rule) => rule.meta),
    files: [],
    missing: [],
    target: detectTarget(root, config.target),
    summary: { filesAnalyzed: 0, filesSkipped: 0 },
    stats: { cacheHits: 0, jobs: 1, elapsedMs: 0 },
  };
}

async function runReview(pathspecs: string[], options: ReviewCliOptions, io: CliIo): Promise<number> {
  const started = performance.now();
  if (options.staged && options.head !== undefined) {
    io.stderr('revisor: --staged reviews the index and --head a commit: use one of them\n');
    return EXIT_USAGE;
  }
  let root: string;
  let range: ReviewRange;
  try {
    root = repositoryRoot(io.cwd);
  } catch (error) {
    if (error instanceof GitError) {
      io.stderr(`revisor: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  const config = loadConfigFor(root, options.config, io);
  if (typeof config === 'number') return config;
  const baseline = options.baseline !== undefined ? loadBaselineOption(options.baseline, io) : undefined;
  if (typeof baseline === 'number') return baseline;

  let changes: ChangedFile[];
  const specs = pathspecs.map((p) => toPosix(relative(root, resolve(io.cwd, p))) || '.');
  try {
    range = resolveReviewRange(root, { base: options.base, head: options.head, staged: options.staged });
    changes = listChanges(root, range, specs);
  } catch (error) {
    if (error instanceof GitError) {
      io.stderr(`revisor: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }

  // Rules load after git has answered, so a bad ref fails fast.
  const loaded = await loadRulesFor(root, config, io);
  if (typeof loaded === 'number') return loaded;

  const ignoreRules = ignore().add([...(config.ignore ?? []), ...Object.values(config.languages ?? {}).flatMap((l) => l?.ignore ?? [])]);
  const reviewed = changes.map((c) => classify(c, config, (p) => ignoreRules.ignores(p)));
  const toAnalyse = reviewed.filter((f) => f.outcome === 'analysed').map((f) => f.path);

  let snapshot: Snapshot | undefined;
  try {
    let paths: string[];
    if (range.head.kind !== 'worktree') {
      const wanted = options.filterMode === 'all'
        ? listAllFiles(root, range.head).filter((p) => languageForPath(p) || p === '.gitignore' || p.endsWith('/.gitignore'))
        : toAnalyse;
      snapshot = materialise(root, range.head, wanted);
    }
    const analysisRoot = snapshot?.root ?? root;
    if (options.filterMode === 'all') paths = specs.length > 0 ? specs.map((s) => join(analysisRoot, s)) : [analysisRoot];
    else paths = toAnalyse.map((p) => join(analysisRoot, p));

    const progress = options.quiet ? undefined : createProgress(io);
    const cacheDir = options.cache ? resolve(io.cwd, options.cacheLocation ?? join(root, '.revisor', 'cache')) : undefined;
    const result = paths.length === 0
      ? emptyOutput(analysisRoot, config, loaded)
      : await review({
        root: analysisRoot,
        cwd: analysisRoot,
        paths,
        config,
        reportUnusedIgnores: options.reportUnusedIgnores,
        jobs: options.jobs,
        typeEngine: options.types,
        cacheDir,
        // A snapshot holds only the files under review: custom rules are loaded from the repository.
        // Small reviews run in this thread anyway, so the rules already loaded are reused.
        ...(snapshot || paths.length < 8 ? { rules: loaded } : {}),
        onProgress: progress?.update,
      });
    progress?.stop();

    // Files the pipeline could not analyse (binary content, minified, too large) say why.
    const skipped = new Map(result.notes.filter((n) => n.kind === 'skipped' || n.kind === 'read-error').map((n) => [n.path, n.message]));
    for (const file of reviewed) {
      const reason = skipped.get(file.path);
      if (file.outcome === 'analysed' && reason !== undefined) Object.assign(file, { outcome: 'not analysed', reason });
    }

    const filtered = filterByChanges(result.findings, changes, options.filterMode, options.contextLines);
    const renamedFrom = new Map(changes.filter((c) => c.oldPath !== undefined).map((c) => [c.path, c.oldPath!]));
    const known = baseline ? applyBaseline(filtered.kept, baseline, renamedFrom) : { kept: filtered.kept, hidden: 0 };
    const shown: ReviewOutput = { ...result, findings: known.kept };

    const failOn: FailOn = options.failOn ?? config.failOn ?? 'error';
    const llmFlags = { llm: options.llm, model: options.model, fixes: options.llmFixes, triage: options.llmTriage, dryRun: options.llmDryRun, cache: options.cache, cacheRoot: cacheDir, root };
    // The LLM stage and its HTTP client load only when it runs.
    const explained: ExplainOutcome = resolveLlmSettings(config.llm, llmFlags, io.env ?? process.env).enabled
      ? await (await import('../explain/stage.js')).runExplainStage(shown, config, llmFlags, io.env ?? process.env)
      : { kind: 'offline', findings: shown.findings };
    if (explained.kind === 'dry-run') {
      io.stdout(explained.text);
      return exitCodeFor(shown.findings, failOn);
    }
    if (explained.warning) io.stderr(`revisor: ${explained.warning}\n`);

    const summary: ReviewSummary = {
      base: range.baseLabel,
      head: range.headLabel,
      mergeBase: abbreviate(root, range.mergeBase),
      filterMode: options.filterMode,
      contextLines: options.contextLines,
      files: reviewed,
      linesAdded: changes.reduce((n, c) => n + c.linesAdded, 0),
      linesRemoved: changes.reduce((n, c) => n + c.linesRemoved, 0),
      hiddenByFilter: filtered.hidden,
      hiddenByBaseline: known.hidden,
      ...(options.baseline !== undefined ? { baseline: toPosix(options.baseline) } : {}),
      addedLines: Object.fromEntries(changes.map((c) => [c.path, c.added])),
    };
    const input: ReportInput = {
      findings: explained.findings,
      llm: explained.kind === 'llm' ? explained.summary : undefined,
      notes: [...result.notes].sort(compareNotes),
      summary: result.summary,
      rules: [...result.rules.map((r) => r.meta), ...INTERNAL_RULES],
      sources: new Map(result.files.map((f) => [f.path, f])),
      toolVersion: revisorVersion(),
      failOn,
      review: summary,
      ...(options.timing ? { elapsedMs: Math.round(performance.now() - started) } : {}),
    };
    const write = (file: string, text: string) => writeFileAtomic(resolve(io.cwd, file), text);
    const primary = formatReport(options.format, { ...input, color: options.format === 'text' && (options.color ?? io.isTty) });
    if (options.output) write(options.output, primary);
    else io.stdout(primary);
    for (const format of FORMATS) {
      const file = options[OUTPUT_OPTION[format]] as string | undefined;
      if (file) write(file, formatReport(format, { ...input, color: false }));
    }
    if (options.commentOutput) {
      const fullPath = options.markdownOutput ?? (options.format === 'markdown' ? options.output : undefined);
      const fullReport = { ...(fullPath ? { path: toPosix(fullPath) } : {}), ...(options.fullReportUrl ? { url: options.fullReportUrl } : {}) };
      write(options.commentOutput, formatReport('markdown', { ...input, maxLength: options.commentLimit, fullReport }));
    }
    if (!options.quiet) io.stderr(`revisor: ${describeReview(summary, shown.findings.length)}\n`);
    return exitCodeFor(shown.findings, failOn);
  } finally {
    snapshot?.dispose();
  }
}

/** One line on stderr: what was compared and what the filters did. */
function describeReview(summary: ReviewSummary, shown: number): string {
  const analysed = summary.files.filter((f) => f.outcome === 'analysed').length;
  const others = new Map<string, number>();
  for (const f of summary.files) if (f.outcome !== 'analysed') others.set(f.outcome, (others.get(f.outcome) ?? 0) + 1);
  const rest = [...others].map(([outcome, count]) => `${count} ${outcome === 'unsupported' ? 'not a supported language' : outcome}`);
  const hidden = [
    summary.hiddenByFilter > 0 ? `${summary.hiddenByFilter} hidden by --filter-mode ${summary.filterMode}` : '',
    summary.hiddenByBaseline > 0 ? `${summary.hiddenByBaseline} by the baseline` : '',
  ].filter(Boolean);
  return `reviewed ${analysed} of ${summary.files.length} changed file${summary.files.length === 1 ? '' : 's'}${rest.length ? ` (${rest.join(', ')})` : ''}, +${summary.linesAdded} -${summary.linesRemoved} lines, ` +
    `${summary.head} against ${summary.base} (merge-base ${summary.mergeBase}): ${shown} finding${shown === 1 ? '' : 's'} shown${hidden.length ? `, ${hidden.join(', ')}` : ''}`;
}

async function runBaselineCreate(paths: string[], options: { output?: string; config?: string; root?: string; jobs?: number; cache: boolean; quiet?: boolean }, io: CliIo): Promise<number> {
  let root = options.root ? resolve(io.cwd, options.root) : undefined;
  if (!root) {
    try {
      root = repositoryRoot(io.cwd);
    } catch {
      root = io.cwd;
    }
  }
  const config = loadConfigFor(root, options.config, io);
  if (typeof config === 'number') return config;
  const loaded = await loadRulesFor(root, config, io);
  if (typeof loaded === 'number') return loaded;
  const progress = options.quiet ? undefined : createProgress(io);
  const result = await review({
    root,
    cwd: io.cwd,
    paths,
    config,
    jobs: options.jobs,
    cacheDir: options.cache ? join(root, '.revisor', 'cache') : undefined,
    onProgress: progress?.update,
  });
  progress?.stop();
  if (result.missing.length > 0) {
    io.stderr(`revisor: ${result.missing.map((m) => `"${m}"`).join(', ')}: no such file, folder or match\n`);
    return EXIT_USAGE;
  }
  const target = options.output ? resolve(io.cwd, options.output) : join(root, DEFAULT_BASELINE_PATH);
  const baseline = createBaseline(result.findings);
  writeFileAtomic(target, serializeBaseline(baseline));
  io.stderr(`revisor: wrote ${baseline.findings.length} finding fingerprint${baseline.findings.length === 1 ? '' : 's'} from ${result.summary.filesAnalyzed} file${result.summary.filesAnalyzed === 1 ? '' : 's'} to ${displayPath(io.cwd, target)}\n`);
  return EXIT_OK;
}
