import type { RuleMeta } from '../engine/rule.js';
import type { Explanation, Finding } from '../types.js';

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?:]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function describeEvidence(evidence: Record<string, string> | undefined): string {
  if (!evidence) return '';
  const parts = Object.entries(evidence)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}: ${value}`);
  return parts.length > 0 ? `Evidence: ${parts.join('; ')}.` : '';
}

/**
 * The default explainer: deterministic, offline, no key. It renders the rule's documentation around
 * the finding's own message and evidence, and offers the rule's fix when it has one.
 */
export function explainOffline(finding: Finding, rule: RuleMeta | undefined): Explanation {
  const paragraphs = [sentence(finding.message)];
  const evidence = describeEvidence(finding.evidence);
  if (evidence) paragraphs.push(evidence);
  if (rule) {
    paragraphs.push(`Why it matters: ${sentence(rule.docs.why)}`);
    paragraphs.push(finding.fix ? `Fix: ${sentence(finding.fix.title)}` : `What to do instead: ${rule.docs.useInstead.includes('\n') ? 'see the example below.' : sentence(rule.docs.useInstead)}`);
  }
  const explanation: Explanation = { text: paragraphs.join(' '), source: 'offline' };
  if (rule && !finding.fix && rule.docs.useInstead.includes('\n')) explanation.suggestedFix = rule.docs.useInstead;
  if (finding.fix) explanation.verified = true;
  return explanation;
}

/** Explains every finding offline. Pure: the same findings give the same explanations. */
export function explainAllOffline(findings: Finding[], rules: RuleMeta[]): Finding[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  return findings.map((finding) => ({ ...finding, explanation: explainOffline(finding, byId.get(finding.ruleId)) }));
}
