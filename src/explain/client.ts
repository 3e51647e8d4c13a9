import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { ChatMessage } from './prompt.js';
import { ANSWER_JSON_SCHEMA } from './schema.js';
import type { LlmSettings, ResponseMode } from './settings.js';

export interface Completion {
  content: string;
  finishReason?: string;
  tokensIn: number;
  tokensOut: number;
  /** The server reported no usage; the counts are estimated from the text. */
  estimated: boolean;
}

/** Why a request produced no answer, in words fit for the report. */
export class LlmRequestError extends Error {}

/** Longest `retry-after` honoured; a server asking for more is treated as unavailable for this run. */
const MAX_RETRY_AFTER_MS = 60_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;
const NEXT_MODE: Record<ResponseMode, ResponseMode | undefined> = { json_schema: 'json_object', json_object: 'text', text: undefined };

class StreamCutShort extends Error {
  constructor(readonly detail?: string) {
    super('stream cut short');
  }
}
class RequestTimedOut extends Error {}
/** HTTP 200 whose body is not a chat completion: a proxy's HTML error page, plain text, other JSON. */
class NotACompletion extends Error {}

/** Network error codes (Node and undici) that say what went wrong in words, with whether a retry can help. */
const CONNECTION_ERRORS: Record<string, { describe: (host: string) => string; retry: boolean }> = {
  // The name does not exist: every further request would fail the same way.
  ENOTFOUND: { describe: (host) => `DNS lookup failed for host ${host} (ENOTFOUND)`, retry: false },
  EAI_NONAME: { describe: (host) => `DNS lookup failed for host ${host} (EAI_NONAME)`, retry: false },
  EAI_FAIL: { describe: (host) => `DNS lookup failed for host ${host} (EAI_FAIL)`, retry: false },
  EAI_AGAIN: { describe: (host) => `DNS lookup failed for host ${host} (EAI_AGAIN, a temporary failure)`, retry: true },
  ECONNRESET: { describe: () => 'connection reset by the server', retry: true },
  ECONNREFUSED: { describe: (host) => `connection refused by ${host}`, retry: true },
  UND_ERR_SOCKET: { describe: () => 'the server closed the connection without answering', retry: true },
  EPIPE: { describe: () => 'the server closed the connection while the request was being sent', retry: true },
  ETIMEDOUT: { describe: (host) => `connecting to ${host} timed out`, retry: true },
  UND_ERR_CONNECT_TIMEOUT: { describe: (host) => `connecting to ${host} timed out`, retry: true },
  EHOSTUNREACH: { describe: (host) => `host ${host} is unreachable`, retry: true },
  ENETUNREACH: { describe: (host) => `the network to ${host} is unreachable`, retry: true },
};

/**
 * The client wraps every network failure as "Connection error."; the reason is in the cause chain
 * (`fetch failed` → `getaddrinfo ENOTFOUND llm.invalid`, `read ECONNRESET`, `other side closed`).
 */
function describeConnectionError(error: APIConnectionError, baseURL: string): Failure {
  const url = new URL(baseURL);
  let deepest: Error = error;
  for (let cause: unknown = error.cause, depth = 0; cause instanceof Error && depth < 8; cause = cause.cause, depth++) {
    deepest = cause;
    const { code, hostname } = cause as NodeJS.ErrnoException & { hostname?: string };
    const known = code ? CONNECTION_ERRORS[code] : undefined;
    if (known) {
      // A failed lookup names the host it looked up; otherwise the base URL's host and port say where.
      const reason = known.describe(hostname ?? url.host);
      return known.retry ? { kind: 'retry', reason } : { kind: 'fatal', reason };
    }
    if (code && /CERT|TLS|SSL/.test(code)) return { kind: 'fatal', reason: `TLS connection to ${url.host} failed: ${cause.message}` };
  }
  return { kind: 'retry', reason: `connection failed: ${deepest.message}` };
}

/** What a body that is not a chat completion looks like, in a few words: an HTML page's title, the start of a text. */
function describeNotACompletion(contentType: string, body: unknown): string {
  if (typeof body === 'string') {
    const text = body.trim();
    if (/html/i.test(contentType) || /^<(!doctype|html|head|body)\b/i.test(text)) {
      const heading = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1] ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(text)?.[1];
      const title = heading?.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim().slice(0, 120);
      return `the server answered with an HTML page instead of JSON${title ? ` ("${title}")` : ''}`;
    }
    const start = text.replace(/\s+/g, ' ').slice(0, 80);
    return `the server answered with ${contentType || 'no content type'} instead of JSON${start ? ` ("${start}${text.length > 80 ? '...' : ''}")` : ' (an empty body)'}`;
  }
  const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
  if (typeof message === 'string') return `the server answered with an error instead of a completion: ${message.slice(0, 200)}`;
  return 'the server answered with JSON that is not a chat completion (no choices)';
}

type Failure =
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** The server refused the request's shape: try the next, less demanding response format. */
  | { kind: 'format'; reason: string }
  /** Every further request would fail the same way (bad key, unknown model): stop sending. */
  | { kind: 'fatal'; reason: string }
  | { kind: 'final'; reason: string };

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return Math.max(0, ms);
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function classify(error: unknown, timeoutMs: number, mode: ResponseMode, baseURL: string): Failure {
  if (error instanceof RequestTimedOut || error instanceof APIConnectionTimeoutError) return { kind: 'retry', reason: `no answer within ${timeoutMs / 1000} s` };
  if (error instanceof StreamCutShort) return { kind: 'retry', reason: `the stream ended before the answer was complete${error.detail ? ` (${error.detail})` : ''}` };
  // A gateway answering 200 with its own error page usually reports a transient fault behind it.
  if (error instanceof NotACompletion) return { kind: 'retry', reason: error.message };
  // A body labelled JSON that does not parse.
  if (error instanceof SyntaxError) return { kind: 'retry', reason: `the server's answer is not valid JSON (${error.message.slice(0, 120)})` };
  if (error instanceof APIConnectionError) return describeConnectionError(error, baseURL);
  if (error instanceof APIError && error.status !== undefined) {
    const status = error.status;
    const reason = `HTTP ${status}${error.message ? `: ${error.message.replace(/^\d+\s*/, '').slice(0, 200)}` : ''}`;
    if ((status === 400 || status === 422) && NEXT_MODE[mode]) return { kind: 'format', reason };
    if (status === 401 || status === 403 || status === 404) return { kind: 'fatal', reason };
    if (status === 408 || status === 409 || status === 429 || status >= 500) return { kind: 'retry', reason, retryAfterMs: retryAfterMs(error.headers) };
    return { kind: 'final', reason };
  }
  return { kind: 'final', reason: `unexpected response: ${(error as Error)?.message ?? String(error)}` };
}

/** A response body as JSON when it parses, else as text, for `readCompletion` to judge. */
async function parseBody(contentType: string, response: Response): Promise<unknown> {
  const text = await response.text();
  if (!/json/i.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The answer in a chat-completion body. The client hands back a body not labelled JSON as a string,
 * and JSON of any shape as it is, so both are checked before anything is read from them.
 */
function readCompletion(contentType: string, data: unknown): { content: string; finishReason?: string; usage?: { prompt_tokens: number; completion_tokens: number } } {
  const completion = data as OpenAI.ChatCompletion | null;
  if (typeof completion !== 'object' || completion === null || !Array.isArray(completion.choices)) throw new NotACompletion(describeNotACompletion(contentType, data));
  const choice = completion.choices[0];
  return { content: choice?.message?.content ?? '', finishReason: choice?.finish_reason ?? undefined, usage: completion.usage ?? undefined };
}

const estimateTokens = (text: string) => Math.ceil(text.length / 4);

export interface TransportOptions {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * Chat completions through the `openai` client, with revisor's own retry policy (the client's is
 * off): exponential backoff with jitter, `retry-after` honoured on 429 and 503, a timeout covering
 * the whole answer including a stream, and a step down from `json_schema` to `json_object` to plain
 * text for servers that refuse structured output. Counts every HTTP request it sends.
 */
export class ChatTransport {
  mode: ResponseMode;
  requests = 0;
  private fatal?: string;
  private readonly client: OpenAI;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(readonly settings: LlmSettings, options: TransportOptions = {}) {
    this.mode = settings.responseMode;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    // Every option is passed explicitly: the client would otherwise read OPENAI_* variables itself.
    this.client = new OpenAI({
      // The client insists on a key; a keyless local server gets no Authorization header at all.
      apiKey: settings.apiKey ?? 'no-key',
      baseURL: settings.baseURL,
      organization: settings.organization ?? null,
      project: settings.project ?? null,
      webhookSecret: null,
      defaultHeaders: settings.apiKey ? settings.headers : { ...settings.headers, authorization: null },
      defaultQuery: settings.query,
      timeout: settings.timeoutMs,
      maxRetries: 0,
      logLevel: 'off',
    });
  }

  /** The JSON body of a chat-completions request, exactly as sent. */
  requestBody(messages: ChatMessage[], mode: ResponseMode = this.mode): Record<string, unknown> {
    const body: Record<string, unknown> = { model: this.settings.model, messages };
    if (this.settings.temperature !== null) body.temperature = this.settings.temperature;
    if (this.settings.maxOutputTokens !== null) body.max_tokens = this.settings.maxOutputTokens;
    if (mode === 'json_schema') body.response_format = { type: 'json_schema', json_schema: { name: 'revisor_explanations', strict: true, schema: ANSWER_JSON_SCHEMA } };
    else if (mode === 'json_object') body.response_format = { type: 'json_object' };
    if (this.settings.stream) {
      body.stream = true;
      body.stream_options = { include_usage: true };
    }
    return body;
  }

  /** What `--llm-dry-run` prints: the request line, revisor's headers with credentials masked, and the body. */
  describeRequest(messages: ChatMessage[]): { method: string; url: string; headers: Record<string, string>; body: Record<string, unknown> } {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.settings.apiKey) headers.authorization = 'Bearer ***';
    if (this.settings.organization) headers['openai-organization'] = this.settings.organization;
    if (this.settings.project) headers['openai-project'] = this.settings.project;
    for (const [name, value] of Object.entries(this.settings.headers)) headers[name.toLowerCase()] = /key|token|auth|secret|cookie/i.test(name) ? '***' : value;
    const query = new URLSearchParams(this.settings.query).toString();
    return { method: 'POST', url: `${this.settings.baseURL}/chat/completions${query ? `?${query}` : ''}`, headers, body: this.requestBody(messages) };
  }

  async complete(messages: ChatMessage[]): Promise<Completion> {
    let retries = 0;
    for (;;) {
      if (this.fatal) throw new LlmRequestError(`not sent: an earlier request failed with ${this.fatal}`);
      const mode = this.mode;
      try {
        return await this.send(messages, mode);
      } catch (error) {
        const failure = classify(error, this.settings.timeoutMs, mode, this.settings.baseURL);
        if (failure.kind === 'format') {
          // Shared by all requests of the run: once a server refuses a format, nobody asks with it again.
          if (this.mode === mode) this.mode = NEXT_MODE[mode]!;
          continue;
        }
        if (failure.kind === 'fatal') {
          this.fatal ??= failure.reason;
          throw new LlmRequestError(failure.reason);
        }
        const attempts = retries + 1;
        if (failure.kind === 'final' || retries >= this.settings.maxRetries) {
          throw new LlmRequestError(attempts > 1 ? `${failure.reason} (${attempts} attempts)` : failure.reason);
        }
        const backoff = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retries) * (0.5 + this.random() * 0.5);
        const delay = failure.retryAfterMs ?? backoff;
        if (delay > MAX_RETRY_AFTER_MS) throw new LlmRequestError(`${failure.reason}; the server asked to retry after ${Math.round(delay / 1000)} s`);
        retries++;
        await this.sleep(delay);
      }
    }
  }

  private async send(messages: ChatMessage[], mode: ResponseMode): Promise<Completion> {
    this.requests++;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.settings.timeoutMs);
    const options = { signal: controller.signal, maxRetries: 0, timeout: this.settings.timeoutMs };
    const body = this.requestBody(messages, mode);
    const promptChars = messages.reduce((sum, m) => sum + m.content.length, 0);
    try {
      let content = '';
      let finishReason: string | undefined;
      let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
      if (this.settings.stream) {
        const { data: stream, response } = await this.client.chat.completions.create({ ...(body as unknown as OpenAI.ChatCompletionCreateParamsStreaming), stream: true }, options).withResponse();
        const contentType = response.headers.get('content-type') ?? '';
        // An event stream is neither an HTML nor a JSON document: that is a gateway's page, an error,
        // or a server that ignored `stream` and answered with a whole completion.
        if (/html|json/i.test(contentType)) {
          ({ content, finishReason, usage } = readCompletion(contentType, await parseBody(contentType, response)));
        } else {
          for await (const chunk of stream) {
            const choice = chunk.choices?.[0];
            content += choice?.delta?.content ?? '';
            if (choice?.finish_reason) finishReason = choice.finish_reason;
            if (chunk.usage) usage = chunk.usage;
          }
          // Servers end a complete stream with a finish reason; a stream without one was cut.
          if (!finishReason) throw new StreamCutShort();
        }
      } else {
        const { data, response } = await this.client.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming, options).withResponse();
        ({ content, finishReason, usage } = readCompletion(response.headers.get('content-type') ?? '', data));
      }
      return usage
        ? { content, finishReason, tokensIn: usage.prompt_tokens, tokensOut: usage.completion_tokens, estimated: false }
        : { content, finishReason, tokensIn: Math.ceil(promptChars / 4), tokensOut: estimateTokens(content), estimated: true };
    } catch (error) {
      if (controller.signal.aborted) throw new RequestTimedOut();
      // A stream the server cut mid-answer surfaces as a network error from the body reader.
      if (this.settings.stream && !(error instanceof APIError) && !(error instanceof NotACompletion)) throw new StreamCutShort((error as Error)?.message);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

export function estimatePromptTokens(messages: ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + estimateTokens(m.content), 0);
}
