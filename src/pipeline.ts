import { availableParallelism, homedir } from 'node:os';
import { basename, extname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Tinypool from 'tinypool';
import { collectFiles, type FileEntry } from './collect/collect.js';
import { detectTarget } from './collect/target.js';
import type { RevisorConfig } from './config/config.js';
import { INTERNAL_RULES } from './engine/internal-rules.js';
import { loadRules, type LoadedRules } from './engine/load-rules.js';
import { ruleSourcesOf } from './run/rule-sources.js';
import type { Rule, TargetEnvironment } from './engine/rule.js';
import type { TypeEngineChoice } from './analysis/type-session.js';
import { compareFindings, compareStrings } from './engine/run-rules.js';
import { explainAllOffline } from './explain/offline.js';
import { allLanguageIds } from './parse/languages.js';
import { Analyser, type AnalysisSettings, type FileOutcome } from './run/analyse-file.js';
import { ResultCache } from './run/cache.js';
import { packageRoot } from './package-root.js';
import type { WorkerTask } from './run/worker.js';
import type { Finding, Note, ReviewResult, SourceFile } from './types.js';

export interface ReviewOptions {
  root: string;
  cwd?: string;
  paths: string[];
  config?: RevisorConfig;
  reportUnusedIgnores?: boolean;
  /** Rules to run instead of the built-ins (tests, custom rule sets); forces in-process analysis. */
  rules?: LoadedRules;
  /** Worker threads; 1 analyses in this thread. Default: the machine's available parallelism. */
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
  rules: Rule[];
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

/** The whole pipeline for a set of paths: collect, parse, run rules, verify fixes, explain, sort. */
export async function review(options: ReviewOptions): Promise<ReviewOutput> {
  const started = performance.now();
  const config = options.config ?? {};
  const loaded = options.rules ?? (await loadRules(ruleSourcesOf({ root: options.root, config })));
  const notes: Note[] = loaded.errors.map((e) => ({ path: reportablePath(options.root, e.path), kind: 'rule-error', message: e.line ? `line ${e.line}: ${e.message}` : e.message }));
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

  const requestedJobs = Math.max(1, options.jobs ?? availableParallelism());
  const jobs = options.rules || !workersAvailable() ? 1 : Math.min(requestedJobs, Math.ceil(collected.files.length / MIN_FILES_PER_WORKER));
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

  if (jobs <= 1) {
    const analyser = new Analyser(loaded.rules, settings, options.cacheDir ? new ResultCache(options.cacheDir) : undefined);
    for (const entry of collected.files) accept(await analyser.analyse(entry).catch((error: unknown) => analysisFailed(entry, error)));
  } else {
    await analyseInPool(collected.files, settings, options.cacheDir, jobs, accept);
  }

  findings.sort(compareFindings);
  for (const note of notes) note.message = withoutAbsolutePaths(note.message, options.root);
  notes.sort(compareNotes);
  files.sort((a, b) => compareStrings(a.path, b.path));
  const explained = explainAllOffline(findings, [...loaded.rules.map((r) => r.meta), ...INTERNAL_RULES]);
  return {
    findings: explained,
    notes,
    rules: loaded.rules,
    files,
    missing: collected.missing,
    target,
    summary: { filesAnalyzed: analysedCount, filesSkipped: skipped },
    stats: { cacheHits, jobs, elapsedMs: Math.round(performance.now() - started) },
  };
}

function workerModule(): string {
  const here = fileURLToPath(import.meta.url);
  return join(here, '..', 'run', `worker${extname(here)}`);
}

/** Workers load compiled JavaScript; when revisor itself runs from TypeScript sources (tests), stay in-process. */
function workersAvailable(): boolean {
  return extname(fileURLToPath(import.meta.url)) === '.js';
}

/** What is left of a file whose analysis failed outside any one rule (the engine isolates those). */
function analysisFailed(entry: FileEntry, error: unknown): FileOutcome {
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return { path: entry.path, analysed: false, findings: [], notes: [{ path: entry.path, kind: 'rule-error', message: `analysis failed: ${reason}` }] };
}

async function analyseInPool(entries: FileEntry[], settings: AnalysisSettings, cacheDir: string | undefined, jobs: number, accept: (o: FileOutcome) => void) {
  const pool = new Tinypool({ filename: workerModule(), minThreads: jobs, maxThreads: jobs, idleTimeout: 1000 });
  const settingsKey = JSON.stringify(settings);
  try {
    // Results are accepted as they arrive; order is restored by sorting at the end.
    // A worker that throws or dies costs its file only: a note, and the other files go on.
    await Promise.all(entries.map((entry) => pool.run({ entry, settings, cacheDir, settingsKey } satisfies WorkerTask).then(accept, (error: unknown) => accept(analysisFailed(entry, error)))));
  } finally {
    await pool.destroy();
  }
}
