import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import picomatch from 'picomatch';
import { ConfigError, type LlmConfig } from '../config/config.js';

export type FixMode = 'all' | 'verified-only' | 'none';
export type ResponseMode = 'json_schema' | 'json_object' | 'text';

/** Everything the LLM stage needs, resolved once from flags, environment and config. */
export interface LlmSettings {
  enabled: boolean;
  /** What switched the stage on or off, for messages: `--llm`, `config`, `OPENAI_API_KEY`, ... */
  enabledBy: string;
  baseURL: string;
  /** Undefined for servers that need none (a local llama.cpp, Ollama or vLLM). */
  apiKey?: string;
  model: string;
  organization?: string;
  project?: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  stream: boolean;
  concurrency: number;
  timeoutMs: number;
  maxRetries: number;
  maxFindings: number;
  maxFindingsPerRequest: number;
  maxTotalTokens: number;
  maxOutputTokens: number | null;
  temperature: number | null;
  contextLines: number;
  maxWindowLines: number;
  /** The first response format tried; servers that refuse it are asked with the next one. */
  responseMode: ResponseMode;
  fixes: FixMode;
  triage: boolean;
  /** Undefined: no cache. */
  cacheDir?: string;
  secretGlobs: string[];
  /** Team guidance from config (`llm.instructions`, a Markdown file already read). */
  instructions?: string;
  pathInstructions: Array<{ files: string[]; text: string }>;
}

export interface LlmFlags {
  /** `--llm` true, `--no-llm` false, neither undefined. */
  llm?: boolean;
  model?: string;
  triage?: boolean;
  fixes?: FixMode;
  dryRun?: boolean;
  /** False with `--no-cache`. */
  cache: boolean;
  /** The run's cache folder; the LLM cache lives in its `llm/` subfolder unless config names another. */
  cacheRoot?: string;
  /** The folder a relative `llm.cacheDir` is resolved against. */
  root: string;
}

const OPENAI_BASE_URL = 'https://api.openai.com/v1';
const DEFAULT_MODEL = 'gpt-4o-mini';

/**
 * Files never sent to a model, whatever they contain. Matched against the path relative to the
 * root and against the file name, so `.env.local` is caught in any folder.
 */
export const DEFAULT_SECRET_GLOBS = [
  '.env',
  '.env.*',
  '*.env',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  '*.jks',
  '*.keystore',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  '.npmrc',
  '.pypirc',
  '.netrc',
  'credentials*',
  '*secrets*.{json,yaml,yml,py,js,ts}',
];

const defined = (value: string | undefined): string | undefined => (value && value.trim() ? value : undefined);

/** `${NAME}` in a configured header value becomes the environment variable, so keys stay out of config files. */
function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => env[name] ?? '');
}

/**
 * Resolves the LLM settings. Precedence: command-line flag, then environment, then config, then
 * the default. The environment is passed in: nothing below `src/cli/` reads `process.env`.
 */
export function resolveLlmSettings(config: LlmConfig | undefined, flags: LlmFlags, env: Record<string, string | undefined>): LlmSettings {
  const llm = config ?? {};
  const apiKeyEnv = llm.apiKeyEnv ?? 'OPENAI_API_KEY';
  const apiKey = defined(env[apiKeyEnv]) ?? defined(env.OPENAI_API_KEY);
  const envBaseURL = defined(env.OPENAI_BASE_URL);
  let enabled: boolean;
  let enabledBy: string;
  if (flags.llm !== undefined) {
    enabled = flags.llm;
    enabledBy = flags.llm ? '--llm' : '--no-llm';
  } else if (flags.dryRun) {
    enabled = true;
    enabledBy = '--llm-dry-run';
  } else if (llm.enabled !== undefined) {
    enabled = llm.enabled;
    enabledBy = 'config';
  } else if (apiKey || envBaseURL) {
    enabled = true;
    enabledBy = apiKey ? apiKeyEnv : 'OPENAI_BASE_URL';
  } else {
    enabled = false;
    enabledBy = 'default';
  }
  const headers = Object.fromEntries(Object.entries(llm.headers ?? {}).map(([name, value]) => [name, interpolate(value, env)]));
  return {
    enabled,
    enabledBy,
    baseURL: (envBaseURL ?? llm.baseURL ?? OPENAI_BASE_URL).replace(/\/+$/, ''),
    apiKey,
    model: defined(flags.model) ?? defined(env.REVISOR_MODEL) ?? llm.model ?? DEFAULT_MODEL,
    organization: llm.organization ?? defined(env.OPENAI_ORG_ID),
    project: llm.project ?? defined(env.OPENAI_PROJECT_ID),
    headers,
    query: { ...(llm.query ?? {}) },
    stream: llm.stream ?? false,
    concurrency: llm.concurrency ?? 4,
    timeoutMs: llm.timeoutMs ?? 60_000,
    maxRetries: llm.maxRetries ?? 2,
    maxFindings: llm.maxFindings ?? 50,
    maxFindingsPerRequest: llm.maxFindingsPerRequest ?? 8,
    maxTotalTokens: llm.maxTotalTokens ?? 200_000,
    maxOutputTokens: llm.maxOutputTokens === undefined ? 2_000 : llm.maxOutputTokens,
    temperature: llm.temperature === undefined ? 0 : llm.temperature,
    contextLines: llm.contextLines ?? 6,
    maxWindowLines: llm.maxWindowLines ?? 60,
    responseMode: llm.structuredOutput === 'none' ? 'text' : (llm.structuredOutput ?? 'json_schema'),
    fixes: flags.fixes ?? llm.fixes ?? 'all',
    triage: flags.triage ?? llm.triage ?? false,
    cacheDir: !flags.cache || llm.cache === false ? undefined : llm.cacheDir ? resolve(flags.root, llm.cacheDir) : flags.cacheRoot ? join(flags.cacheRoot, 'llm') : undefined,
    secretGlobs: [...DEFAULT_SECRET_GLOBS, ...(llm.secretGlobs ?? [])],
    instructions: enabled && llm.instructions !== undefined ? readInstructions(llm.instructions, flags.root) : undefined,
    pathInstructions: (llm.pathInstructions ?? []).map((p) => ({ files: typeof p.files === 'string' ? [p.files] : p.files, text: p.text })),
  };
}

/** `llm.instructions` is either the guidance itself or, when it names a Markdown/text file, that file's content. */
function readInstructions(value: string, root: string): string {
  if (value.includes('\n') || !/\.(md|markdown|txt)$/i.test(value.trim())) return value;
  const path = resolve(root, value.trim());
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError('llm.instructions', `instructions file "${value.trim()}" cannot be read`);
  }
}

/** Whether the settings point at a server that can answer without a key (anything but api.openai.com). */
export function needsApiKey(settings: LlmSettings): boolean {
  return /^https:\/\/api\.openai\.com(\/|$)/.test(settings.baseURL);
}

/**
 * The guidance that applies to one file: the general instructions, then every path-specific entry
 * whose globs match the file's root-relative path, in configuration order.
 */
export function guidanceFor(settings: Pick<LlmSettings, 'instructions' | 'pathInstructions'>, path: string): string[] {
  const out: string[] = [];
  if (settings.instructions?.trim()) out.push(settings.instructions.trim());
  for (const entry of settings.pathInstructions) if (picomatch.isMatch(path, entry.files, { dot: true })) out.push(entry.text.trim());
  return out;
}
