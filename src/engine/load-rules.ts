import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Query } from 'web-tree-sitter';
import type { Document } from 'yaml';
import { packageRoot } from '../package-root.js';
import { loadLanguage } from '../parse/parser.js';
import type { LanguageId } from '../types.js';
import { referencedCaptures } from './query-constraints.js';
import type { QueryRule, Rule, RuleDocs, WhereClause } from './rule.js';
import { yamlLibrary } from '../yaml-library.js';

export interface RuleLoadError {
  path: string;
  line?: number;
  message: string;
}

export interface LoadedRules {
  rules: Rule[];
  errors: RuleLoadError[];
}

/** Where rules come from besides the built-ins: folders and npm packages named in configuration. */
export interface RuleSources {
  /** Folder relative paths and package names resolve against. */
  root: string;
  /** `rules: ["./.revisor/rules"]` in config. */
  dirs?: string[];
  /** `extends: ["@acme/revisor-rules"]` in config: packages whose `revisor.rules` folder (default `rules/`) holds YAML rules. */
  packages?: string[];
}

let builtin: Promise<LoadedRules> | undefined;
const withSources = new Map<string, Promise<LoadedRules>>();

/** The rules shipped with revisor: code rules compiled beside this module, YAML rules from the package's `rules/`. */
export function loadBuiltinRules(): Promise<LoadedRules> {
  builtin ??= (async () => {
    const here = fileURLToPath(import.meta.url);
    const codeExtension = extname(here);
    const codeDir = join(dirname(here), '..', '..', 'rules');
    const yamlDir = join(packageRoot(), 'rules');
    const code = await loadCodeRules(codeDir, codeExtension);
    const yaml = await loadYamlRules(yamlDir, { trusted: true });
    return mergeRules([code, yaml]);
  })();
  return builtin;
}

/** Built-in rules plus the configured folders and packages; ids must be unique across all of them. */
export function loadRules(sources?: RuleSources): Promise<LoadedRules> {
  if (!sources || ((sources.dirs?.length ?? 0) === 0 && (sources.packages?.length ?? 0) === 0)) return loadBuiltinRules();
  const key = JSON.stringify(sources);
  let loaded = withSources.get(key);
  if (!loaded) {
    loaded = (async () => {
      const sets: LoadedRules[] = [await loadBuiltinRules()];
      for (const dir of sources.dirs ?? []) {
        const absolute = isAbsolute(dir) ? dir : resolve(sources.root, dir);
        if (!existsSync(absolute) || !statSync(absolute).isDirectory()) {
          sets.push({ rules: [], errors: [{ path: dir, message: 'rule folder not found' }] });
          continue;
        }
        sets.push(await loadYamlRules(absolute));
      }
      for (const name of sources.packages ?? []) sets.push(await loadRulePackage(name, sources.root));
      return mergeRules(sets);
    })();
    withSources.set(key, loaded);
  }
  return loaded;
}

async function loadRulePackage(name: string, root: string): Promise<LoadedRules> {
  let manifestPath: string;
  try {
    manifestPath = createRequire(join(root, 'package.json')).resolve(`${name}/package.json`);
  } catch {
    return { rules: [], errors: [{ path: name, message: `rule package "${name}" is not installed (npm install it next to your config)` }] };
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { revisor?: { rules?: string } };
  const dir = join(dirname(manifestPath), manifest.revisor?.rules ?? 'rules');
  if (!existsSync(dir)) return { rules: [], errors: [{ path: name, message: `rule package "${name}" has no rules folder (${relative(root, dir)})` }] };
  return loadYamlRules(dir);
}

function listFiles(dir: string, accept: (name: string) => boolean): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (accept(entry.name)) out.push(full);
    }
  }
  return out.sort();
}

async function loadCodeRules(dir: string, extension: string): Promise<LoadedRules> {
  const files = listFiles(dir, (name) => name.endsWith(extension) && !name.endsWith(`.d${extension}`) && !name.startsWith('_') && !name.endsWith(`.test${extension}`));
  const rules: Rule[] = [];
  const errors: RuleLoadError[] = [];
  // All imports at once, so the module loader reads and compiles them side by side (one after the
  // other, the 140 built-in rules took 170 ms to load); results are taken in file order.
  const loaded = await Promise.all(
    files.map((file) =>
      import(pathToFileURL(file).href).then(
        (module: { default?: Rule }) => ({ file, module }),
        (error: unknown) => ({ file, error }),
      ),
    ),
  );
  for (const result of loaded) {
    if ('error' in result) {
      errors.push({ path: result.file, message: result.error instanceof Error ? result.error.message : String(result.error) });
      continue;
    }
    const rule = result.module.default;
    // Helper modules (shared docs, utilities) export no default rule.
    if (!rule || !('meta' in rule)) continue;
    rules.push({ ...rule, meta: { ...rule.meta, source: result.file } });
  }
  return { rules, errors };
}

let validateRuleFile: Promise<ValidateFunction> | undefined;

/** Compiled on first use: only rule files from configuration are validated, so most runs never load ajv. */
function ruleValidator(): Promise<ValidateFunction> {
  validateRuleFile ??= import('ajv').then(({ Ajv }) =>
    // The schema is revisor's own, so Ajv need not validate it against the meta-schema (a third of the cost).
    new Ajv({ allErrors: true, validateSchema: false }).compile(JSON.parse(readFileSync(join(packageRoot(), 'schemas', 'rule.schema.json'), 'utf8'))),
  );
  return validateRuleFile;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The line of the YAML node at a JSON pointer such as `/docs/why`, or of its closest existing parent. */
function lineOfPath(document: Document, text: string, pointer: string): number | undefined {
  const path = pointer.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lineOf(text, range[0]);
  }
  return undefined;
}

function describeSchemaError(error: ErrorObject): string {
  const at = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '';
  if (error.keyword === 'additionalProperties') return `unknown key "${at ? `${at}.` : ''}${(error.params as { additionalProperty: string }).additionalProperty}"`;
  if (error.keyword === 'required') return `missing key "${at ? `${at}.` : ''}${(error.params as { missingProperty: string }).missingProperty}"`;
  if (error.keyword === 'enum') return `"${at}" must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `"${at || '(root)'}" ${error.message ?? 'is invalid'}`;
}

interface RuleFileSpec {
  id: string;
  languages: LanguageId[];
  severity: Rule['meta']['severity'];
  category: Rule['meta']['category'];
  summary?: string;
  provenance?: string;
  message: string;
  docs: RuleDocs;
  query: string;
  reportCapture?: string;
  where?: WhereClause[];
  fix?: string;
  files?: string[];
  ignores?: string[];
}

function firstSentence(text: string): string {
  const match = /^(.*?[.!?])(\s|$)/s.exec(text.trim());
  return (match ? match[1] : text.trim()).replace(/\s+/g, ' ');
}

export interface YamlRuleOptions {
  /**
   * Revisor's own rules: the test suite validates them (schema, query, captures) and runs their
   * fixtures, so loading skips those checks, and with them ajv and the compilation of the query for
   * every language, which load each grammar (most of what a run spends before its first file).
   */
  trusted?: boolean;
}

/**
 * Reads, validates and compiles one YAML rule: schema, regular expressions, the query for every
 * language it names, and captures the message, fix and constraints use. Errors carry the line.
 */
export async function loadYamlRuleFile(file: string, options: YamlRuleOptions = {}): Promise<{ rule?: QueryRule; errors: RuleLoadError[] }> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { errors: [{ path: file, message: `cannot read rule file: ${(error as Error).message}` }] };
  }
  const { isMap, parseDocument } = yamlLibrary();
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    return { errors: [{ path: file, line: first.linePos?.[0]?.line, message: `YAML error: ${first.message.split('\n')[0].replace(/:$/, '')}` }] };
  }
  if (!isMap(document.contents)) return { errors: [{ path: file, line: 1, message: 'a rule file must be a mapping of keys (id, languages, query, ...)' }] };
  let data: unknown;
  try {
    data = document.toJS();
  } catch (error) {
    // The yaml library refuses alias expansion that would explode ("billion laughs").
    return { errors: [{ path: file, line: 1, message: `YAML error: ${(error as Error).message}` }] };
  }
  const validate = options.trusted ? undefined : await ruleValidator();
  if (validate && !validate(data)) {
    const errors = (validate.errors ?? []).map((e) => ({ path: file, line: lineOfPath(document, text, e.instancePath), message: describeSchemaError(e) }));
    return { errors: errors.filter((e, i) => errors.findIndex((x) => x.message === e.message) === i) };
  }
  const spec = data as RuleFileSpec;
  const errors: RuleLoadError[] = [];
  if (!options.trusted) errors.push(...(await checkRuleSpec(spec, file, document, text)));
  if (errors.length > 0) return { errors };
  return {
    errors: [],
    rule: {
      kind: 'query',
      meta: {
        id: spec.id,
        languages: spec.languages,
        severity: spec.severity,
        category: spec.category,
        summary: spec.summary ?? firstSentence(spec.docs.what),
        docs: spec.docs,
        provenance: spec.provenance,
        fixable: spec.fix !== undefined,
        source: file,
      },
      query: spec.query,
      message: spec.message,
      reportCapture: spec.reportCapture,
      where: spec.where,
      fix: spec.fix,
      files: spec.files,
      ignores: spec.ignores,
    },
  };
}

/** What the schema cannot check: the regular expressions compile, the query compiles for each language, every capture used exists. */
async function checkRuleSpec(spec: RuleFileSpec, file: string, document: Document, text: string): Promise<RuleLoadError[]> {
  const errors: RuleLoadError[] = [];
  for (const [index, clause] of (spec.where ?? []).entries()) {
    for (const key of ['insideFunction', 'notInsideFunction'] as const) {
      if (clause[key] === undefined) continue;
      try {
        new RegExp(clause[key]!);
      } catch (error) {
        errors.push({ path: file, line: lineOfPath(document, text, `/where/${index}/${key}`), message: `where[${index}].${key} is not a valid regular expression: ${(error as Error).message}` });
      }
    }
  }
  const queryLine = lineOfPath(document, text, '/query') ?? 1;
  const captureNames = new Set<string>();
  for (const language of spec.languages) {
    try {
      const query = new Query(await loadLanguage(language), spec.query);
      for (const name of query.captureNames) captureNames.add(name);
      query.delete();
    } catch (error) {
      const index = (error as { index?: number }).index;
      // A block scalar starts on the line after `query:`; a plain one on the same line.
      const offsetLine = typeof index === 'number' ? lineOf(spec.query, index) - 1 : 0;
      const blockScalar = /^query:\s*[|>]/m.test(text);
      errors.push({ path: file, line: queryLine + offsetLine + (blockScalar ? 1 : 0), message: `query does not compile for ${language}: ${(error as Error).message}` });
    }
  }
  if (errors.length === 0) {
    for (const name of referencedCaptures(spec)) {
      if (!captureNames.has(name)) errors.push({ path: file, line: lineOfPath(document, text, spec.where?.some((w) => w.capture === name) ? '/where' : '/message'), message: `capture "@${name}" is used but the query has no such capture` });
    }
  }
  return errors;
}

/** Reads declarative rules from a folder; a broken file is reported with its line and the others still load. */
export async function loadYamlRules(dir: string, options: YamlRuleOptions = {}): Promise<LoadedRules> {
  const rules: Rule[] = [];
  const errors: RuleLoadError[] = [];
  for (const file of listFiles(dir, (name) => name.endsWith('.yaml') || name.endsWith('.yml'))) {
    const loaded = await loadYamlRuleFile(file, options);
    errors.push(...loaded.errors);
    if (loaded.rule) rules.push(loaded.rule);
  }
  return { rules, errors };
}

/** Joins rule sets; an id defined twice is an error naming both files, and the first definition wins. */
export function mergeRules(sets: LoadedRules[]): LoadedRules {
  const byId = new Map<string, Rule>();
  const errors: RuleLoadError[] = [];
  for (const set of sets) {
    errors.push(...set.errors);
    for (const rule of set.rules) {
      const existing = byId.get(rule.meta.id);
      if (existing) {
        errors.push({
          path: rule.meta.source ?? '(unknown)',
          message: `rule id "${rule.meta.id}" is already defined in ${displayPath(existing.meta.source)}`,
        });
        continue;
      }
      byId.set(rule.meta.id, rule);
    }
  }
  const rules = [...byId.values()].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
  return { rules, errors };
}

function displayPath(path: string | undefined): string {
  if (!path) return '(unknown)';
  return relative(process.cwd(), path) || path;
}
