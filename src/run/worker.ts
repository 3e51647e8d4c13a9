import { loadBuiltinRules, loadRules } from '../engine/load-rules.js';
import type { SourceFile } from '../types.js';
import { Analyser, type AnalysisSettings, type FileEntry, type FileOutcome } from './analyse-file.js';
import { analysisFailed } from './analysis-failed.js';
import { ResultCache } from './cache.js';
import { ruleSourcesOf } from './rule-sources.js';

/** One file for a worker: its text when the main thread already read it (to look it up in the cache), and the key to cache its outcome under. */
export interface WorkerFile {
  entry: FileEntry;
  file?: SourceFile;
  cacheKey?: string;
}

/** A contiguous run of files: one message each way for all of them. */
export interface WorkerTask {
  files: WorkerFile[];
  settings: AnalysisSettings;
  cacheDir?: string;
  /** Identifies the run's settings; a worker rebuilds its state when it changes. */
  settingsKey: string;
}

// The built-in rules start loading as soon as the pool starts this thread, while the main thread is
// still collecting files and looking them up in the cache (a failure surfaces in the first task).
loadBuiltinRules().catch(() => undefined);

let state: { key: string; analyser: Promise<Analyser> } | undefined;

/** Runs in a worker thread: rules and grammars load once per worker, then chunks of files stream through. */
export default async function analyseInWorker(task: WorkerTask): Promise<FileOutcome[]> {
  if (!state || state.key !== task.settingsKey) {
    state = {
      key: task.settingsKey,
      analyser: loadRules(ruleSourcesOf(task.settings)).then(({ rules }) => new Analyser(rules, task.settings, task.cacheDir ? new ResultCache(task.cacheDir) : undefined)),
    };
  }
  const analyser = await state.analyser;
  const outcomes: FileOutcome[] = [];
  for (const item of task.files) outcomes.push(await analyser.analyse(item.entry, item).catch((error: unknown) => analysisFailed(item.entry, error)));
  return outcomes;
}
