import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../src/engine/load-rules.js';
import type { Rule } from '../src/engine/rule.js';
import { checkFixture, readAnnotations } from '../src/engine/rule-tests.js';
import { languageForPath } from '../src/parse/languages.js';
import { readFileSync } from 'node:fs';

const root = join(import.meta.dirname, '..');
const fixtureDirs = ['python', 'javascript', 'typescript', 'cpp'].map((d) => join(root, 'fixtures', d));

function fixtureFiles(): string[] {
  const files: string[] = [];
  for (const dir of fixtureDirs) {
    let entries: string[] = [];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of entries.sort()) if (languageForPath(name)) files.push(join(dir, name));
  }
  return files;
}

let rules: Rule[];
beforeAll(async () => {
  const loaded = await loadBuiltinRules();
  expect(loaded.errors).toEqual([]);
  rules = loaded.rules;
});

describe('rule fixtures', () => {
  for (const file of fixtureFiles()) {
    const display = relative(root, file);
    it(display, async () => {
      const result = await checkFixture(file, rules, display);
      expect(result.unknownRules, `${display}: annotations name unknown rules`).toEqual([]);
      expect(result.missing.map((m) => `${display}:${m.line} expected ${m.ruleId}`)).toEqual([]);
      expect(result.unexpected.map((u) => `${display}:${u.line} unexpected ${u.ruleId}: ${u.message}`)).toEqual([]);
    });
  }

  it('every rule has a fixture with at least one ruleid and one ok annotation', () => {
    const covered = new Map<string, Set<string>>();
    for (const file of fixtureFiles()) {
      const spec = languageForPath(file)!;
      for (const a of readAnnotations(readFileSync(file, 'utf8'))) {
        const rule = rules.find((r) => r.meta.languages.includes(spec.id) && (r.meta.id === a.ruleId || r.meta.id.split('/')[1] === a.ruleId));
        if (!rule) continue;
        const kinds = covered.get(rule.meta.id) ?? new Set<string>();
        kinds.add(a.kind);
        covered.set(rule.meta.id, kinds);
      }
    }
    // Type-aware `typescript/*` rules need a tsconfig: their fixtures live in fixtures/typescript-project/
    // and test/typescript-rules.test.ts checks them (and their coverage) with the checker in effect.
    const incomplete = rules.map((r) => r.meta.id).filter((id) => !id.startsWith('typescript/') && !(covered.get(id)?.has('ruleid') && covered.get(id)?.has('ok')));
    expect(incomplete).toEqual([]);
  });
});
