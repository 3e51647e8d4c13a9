import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingIdentity, llmProject, LlmServer, RawTcpServer, runCliAsync, userPrompt, type ReportFinding, type Script } from './support/llm-server.js';

/**
 * Servers that misbehave below the level test/explain-llm-faults.test.ts scripts: no HTTP at all, reset
 * connections, a gateway's HTML page, a host that does not resolve, a model that echoes the prompt.
 * Each case runs the real CLI; whatever the server does, the run ends within its timeout budget,
 * findings and exit code are the offline run's, and the report names what failed.
 */

interface Report {
  findings: ReportFinding[];
  llm: { requests: number; explained: number; elapsedMs: number; fellBack: Array<{ path: string; line: number; reason: string }> };
}

/** Small enough that a server that never answers costs seconds, not minutes. */
const TIMEOUT_MS = 1000;
const MAX_RETRIES = 1;
/**
 * Longest the LLM stage may take when every request fails: each request of the two files (sent at
 * once) is tried 1 + MAX_RETRIES times, each attempt bounded by the timeout, with one backoff of at most
 * 0.5 s between; an answer that does not validate is asked once more the same way. Plus slack for a
 * loaded machine.
 */
const STAGE_BUDGET_MS = 2 * ((MAX_RETRIES + 1) * TIMEOUT_MS + 500) + 3_000;

let offline: { code: number; identity: string[]; explainable: number };

beforeAll(async () => {
  const run = await runCliAsync(['check', '.', '--root', '.', '-f', 'json', '--no-llm'], llmProject(), {});
  const report = JSON.parse(run.stdout) as Report;
  offline = { code: run.code, identity: findingIdentity(report.findings), explainable: report.findings.filter((f) => f.ruleId === 'python/self-comparison').length };
});

interface CaseResult {
  report: Report;
  text: string;
  stderr: string;
}

/**
 * Runs the CLI twice against `baseURL`, at the same time: JSON to a file, and the text report on
 * stdout. Both must complete with the offline run's exit code and findings.
 */
async function runCase(baseURL: string, llm: Record<string, unknown> = {}): Promise<CaseResult> {
  const dir = llmProject({ timeoutMs: TIMEOUT_MS, maxRetries: MAX_RETRIES, ...llm });
  const env = { OPENAI_BASE_URL: baseURL, OPENAI_API_KEY: '', REVISOR_MODEL: 'test-model' };
  const [json, text] = await Promise.all([
    runCliAsync(['check', '.', '--root', '.', '--no-cache', '-f', 'json', '-o', 'report.json'], dir, env),
    runCliAsync(['check', '.', '--root', '.', '--no-cache', '-f', 'text'], dir, env),
  ]);
  for (const run of [json, text]) {
    expect(run.code, run.stderr).toBe(offline.code);
    // Whatever failed was handled: no stack trace, no unhandled rejection.
    expect(run.stderr).not.toMatch(/\n\s+at |Unhandled|TypeError|SyntaxError/);
  }
  expect(existsSync(join(dir, 'report.json'))).toBe(true);
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
  expect(findingIdentity(report.findings)).toEqual(offline.identity);
  expect(report.llm.elapsedMs).toBeLessThan(STAGE_BUDGET_MS);
  return { report, text: text.stdout, stderr: `${json.stderr}${text.stderr}` };
}

/**
 * Every explainable finding kept its offline explanation, and both the JSON and the text report say
 * why in words matching `reason`.
 */
function expectAllFellBack({ report, text, stderr }: CaseResult, reason: RegExp) {
  // stderr says it too, once per run, for whoever reads the CI log rather than the report.
  const warnings = [...stderr.matchAll(/^revisor: the LLM gave no usable answer for \d+ of \d+ findings, which keep their offline explanation: (.*)$/gm)].map((m) => m[1]);
  expect(warnings, stderr).toHaveLength(2);
  for (const w of warnings) expect(w).toMatch(reason);
  const explainable = report.findings.filter((f) => f.ruleId === 'python/self-comparison');
  for (const f of explainable) {
    expect(f.explanation?.source).toBe('offline');
    expect(f.explanation?.text.length).toBeGreaterThan(0);
    expect(f.explanation?.fallbackReason).toMatch(reason);
  }
  expect(report.llm.explained).toBe(0);
  expect(report.llm.fellBack).toHaveLength(offline.explainable);
  const textReasons = [...text.matchAll(/explanation \(offline; the LLM's was not used: (.*)\):/g)].map((m) => m[1]);
  expect(textReasons).toHaveLength(offline.explainable);
  for (const r of textReasons) expect(r).toMatch(reason);
  expect(text).toMatch(/0 findings explained, \d+ fell back to the offline explanation/);
}

describe('servers that do not speak HTTP', () => {
  /** A review against a raw TCP server that treats each connection as `onConnection` says; the server is closed after. */
  async function runAgainst(onConnection: Parameters<typeof RawTcpServer.start>[0]) {
    const raw = await RawTcpServer.start(onConnection);
    try {
      return await runCase(raw.url);
    } finally {
      await raw.close();
    }
  }

  it('a server that accepts the connection and never answers: each request times out, is retried once, then falls back', async () => {
    // Reads whatever is sent and never writes a byte back.
    const result = await runAgainst((socket) => socket.resume());
    expectAllFellBack(result, /^no answer within 1 s \(2 attempts\)$/);
    expect(result.report.llm.requests).toBe(4);
  });

  it('a server that resets every connection: the reason is a connection reset, not a generic connection error', async () => {
    const result = await runAgainst((socket) => socket.once('data', () => socket.resetAndDestroy()));
    expectAllFellBack(result, /^connection reset by the server \(2 attempts\)$/);
    expect(result.report.llm.requests).toBe(4);
  });

  it('a server that closes every connection without answering', async () => {
    const result = await runAgainst((socket) => socket.once('data', () => socket.destroy()));
    expectAllFellBack(result, /^the server closed the connection without answering \(2 attempts\)$/);
  });

  it('a host that does not resolve: the reason names the DNS failure and the host', async () => {
    // `.invalid` is reserved (RFC 2606): resolution fails locally, with or without a network.
    const result = await runCase('http://llm.invalid:8080/v1');
    // With concurrency 4 both files are asked at once; whichever fails second may already find the run stopped.
    expectAllFellBack(result, /^(not sent: an earlier request failed with )?DNS lookup failed for host llm\.invalid \((ENOTFOUND|EAI_AGAIN, a temporary failure)\)( \(2 attempts\))?$/);
  });
});

describe('answers that are not an answer', () => {
  let server: LlmServer;
  beforeAll(async () => {
    server = await LlmServer.start();
  });
  afterAll(async () => {
    await server.close();
  });

  const BAD_GATEWAY_PAGE = [
    '<html>',
    '<head><title>502 Bad Gateway</title></head>',
    '<body>',
    '<center><h1>502 Bad Gateway</h1></center>',
    '<hr><center>nginx</center>',
    '</body>',
    '</html>',
    '',
  ].join('\r\n');
  const gatewayPage: Script = () => ({ kind: 'raw-body', status: 200, contentType: 'text/html', body: BAD_GATEWAY_PAGE });

  it.each([
    ['a JSON request', {}],
    ['a streamed request', { stream: true }],
  ])("HTTP 200 with a proxy's HTML error page, for %s: named as an HTML page with its title, retried, then falls back", async (_name, llm) => {
    server.reset(gatewayPage);
    const result = await runCase(server.url, llm);
    expectAllFellBack(result, /^the server answered with an HTML page instead of JSON \("502 Bad Gateway"\) \(2 attempts\)$/);
    expect(server.requests).toHaveLength(8);
  });

  it('a model that echoes the user message back is not taken as an explanation', async () => {
    server.reset((r) => ({ kind: 'answer', content: userPrompt(r) }));
    const result = await runCase(server.url);
    expectAllFellBack(result, /^the answer did not validate after a retry: the answer echoes the request back instead of answering it$/);
    // Asked again once with what was wrong, as for any answer that does not validate.
    expect(server.requests.filter((r) => r.body.messages.at(-1).content.includes('the answer echoes the request back'))).toHaveLength(4);
  });

  it('a server that echoes the raw request body is not taken as an explanation, though the body is JSON', async () => {
    server.reset((r) => ({ kind: 'answer', content: r.rawBody }));
    const result = await runCase(server.url);
    expectAllFellBack(result, /^the answer did not validate after a retry: the answer echoes the request back instead of answering it$/);
  });

  it('an echo cut off at the output limit is still an echo', async () => {
    server.reset((r) => ({ kind: 'answer', content: r.body.messages.at(-1).content.slice(0, 300), finishReason: 'length' }));
    const result = await runCase(server.url);
    expectAllFellBack(result, /^the answer did not validate after a retry: the answer echoes the request back instead of answering it \(the answer was cut off at the output token limit\)$/);
  });

  it("a well-formed answer whose explanations copy the finding's message is not taken, nor its fix", async () => {
    server.reset((r) => {
      const prompt = userPrompt(r);
      const findings = [...prompt.matchAll(/^### Finding (F\d+) \(line (\d+)\)\nRule: .*\nMessage: (.*)$/gm)].map((m) => ({ id: m[1], line: Number(m[2]), message: m[3] }));
      return {
        kind: 'answer',
        content: JSON.stringify({
          findings: findings.map((f) => ({ id: f.id, explanation: f.message, fix: { startLine: f.line, endLine: f.line, replacement: 'pass' }, likelyFalsePositive: null })),
        }),
      };
    });
    const result = await runCase(server.url);
    expectAllFellBack(result, /^the answer did not validate after a retry: the explanation only repeats text of the request$/);
    for (const f of result.report.findings) expect(f.explanation?.fix).toBeUndefined();
  });
});
