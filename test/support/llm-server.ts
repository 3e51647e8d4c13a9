import { spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { makeProject, repoRoot, type CliRun } from './cli.js';

/** One request as the server received it, before it decided how to answer. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: any;
  receivedAt: number;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** What the scripted model does with one request. */
export type Reply =
  /** A completion with this content: a JSON body, or SSE chunks when the request asked to stream. */
  | { kind: 'answer'; content: string; usage?: Usage | null; finishReason?: string; delayMs?: number }
  /** An HTTP error status with optional headers (`retry-after`) and an OpenAI-style error body. */
  | { kind: 'status'; status: number; headers?: Record<string, string>; message?: string }
  /** Never answers; the connection stays open until the client gives up or the server closes. */
  | { kind: 'stall' }
  /** Streams the first part of the content, then drops the connection without finishing. */
  | { kind: 'cut-stream'; content: string }
  /** A body that is not a chat completion, such as a proxy's HTML error page, with this status and content type. */
  | { kind: 'raw-body'; status: number; contentType: string; body: string };

export type Script = (request: RecordedRequest, index: number) => Reply;

const DEFAULT_USAGE: Usage = { prompt_tokens: 120, completion_tokens: 30 };

function chunk(model: string, delta: Record<string, unknown>, finishReason: string | null, extra: Record<string, unknown> = {}): string {
  const payload = { id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra };
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** Splits text into a few pieces, so a streamed answer really arrives in chunks. */
function pieces(text: string, count = 3): string[] {
  const size = Math.max(1, Math.ceil(text.length / count));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [''];
}

/**
 * A chat-completions server on 127.0.0.1 (ephemeral port) that speaks the OpenAI wire format, JSON and
 * SSE streaming, records every request, and answers as each test scripts it: valid or invalid JSON,
 * prose, stalls, 429/5xx with `retry-after`, streams cut short.
 */
export class LlmServer {
  readonly requests: RecordedRequest[] = [];
  /** Most requests seen in flight at once, to check the client's concurrency limit. */
  maxInFlight = 0;
  private inFlight = 0;
  private script: Script = () => ({ kind: 'status', status: 500, message: 'no script' });

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(script?: Script): Promise<LlmServer> {
    let instance: LlmServer | undefined;
    const server = createServer((request, response) => {
      let raw = '';
      request.setEncoding('utf8');
      request.on('data', (data: string) => (raw += data));
      request.on('end', () => instance!.handle(request.method ?? '', request.url ?? '', request.headers, raw, response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    instance = new LlmServer(server, `http://127.0.0.1:${port}/v1`);
    if (script) instance.respond(script);
    return instance;
  }

  respond(script: Script): void {
    this.script = script;
  }

  reset(script?: Script): void {
    this.requests.length = 0;
    this.maxInFlight = 0;
    if (script) this.respond(script);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(method: string, url: string, headers: IncomingHttpHeaders, rawBody: string, response: ServerResponse) {
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    const recorded: RecordedRequest = { method, url, headers, rawBody, body, receivedAt: Date.now() };
    this.requests.push(recorded);
    if (method !== 'POST' || !url.startsWith('/v1/chat/completions')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${method} ${url}`, type: 'not_found' } }));
      return;
    }
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    response.on('close', () => this.inFlight--);
    const reply = this.script(recorded, this.requests.length - 1);
    const model = (body as { model?: string })?.model ?? 'unknown';
    const streaming = (body as { stream?: boolean })?.stream === true;
    switch (reply.kind) {
      case 'stall':
        return;
      case 'status':
        response
          .writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers ?? {}) })
          .end(JSON.stringify({ error: { message: reply.message ?? `status ${reply.status}`, type: 'scripted_error', code: null, param: null } }));
        return;
      case 'raw-body':
        response.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.body);
        return;
      case 'cut-stream': {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        response.write(chunk(model, { role: 'assistant', content: '' }, null));
        response.write(chunk(model, { content: reply.content.slice(0, Math.floor(reply.content.length / 2)) }, null));
        // Give the client the first chunks, then drop the socket mid-answer.
        setTimeout(() => response.socket?.destroy(), 30);
        return;
      }
      case 'answer': {
        const send = () => {
          const usage = reply.usage === undefined ? DEFAULT_USAGE : reply.usage;
          const finishReason = reply.finishReason ?? 'stop';
          if (!streaming) {
            const completion = {
              id: 'chatcmpl-test',
              object: 'chat.completion',
              created: 0,
              model,
              choices: [{ index: 0, message: { role: 'assistant', content: reply.content, refusal: null }, finish_reason: finishReason, logprobs: null }],
              ...(usage ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } } : {}),
            };
            response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion));
            return;
          }
          response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
          response.write(chunk(model, { role: 'assistant', content: '' }, null));
          for (const piece of pieces(reply.content)) response.write(chunk(model, { content: piece }, null));
          response.write(chunk(model, {}, finishReason));
          const wantsUsage = (body as { stream_options?: { include_usage?: boolean } })?.stream_options?.include_usage;
          if (usage && wantsUsage) {
            response.write(`data: ${JSON.stringify({ id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 0, model, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } })}\n\n`);
          }
          response.end('data: [DONE]\n\n');
        };
        if (reply.delayMs) setTimeout(send, reply.delayMs);
        else send();
      }
    }
  }
}

/**
 * A TCP server on 127.0.0.1 that speaks no HTTP at all: each connection is handed to `onConnection`,
 * which decides what the socket does (read and never answer, reset it, close it). For the faults an
 * HTTP server cannot script.
 */
export class RawTcpServer {
  private readonly sockets = new Set<Socket>();
  /** Connections accepted so far. */
  connections = 0;

  private constructor(private readonly server: NetServer, readonly port: number) {}

  static async start(onConnection: (socket: Socket) => void): Promise<RawTcpServer> {
    let instance: RawTcpServer | undefined;
    const server = createNetServer((socket) => {
      instance!.connections++;
      instance!.sockets.add(socket);
      socket.on('close', () => instance!.sockets.delete(socket));
      // A reset surfaces on this side too; it is expected, not a test failure.
      socket.on('error', () => {});
      onConnection(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    instance = new RawTcpServer(server, (server.address() as AddressInfo).port);
    return instance;
  }

  /** The base URL a client would be configured with. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The user message of a recorded request: the prompt revisor built. */
export function userPrompt(request: RecordedRequest): string {
  return request.body.messages.find((m: { role: string }) => m.role === 'user').content;
}

/** The findings a prompt asks about, as its `### Finding F1 (line 4)` headings name them. */
export function promptFindings(request: RecordedRequest): Array<{ id: string; line: number }> {
  return [...userPrompt(request).matchAll(/^### Finding (F\d+) \(line (\d+)\)$/gm)].map((m) => ({ id: m[1], line: Number(m[2]) }));
}

/** The text of line `line` as the prompt's numbered code shows it. */
export function promptLine(request: RecordedRequest, line: number): string | undefined {
  return new RegExp(`^[> ] *${line} \\| (.*)$`, 'm').exec(userPrompt(request))?.[1];
}

export interface AnswerItem {
  explanation: string;
  fix?: { startLine: number; endLine: number; replacement: string } | null;
  likelyFalsePositive?: { reason: string } | null;
}

/** A valid answer covering every finding of the request, each item made by `item`. */
export function answerAll(request: RecordedRequest, item: (finding: { id: string; line: number }) => AnswerItem): string {
  return JSON.stringify({ findings: promptFindings(request).map((f) => ({ id: f.id, fix: null, likelyFalsePositive: null, ...item(f) })) });
}

/**
 * Runs the built CLI asynchronously. `runCli` in cli.ts uses spawnSync, which would block this
 * process's event loop and with it the in-process server the CLI is talking to.
 */
export function runCliAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'revisor.js'), ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

// Fixtures shared by the LLM tests: a small project whose findings are python/self-comparison errors.

/** A finding as the JSON report prints it, with the parts the LLM stage adds. */
export interface ReportFinding {
  ruleId: string;
  path: string;
  severity: string;
  fingerprint: string;
  range: { start: { line: number } };
  explanation?: {
    text: string;
    source: string;
    verified?: boolean;
    fallbackReason?: string;
    fix?: { status: string; startLine: number; endLine: number; replacement?: string; reason?: string; edits?: unknown[] };
    likelyFalsePositive?: { reason: string };
  };
  triage?: { originalSeverity: string; reason: string };
}

/** Secrets of the shapes the redactor knows, for the tests that check none is ever sent. */
export const SAMPLE_SECRETS = {
  aws: 'AKIAIOSFODNN7EXAMPLE',
  github: 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  dbPassword: 's3cr3tP4ssw0rd',
  password: 'hunter2hunter2',
  pem: 'MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu',
};

export const ORDERS_PY = [
  'def same_customer(order, other):',
  '    if order.customer == order.customer:',
  '        return True',
  '    return False',
  '',
  '',
  'def total(values):',
  '    count = 0',
  '    for v in values:',
  '        if v != v:',
  '            continue',
  '        count += v',
  '    return count',
  '',
].join('\n');

export const USERS_PY = ['def same_user(user, other):', '    return user.id == user.id', ''].join('\n');

/** The two-file project, with `llm` as its config's LLM section, plus any extra files. */
export function llmProject(llm: Record<string, unknown> = {}, extra: Record<string, string> = {}): string {
  return makeProject({ 'app/orders.py': ORDERS_PY, 'app/users.py': USERS_PY, 'revisor.config.json': JSON.stringify({ llm }), ...extra });
}

/** A finding's identity for comparing runs: what the LLM must never change. */
export const findingIdentity = (findings: Array<{ path: string; ruleId: string; fingerprint: string; range: { start: { line: number } } }>) =>
  findings.map((f) => `${f.path}:${f.range.start.line} ${f.ruleId} ${f.fingerprint}`);

/** A model that explains every finding and fixes `a.b == a.b` on the flagged line by comparing with `other.b`. */
export function helpfulModel(request: RecordedRequest): string {
  return answerAll(request, (f) => {
    const line = promptLine(request, f.line) ?? '';
    const fixable = /(\w+)\.(\w+) == \1\.\2/.exec(line);
    return {
      explanation: `Line ${f.line} compares a value with itself, so the condition is constant.`,
      fix: fixable ? { startLine: f.line, endLine: f.line, replacement: line.replace(fixable[0], `${fixable[1]}.${fixable[2]} == other.${fixable[2]}`) } : null,
    };
  });
}
