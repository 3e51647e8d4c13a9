import { readFileSync } from 'node:fs';
import { parseSource } from '../parse/parser.js';
import { languageForPath } from '../parse/languages.js';
import type { LanguageId, SourceFile } from '../types.js';
import type { Rule, TargetEnvironment } from './rule.js';
import { runRules } from './run-rules.js';

/** One expectation read from a fixture: `ruleid:` means the next code line must be flagged, `ok:` that it must not. */
export interface Annotation {
  kind: 'ruleid' | 'ok';
  ruleId: string;
  /** Line of the annotation comment (1-based). */
  commentLine: number;
  /** Line the expectation is about: the next line that is not itself an annotation. */
  targetLine: number;
}

export interface FixtureResult {
  path: string;
  ruleIds: string[];
  missing: Array<{ ruleId: string; line: number }>;
  unexpected: Array<{ ruleId: string; line: number; message: string }>;
  unknownRules: string[];
}

const ANNOTATION = /\b(ruleid|ok):\s*([\w/,\s-]+?)\s*(?:\*\/|-->)?\s*$/;

export function readAnnotations(text: string): Annotation[] {
  const lines = text.split(/\r\n|\r|\n/);
  const annotations: Annotation[] = [];
  const isAnnotation = (line: string) => ANNOTATION.test(line) && /^\s*(#|\/\/|\/\*|\*)/.test(line);
  for (let i = 0; i < lines.length; i++) {
    if (!isAnnotation(lines[i])) continue;
    const match = ANNOTATION.exec(lines[i])!;
    let target = i + 1;
    while (target < lines.length && isAnnotation(lines[target])) target++;
    for (const id of match[2].split(/[\s,]+/).filter(Boolean)) {
      annotations.push({ kind: match[1] as Annotation['kind'], ruleId: id, commentLine: i + 1, targetLine: target + 1 });
    }
  }
  return annotations;
}

/**
 * A fixture may pin the target environment in a comment, e.g. `# revisor-target: python=3.9` or
 * `// revisor-target: node=18 ecmaVersion=2022`, so rules gated on it can be tested.
 */
export function readTargetDirective(text: string): TargetEnvironment {
  const match = /revisor-target:\s*([^\n*]+)/.exec(text);
  const target: TargetEnvironment = {};
  if (!match) return target;
  for (const [, key, value] of match[1].matchAll(/(\w+)=([\d.]+)/g)) {
    if (key === 'python') {
      const [major, minor] = value.split('.').map(Number);
      target.python = [major, minor ?? 0];
    } else if (key === 'node' || key === 'ecmaVersion' || key === 'cppStandard') {
      target[key] = Number(value);
    }
  }
  return target;
}

/** Resolves an annotation's id (full `python/x` or stem `x`) to a rule that runs on the fixture's language. */
export function resolveRule(rules: Rule[], id: string, language: LanguageId): Rule | undefined {
  const applicable = rules.filter((r) => r.meta.languages.includes(language));
  return applicable.find((r) => r.meta.id === id) ?? applicable.find((r) => r.meta.id.split('/')[1] === id);
}

/** Runs the rules a fixture names and compares their findings with its annotations. */
export async function checkFixture(path: string, rules: Rule[], displayPath = path): Promise<FixtureResult> {
  const spec = languageForPath(path);
  if (!spec) throw new Error(`${displayPath}: no language for this extension`);
  const text = readFileSync(path, 'utf8');
  const annotations = readAnnotations(text);
  const named = [...new Set(annotations.map((a) => a.ruleId))];
  const unknownRules = named.filter((id) => !resolveRule(rules, id, spec.id));
  const selected = named.map((id) => resolveRule(rules, id, spec.id)).filter((r): r is Rule => Boolean(r));
  const unique = [...new Set(selected)];
  const file: SourceFile = { path: displayPath, absolutePath: path, language: spec.id, text };
  const parsed = await parseSource(file);
  let findings;
  try {
    findings = runRules(parsed, unique.map((rule) => ({ rule, severity: rule.meta.severity })), { target: readTargetDirective(text) }).findings.filter((f) => !f.ruleId.startsWith('revisor/'));
  } finally {
    parsed.dispose();
  }
  const canonical = (id: string) => resolveRule(rules, id, spec.id)?.meta.id ?? id;
  const expected = new Set(annotations.filter((a) => a.kind === 'ruleid').map((a) => `${canonical(a.ruleId)}@${a.targetLine}`));
  const actual = new Set(findings.map((f) => `${f.ruleId}@${f.range.start.line}`));
  const missing = [...expected].filter((key) => !actual.has(key)).map(splitKey);
  const unexpected = findings
    .filter((f) => !expected.has(`${f.ruleId}@${f.range.start.line}`))
    .map((f) => ({ ruleId: f.ruleId, line: f.range.start.line, message: f.message }));
  return { path: displayPath, ruleIds: unique.map((r) => r.meta.id), missing, unexpected, unknownRules };
}

function splitKey(key: string): { ruleId: string; line: number } {
  const at = key.lastIndexOf('@');
  return { ruleId: key.slice(0, at), line: Number(key.slice(at + 1)) };
}
