/** What `revisor review` knows about a change: files, their changed lines, and what the filters hid. */

/** Which findings a review shows: on added lines, near them, anywhere in changed files, or everywhere. */
export type FilterMode = 'added' | 'context' | 'file' | 'all';
export const FILTER_MODES: readonly FilterMode[] = ['added', 'context', 'file', 'all'];

/** An inclusive range of 1-based line numbers on the new side of a diff. */
export interface LineRange {
  start: number;
  end: number;
}

export type ChangeStatus = 'added' | 'modified' | 'renamed' | 'copied' | 'deleted' | 'type-changed' | 'unmerged' | 'untracked';

/** One file of `git diff`, described by its new side. */
export interface ChangedFile {
  /** Path relative to the repository root, forward slashes; the old path for a deleted file. */
  path: string;
  /** The path before a rename or copy. */
  oldPath?: string;
  status: ChangeStatus;
  binary: boolean;
  submodule: boolean;
  symlink: boolean;
  /** Lines added or changed, new-side numbers, sorted and disjoint. */
  added: LineRange[];
  /** New-side line numbers after which lines were removed (0: at the top of the file). */
  removedAfter: number[];
  linesAdded: number;
  linesRemoved: number;
}

/** What became of a changed file in the review. */
export type FileOutcome = 'analysed' | 'deleted' | 'binary' | 'submodule' | 'symlink' | 'unsupported' | 'ignored' | 'unmerged' | 'not analysed';

export interface ReviewedFile {
  path: string;
  oldPath?: string;
  status: ChangeStatus;
  linesAdded: number;
  linesRemoved: number;
  outcome: FileOutcome;
  /** Why a file was not analysed, when the pipeline said so (binary content, minified, too large). */
  reason?: string;
}

/** The review's context, for reporters: what was compared and what was left out of the report. */
export interface ReviewSummary {
  /** The base as the user named it (or as it was chosen by default). */
  base: string;
  /** `working tree`, `index`, or the head ref as named. */
  head: string;
  /** Abbreviated merge-base commit. */
  mergeBase: string;
  filterMode: FilterMode;
  contextLines: number;
  files: ReviewedFile[];
  linesAdded: number;
  linesRemoved: number;
  /** Findings in analysed files that the filter mode left out. */
  hiddenByFilter: number;
  /** Findings left out because the baseline lists them. */
  hiddenByBaseline: number;
  baseline?: string;
  /** Added lines per path, to decide whether a fix can be shown as a GitHub suggestion. */
  addedLines: Record<string, LineRange[]>;
}
