import picomatch from 'picomatch';
import type { RevisorConfig, RuleLevel } from '../config/config.js';
import type { LanguageId, Severity } from '../types.js';
import type { Rule, RuleMeta } from './rule.js';
import type { ActiveRule } from './run-rules.js';

/** Glob entries (`python/*`) first, exact ids after them, so within one table the exact id wins. */
function orderedSettings(table: Record<string, RuleLevel> | undefined): Array<[string, RuleLevel]> {
  const entries = Object.entries(table ?? {});
  return [...entries.filter(([key]) => key.includes('*')), ...entries.filter(([key]) => !key.includes('*'))];
}

/**
 * The configured rules for one language. Per-language settings apply after the top-level ones,
 * so `languages.python.ruleSettings` overrides `ruleSettings` for Python files.
 */
export function activeRulesFor(rules: Rule[], config: RevisorConfig, language: LanguageId): ActiveRule[] {
  return ruleLevelsFor(rules, config, language);
}

/** The same choice for anything that carries a rule's metadata (cache keys read the metadata alone, before any rule code is loaded). */
export function ruleLevelsFor<R extends { meta: RuleMeta }>(rules: R[], config: RevisorConfig, language: LanguageId): Array<{ rule: R; severity: Severity }> {
  const settings = [...orderedSettings(config.ruleSettings), ...orderedSettings(config.languages?.[language]?.ruleSettings)];
  const active: Array<{ rule: R; severity: Severity }> = [];
  for (const rule of rules) {
    if (!rule.meta.languages.includes(language)) continue;
    let level: RuleLevel = rule.meta.severity;
    for (const [key, value] of settings) {
      if (key.includes('*') ? picomatch.isMatch(rule.meta.id, key) : key === rule.meta.id) level = value;
    }
    if (level !== 'off') active.push({ rule, severity: level });
  }
  return active;
}

/** Setting keys that name no known rule: a typo in configuration should not pass silently. */
export function unknownRuleSettings(rules: Array<{ meta: RuleMeta }>, config: RevisorConfig): string[] {
  const ids = rules.map((r) => r.meta.id);
  const keys = [
    ...Object.keys(config.ruleSettings ?? {}),
    ...Object.values(config.languages ?? {}).flatMap((l) => Object.keys(l?.ruleSettings ?? {})),
  ];
  return keys.filter((key) => !ids.some((id) => (key.includes('*') ? picomatch.isMatch(id, key) : id === key))).sort();
}
