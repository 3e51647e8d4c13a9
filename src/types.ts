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
  /** A fix the LLM proposed, with what the verify stage made of it. */
  fix?: ExplanationFix;
  /** The model's opinion that the finding is wrong: displayed, never acted on unless `--llm-triage`. */
  likelyFalsePositive?: { reason: string };
  /** Set on an offline explanation when the LLM stage tried and could not explain the finding. */
  fallbackReason?: string;
}

/**
 * `verified`: re-analysis shows the finding gone, nothing new, still parses. `unverified`: harmless as far as
 * the analysis can tell, but the finding is still reported. `rejected`: malformed, does not parse, or adds a finding.
 */
export type FixStatus = 'verified' | 'unverified' | 'rejected';

/** A replacement of whole lines (1-based, inclusive) that the prompt showed the model. */
export interface ExplanationFix {
  startLine: number;
  endLine: number;
  status: FixStatus;
  /** The new text of those lines; absent when rejected (so a broken fix cannot be applied by accident) or hidden by `--llm-fixes=verified-only`. */
  replacement?: string;
  /** The same change as offsets into the file; only on verified fixes. */
  edits?: TextEdit[];
  /** Why the fix is not verified. */
  reason?: string;
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
  /** Set when `--llm-triage` demoted the finding to info: the severity the analysis gave it, and the model's reason. */
  triage?: { originalSeverity: Severity; reason: string };
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

/** What the LLM explain stage did in one run, for the report's footer. */
export interface LlmRunSummary {
  model: string;
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Prompts answered from the on-disk cache without a request. */
  cacheHits: number;
  tokensIn: number;
  tokensOut: number;
  /** True when a server did not report usage and the token counts are estimates. */
  tokensEstimated: boolean;
  elapsedMs: number;
  /** Findings whose explanation came from the model. */
  explained: number;
  /** Findings that kept their offline explanation although they were eligible, and why. */
  fellBack: Array<{ path: string; line: number; ruleId: string; fingerprint: string; reason: string }>;
  fixes: Record<FixStatus, number>;
  /** `verified-only` hides unverified fixes; `none` asks for no fixes. */
  fixMode: 'all' | 'verified-only' | 'none';
  /** Findings `--llm-triage` demoted to info. */
  demoted: number;
}
