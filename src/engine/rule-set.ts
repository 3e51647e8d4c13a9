import picomatch from 'picomatch';
import type { RevisorConfig, RuleLevel } from '../config/config.js';
import type { LanguageId } from '../types.js';
import type { Rule } from './rule.js';
import type { ActiveRule } from './run-rules.js';

/**
 * The configured rules for one language. Globs (`python/*`) apply before exact ids, and
 * per-language settings after the top-level ones, so the most specific setting wins.
 */
export function activeRulesFor(rules: Rule[], config: RevisorConfig, language: LanguageId): ActiveRule[] {
  const settings: Array<[string, RuleLevel]> = [
    ...Object.entries(config.ruleSettings ?? {}),
    ...Object.entries(config.languages?.[language]?.ruleSettings ?? {}),
  ];
  const globs = settings.filter(([key]) => key.includes('*'));
  const exact = settings.filter(([key]) => !key.includes('*'));
  const active: ActiveRule[] = [];
  for (const rule of rules) {
    if (!rule.meta.languages.includes(language)) continue;
    let level: RuleLevel = rule.meta.severity;
    for (const [pattern, value] of globs) if (picomatch.isMatch(rule.meta.id, pattern)) level = value;
    for (const [id, value] of exact) if (id === rule.meta.id) level = value;
    if (level !== 'off') active.push({ rule, severity: level });
  }
  return active;
}

/** Setting keys that name no known rule: a typo in configuration should not pass silently. */
export function unknownRuleSettings(rules: Rule[], config: RevisorConfig): string[] {
  const ids = rules.map((r) => r.meta.id);
  const keys = [
    ...Object.keys(config.ruleSettings ?? {}),
    ...Object.values(config.languages ?? {}).flatMap((l) => Object.keys(l?.ruleSettings ?? {})),
  ];
  return keys.filter((key) => !ids.some((id) => (key.includes('*') ? picomatch.isMatch(id, key) : id === key))).sort();
}
