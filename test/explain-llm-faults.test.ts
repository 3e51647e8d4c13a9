import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerAll,
  findingIdentity,
  helpfulModel,
  llmProject,
  LlmServer,
  promptLine,
  runCliAsync,
  userPrompt,
  type RecordedRequest,
  type ReportFinding,
  type Script,
} from './support/llm-server.js';

interface Report {
  findings: ReportFinding[];
  llm: { requests: number; explained: number; fellBack: Array<{ path: string; line: number; reason: string }>; fixes: Record<string, number> };
}

let server: LlmServer;
let offline: { code: number; identity: string[]; explained: number };

/**
 * One retry keeps every fault case to a few seconds. The timeout is short only where a stall is
 * scripted: on a loaded CI machine a prompt answer can take longer than a second to be read.
 */
const FAST = { timeoutMs: 10_000, maxRetries: 1 };

beforeAll(async () => {
  server = await LlmServer.start();
  const run = await runCliAsync(['check', '.', '--root', '.', '-f', 'json', '--no-llm'], llmProject(), {});
  const report = JSON.parse(run.stdout) as Report;
  offline = { code: run.code, identity: findingIdentity(report.findings), explained: report.findings.filter((f) => f.ruleId === 'python/self-comparison').length };
});
afterAll(async () => {
  await server.close();
});

/**
 * One fault case: a fresh project, the scripted server, the real CLI writing its report to a file.
 * Whatever the server does, the run completes, the report is written, the findings and the exit
 * code are the offline run's.
 */
async function runCase(llm: Record<string, unknown>, script: Script, ...args: string[]): Promise<{ report: Report; requests: RecordedRequest[]; dir: string; stderr: string }> {
  const dir = llmProject({ ...FAST, ...llm });
  server.reset(script);
  const run = await runCliAsync(['check', '.', '--root', '.', '-f', 'json', '-o', 'report.json', ...args], dir, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: '', REVISOR_MODEL: 'test-model' });
  expect(run.code, run.stderr).toBe(offline.code);
  expect(existsSync(join(dir, 'report.json'))).toBe(true);
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
  expect(findingIdentity(report.findings)).toEqual(offline.identity);
  return { report, requests: [...server.requests], dir, stderr: run.stderr };
}

const selfComparisons = (report: Report) => report.findings.filter((f) => f.ruleId === 'python/self-comparison');

/** Every explainable finding kept its offline explanation, for a reason matching `reason`. */
function expectAllFellBack(report: Report, reason: RegExp) {
  for (const f of selfComparisons(report)) {
    expect(f.explanation?.source).toBe('offline');
    expect(f.explanation?.fallbackReason).toMatch(reason);
  }
  expect(report.llm.explained).toBe(0);
  expect(report.llm.fellBack).toHaveLength(offline.explained);
}

function expectAllExplained(report: Report) {
  for (const f of selfComparisons(report)) expect(f.explanation?.source).toBe('test-model');
  expect(report.llm.fellBack).toEqual([]);
}

/** Requests grouped by the file their prompt is about, in arrival order. */
function byFile(requests: RecordedRequest[]): Map<string, RecordedRequest[]> {
  const groups = new Map<string, RecordedRequest[]>();
  for (const r of requests) {
    const file = userPrompt(r).split('\n')[0];
    groups.set(file, [...(groups.get(file) ?? []), r]);
  }
  return groups;
}

const isRetryAfterInvalid = (r: RecordedRequest) => r.body.messages.length > 2;

describe('answers that do not validate', () => {
  it('schema-violating JSON is retried once, then the findings fall back with the reason', async () => {
    const { report, requests } = await runCase({}, () => ({ kind: 'answer', content: '{"findings":[{"id":"F1","explanation":42}]}' }));
    expectAllFellBack(report, /^the answer did not validate after a retry: the answer (does not match the schema: \/findings\/0\/explanation must be string|has no entry for this finding)$/);
    expect(requests).toHaveLength(4);
    // No key configured: no Authorization header at all.
    expect(requests[0].headers.authorization).toBeUndefined();
    for (const [, attempts] of byFile(requests)) {
      expect(attempts.map(isRetryAfterInvalid)).toEqual([false, true]);
      expect(attempts[1].body.messages[3].content).toMatch(/^That answer could not be used \(F1: the answer does not match the schema/);
    }
  });

  it('an answer that validates on the retry is used', async () => {
    const { report, requests } = await runCase({}, (r) => ({ kind: 'answer', content: isRetryAfterInvalid(r) ? helpfulModel(r) : '{"findings": "none"}' }));
    expectAllExplained(report);
    expect(requests).toHaveLength(4);
  });

  it('text that is not JSON falls back', async () => {
    const { report, requests } = await runCase({}, () => ({ kind: 'answer', content: 'Sure! The code looks great to me.' }));
    expectAllFellBack(report, /^the answer did not validate after a retry: the answer is not JSON$/);
    expect(requests).toHaveLength(4);
  });

  it('a server without structured output is asked with json_object, then plain text, and its JSON is found in prose', async () => {
    const { report, requests } = await runCase({ concurrency: 1 }, (r) =>
      r.body.response_format ? { kind: 'status', status: 400, message: `response_format ${r.body.response_format.type} is not supported` } : { kind: 'answer', content: `Here is my review:\n\`\`\`json\n${helpfulModel(r)}\n\`\`\`` },
    );
    expectAllExplained(report);
    // Once refused, a format is not tried again by later requests of the run.
    expect(requests.map((r) => r.body.response_format?.type ?? 'text')).toEqual(['json_schema', 'json_object', 'text', 'text']);
  });
});

describe('transport faults', () => {
  it('a stalled server times out, is retried, then the findings fall back', async () => {
    const started = Date.now();
    const { report, requests } = await runCase({ timeoutMs: 1000 }, () => ({ kind: 'stall' }));
    expectAllFellBack(report, /^no answer within 1 s \(2 attempts\)$/);
    expect(requests).toHaveLength(4);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('429 with retry-after is honoured, and the retry succeeds', async () => {
    const seen = new Set<string>();
    const { report, requests } = await runCase({}, (r) => {
      const file = userPrompt(r).split('\n')[0];
      if (seen.has(file)) return { kind: 'answer', content: helpfulModel(r) };
      seen.add(file);
      return { kind: 'status', status: 429, headers: { 'retry-after': '1' }, message: 'Rate limit reached' };
    });
    expectAllExplained(report);
    expect(report.llm.requests).toBe(4);
    for (const [, attempts] of byFile(requests)) expect(attempts[1].receivedAt - attempts[0].receivedAt).toBeGreaterThanOrEqual(950);
  });

  it('500 is retried with backoff, then the findings fall back', async () => {
    const { report, requests } = await runCase({}, () => ({ kind: 'status', status: 500, message: 'upstream exploded' }));
    expectAllFellBack(report, /^HTTP 500: upstream exploded \(2 attempts\)$/);
    expect(requests).toHaveLength(4);
  });

  it('503 with retry-after waits as asked before retrying, then falls back', async () => {
    const { report, requests } = await runCase({}, () => ({ kind: 'status', status: 503, headers: { 'retry-after': '1' }, message: 'overloaded' }));
    expectAllFellBack(report, /^HTTP 503: overloaded \(2 attempts\)$/);
    for (const [, attempts] of byFile(requests)) expect(attempts[1].receivedAt - attempts[0].receivedAt).toBeGreaterThanOrEqual(950);
  });

  it('a stream cut short is retried; cut again, the findings fall back', async () => {
    const { report, requests } = await runCase({ stream: true }, (r) => ({ kind: 'cut-stream', content: helpfulModel(r) }));
    expectAllFellBack(report, /^the stream ended before the answer was complete.* \(2 attempts\)$/);
    expect(requests.every((r) => r.body.stream === true)).toBe(true);
    expect(requests).toHaveLength(4);
  });

  it('a stream cut once is recovered by the retry', async () => {
    const seen = new Set<string>();
    const { report } = await runCase({ stream: true }, (r) => {
      const file = userPrompt(r).split('\n')[0];
      if (seen.has(file)) return { kind: 'answer', content: helpfulModel(r) };
      seen.add(file);
      return { kind: 'cut-stream', content: helpfulModel(r) };
    });
    expectAllExplained(report);
  });

  it('a refused key stops the run from sending more requests', async () => {
    const { report, requests } = await runCase({ concurrency: 1 }, () => ({ kind: 'status', status: 401, message: 'Incorrect API key provided' }));
    expect(requests).toHaveLength(1);
    // With one request at a time, orders.py is asked first; users.py is then not asked at all.
    expect(report.llm.fellBack.map((f) => `${f.path}: ${f.reason}`)).toEqual([
      'app/orders.py: HTTP 401: Incorrect API key provided',
      'app/orders.py: HTTP 401: Incorrect API key provided',
      'app/users.py: not sent: an earlier request failed with HTTP 401: Incorrect API key provided',
    ]);
  });
});

describe('fixes that fail verification', () => {
  /** Breaks the syntax of orders.py line 2; on users.py line 2 keeps the self-comparison inside a new expression. */
  const badFixer: Script = (r) => ({
    kind: 'answer',
    content: answerAll(r, (f) => {
      const line = promptLine(r, f.line) ?? '';
      if (line.includes('order.customer')) return { explanation: 'Compare with the other order.', fix: { startLine: f.line, endLine: f.line, replacement: '    if order.customer == :' } };
      if (line.includes('user.id')) return { explanation: 'Compare with the other user.', fix: { startLine: f.line, endLine: f.line, replacement: '    return bool(user.id == user.id)' } };
      return { explanation: 'Constant comparison.' };
    }),
  });
  const finding = (report: Report, path: string, line: number) => report.findings.find((f) => f.path === path && f.range.start.line === line)!;

  it('marks a fix that does not parse as rejected and one that leaves the finding as unverified, in every format', async () => {
    const { report, dir } = await runCase({}, badFixer);
    expect(finding(report, 'app/orders.py', 2).explanation?.fix).toEqual({ startLine: 2, endLine: 2, status: 'rejected', reason: 'the fixed code does not parse' });
    expect(finding(report, 'app/users.py', 2).explanation?.fix).toMatchObject({ status: 'unverified', replacement: '    return bool(user.id == user.id)', reason: 'the finding is still reported after the fix' });
    expect(report.llm.fixes).toEqual({ verified: 0, unverified: 1, rejected: 1 });

    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: '', REVISOR_MODEL: 'test-model' };
    const markdown = await runCliAsync(['check', '.', '--root', '.', '-f', 'markdown'], dir, env);
    expect(markdown.stdout).toContain('_Fix for line 2 rejected (the fixed code does not parse)._');
    expect(markdown.stdout).toContain('Unverified suggestion for line 2 (the finding is still reported after the fix):\n\n```python\n    return bool(user.id == user.id)\n```');
    expect(markdown.stdout).not.toContain('```suggestion');
    expect(markdown.stdout).not.toContain('if order.customer == :');
    const sarif = JSON.parse((await runCliAsync(['check', '.', '--root', '.', '-f', 'sarif'], dir, env)).stdout);
    expect(sarif.runs[0].results.filter((r: { fixes?: unknown }) => r.fixes)).toEqual([]);
    const text = (await runCliAsync(['check', '.', '--root', '.'], dir, env)).stdout;
    expect(text).toContain('fixes: 0 verified, 1 unverified, 1 rejected.');

    const verifiedOnly = await runCliAsync(['check', '.', '--root', '.', '-f', 'json', '--llm-fixes', 'verified-only'], dir, env);
    const hidden = JSON.parse(verifiedOnly.stdout) as Report;
    expect(finding(hidden, 'app/users.py', 2).explanation?.fix).toEqual({ startLine: 2, endLine: 2, status: 'unverified', reason: 'the finding is still reported after the fix' });
    expect(verifiedOnly.code).toBe(offline.code);
  });
});
