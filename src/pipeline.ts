import { availableParallelism, homedir } from 'node:os';
import { basename, extname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type Tinypool from 'tinypool';
import { collectFiles, readSourceFile, type FileEntry } from './collect/collect.js';
import { detectTarget } from './collect/target.js';
import type { RevisorConfig } from './config/config.js';
import { INTERNAL_RULES } from './engine/internal-rules.js';
import { loadRules, type LoadedRules } from './engine/load-rules.js';
import { ruleSourcesOf } from './run/rule-sources.js';
import type { Rule, RuleMeta, TargetEnvironment } from './engine/rule.js';
import type { TypeEngineChoice } from './analysis/type-session.js';
import { compareFindings, compareStrings } from './engine/run-rules.js';
import { explainAllOffline } from './explain/offline.js';
import { allLanguageIds } from './parse/languages.js';
import type { AnalysisSettings, FileOutcome } from './run/analyse-file.js';
import { analysisFailed } from './run/analysis-failed.js';
import { ResultCache } from './run/cache.js';
import { CacheKeys } from './run/cache-key.js';
import { analysersForSize, planWork, takeChunk } from './run/work-plan.js';
import { importsFirst } from './run/import-order.js';
import { TypeSession } from './analysis/type-session.js';
import { typeEngines } from './analysis/type-engines.js';
import { loadRuleCatalog, ruleCatalogOf, type RuleCatalog } from './run/rule-catalog.js';
import { packageRoot } from './package-root.js';
import type { WorkerFile, WorkerTask } from './run/worker.js';
import type { Finding, Note, ReviewResult, SourceFile } from './types.js';

export interface ReviewOptions {
  root: string;
  cwd?: string;
  paths: string[];
  config?: RevisorConfig;
  reportUnusedIgnores?: boolean;
  /** Rules to run instead of the built-ins (tests, custom rule sets); forces in-process analysis. */
  rules?: LoadedRules;
  /** The rules' metadata, when the caller already has it (the CLI reads it to validate configuration). */
  catalog?: RuleCatalog;
  /**
   * The caller reads only `ruleMetas`, never runs `rules` (no fix verification, no LLM stage): the
   * rules' code is then loaded only to analyse files in this thread, and `rules` holds what was loaded
   * (nothing when worker threads or the cache did all the work).
   */
  ruleMetadataOnly?: boolean;
  /**
   * Analysers (this thread and workers), at most; 1 analyses in this thread. Default: one per 1.5
   * million characters of source left to analyse, up to the machine's available parallelism.
   */
  jobs?: number;
  /** Result cache folder; undefined disables the cache. */
  cacheDir?: string;
  /** Which engine answers type questions (`--types`). */
  typeEngine?: TypeEngineChoice;
  /** `--tsc-diagnostics`: report the TypeScript compiler's semantic diagnostics as `typescript/tsc-<code>` findings. */
  tscDiagnostics?: boolean;
  /** Called after each file, for progress display. */
  onProgress?: (done: number, total: number, findings: number) => void;
}

export interface RunStats {
  cacheHits: number;
  jobs: number;
  elapsedMs: number;
}

export interface ReviewOutput extends ReviewResult {
  /** The configured rules (see `ReviewOptions.ruleMetadataOnly`). */
  rules: Rule[];
  /** Every configured rule's metadata, for reporters and explanations. */
  ruleMetas: RuleMeta[];
  /** Files with findings, with their text, for reporters that quote code and for `--fix`. */
  files: SourceFile[];
  /** Paths the user named that do not exist. */
  missing: string[];
  target: TargetEnvironment;
  stats: RunStats;
}

export function compareNotes(a: Note, b: Note): number {
  return compareStrings(a.path, b.path) || compareStrings(a.kind, b.kind) || compareStrings(a.message, b.message);
}

/**
 * A rule file's path as reports show it: relative to the root, or to revisor's own package for
 * built-in rules, never the machine's absolute path (which names the user's home folder).
 */
function reportablePath(root: string, path: string): string {
  if (!isAbsolute(path)) return path;
  for (const [base, prefix] of [[root, ''], [packageRoot(), 'revisor/']] as const) {
    const rel = relative(base, path);
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return `${prefix}${rel.split('\\').join('/')}`;
  }
  return basename(path);
}

/** Error messages (a rule's exception, a failed import) may quote absolute paths: shorten them as above. */
function withoutAbsolutePaths(message: string, root: string): string {
  if (!message.includes(sep) && !message.includes('file:')) return message;
  let out = message;
  for (const [base, prefix] of [[packageRoot(), 'revisor'], [root, '.'], [homedir(), '~']] as const) {
    if (base.length <= 1) continue;
    out = out.split(pathToFileURL(base).href).join(prefix).split(base).join(prefix);
  }
  return out;
}

/** Below this many files, starting workers costs more than it saves. */
const MIN_FILES_PER_WORKER = 8;

/** A file still to analyse: its text, read once before any analysis, and its cache key when the cache is on. */
type PendingFile = WorkerFile;

/** The whole pipeline for a set of paths: collect, parse, run rules, verify fixes, explain, sort. */
export async function review(options: ReviewOptions): Promise<ReviewOutput> {
  const started = performance.now();
  const config = options.config ?? {};
  const sources = ruleSourcesOf({ root: options.root, config });
  const catalog = options.rules ? ruleCatalogOf(options.rules) : (options.catalog ?? (await loadRuleCatalog(sources, options.cacheDir)));
  const notes: Note[] = catalog.errors.map((e) => ({ path: reportablePath(options.root, e.path), kind: 'rule-error', message: e.line ? `line ${e.line}: ${e.message}` : e.message }));
  const disabledLanguages = allLanguageIds().filter((id) => config.languages?.[id]?.enabled === false);
  const collected = collectFiles({
    root: options.root,
    cwd: options.cwd ?? options.root,
    paths: options.paths,
    ignore: [...(config.ignore ?? []), ...Object.values(config.languages ?? {}).flatMap((l) => l?.ignore ?? [])],
    disabledLanguages,
  });
  notes.push(...collected.notes);
  const target = detectTarget(options.root, config.target);
  const settings: AnalysisSettings = {
    root: options.root,
    config,
    target,
    reportUnusedIgnores: options.reportUnusedIgnores ?? config.reportUnusedIgnores ?? false,
    maxFileBytes: config.maxFileBytes,
    typeEngine: options.typeEngine ?? 'auto',
    tscDiagnostics: options.tscDiagnostics ?? false,
  };

  const findings: Finding[] = [];
  const files: SourceFile[] = [];
  let done = 0;
  let cacheHits = 0;
  let analysedCount = 0;
  let skipped = collected.notes.filter((n) => n.kind === 'skipped' || n.kind === 'read-error').length;
  const absolutePaths = new Map(collected.files.map((f) => [f.path, f]));
  const accept = (outcome: FileOutcome) => {
    done++;
    notes.push(...outcome.notes);
    if (outcome.fromCache) cacheHits++;
    if (outcome.analysed) analysedCount++;
    else skipped++;
    findings.push(...outcome.findings);
    const entry = absolutePaths.get(outcome.path)!;
    if (outcome.text !== undefined) files.push({ path: outcome.path, absolutePath: entry.absolutePath, language: entry.language, text: outcome.text });
    options.onProgress?.(done, collected.files.length, findings.length);
  };

  // The cache is looked up here, with the rules' metadata alone; only the files it misses are analysed.
  const cache = options.cacheDir ? new ResultCache(options.cacheDir) : undefined;
  // This thread's type questions (cache keys, which files share a TypeScript program): where files and
  // configs are, never an analysis. One session, so each tsconfig is read once here.
  const typeSession = new TypeSession({ root: settings.root, engine: settings.typeEngine ?? 'auto' }, typeEngines());
  const keys = cache ? new CacheKeys(catalog.metas, settings, typeSession) : undefined;
  // Every file is read here, once: its text gives the cache key and the imports that decide the order.
  const lookUp = (entry: FileEntry): PendingFile | undefined => {
    const file = readSourceFile(entry.absolutePath, entry.path, entry.language, settings.maxFileBytes);
    if ('note' in file) {
      accept({ path: entry.path, analysed: false, findings: [], notes: [file.note] });
      return undefined;
    }
    if (!cache || !keys) return { entry, file };
    const cacheKey = keys.keyFor(entry, file.text);
    const cached = cache.get(cacheKey);
    if (!cached) return { entry, file, cacheKey };
    accept({ path: entry.path, ...cached, text: cached.findings.length ? file.text : undefined, fromCache: true });
    return undefined;
  };

  let loadedRules = options.rules;
  const looked: PendingFile[] = [];
  for (const entry of collected.files) {
    const file = lookUp(entry);
    if (file) looked.push(file);
  }
  const requestedJobs = Math.max(1, options.jobs ?? jobsForSize(looked));
  const inProcess = options.rules !== undefined || !workersAvailable() || requestedJobs === 1;
  const pending = importsFirst(
    looked,
    (file) => file.entry.absolutePath,
    (file) => typeSession.importedFilesFor(file.entry.absolutePath, file.entry.language, file.file?.text),
  );
  let jobs = 1;
  if (inProcess) {
    if (pending.length > 0) {
      const { rules, analyse } = await inProcessAnalyser(sources, options.rules, settings, cache);
      loadedRules = rules;
      for (const file of pending) {
        accept(await analyse(file).catch((error: unknown) => analysisFailed(file.entry, error)));
        // Texts are held only until analysed (a file with findings keeps its own in the outcome).
        file.file = undefined;
      }
    }
  } else {
    // None analyses when the cache served every file; else as many as the plan starts.
    jobs = 0;
    if (pending.length > 0) {
      // This thread analyses too, beside jobs - 1 workers: it would otherwise wait, and one worker fewer starts.
      // It loads its rules while the workers start.
      const here = inProcessAnalyser(sources, undefined, settings, cache).then((analyser) => {
        loadedRules = analyser.rules;
        return analyser.analyse;
      });
      jobs = await analyseInPool(pending, settings, options.cacheDir, requestedJobs, here, accept, typeSession);
    }
  }

  if (!loadedRules && !options.ruleMetadataOnly) loadedRules = await loadRules(sources);
  findings.sort(compareFindings);
  for (const note of notes) note.message = withoutAbsolutePaths(note.message, options.root);
  notes.sort(compareNotes);
  files.sort((a, b) => compareStrings(a.path, b.path));
  const explained = explainAllOffline(findings, [...catalog.metas, ...INTERNAL_RULES]);
  return {
    findings: explained,
    notes,
    rules: loadedRules?.rules ?? [],
    ruleMetas: catalog.metas,
    files,
    missing: collected.missing,
    target,
    summary: { filesAnalyzed: analysedCount, filesSkipped: skipped },
    stats: { cacheHits, jobs, elapsedMs: Math.round(performance.now() - started) },
  };
}

/** The default number of analysers for the files left to analyse: by their size, up to the cores. */
function jobsForSize(pending: readonly PendingFile[]): number {
  let chars = 0;
  for (const file of pending) chars += file.file?.text.length ?? 0;
  return analysersForSize(chars, availableParallelism());
}

/**
 * Analysis in this thread. The analyser (and with it the parser, the rules' code and the type
 * engines) is imported only when a file needs analysing, so a run served by the cache loads none of it.
 */
async function inProcessAnalyser(sources: ReturnType<typeof ruleSourcesOf>, given: LoadedRules | undefined, settings: AnalysisSettings, cache: ResultCache | undefined) {
  const [{ Analyser }, loaded] = await Promise.all([import('./run/analyse-file.js'), given ?? loadRules(sources)]);
  const analyser = new Analyser(loaded.rules, settings, cache);
  return { rules: loaded, analyse: (pending: PendingFile) => analyser.analyse(pending.entry, pending) };
}

function workerModule(): string {
  const here = fileURLToPath(import.meta.url);
  return join(here, '..', 'run', `worker${extname(here)}`);
}

/** Workers load compiled JavaScript; when revisor itself runs from TypeScript sources (tests), stay in-process. */
function workersAvailable(): boolean {
  return extname(fileURLToPath(import.meta.url)) === '.js';
}

/** Files per message: small enough to balance the workers' load at the end of a run, large enough that messages cost nothing. */
const MAX_CHUNK = 32;

/**
 * Each analyser (this thread, and worker threads) works through its own regions of the file list
 * (work-plan.ts): the files that share a TypeScript program together, and a contiguous region of the
 * others (files of one folder import each other, so they hit the same analyser's summaries of imported
 * modules). It takes them in chunks, one message each way per chunk; an analyser whose regions are done
 * takes chunks from the end of the fullest region others may take from. Workers are single-thread pools,
 * so which worker gets a chunk is this function's choice. A chunk whose worker died is retried file by
 * file, so such a file costs only itself.
 */
async function analyseInPool(
  pending: PendingFile[],
  settings: AnalysisSettings,
  cacheDir: string | undefined,
  requestedJobs: number,
  analyserHere: Promise<(file: PendingFile) => Promise<FileOutcome>>,
  accept: (o: FileOutcome) => void,
  typeSession: TypeSession,
): Promise<number> {
  const settingsKey = JSON.stringify(settings);
  // Only with more than one analyser is there a choice of where a program is built.
  const sharedStateOf = (file: PendingFile) => (requestedJobs > 1 ? typeSession.sharedStateKeyFor(file.entry.absolutePath, file.entry.language) : undefined);
  const plan = planWork(pending, requestedJobs, sharedStateOf, MIN_FILES_PER_WORKER);
  const jobs = plan.lanes.length;
  const chunkSize = Math.max(1, Math.min(MAX_CHUNK, Math.ceil(pending.length / (jobs * 4))));
  // Without atomics an idle worker keeps its event loop running, so it loads rules before its first task.
  // The pool library loads only here: a run the cache served, or one thread analyses, never needs it.
  const { default: Pool } = await import('tinypool');
  const pools = plan.lanes.slice(1).map(() => new Pool({ filename: workerModule(), minThreads: 1, maxThreads: 1, idleTimeout: 1000, useAtomics: false }));
  const run = (pool: Tinypool, files: PendingFile[]) => pool.run({ files, settings, cacheDir, settingsKey } satisfies WorkerTask) as Promise<FileOutcome[]>;
  const inWorker = async (pool: Tinypool, chunk: PendingFile[]): Promise<FileOutcome[]> => {
    try {
      return await run(pool, chunk);
    } catch {
      const outcomes: FileOutcome[] = [];
      for (const file of chunk) outcomes.push(await run(pool, [file]).then((single) => single[0], (error: unknown) => analysisFailed(file.entry, error)));
      return outcomes;
    }
  };
  const inThisThread = async (chunk: PendingFile[]): Promise<FileOutcome[]> => {
    const analyseHere = await analyserHere;
    const outcomes: FileOutcome[] = [];
    for (const file of chunk) {
      outcomes.push(await analyseHere(file).catch((error: unknown) => analysisFailed(file.entry, error)));
      // Let the workers' messages in between files, so a worker that finished its chunk gets the next one.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return outcomes;
  };
  try {
    await Promise.all(
      plan.lanes.map(async (_, i) => {
        for (let chunk = takeChunk(plan, i, chunkSize); chunk; chunk = takeChunk(plan, i, chunkSize)) {
          // Results are accepted as they arrive; order is restored by sorting at the end.
          for (const outcome of await (i === 0 ? inThisThread(chunk) : inWorker(pools[i - 1], chunk))) accept(outcome);
          // Texts are held only until analysed (a file with findings keeps its own in the outcome).
          for (const file of chunk) file.file = undefined;
        }
      }),
    );
  } finally {
    await Promise.all(pools.map((pool) => pool.destroy()));
  }
  return jobs;
}
