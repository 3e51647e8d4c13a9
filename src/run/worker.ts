import { loadRules } from '../engine/load-rules.js';
import { Analyser, type AnalysisSettings, type FileEntry, type FileOutcome } from './analyse-file.js';
import { ResultCache } from './cache.js';
import { ruleSourcesOf } from './rule-sources.js';

export interface WorkerTask {
  entry: FileEntry;
  settings: AnalysisSettings;
  cacheDir?: string;
  /** Identifies the run's settings; a worker rebuilds its state when it changes. */
  settingsKey: string;
}

let state: { key: string; analyser: Promise<Analyser> } | undefined;

/** Runs in a worker thread: rules and grammars load once per worker, then files stream through. */
export default async function analyseInWorker(task: WorkerTask): Promise<FileOutcome> {
  if (!state || state.key !== task.settingsKey) {
    state = {
      key: task.settingsKey,
      analyser: loadRules(ruleSourcesOf(task.settings)).then(({ rules }) => new Analyser(rules, task.settings, task.cacheDir ? new ResultCache(task.cacheDir) : undefined)),
    };
  }
  return (await state.analyser).analyse(task.entry);
}
