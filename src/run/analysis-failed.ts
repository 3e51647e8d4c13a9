import type { FileEntry } from '../collect/collect.js';
import type { FileOutcome } from './analyse-file.js';

/** What is left of a file whose analysis failed outside any one rule (the engine isolates those). */
export function analysisFailed(entry: FileEntry, error: unknown): FileOutcome {
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return { path: entry.path, analysed: false, findings: [], notes: [{ path: entry.path, kind: 'rule-error', message: `analysis failed: ${reason}` }] };
}
