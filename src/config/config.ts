import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { TargetSettings } from '../collect/target.js';
import type { LanguageId, Severity } from '../types.js';
import { yamlLibrary } from '../yaml-library.js';

export type RuleLevel = Severity | 'off';
export type FailOn = Severity | 'never';

export interface LanguageSettings {
  enabled?: boolean;
  ruleSettings?: Record<string, RuleLevel>;
  ignore?: string[];
}

/** The contents of `revisor.config.json` / `.yaml`. Every key is optional. */
export interface RevisorConfig {
  $schema?: string;
  ignore?: string[];
  failOn?: FailOn;
  /** Rule id (or glob such as `python/*`) to severity or `off`. Later entries win over earlier ones. */
  ruleSettings?: Record<string, RuleLevel>;
  languages?: Partial<Record<LanguageId, LanguageSettings>>;
  maxFileBytes?: number;
  reportUnusedIgnores?: boolean;
  /** Folders of YAML rules (relative to the root), loaded beside the built-ins. */
  rules?: string[];
  /** npm packages of YAML rules (their `revisor.rules` folder, default `rules/`). */
  extends?: string[];
  /** Overrides what revisor reads from pyproject.toml, package.json, tsconfig.json and CMakeLists.txt. */
  target?: TargetSettings;
  /** The LLM explain stage (README, "LLM explanations"). API keys never live here: `apiKeyEnv` names a variable. */
  llm?: LlmConfig;
}

export interface LlmConfig {
  enabled?: boolean;
  baseURL?: string;
  model?: string;
  /** Environment variable holding the API key (default OPENAI_API_KEY). */
  apiKeyEnv?: string;
  organization?: string;
  project?: string;
  /** Extra HTTP headers; `${NAME}` in a value is replaced by that environment variable. */
  headers?: Record<string, string>;
  /** Extra query parameters, e.g. Azure's `api-version`. */
  query?: Record<string, string>;
  stream?: boolean;
  concurrency?: number;
  timeoutMs?: number;
  maxRetries?: number;
  maxFindings?: number;
  maxFindingsPerRequest?: number;
  maxTotalTokens?: number;
  /** Sent as `max_tokens`; null sends none (OpenAI reasoning models refuse it). */
  maxOutputTokens?: number | null;
  /** null sends none (some models accept only their default). */
  temperature?: number | null;
  contextLines?: number;
  maxWindowLines?: number;
  structuredOutput?: 'json_schema' | 'json_object' | 'none';
  fixes?: 'all' | 'verified-only' | 'none';
  triage?: boolean;
  cache?: boolean;
  cacheDir?: string;
  secretGlobs?: string[];
  /** The team's review guidance for the model: the text itself, or a path (relative to the root) to a Markdown file. */
  instructions?: string;
  /** Guidance for some paths only: `{ files: "src/api/**", text: "..." }`. */
  pathInstructions?: Array<{ files: string | string[]; text: string }>;
}

export const CONFIG_FILE_NAMES = ['revisor.config.json', 'revisor.config.yaml', 'revisor.config.yml'];

const level = { enum: ['off', 'error', 'warning', 'info'] };
const ruleSettings = { type: 'object', additionalProperties: level, propertyNames: { pattern: '^[a-z*][a-z0-9*-]*/[a-z0-9*][a-z0-9*-]*$|^\\*$' } };
const globs = { type: 'array', items: { type: 'string' } };
const positive = { type: 'integer', minimum: 1 };
const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const llmSettings = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean' },
    baseURL: { type: 'string', pattern: '^https?://' },
    model: { type: 'string', minLength: 1 },
    apiKeyEnv: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
    organization: { type: 'string' },
    project: { type: 'string' },
    headers: stringMap,
    query: stringMap,
    stream: { type: 'boolean' },
    concurrency: { type: 'integer', minimum: 1, maximum: 64 },
    timeoutMs: { type: 'integer', minimum: 100 },
    maxRetries: { type: 'integer', minimum: 0, maximum: 10 },
    maxFindings: { type: 'integer', minimum: 0 },
    maxFindingsPerRequest: { type: 'integer', minimum: 1, maximum: 100 },
    maxTotalTokens: positive,
    maxOutputTokens: { anyOf: [positive, { type: 'null' }] },
    temperature: { anyOf: [{ type: 'number', minimum: 0, maximum: 2 }, { type: 'null' }] },
    contextLines: { type: 'integer', minimum: 0, maximum: 200 },
    maxWindowLines: positive,
    structuredOutput: { enum: ['json_schema', 'json_object', 'none'] },
    fixes: { enum: ['all', 'verified-only', 'none'] },
    triage: { type: 'boolean' },
    cache: { type: 'boolean' },
    cacheDir: { type: 'string', minLength: 1 },
    secretGlobs: { type: 'array', items: { type: 'string' } },
    instructions: { type: 'string', minLength: 1 },
    pathInstructions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['files', 'text'],
        properties: {
          files: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string' }, minItems: 1 }] },
          text: { type: 'string', minLength: 1 },
        },
      },
    },
  },
};
const languageSettings = {
  type: 'object',
  additionalProperties: false,
  properties: { enabled: { type: 'boolean' }, ruleSettings, ignore: globs },
};

export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    ignore: globs,
    failOn: { enum: ['error', 'warning', 'info', 'never'] },
    ruleSettings,
    languages: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(['python', 'javascript', 'typescript', 'tsx', 'cpp'].map((id) => [id, languageSettings])),
    },
    maxFileBytes: { type: 'integer', minimum: 1 },
    reportUnusedIgnores: { type: 'boolean' },
    rules: globs,
    extends: globs,
    target: {
      type: 'object',
      additionalProperties: false,
      properties: {
        python: { type: 'string', pattern: '^3\\.\\d+$' },
        node: { type: 'integer', minimum: 0 },
        ecmaVersion: { type: 'integer', minimum: 2015 },
        cppStandard: { enum: [98, 3, 11, 14, 17, 20, 23, 26] },
      },
    },
    llm: llmSettings,
  },
} as const;

export class ConfigError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
  }
}

let compiledValidator: ValidateFunction | undefined;

/**
 * The config schema's validator, made when a config file is first read: loading ajv and compiling the
 * schema take about 80 ms, a fifth of a run served by the cache, and most runs have no config file.
 */
function configValidator(): ValidateFunction {
  if (!compiledValidator) {
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    compiledValidator = new Ajv({ allErrors: true }).compile(configSchema);
  }
  return compiledValidator;
}

function describe(error: ErrorObject): string {
  const at = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '';
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      return `unknown key "${at ? `${at}.` : ''}${key}"`;
    }
    case 'enum':
      return `"${at}" must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `"${at}" must be ${(error.params as { type: string }).type}`;
    case 'propertyNames':
      return `"${at}" has a key that is not a rule id such as "python/self-comparison" or a glob such as "python/*"`;
    default:
      return `"${at || '(root)'}" ${error.message ?? 'is invalid'}`;
  }
}

/** Parses and validates configuration text; errors name the file and the key. */
export function parseConfig(text: string, file: string): RevisorConfig {
  // Editors on Windows save UTF-8 with a byte order mark, which JSON.parse rejects.
  text = text.replace(/^\uFEFF/, '');
  let data: unknown;
  if (file.endsWith('.json')) {
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(file, `invalid JSON: ${(error as Error).message}`);
    }
  } else {
    const document = yamlLibrary().parseDocument(text);
    if (document.errors.length > 0) {
      const first = document.errors[0];
      const line = first.linePos?.[0]?.line;
      throw new ConfigError(file, `invalid YAML${line ? ` at line ${line}` : ''}: ${first.message.split('\n')[0]}`);
    }
    try {
      data = document.toJS() ?? {};
    } catch (error) {
      // The yaml library refuses alias expansion that would explode ("billion laughs").
      throw new ConfigError(file, `invalid YAML: ${(error as Error).message}`);
    }
  }
  const validate = configValidator();
  if (!validate(data)) {
    const detail = (validate.errors ?? []).map(describe).filter((v, i, all) => all.indexOf(v) === i).join('; ');
    throw new ConfigError(file, detail);
  }
  return data as RevisorConfig;
}

/**
 * Loads the named config file; else the first default-named file found walking up from `cwd` to
 * `root` (the nearest wins); else an empty config.
 */
/** A config file that is a folder, unreadable or not UTF-8 is a configuration error naming it, never a crash. */
function readConfigText(path: string, display: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(display, code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : `cannot be read (${code ?? 'unknown error'})`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ConfigError(display, 'is not UTF-8 text');
  }
}

export function loadConfig(root: string, explicitPath?: string, cwd: string = root): { config: RevisorConfig; path?: string } {
  if (explicitPath) {
    const path = resolve(root, explicitPath);
    if (!existsSync(path)) throw new ConfigError(explicitPath, 'config file not found');
    return { config: parseConfig(readConfigText(path, explicitPath), explicitPath), path };
  }
  const top = resolve(root);
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const path = join(dir, name);
      if (existsSync(path)) return { config: parseConfig(readConfigText(path, relative(top, path) || name), relative(top, path) || name), path };
    }
    const rel = relative(top, dir);
    if (rel === '' || rel.startsWith('..') || dirname(dir) === dir) break;
    dir = dirname(dir);
  }
  return { config: {} };
}
