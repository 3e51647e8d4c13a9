import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TypeSession } from '../src/analysis/type-session.js';
import { TypeScriptEngine } from '../src/analysis/typescript/engine.js';
import { loadBuiltinRules } from '../src/engine/load-rules.js';
import type { Rule } from '../src/engine/rule.js';
import { readAnnotations, resolveRule } from '../src/engine/rule-tests.js';
import { runRules } from '../src/engine/run-rules.js';
import { languageForPath } from '../src/parse/languages.js';
import { parseSource } from '../src/parse/parser.js';

const root = join(import.meta.dirname, '..');
const projects = join(root, 'fixtures', 'typescript-project');

function projectFiles(dir = projects): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...projectFiles(full));
    else if (languageForPath(full) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/**
 * The fixture check of test/fixtures.test.ts, with a type session: each file's `ruleid:` / `ok:`
 * annotations are compared with what the named rules report when `--types` is `engine`.
 */
async function checkProjectFixture(file: string, rules: Rule[], session: TypeSession) {
  const spec = languageForPath(file)!;
  const text = readFileSync(file, 'utf8');
  const annotations = readAnnotations(text);
  const named = [...new Set(annotations.map((a) => a.ruleId))];
  const selected = [...new Set(named.map((id) => resolveRule(rules, id, spec.id)).filter((r): r is Rule => r !== undefined))];
  const unknown = named.filter((id) => !resolveRule(rules, id, spec.id));
  const parsed = await parseSource({ path: relative(root, file), absolutePath: file, language: spec.id, text });
  try {
    const { findings, notes } = runRules(parsed, selected.map((rule) => ({ rule, severity: rule.meta.severity })), { typeSession: session });
    const actual = findings.filter((f) => !f.ruleId.startsWith('revisor/'));
    const expected = new Set(annotations.filter((a) => a.kind === 'ruleid').map((a) => `${resolveRule(rules, a.ruleId, spec.id)?.meta.id}@${a.targetLine}`));
    const got = new Set(actual.map((f) => `${f.ruleId}@${f.range.start.line}`));
    return {
      unknown,
      notes: notes.map((n) => n.message),
      missing: [...expected].filter((k) => !got.has(k)),
      unexpected: actual.filter((f) => !expected.has(`${f.ruleId}@${f.range.start.line}`)).map((f) => `${f.ruleId}@${f.range.start.line}: ${f.message}`),
      findings: actual,
    };
  } finally {
    parsed.dispose();
  }
}

let rules: Rule[];
beforeAll(async () => {
  const loaded = await loadBuiltinRules();
  expect(loaded.errors).toEqual([]);
  rules = loaded.rules;
});

describe('typescript/* rules on the fixture projects (TypeScript checker)', () => {
  // One session for all files, as in a run: one program per tsconfig/jsconfig.
  const engine = new TypeScriptEngine();
  const session = new TypeSession({ root, engine: 'typescript' }, [engine]);
  for (const file of projectFiles().filter((f) => !f.includes(`${join('typescript-project', 'outside')}`))) {
    const display = relative(root, file);
    it(display, async () => {
      const result = await checkProjectFixture(file, rules, session);
      expect(result.unknown, `${display}: annotations name unknown rules`).toEqual([]);
      expect(result.notes).toEqual([]);
      expect(result.missing.map((m) => `${display}: expected ${m}`)).toEqual([]);
      expect(result.unexpected.map((u) => `${display}: unexpected ${u}`)).toEqual([]);
    });
  }

  it('built one program per config for all of those files', () => {
    expect(engine.programs.stats.programsBuilt).toBe(2);
  });

  it('every typescript/* rule has project fixtures with ruleid and ok annotations', () => {
    const covered = new Map<string, Set<string>>();
    for (const file of projectFiles()) {
      for (const a of readAnnotations(readFileSync(file, 'utf8'))) {
        const kinds = covered.get(a.ruleId) ?? new Set<string>();
        kinds.add(a.kind);
        covered.set(a.ruleId, kinds);
      }
    }
    const typed = rules.map((r) => r.meta.id).filter((id) => id.startsWith('typescript/'));
    expect(typed.length).toBeGreaterThanOrEqual(8);
    expect(typed.filter((id) => !(covered.get(id)?.has('ruleid') && covered.get(id)?.has('ok')))).toEqual([]);
  });

  it('messages carry the checker types as evidence', async () => {
    const result = await checkProjectFixture(join(projects, 'app', 'src', 'floating-promise.ts'), rules, session);
    const first = result.findings[0];
    expect(first.message).toBe('`new Promise<void>((resolve) => resolve())` is a `Promise<void>` that nothing awaits, returns, `.catch`es or `void`s in async function `register` (line 5): the code after it does not wait for it, and a rejection goes unhandled.');
    expect(first.evidence).toMatchObject({ type: 'Promise<void>', typeFrom: 'TypeScript checker' });
  });
});

describe('typed rules stay silent without types', () => {
  it('a governed fixture run with --types=tree-sitter and no tree-sitter engine reports nothing typed', async () => {
    const session = new TypeSession({ root, engine: 'tree-sitter' }, [new TypeScriptEngine()]);
    const result = await checkProjectFixture(join(projects, 'app', 'src', 'for-in-array.ts'), rules, session);
    expect(result.findings).toEqual([]);
  });
});

describe('type-aware rules and their syntactic counterparts report each place once', () => {
  const pairs: Array<[string, string, string]> = [
    ['javascript/await-in-loop', 'typescript/sequential-await-in-loop', 'sequential-await-in-loop.ts'],
    ['javascript/array-search-in-loop', 'typescript/linear-search-in-loop', 'linear-search-in-loop.ts'],
    ['javascript/reduce-spread-accumulator', 'typescript/accumulator-spread-in-reduce', 'accumulator-spread-in-reduce.ts'],
    ['javascript/async-foreach-callback', 'typescript/async-void-callback', 'async-void-callback.ts'],
    ['javascript/floating-promise', 'typescript/floating-promise', 'floating-promise.ts'],
    ['javascript/always-false-comparison', 'typescript/comparison-without-overlap', 'comparison-without-overlap.ts'],
  ];
  const session = new TypeSession({ root, engine: 'typescript' }, [new TypeScriptEngine()]);
  for (const [syntacticId, typedId, fixture] of pairs) {
    it(`${syntacticId} + ${typedId} on ${fixture}`, async () => {
      const file = join(projects, 'app', 'src', fixture);
      const text = readFileSync(file, 'utf8');
      const parsed = await parseSource({ path: fixture, absolutePath: file, language: 'typescript', text });
      try {
        const active = rules.filter((r) => r.meta.id === syntacticId || r.meta.id === typedId).map((rule) => ({ rule, severity: rule.meta.severity }));
        const { findings } = runRules(parsed, active, { typeSession: session });
        const lines = (id: string) => findings.filter((f) => f.ruleId === id).map((f) => f.range.start.line);
        expect(lines(syntacticId).length, `${syntacticId} reports its own cases in ${fixture}`).toBeGreaterThan(0);
        expect(lines(typedId).length).toBeGreaterThan(0);
        expect(lines(syntacticId).filter((line) => lines(typedId).includes(line))).toEqual([]);
      } finally {
        parsed.dispose();
      }
    });
  }
});
