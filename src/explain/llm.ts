import type { RevisorConfig } from '../config/config.js';
import type { Rule, RuleMeta, TargetEnvironment } from '../engine/rule.js';
import { activeRulesFor } from '../engine/rule-set.js';
import { analyseText } from '../fix/verify.js';
import type { Explanation, ExplanationFix, Finding, FixStatus, LlmRunSummary, Severity, SourceFile } from '../types.js';
import { AnswerCache, answerCacheKey } from './cache.js';
import { ChatTransport, estimatePromptTokens, LlmRequestError, type TransportOptions } from './client.js';
import { codeWindows, type CodeWindow } from './code-window.js';
import { checkLlmFix, type FixBaseline } from './llm-fix.js';
import { buildFilePrompts, type ChatMessage, type FilePrompt } from './prompt.js';
import { matchSecretGlob, Redactor } from './redact.js';
import { checkAnswer, type AnswerItem } from './schema.js';
import { guidanceFor, type LlmSettings } from './settings.js';

export interface LlmStageInput {
  /** The findings with their offline explanations, as `review()` returned them. */
  findings: Finding[];
  /** Texts of the files with findings. */
  files: SourceFile[];
  /** The loaded rules (fix verification re-runs them) and every rule's docs, internal ones included. */
  rules: Rule[];
  ruleDocs: RuleMeta[];
  target: TargetEnvironment;
  config: RevisorConfig;
  settings: LlmSettings;
}

export interface LlmStageResult {
  findings: Finding[];
  summary: LlmRunSummary;
  /** One line for stderr when findings asked about got no usable answer: how many, and why. */
  warning?: string;
}

/** "the LLM gave no usable answer for 3 of 3 findings, which keep their offline explanation: connection reset by the server (2 attempts)". */
function describeFailures(asked: number, failed: Map<Finding, string>): string | undefined {
  if (failed.size === 0) return undefined;
  const counts = new Map<string, number>();
  for (const reason of failed.values()) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const shown = [...counts].slice(0, 3).map(([reason, count]) => (counts.size > 1 ? `${reason} (${count})` : reason));
  const more = counts.size > 3 ? `; and ${counts.size - 3} other reason(s)` : '';
  return `the LLM gave no usable answer for ${failed.size} of ${asked} finding${asked === 1 ? '' : 's'}, which keep their offline explanation: ${shown.join('; ')}${more}`;
}

interface Plan {
  prompts: FilePrompt[];
  /** Findings that were eligible but will not be asked about, and why. */
  notSent: Map<Finding, string>;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Findings of revisor itself (syntax errors, unused ignores) are explained by their docs alone. */
const isEligible = (finding: Finding) => !finding.ruleId.startsWith('revisor/');

/**
 * Decides what is sent: drops files matching secret globs, caps the number of findings (errors
 * first), computes each finding's code window and builds the redacted prompts.
 */
async function plan(input: LlmStageInput): Promise<Plan> {
  const { settings } = input;
  const notSent = new Map<Finding, string>();
  const files = new Map(input.files.map((f) => [f.path, f]));
  const candidates: Finding[] = [];
  for (const finding of input.findings.filter(isEligible)) {
    const secretGlob = matchSecretGlob(finding.path, settings.secretGlobs);
    if (secretGlob) notSent.set(finding, `the file matches the secret pattern "${secretGlob}" and is never sent`);
    else if (!files.has(finding.path)) notSent.set(finding, 'the file text is not available');
    else candidates.push(finding);
  }
  const ranked = candidates.map((finding, index) => ({ finding, index })).sort((a, b) => SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] || a.index - b.index);
  const chosen = new Set(ranked.slice(0, settings.maxFindings).map((r) => r.finding));
  for (const { finding } of ranked.slice(settings.maxFindings)) notSent.set(finding, `over the limit of ${settings.maxFindings} findings explained per run (llm.maxFindings)`);

  const prompts: FilePrompt[] = [];
  const docs = new Map(input.ruleDocs.map((r) => [r.id, r]));
  const chosenByFile = new Map<string, Finding[]>();
  // In the findings' own order (by line), whatever order the cap chose them in.
  for (const f of input.findings) if (chosen.has(f)) chosenByFile.set(f.path, [...(chosenByFile.get(f.path) ?? []), f]);
  for (const file of input.files) {
    const findings = chosenByFile.get(file.path);
    if (!findings) continue;
    const windows = await codeWindows(file, findings, settings.contextLines, settings.maxWindowLines);
    const redactor = new Redactor();
    const redactedText = redactor.redact(file.text);
    prompts.push(
      ...buildFilePrompts({
        path: file.path,
        language: file.language,
        redactedText,
        findings: findings.map((finding) => ({ finding, window: windows.get(finding)! })),
        rules: docs,
        target: input.target,
        redactor,
        maxFindingsPerRequest: settings.maxFindingsPerRequest,
        guidance: guidanceFor(settings, file.path).map((text) => redactor.redact(text)),
      }),
    );
  }
  return { prompts, notSent };
}

/** Runs `task` over `items` with at most `limit` running at once. */
async function forEachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

interface PromptOutcome {
  items: Map<string, AnswerItem>;
  problems: Map<string, string>;
}

/** Token accounting shared by concurrent requests: spent tokens plus what in-flight requests may still spend. */
class TokenBudget {
  tokensIn = 0;
  tokensOut = 0;
  estimated = false;
  private reserved = 0;

  constructor(readonly limit: number) {}

  reserve(tokens: number): boolean {
    if (this.tokensIn + this.tokensOut + this.reserved + tokens > this.limit) return false;
    this.reserved += tokens;
    return true;
  }

  settle(reservedTokens: number, spent?: { tokensIn: number; tokensOut: number; estimated: boolean }) {
    this.reserved -= reservedTokens;
    if (!spent) return;
    this.tokensIn += spent.tokensIn;
    this.tokensOut += spent.tokensOut;
    this.estimated ||= spent.estimated;
  }
}

/** Output tokens reserved per finding when `maxOutputTokens` does not bound the answer. */
const OUTPUT_TOKENS_PER_FINDING = 400;

/**
 * Asks about one prompt, retrying once with the validation problems when the answer does not
 * validate. Valid items of either attempt are kept, so one bad item does not discard the others.
 */
async function ask(prompt: FilePrompt, transport: ChatTransport, budget: TokenBudget, settings: LlmSettings): Promise<PromptOutcome> {
  const ids = prompt.findings.map((f) => f.id);
  const items = new Map<string, AnswerItem>();
  let problems = new Map<string, string>();
  let messages: ChatMessage[] = prompt.messages;
  const failAll = (reason: string) => new Map(ids.filter((id) => !items.has(id)).map((id) => [id, reason]));
  for (let attempt = 0; attempt < 2; attempt++) {
    const reservation = estimatePromptTokens(messages) + (settings.maxOutputTokens ?? OUTPUT_TOKENS_PER_FINDING * ids.length);
    if (!budget.reserve(reservation)) return { items, problems: failAll(`the run's token budget of ${settings.maxTotalTokens} is spent (llm.maxTotalTokens)`) };
    let completion;
    try {
      completion = await transport.complete(messages);
    } catch (error) {
      budget.settle(reservation);
      if (error instanceof LlmRequestError) return { items, problems: failAll(attempt === 0 ? error.message : `retry after an invalid answer failed: ${error.message}`) };
      throw error;
    }
    budget.settle(reservation, completion);
    const requestTexts = messages.filter((m) => m.role !== 'assistant').map((m) => m.content);
    const checked = checkAnswer(completion.content, ids.filter((id) => !items.has(id)), requestTexts);
    for (const [id, item] of checked.items) items.set(id, item);
    const cutOff = completion.finishReason === 'length' ? ' (the answer was cut off at the output token limit)' : '';
    problems = new Map([...checked.problems].map(([id, reason]) => [id, `${reason}${cutOff}`]));
    if (problems.size === 0) break;
    const list = [...problems].map(([id, reason]) => `${id}: ${reason}`).join('; ');
    messages = [
      ...prompt.messages,
      { role: 'assistant', content: completion.content.slice(0, 8_000) },
      { role: 'user', content: `That answer could not be used (${list}). Answer again with one JSON object matching the schema, with an entry for each of ${[...problems.keys()].join(', ')}.` },
    ];
  }
  return { items, problems: new Map([...problems].map(([id, reason]) => [id, `the answer did not validate after a retry: ${reason}`])) };
}

/** The canonical form of a fully valid answer, which is what the cache stores. */
const canonicalAnswer = (ids: string[], items: Map<string, AnswerItem>) => JSON.stringify({ findings: ids.map((id) => items.get(id)) });

/**
 * The LLM explain stage. Explanations of the findings the model answered for replace the offline
 * ones; every other finding keeps its offline explanation with the reason the model's was not used.
 * Findings themselves are never added or removed, and their severity changes only with `triage`
 * (to info, recorded in `finding.triage`). Every proposed fix is verified before it is shown.
 */
export async function explainWithLlm(input: LlmStageInput, transportOptions: TransportOptions = {}): Promise<LlmStageResult> {
  const started = performance.now();
  const { settings } = input;
  const { prompts, notSent } = await plan(input);
  const transport = new ChatTransport(settings, transportOptions);
  const cache = settings.cacheDir ? new AnswerCache(settings.cacheDir) : undefined;
  const budget = new TokenBudget(settings.maxTotalTokens);
  const answers = new Map<Finding, { item: AnswerItem; window: CodeWindow }>();
  const reasons = new Map<Finding, string>(notSent);
  /** Findings that were asked about and got no usable answer: the failures worth a line on stderr. */
  const failed = new Map<Finding, string>();
  let cacheHits = 0;

  await forEachLimited(prompts, settings.concurrency, async (prompt) => {
    const ids = prompt.findings.map((f) => f.id);
    const key = answerCacheKey(settings.model, prompt.hash);
    const cached = cache?.get(key);
    let outcome = cached === undefined ? undefined : checkAnswer(cached, ids);
    if (outcome && outcome.problems.size === 0) cacheHits++;
    else {
      outcome = await ask(prompt, transport, budget, settings);
      if (outcome.problems.size === 0) cache?.set(key, canonicalAnswer(ids, outcome.items));
    }
    for (const { id, finding, window } of prompt.findings) {
      const item = outcome.items.get(id);
      if (item) answers.set(finding, { item, window });
      else {
        const reason = outcome.problems.get(id) ?? 'no answer';
        reasons.set(finding, reason);
        failed.set(finding, reason);
      }
    }
  });

  const fixes: Record<FixStatus, number> = { verified: 0, unverified: 0, rejected: 0 };
  const baselines = new Map<string, Promise<FixBaseline>>();
  const baselineFor = (path: string): Promise<FixBaseline> => {
    let baseline = baselines.get(path);
    if (!baseline) {
      const file = input.files.find((f) => f.path === path)!;
      const rules = activeRulesFor(input.rules, input.config, file.language);
      baseline = analyseText(file, file.text, rules, input.target).then((before) => ({ file, before, rules, target: input.target }));
      baselines.set(path, baseline);
    }
    return baseline;
  };

  let demoted = 0;
  const findings: Finding[] = [];
  for (const finding of input.findings) {
    const answer = answers.get(finding);
    if (!answer) {
      const reason = reasons.get(finding);
      findings.push(reason && finding.explanation ? { ...finding, explanation: { ...finding.explanation, fallbackReason: reason } } : finding);
      continue;
    }
    const { item, window } = answer;
    const explanation: Explanation = { text: item.explanation, source: settings.model };
    if (item.likelyFalsePositive) explanation.likelyFalsePositive = { reason: item.likelyFalsePositive.reason };
    // A verified deterministic fix wins; the model is told so and its fix, if any, is ignored.
    if (item.fix && !finding.fix && settings.fixes !== 'none') {
      const fix = await checkLlmFix(await baselineFor(finding.path), finding, window, item.fix).catch(
        (error: Error): ExplanationFix => ({ startLine: item.fix!.startLine, endLine: item.fix!.endLine, status: 'rejected', reason: `could not be checked: ${error.message}` }),
      );
      fixes[fix.status]++;
      if (fix.status === 'unverified' && settings.fixes === 'verified-only') delete fix.replacement;
      explanation.fix = fix;
    }
    if (finding.fix?.verified || explanation.fix?.status === 'verified') explanation.verified = true;
    let explained: Finding = { ...finding, explanation };
    if (settings.triage && item.likelyFalsePositive && finding.severity !== 'info') {
      explained = { ...explained, severity: 'info', triage: { originalSeverity: finding.severity, reason: item.likelyFalsePositive.reason } };
      demoted++;
    }
    findings.push(explained);
  }

  const fellBack = input.findings
    .filter((f) => reasons.has(f) && !answers.has(f))
    .map((f) => ({ path: f.path, line: f.range.start.line, ruleId: f.ruleId, fingerprint: f.fingerprint, reason: reasons.get(f)! }));
  const askedAbout = prompts.reduce((n, p) => n + p.findings.length, 0);
  // In the findings' order, so the line does not depend on which request finished first.
  const failedInOrder = new Map(input.findings.filter((f) => failed.has(f)).map((f) => [f, failed.get(f)!]));
  return {
    findings,
    warning: describeFailures(askedAbout, failedInOrder),
    summary: {
      model: settings.model,
      requests: transport.requests,
      cacheHits,
      tokensIn: budget.tokensIn,
      tokensOut: budget.tokensOut,
      tokensEstimated: budget.estimated,
      elapsedMs: Math.round(performance.now() - started),
      explained: answers.size,
      fellBack,
      fixes,
      fixMode: settings.fixes,
      demoted,
    },
  };
}

export interface PlannedRequest {
  path: string;
  findings: Array<{ id: string; line: number; ruleId: string }>;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * What `--llm-dry-run` prints: every request the stage would send, exactly, and what it would not
 * send and why. Prompts already answered in the cache would not be sent, so they are listed apart.
 */
export async function planLlmRequests(input: LlmStageInput): Promise<{ requests: PlannedRequest[]; answeredFromCache: string[]; notSent: Array<{ path: string; line: number; ruleId: string; reason: string }> }> {
  const { prompts, notSent } = await plan(input);
  const transport = new ChatTransport(input.settings);
  const cache = input.settings.cacheDir ? new AnswerCache(input.settings.cacheDir) : undefined;
  const requests: PlannedRequest[] = [];
  const answeredFromCache: string[] = [];
  for (const prompt of prompts) {
    const cached = cache?.get(answerCacheKey(input.settings.model, prompt.hash));
    if (cached !== undefined && checkAnswer(cached, prompt.findings.map((f) => f.id)).problems.size === 0) {
      answeredFromCache.push(prompt.path);
      continue;
    }
    requests.push({
      path: prompt.path,
      findings: prompt.findings.map((f) => ({ id: f.id, line: f.finding.range.start.line, ruleId: f.finding.ruleId })),
      ...transport.describeRequest(prompt.messages),
    });
  }
  return {
    requests,
    answeredFromCache,
    notSent: [...notSent].map(([f, reason]) => ({ path: f.path, line: f.range.start.line, ruleId: f.ruleId, reason })),
  };
}
