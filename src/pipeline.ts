import { collectFiles } from './collect/collect.js';
import { detectTarget } from './collect/target.js';
import type { TargetEnvironment } from './engine/rule.js';
import type { RevisorConfig } from './config/config.js';
import { loadBuiltinRules, type LoadedRules } from './engine/load-rules.js';
import { activeRulesFor } from './engine/rule-set.js';
import { compareFindings, compareStrings, runRules, type ActiveRule } from './engine/run-rules.js';
import type { Rule } from './engine/rule.js';
import { parseSource } from './parse/parser.js';
import { verifyFix } from './fix/verify.js';
import { explainAllOffline } from './explain/offline.js';
import { INTERNAL_RULES } from './engine/internal-rules.js';
import { allLanguageIds } from './parse/languages.js';
import type { Finding, LanguageId, Note, ReviewResult, SourceFile } from './types.js';

export interface ReviewOptions {
  root: string;
  cwd?: string;
  paths: string[];
  config?: RevisorConfig;
  reportUnusedIgnores?: boolean;
  /** Rules to run instead of the built-ins (tests, custom rule sets). */
  rules?: LoadedRules;
}

export interface ReviewOutput extends ReviewResult {
  rules: Rule[];
  /** The analysed files, for reporters that quote code. */
  files: SourceFile[];
  /** Paths the user named that do not exist. */
  missing: string[];
  target: TargetEnvironment;
}

export function compareNotes(a: Note, b: Note): number {
  return compareStrings(a.path, b.path) || compareStrings(a.kind, b.kind) || compareStrings(a.message, b.message);
}

/** The whole pipeline for a set of paths: collect, parse, run rules, filter, sort. */
export async function review(options: ReviewOptions): Promise<ReviewOutput> {
  const config = options.config ?? {};
  const loaded = options.rules ?? (await loadBuiltinRules());
  const notes: Note[] = loaded.errors.map((e) => ({ path: e.path, kind: 'rule-error', message: e.line ? `line ${e.line}: ${e.message}` : e.message }));
  const disabledLanguages = allLanguageIds().filter((id) => config.languages?.[id]?.enabled === false);
  const collected = collectFiles({
    root: options.root,
    cwd: options.cwd ?? options.root,
    paths: options.paths,
    ignore: [...(config.ignore ?? []), ...Object.values(config.languages ?? {}).flatMap((l) => l?.ignore ?? [])],
    disabledLanguages,
    maxFileBytes: config.maxFileBytes,
  });
  notes.push(...collected.notes);

  const target = detectTarget(options.root, config.target);
  const rulesByLanguage = new Map<LanguageId, ActiveRule[]>();
  const findings: Finding[] = [];
  const analysed: SourceFile[] = [];
  for (const file of collected.files) {
    let active = rulesByLanguage.get(file.language);
    if (!active) {
      active = activeRulesFor(loaded.rules, config, file.language);
      rulesByLanguage.set(file.language, active);
    }
    const settled = await analyseFile(file, active, { reportUnusedIgnores: options.reportUnusedIgnores ?? config.reportUnusedIgnores ?? false, target });
    notes.push(...settled.notes);
    if (settled.analysed) {
      analysed.push(file);
      findings.push(...settled.findings);
    }
  }
  findings.sort(compareFindings);
  notes.sort(compareNotes);
  const explained = explainAllOffline(findings, [...loaded.rules.map((r) => r.meta), ...INTERNAL_RULES]);
  return {
    findings: explained,
    notes,
    rules: loaded.rules,
    files: analysed,
    target,
    missing: collected.missing,
    summary: { filesAnalyzed: analysed.length, filesSkipped: collected.notes.filter((n) => n.kind === 'skipped' || n.kind === 'read-error').length },
  };
}

const MAX_VERIFIED_FIXES_PER_FILE = 50;

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
) {
  const fixable = findings.filter((f) => f.fix);
  if (fixable.length === 0) return;
  const before = { findings: findings.filter((f) => f.ruleId !== 'revisor/syntax-error'), syntaxErrors };
  for (const [index, finding] of fixable.entries()) {
    if (index >= MAX_VERIFIED_FIXES_PER_FILE) {
      delete finding.fix;
      continue;
    }
    const verdict = await verifyFix(file, before, finding, finding.fix!.edits, active, target);
    if (verdict.verified) {
      finding.fix!.verified = true;
    } else {
      notes.push({ path: file.path, kind: 'info', message: `fix for ${finding.ruleId} at line ${finding.range.start.line} withheld: ${verdict.reason}` });
      delete finding.fix;
    }
  }
}

async function analyseFile(file: SourceFile, active: ActiveRule[], options: { reportUnusedIgnores: boolean; target: TargetEnvironment }) {
  let parsed;
  try {
    parsed = await parseSource(file);
  } catch (error) {
    return { analysed: false, findings: [], notes: [{ path: file.path, kind: 'parse-error' as const, message: `could not parse: ${(error as Error).message}` }] };
  }
  try {
    const result = runRules(parsed, active, options);
    const notes: Note[] = [...result.notes];
    await verifyDeterministicFixes(file, parsed.errorRanges.length, result.findings, active, options.target, notes);
    if (parsed.errorRanges.length > 0) {
      const share = parsed.totalLines > 0 ? Math.round((100 * parsed.unparsedLines) / parsed.totalLines) : 0;
      notes.push({
        path: file.path,
        kind: 'parse-error',
        message: `${parsed.unparsedLines} of ${parsed.totalLines} lines (${share}%) lie in ${parsed.errorRanges.length} region(s) the parser could not understand; rules skip them`,
      });
    }
    return { analysed: true, findings: result.findings, notes };
  } finally {
    parsed.dispose();
  }
}
