import type { FileEntry } from '../collect/collect.js';
import type { RuleMeta } from '../engine/rule.js';
import { ruleLevelsFor } from '../engine/rule-set.js';
import { languageSpec } from '../parse/languages.js';
import type { TypeSession } from '../analysis/type-session.js';
import type { LanguageId } from '../types.js';
import type { AnalysisSettings } from './analyse-file.js';
import { cacheKey, contentHash } from './cache.js';

/**
 * Result-cache keys, computed from the rules' metadata alone, so that looking a file up needs neither
 * the rules' code nor a parser: a run whose files all come from the cache loads neither.
 */
export class CacheKeys {
  private readonly rulesByLanguage = new Map<LanguageId, string>();

  constructor(
    private readonly metas: RuleMeta[],
    private readonly settings: AnalysisSettings,
    /** The main thread's type session (tsconfig lookups and import resolutions, no analysis). */
    private readonly typeSession: TypeSession,
  ) {}

  /** The rules active for a language with their severities, as `id:severity` in id order. */
  private rules(language: LanguageId): string {
    let rules = this.rulesByLanguage.get(language);
    if (rules === undefined) {
      rules = ruleLevelsFor(this.metas.map((meta) => ({ meta })), this.settings.config, language)
        .map(({ rule, severity }) => `${rule.meta.id}:${severity}`)
        .join(',');
      this.rulesByLanguage.set(language, rules);
    }
    return rules;
  }

  keyFor(entry: FileEntry, text: string): string {
    const settings = this.settings;
    return cacheKey({
      path: entry.path,
      contentHash: contentHash(text),
      rules: this.rules(entry.language),
      target: JSON.stringify(languageSpec(entry.language).targetKeys.map((k) => settings.target[k] ?? null)),
      options: JSON.stringify({
        unused: settings.reportUnusedIgnores,
        types: settings.typeEngine ?? 'auto',
        tsc: settings.tscDiagnostics ?? false,
        // Checker types come from the whole project: any file of the tsconfig changing re-analyses this one.
        typeInputs: this.typeSession.dependencyKeyFor(entry.absolutePath, entry.language, text) ?? null,
      }),
    });
  }
}
