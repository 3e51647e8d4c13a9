/** The records every pipeline stage speaks. Stages exchange these and nothing else. */

export type Severity = 'error' | 'warning' | 'info';
export type Category = 'bug' | 'type' | 'performance' | 'suspicious' | 'style' | 'security';
export type LanguageId = 'python' | 'javascript' | 'typescript' | 'tsx' | 'cpp';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export const CATEGORIES: readonly Category[] = ['bug', 'type', 'performance', 'suspicious', 'style', 'security'];

/** 1-based line, 1-based column counted in UTF-16 code units (SARIF's default column kind). */
export interface Pos {
  line: number;
  column: number;
}

export interface Range {
  start: Pos;
  end: Pos;
}

/** A replacement of the text between two UTF-16 offsets of the file. */
export interface TextEdit {
  startOffset: number;
  endOffset: number;
  text: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Set by the verify stage: applied to a copy, re-parsed and re-checked, the finding was gone and nothing new appeared. */
  verified?: boolean;
}

export interface Explanation {
  text: string;
  suggestedFix?: string;
  source: string;
  verified?: boolean;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  category: Category;
  message: string;
  path: string;
  range: Range;
  evidence?: Record<string, string>;
  fix?: Fix;
  fingerprint: string;
  explanation?: Explanation;
}

export type NoteKind = 'skipped' | 'read-error' | 'parse-error' | 'config' | 'rule-error' | 'unused-ignore' | 'info';

/** Something the run wants the reader to know that is not a finding: a skipped file, a partial parse. */
export interface Note {
  path: string;
  kind: NoteKind;
  message: string;
}

export interface SourceFile {
  /** Path relative to the run's root, with forward slashes. */
  path: string;
  absolutePath: string;
  language: LanguageId;
  text: string;
}

export interface RunSummary {
  filesAnalyzed: number;
  filesSkipped: number;
}

export interface ReviewResult {
  findings: Finding[];
  notes: Note[];
  summary: RunSummary;
}
