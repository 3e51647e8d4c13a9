import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSemanticModel } from '../src/analysis/index.js';
import { typeEngines } from '../src/analysis/type-engines.js';
import type { TypeProvider } from '../src/analysis/type-provider.js';
import { TypeSession, type TypeEngineChoice } from '../src/analysis/type-session.js';
import { loadBuiltinRules } from '../src/engine/load-rules.js';
import type { Rule } from '../src/engine/rule.js';
import { readAnnotations } from '../src/engine/rule-tests.js';
import { runRules } from '../src/engine/run-rules.js';
import { parseSource, type ParsedFile } from '../src/parse/parser.js';
import type { SyntaxNode } from '../src/parse/syntax-node.js';
import type { Finding } from '../src/types.js';

/**
 * The same type-aware rules through both engines, on locals whose types the tree-sitter inference
 * can know too (`const xs = [1, 2, 3]`, a local `async function`, an annotated parameter): the rules
 * ask `context.types()` and do not care which engine answers.
 */
const root = join(import.meta.dirname, '..');
const file = join(root, 'fixtures', 'typescript-project', 'app', 'src', 'both-engines.ts');
const text = readFileSync(file, 'utf8');
const expected = readAnnotations(text).filter((a) => a.kind === 'ruleid');

let rules: Rule[];
let parsed: ParsedFile;

beforeAll(async () => {
  rules = (await loadBuiltinRules()).rules;
  parsed = await parseSource({ path: 'both-engines.ts', absolutePath: file, language: 'typescript', text });
});
afterAll(() => parsed.dispose());

/** The typed rules the fixture names, plus the tree-sitter-backed `javascript/*` rules they defer to. */
const DEFERRED_TO = ['javascript/floating-promise', 'javascript/always-false-comparison'];

function findings(engine: TypeEngineChoice): Finding[] {
  const session = new TypeSession({ root, engine }, typeEngines());
  const selected = rules.filter((r) => expected.some((a) => a.ruleId === r.meta.id) || DEFERRED_TO.includes(r.meta.id)).map((rule) => ({ rule, severity: rule.meta.severity }));
  return runRules(parsed, selected, { typeSession: session }).findings.filter((f) => !f.ruleId.startsWith('revisor/'));
}

function provider(engine: TypeEngineChoice): TypeProvider | undefined {
  return new TypeSession({ root, engine }, typeEngines()).providerFor(parsed, buildSemanticModel(parsed));
}

function node(type: string, source: string): SyntaxNode {
  const found = [...parsed.root.descendants()].find((n) => n.type === type && n.text === source);
  if (!found) throw new Error(`no ${type} ${source}`);
  return found;
}

const PENDING = 'pending: the tree-sitter inference engine (engine name "tree-sitter", src/analysis/types/, written in parallel)';

describe('one rule, two engines', () => {
  it('the TypeScript checker answers every annotated line', () => {
    const got = findings('typescript').filter((f) => f.ruleId.startsWith('typescript/'));
    expect(got.map((f) => `${f.ruleId}@${f.range.start.line}`).sort()).toEqual(expected.map((a) => `${a.ruleId}@${a.targetLine}`).sort());
    expect(got.every((f) => Object.values(f.evidence ?? {}).includes('TypeScript checker'))).toBe(true);
  });

  // `treeSitterRule`: the rule that reports the place when the tree-sitter inference answers. For the
  // comparison it is javascript/always-false-comparison, which the typed rule then defers to.
  const cases: Array<{ ruleId: string; treeSitterRule?: string; knows: (types: TypeProvider) => boolean; what: string }> = [
    { ruleId: 'typescript/for-in-array', knows: (t) => t.isArrayLike(node('identifier', 'xs')) === true, what: 'isArrayLike(`xs`) for `const xs = [1, 2, 3]`' },
    { ruleId: 'typescript/floating-promise', knows: (t) => t.isPromiseLike(node('call_expression', 'save(count)')) === true, what: 'isPromiseLike(`save(count)`) for a local `async function save`' },
    {
      ruleId: 'typescript/comparison-without-overlap',
      treeSitterRule: 'javascript/always-false-comparison',
      knows: (t) => t.typeOf(node('identifier', 'label')) !== undefined && t.typeOf(node('identifier', 'count')) !== undefined,
      what: 'typeOf(`label: string`) and typeOf(`const count = 3`)',
    },
  ];
  for (const { ruleId, treeSitterRule, knows, what } of cases) {
    const title = treeSitterRule ? `the place ${ruleId} reports gets one finding through the tree-sitter inference (${treeSitterRule})` : `${ruleId} fires on the same line through the tree-sitter inference`;
    it(title, (context) => {
      const types = provider('tree-sitter');
      if (!types || types.engine !== 'tree-sitter' || !knows(types)) context.skip(`${PENDING} does not answer ${what} yet`);
      const line = expected.find((a) => a.ruleId === ruleId)!.targetLine;
      const onLine = (all: Finding[]) => all.filter((f) => f.range.start.line === line).map((f) => f.ruleId);
      expect(onLine(findings('typescript'))).toEqual([ruleId]);
      const inferred = findings('tree-sitter').filter((f) => f.range.start.line === line);
      expect(inferred.map((f) => f.ruleId)).toEqual([treeSitterRule ?? ruleId]);
      expect(Object.values(inferred[0].evidence ?? {})).not.toContain('TypeScript checker');
    });
  }
});
