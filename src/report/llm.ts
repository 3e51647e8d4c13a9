import type { ExplanationFix, Finding, LlmRunSummary } from '../types.js';
import { plural } from './context.js';

/** The footer every format prints when the LLM stage ran: what it cost and what it produced. */
export function describeLlmUsage(summary: LlmRunSummary): string {
  const tokens = `${summary.tokensIn} tokens in, ${summary.tokensOut} out${summary.tokensEstimated ? ' (estimated)' : ''}`;
  const hidden = summary.fixMode === 'verified-only' && summary.fixes.unverified > 0 ? ' (hidden by --llm-fixes=verified-only)' : '';
  const parts = [
    `LLM ${summary.model}: ${plural(summary.requests, 'request')}, ${tokens}, ${plural(summary.cacheHits, 'cache hit')}, ${(summary.elapsedMs / 1000).toFixed(1)} s`,
    `${plural(summary.explained, 'finding')} explained, ${summary.fellBack.length} fell back to the offline explanation`,
    `fixes: ${summary.fixes.verified} verified, ${summary.fixes.unverified} unverified${hidden}, ${summary.fixes.rejected} rejected`,
  ];
  if (summary.demoted > 0) parts.push(`${plural(summary.demoted, 'finding')} shown as info by --llm-triage`);
  return `${parts.join('; ')}.`;
}

/** Whether an explanation came from a model rather than the offline templates. */
export const isModelExplanation = (finding: Finding): boolean => finding.explanation !== undefined && finding.explanation.source !== 'offline';

/** A short label for an LLM fix's state, e.g. "unverified suggestion (the finding is still reported after the fix)". */
export function describeFixStatus(fix: ExplanationFix): string {
  const lines = fix.startLine === fix.endLine ? `line ${fix.startLine}` : `lines ${fix.startLine}-${fix.endLine}`;
  if (fix.status === 'verified') return `fix for ${lines} (verified: re-analysed, the finding is gone)`;
  if (fix.status === 'unverified') return fix.replacement === undefined ? `unverified suggestion for ${lines} hidden (${fix.reason})` : `unverified suggestion for ${lines} (${fix.reason})`;
  return `fix for ${lines} rejected (${fix.reason})`;
}
