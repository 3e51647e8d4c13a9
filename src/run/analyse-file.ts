import { readSourceFile, type FileEntry } from '../collect/collect.js';
import type { RevisorConfig } from '../config/config.js';
import type { Rule, TargetEnvironment } from '../engine/rule.js';
import { activeRulesFor } from '../engine/rule-set.js';
import { queryRulesFor, runRules, type ActiveRule } from '../engine/run-rules.js';
import { verifyFix } from '../fix/verify.js';
import { parseNative, parseSource, type ParsedFile } from '../parse/parser.js';
import { TypeSession, type TypeEngineChoice } from '../analysis/type-session.js';
import { typeEngines } from '../analysis/type-engines.js';
import { engineDiagnosticFindings } from '../analysis/typescript/diagnostics.js';
import type { Finding, LanguageId, Note, SourceFile } from '../types.js';

export type { FileEntry };
import type { ResultCache } from './cache.js';

/** Everything that shapes a file's findings besides its content; serialisable, so workers get it too. */
export interface AnalysisSettings {
  /** Folder custom rule paths and packages resolve against. */
  root: string;
  config: RevisorConfig;
  target: TargetEnvironment;
  reportUnusedIgnores: boolean;
  maxFileBytes?: number;
  /** `--types`: which engine answers type questions. */
  typeEngine?: TypeEngineChoice;
  /** `--tsc-diagnostics`: add the TypeScript compiler's semantic diagnostics as `typescript/tsc-<code>` findings. */
  tscDiagnostics?: boolean;
}

export interface FileOutcome {
  path: string;
  analysed: boolean;
  findings: Finding[];
  notes: Note[];
  /** The file's text, kept only when it has findings (reporters quote it). */
  text?: string;
  fromCache?: boolean;
}

/** Per-run (or per-worker) state: the loaded rules, the active rule sets per language, the cache. */
export class Analyser {
  private readonly active = new Map<LanguageId, ActiveRule[]>();
  readonly typeSession: TypeSession;

  constructor(readonly rules: Rule[], readonly settings: AnalysisSettings, readonly cache?: ResultCache) {
    this.typeSession = new TypeSession({ root: settings.root, engine: settings.typeEngine ?? 'auto' }, typeEngines());
  }

  activeRules(language: LanguageId): ActiveRule[] {
    let active = this.active.get(language);
    if (!active) {
      active = activeRulesFor(this.rules, this.settings.config, language);
      this.active.set(language, active);
    }
    return active;
  }

  /**
   * Analyses one file: its text as already read (`given.file`), else read now. The cache is looked up
   * by the caller (`CacheKeys`, with the rules' metadata alone); the outcome is stored under
   * `given.cacheKey` when there is one.
   */
  async analyse(entry: FileEntry, given: { file?: SourceFile; cacheKey?: string } = {}): Promise<FileOutcome> {
    const file = given.file ?? readSourceFile(entry.absolutePath, entry.path, entry.language, this.settings.maxFileBytes);
    if ('note' in file) return { path: entry.path, analysed: false, findings: [], notes: [file.note] };
    const active = this.activeRules(entry.language);
    const outcome = await analyseSource(file, active, this.settings, this.typeSession);
    if (given.cacheKey !== undefined) this.cache?.set(given.cacheKey, outcome);
    return { path: entry.path, ...outcome, text: outcome.findings.length ? file.text : undefined };
  }
}

const MAX_VERIFIED_FIXES_PER_FILE = 50;

/**
 * Syntax trees deeper than this (in nodes) are not analysed. Real code stays far below it (about 100
 * in large projects, 808 in CPython's deliberately nested traceback tests); beyond it, rules that
 * look at a node's ancestors or subtree cost time quadratic in the depth, and any recursion risks the
 * stack. Such files (generated or hostile: 20,000 nested brackets) are skipped with a note instead.
 */
export const MAX_TREE_DEPTH = 1500;

/** Parse, run the rules, verify their fixes. */
export async function analyseSource(file: SourceFile, active: ActiveRule[], settings: AnalysisSettings, typeSession?: TypeSession): Promise<{ analysed: boolean; findings: Finding[]; notes: Note[] }> {
  let parsed: ParsedFile;
  // The tree and model an importer's summary already holds spare their copy and build; tree-sitter
  // queries need a native tree, which is then parsed again on its own.
  const reused = typeSession?.reusableParse(file);
  try {
    if (reused && queryRulesFor(file, active).length > 0) {
      const tree = await parseNative(file);
      parsed = { ...reused.parsed, tree, dispose: () => tree.delete() };
    } else {
      parsed = reused?.parsed ?? (await parseSource(file));
    }
  } catch (error) {
    return { analysed: false, findings: [], notes: [{ path: file.path, kind: 'parse-error', message: `could not parse: ${(error as Error).message}` }] };
  }
  if (parsed.depth > MAX_TREE_DEPTH) {
    parsed.dispose();
    return { analysed: false, findings: [], notes: [{ path: file.path, kind: 'skipped', message: `not analysed: code nested ${parsed.depth} levels deep, over the limit of ${MAX_TREE_DEPTH}` }] };
  }
  try {
    const result = runRules(parsed, active, { reportUnusedIgnores: settings.reportUnusedIgnores, target: settings.target, typeSession, model: reused?.model });
    if (settings.tscDiagnostics && typeSession) result.findings = engineDiagnosticFindings(parsed, typeSession, result.suppressions, result.findings);
    const notes: Note[] = [...result.notes];
    if (parsed.errorRanges.length > 0) {
      const share = parsed.totalLines > 0 ? Math.round((100 * parsed.unparsedLines) / parsed.totalLines) : 0;
      notes.push({
        path: file.path,
        kind: 'parse-error',
        message: `${parsed.unparsedLines} of ${parsed.totalLines} lines (${share}%) lie in ${parsed.errorRanges.length} region(s) the parser could not understand; rules skip them`,
      });
    }
    await verifyDeterministicFixes(file, parsed.errorRanges.length, result.findings, active, settings.target, notes, typeSession);
    return { analysed: true, findings: result.findings, notes };
  } finally {
    parsed.dispose();
  }
}

/**
 * The verify stage for rule fixes: each fix is applied to a copy and re-checked. A fix that fails is
 * removed from its finding (and noted), so only verified fixes are ever offered or applied.
 */
async function verifyDeterministicFixes(
  file: SourceFile,
  syntaxErrors: number,
  findings: Finding[],
  active: ActiveRule[],
  target: TargetEnvironment,
  notes: Note[],
  typeSession?: TypeSession,
) {
  const fixable = findings.filter((f) => f.fix);
  if (fixable.length === 0) return;
  const before = { findings: findings.filter((f) => f.ruleId !== 'revisor/syntax-error'), syntaxErrors };
  for (const [index, finding] of fixable.entries()) {
    if (index >= MAX_VERIFIED_FIXES_PER_FILE) {
      delete finding.fix;
      continue;
    }
    const verdict = await verifyFix(file, before, finding, finding.fix!.edits, active, target, typeSession);
    if (verdict.verified) {
      finding.fix!.verified = true;
    } else {
      notes.push({ path: file.path, kind: 'info', message: `fix for ${finding.ruleId} at line ${finding.range.start.line} withheld: ${verdict.reason}` });
      delete finding.fix;
    }
  }
}
