import type { Log, ReportingDescriptor, Result } from 'sarif';
import { lineHash } from '../engine/fingerprint.js';
import type { RuleMeta } from '../engine/rule.js';
import type { Severity } from '../types.js';
import { lineOf, type ReportInput } from './context.js';
import { ruleHelpMarkdown, ruleHelpText } from './rule-docs.js';
import { describeLlmUsage } from './llm.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function encodeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function describeRule(rule: RuleMeta): ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.id.split('/')[1].replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.docs.what },
    help: { text: ruleHelpText(rule), markdown: ruleHelpMarkdown(rule) },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: [rule.category, ...rule.languages], precision: 'high', 'problem.severity': rule.severity === 'info' ? 'recommendation' : rule.severity },
  };
}

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: full rule metadata in `driver.rules`, repository-relative
 * URIs under `%SRCROOT%`, and `partialFingerprints.primaryLocationLineHash` so alerts follow moved code.
 */
export function formatSarif(input: ReportInput): string {
  const used = new Set(input.findings.map((f) => f.ruleId));
  const rules = input.rules.filter((r) => !r.id.startsWith('revisor/') || used.has(r.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const occurrences = new Map<string, number>();
  const results: Result[] = input.findings.map((f) => {
    const text = lineOf(input.sources.get(f.path), f.range.start.line);
    const key = `${f.path}\u0000${text.trim()}`;
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    const result: Result = {
      ruleId: f.ruleId,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: encodeUri(f.path), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.range.start.line, startColumn: f.range.start.column, endLine: f.range.end.line, endColumn: f.range.end.column },
        },
      }],
      partialFingerprints: { primaryLocationLineHash: lineHash(text, occurrence) },
      fingerprints: { 'revisor/v1': f.fingerprint },
      properties: {
        category: f.category,
        ...(f.evidence ? { evidence: f.evidence } : {}),
        ...(f.explanation ? { explanation: f.explanation.text, explanationSource: f.explanation.source } : {}),
        ...(f.explanation?.fallbackReason ? { explanationFallbackReason: f.explanation.fallbackReason } : {}),
        // Unverified and rejected LLM fixes stay out of `fixes`: only their state (and an unverified one's text) is recorded.
        ...(f.explanation?.fix ? { llmFix: { status: f.explanation.fix.status, startLine: f.explanation.fix.startLine, endLine: f.explanation.fix.endLine, ...(f.explanation.fix.status !== 'verified' && f.explanation.fix.replacement !== undefined ? { replacement: f.explanation.fix.replacement } : {}), ...(f.explanation.fix.reason ? { reason: f.explanation.fix.reason } : {}) } } : {}),
        ...(f.explanation?.likelyFalsePositive ? { likelyFalsePositive: f.explanation.likelyFalsePositive.reason } : {}),
        ...(f.triage ? { triage: f.triage } : {}),
      },
    };
    const ruleIndexValue = index.get(f.ruleId);
    if (ruleIndexValue !== undefined) result.ruleIndex = ruleIndexValue;
    const llmFix = f.explanation?.fix?.status === 'verified' ? f.explanation.fix : undefined;
    const verified = f.fix?.verified
      ? { title: f.fix.title, edits: f.fix.edits }
      : llmFix?.edits ? { title: `Fix proposed by ${f.explanation!.source}, verified by re-analysis`, edits: llmFix.edits } : undefined;
    if (verified) {
      result.fixes = [{
        description: { text: verified.title },
        artifactChanges: [{
          artifactLocation: { uri: encodeUri(f.path), uriBaseId: '%SRCROOT%' },
          replacements: verified.edits.map((e) => ({ deletedRegion: { charOffset: e.startOffset, charLength: e.endOffset - e.startOffset }, insertedContent: { text: e.text } })),
        }],
      }];
    }
    return result;
  });
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'revisor',
          version: input.toolVersion,
          semanticVersion: input.toolVersion,
          informationUri: 'https://www.npmjs.com/package/revisor',
          rules: rules.map(describeRule),
        },
      },
      columnKind: 'utf16CodeUnits',
      results,
      ...(input.llm ? { properties: { llm: { ...input.llm, summary: describeLlmUsage(input.llm) } } } : {}),
      invocations: [{
        executionSuccessful: true,
        toolExecutionNotifications: input.notes.map((n) => ({
          level: n.kind === 'info' ? 'note' : 'warning',
          message: { text: `${n.path}: ${n.message}` },
          descriptor: { id: `revisor/${n.kind}` },
          ...(n.path && !n.path.includes('*') ? { locations: [{ physicalLocation: { artifactLocation: { uri: encodeUri(n.path), uriBaseId: '%SRCROOT%' } } }] } : {}),
        })),
      }],
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
