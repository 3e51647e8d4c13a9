import { readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { parseDocument } from 'yaml';
import { packageRoot } from '../package-root.js';
import type { Rule } from './rule.js';
import { queryRuleSchema } from './rule-schema.js';

export interface RuleLoadError {
  path: string;
  line?: number;
  message: string;
}

export interface LoadedRules {
  rules: Rule[];
  errors: RuleLoadError[];
}

let builtin: Promise<LoadedRules> | undefined;

/** The rules shipped with revisor: code rules compiled beside this module, YAML rules from the package's `rules/`. */
export function loadBuiltinRules(): Promise<LoadedRules> {
  builtin ??= (async () => {
    const here = fileURLToPath(import.meta.url);
    const codeExtension = extname(here);
    const codeDir = join(dirname(here), '..', '..', 'rules');
    const yamlDir = join(packageRoot(), 'rules');
    const code = await loadCodeRules(codeDir, codeExtension);
    const yaml = loadYamlRules(yamlDir);
    return mergeRules([code, yaml]);
  })();
  return builtin;
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
  for (const file of files) {
    try {
      const module = (await import(pathToFileURL(file).href)) as { default?: Rule };
      // Helper modules (shared docs, utilities) export no default rule.
      if (!module.default || !('meta' in module.default)) continue;
      rules.push({ ...module.default, meta: { ...module.default.meta, source: file } });
    } catch (error) {
      errors.push({ path: file, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { rules, errors };
}

const ajv = new Ajv({ allErrors: true });
const validateQueryRule = ajv.compile(queryRuleSchema);

/** Reads declarative rules; a broken file is reported with its line and the others still load. */
export function loadYamlRules(dir: string): LoadedRules {
  const rules: Rule[] = [];
  const errors: RuleLoadError[] = [];
  for (const file of listFiles(dir, (name) => name.endsWith('.yaml') || name.endsWith('.yml'))) {
    const text = readFileSync(file, 'utf8');
    const document = parseDocument(text, { prettyErrors: false });
    if (document.errors.length > 0) {
      const first = document.errors[0];
      errors.push({ path: file, line: first.linePos?.[0]?.line, message: `YAML error: ${first.message.split('\n')[0]}` });
      continue;
    }
    const data = document.toJS() as unknown;
    if (!validateQueryRule(data)) {
      const problem = validateQueryRule.errors?.[0];
      const where = problem?.instancePath || '(root)';
      const detail = problem?.keyword === 'additionalProperties'
        ? `unknown key "${(problem.params as { additionalProperty: string }).additionalProperty}"`
        : problem?.message ?? 'invalid';
      errors.push({ path: file, message: `${where}: ${detail}` });
      continue;
    }
    const spec = data as typeof data & Record<string, never> as unknown as {
      id: string; languages: Rule['meta']['languages']; severity: Rule['meta']['severity']; category: Rule['meta']['category'];
      summary: string; docs: Rule['meta']['docs']; query: string; message: string; reportCapture?: string; provenance?: string;
    };
    rules.push({
      kind: 'query',
      meta: {
        id: spec.id,
        languages: spec.languages,
        severity: spec.severity,
        category: spec.category,
        summary: spec.summary,
        docs: spec.docs,
        provenance: spec.provenance,
        source: file,
      },
      query: spec.query,
      message: spec.message,
      reportCapture: spec.reportCapture,
    });
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
