import type { RevisorConfig } from '../config/config.js';
import { INTERNAL_RULES } from '../engine/internal-rules.js';
import type { ReviewOutput } from '../pipeline.js';
import type { Finding, LlmRunSummary } from '../types.js';
import { explainWithLlm, planLlmRequests, type LlmStageInput } from './llm.js';
import { needsApiKey, resolveLlmSettings, type LlmFlags } from './settings.js';

export type ExplainOutcome =
  /** The offline explanations stand; `warning` says why when the LLM was asked for and could not run. */
  | { kind: 'offline'; findings: Finding[]; warning?: string }
  /** `warning` says why findings the model was asked about kept their offline explanation. */
  | { kind: 'llm'; findings: Finding[]; summary: LlmRunSummary; warning?: string }
  /** `--llm-dry-run`: the requests that would be sent, as JSON, and nothing sent. */
  | { kind: 'dry-run'; text: string };

/**
 * The explain stage after `review()`: decides from flags, environment and config whether the LLM
 * runs, and runs it or plans it. The environment comes from the caller (the CLI).
 */
export async function runExplainStage(output: ReviewOutput, config: RevisorConfig, flags: LlmFlags, env: Record<string, string | undefined>): Promise<ExplainOutcome> {
  const settings = resolveLlmSettings(config.llm, flags, env);
  if (!settings.enabled) return { kind: 'offline', findings: output.findings };
  const input: LlmStageInput = {
    findings: output.findings,
    files: output.files,
    rules: output.rules,
    ruleDocs: [...output.rules.map((r) => r.meta), ...INTERNAL_RULES],
    target: output.target,
    config,
    settings,
  };
  if (flags.dryRun) return { kind: 'dry-run', text: `${JSON.stringify(await planLlmRequests(input), null, 2)}\n` };
  if (needsApiKey(settings) && !settings.apiKey) {
    return { kind: 'offline', findings: output.findings, warning: `the LLM stage (switched on by ${settings.enabledBy}) needs an API key for ${settings.baseURL}: set OPENAI_API_KEY or llm.apiKeyEnv; explaining offline` };
  }
  const result = await explainWithLlm(input);
  return { kind: 'llm', findings: result.findings, summary: result.summary, ...(result.warning ? { warning: result.warning } : {}) };
}
