export { review, type ReviewOptions, type ReviewOutput } from './pipeline.js';
export { formatReport, FORMATS, type Format } from './report/index.js';
export { loadConfig, parseConfig, type RevisorConfig } from './config/config.js';
export { loadBuiltinRules } from './engine/load-rules.js';
export { defineCodeRule, defineQueryRule, type Rule, type RuleMeta, type RuleContext } from './engine/rule.js';
export type * from './types.js';
