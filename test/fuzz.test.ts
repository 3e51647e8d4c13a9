import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeSource, looksMinified } from '../src/collect/decode.js';
import { INTERNAL_RULES } from '../src/engine/internal-rules.js';
import { loadBuiltinRules } from '../src/engine/load-rules.js';
import type { Rule, RuleMeta } from '../src/engine/rule.js';
import { activeRulesFor } from '../src/engine/rule-set.js';
import type { ActiveRule } from '../src/engine/run-rules.js';
import { explainAllOffline } from '../src/explain/offline.js';
import { languageForPath } from '../src/parse/languages.js';
import { FORMATS, formatReport } from '../src/report/index.js';
import { analyseSource, type AnalysisSettings } from '../src/run/analyse-file.js';
import type { Finding, LanguageId, Note, SourceFile } from '../src/types.js';
import { unbalancedFences, validateSarif } from './support/hostile.js';

/**
 * Property-based fuzzing of the whole pipeline after collection: mutated versions of the rule
 * fixtures (byte flips, truncation, line swaps and shuffles, token deletion, hostile insertions) go
 * through decode → parse → analysis → rules → fix verification → every formatter. Whatever the
 * input: no exception escapes, every finding's range lies inside its file, SARIF validates against
 * the official schema, Markdown keeps its fences and <details> balanced, JSON parses, GitHub
 * annotations stay one per line, and the text report carries no raw control characters.
 *
 * REVISOR_FUZZ_RUNS sets the number of cases (default 2000); REVISOR_FUZZ_SEED replays a failure.
 */

const RUNS = Number(process.env.REVISOR_FUZZ_RUNS ?? 2000);
const SEED = process.env.REVISOR_FUZZ_SEED ? Number(process.env.REVISOR_FUZZ_SEED) : undefined;

const root = join(import.meta.dirname, '..');

interface Fixture {
  path: string;
  language: LanguageId;
  text: string;
}

const fixtures: Fixture[] = ['python', 'javascript', 'typescript', 'cpp'].flatMap((folder) =>
  readdirSync(join(root, 'fixtures', folder))
    .sort()
    .filter((name) => languageForPath(name))
    .map((name) => ({ path: `${folder}/${name}`, language: languageForPath(name)!.id, text: readFileSync(join(root, 'fixtures', folder, name), 'utf8') })),
);

type Mutation =
  | { kind: 'byte'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'swap-lines'; a: number; b: number }
  | { kind: 'shuffle-lines'; at: number; length: number; seed: number }
  | { kind: 'delete-token'; at: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string };

const HOSTILE = [
  '\u0000', '\uFEFF', '\r', '\r\n', '\n', '\t', '(', ')', '{', '}', '[', ']', '<', '>', '"', "'", '`', '"""', "'''",
  '/*', '*/', '#', '//', '\\', ':', ';', ',', 'def ', 'class ', 'if ', 'for ', 'lambda', '=>', '${', '#{', '\u2028',
  '\u202e', '\u001b[2J', '\ud800', 'é', '😀', '```', '~~~', '<details>', '</details>', '<!--', '-->', '|', '**', '@here',
  '# revisor-ignore', '// revisor-ignore python/self-comparison -- x', '%0A', '::error::', 'ghp_R4nd0mLook1ngT0kenF0rTest1ngOnlyAbCd12',
  '-----BEGIN RSA PRIVATE KEY-----', 'x == x', 'a === a', 'except:', 'NaN', ' '.repeat(300),
];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 32, max: 126 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('shuffle-lines' as const), at: fc.nat(), length: fc.integer({ min: 2, max: 12 }), seed: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete-token' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 400 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...HOSTILE) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) }) }) },
);

function splitLines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

function applyTextMutation(text: string, m: Mutation): string {
  const at = (n: number) => (text.length === 0 ? 0 : n % (text.length + 1));
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, at(m.at));
    case 'swap-lines': {
      const lines = splitLines(text);
      if (lines.length < 2) return text;
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('');
    }
    case 'shuffle-lines': {
      const lines = splitLines(text);
      if (lines.length < 2) return text;
      const start = m.at % lines.length;
      const window = lines.slice(start, start + m.length);
      let state = m.seed;
      for (let i = window.length - 1; i > 0; i--) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        const j = state % (i + 1);
        [window[i], window[j]] = [window[j], window[i]];
      }
      lines.splice(start, window.length, ...window);
      return lines.join('');
    }
    case 'delete-token': {
      const tokens = [...text.matchAll(/[A-Za-z_$][\w$]*|\d+(?:\.\d+)?|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[^\s\w]{1,3}/g)];
      if (tokens.length === 0) return text;
      const token = tokens[m.at % tokens.length];
      return text.slice(0, token.index) + text.slice(token.index! + token[0].length);
    }
    case 'duplicate': {
      const start = at(m.at);
      return text.slice(0, start) + text.slice(start, start + m.length) + text.slice(start);
    }
    case 'insert': {
      const position = at(m.at);
      return text.slice(0, position) + m.text + text.slice(position);
    }
    case 'byte':
      return text;
  }
}

function mutate(text: string, mutations: Mutation[]): Buffer {
  let out = text;
  for (const m of mutations) if (m.kind !== 'byte') out = applyTextMutation(out, m);
  const bytes = Buffer.from(out, 'utf8');
  for (const m of mutations) if (m.kind === 'byte' && bytes.length > 0) bytes[m.at % bytes.length] = m.value;
  return bytes;
}

/** Offsets at which lines start, lines ending at `\r\n`, `\n` or `\r` (as the parser and reporters count them). */
function lineStarts(text: string): number[] {
  const starts = [0];
  const terminator = /\r\n?|\n/g;
  while (terminator.exec(text)) starts.push(terminator.lastIndex);
  return starts;
}

function rangeProblem(text: string, finding: Finding): string | undefined {
  const starts = lineStarts(text);
  const offset = (line: number, column: number): number | undefined => {
    if (!Number.isInteger(line) || !Number.isInteger(column) || line < 1 || column < 1 || line > starts.length) return undefined;
    const lineEnd = line < starts.length ? starts[line] : text.length;
    const value = starts[line - 1] + column - 1;
    return value <= lineEnd ? value : undefined;
  };
  const { start, end } = finding.range;
  const a = offset(start.line, start.column);
  const b = offset(end.line, end.column);
  if (a === undefined) return `start ${start.line}:${start.column} is outside the file`;
  if (b === undefined) return `end ${end.line}:${end.column} is outside the file`;
  if (b < a) return `end ${end.line}:${end.column} comes before start ${start.line}:${start.column}`;
  return undefined;
}

let rules: Rule[];
let metas: RuleMeta[];
const activeByLanguage = new Map<LanguageId, ActiveRule[]>();
const settings: AnalysisSettings = { root, config: {}, target: {}, reportUnusedIgnores: true };
/** Rules that threw on some input: the engine turns that into a note; listed at the end for their owners. */
const ruleErrors = new Map<string, string>();

beforeAll(async () => {
  const loaded = await loadBuiltinRules();
  rules = loaded.rules;
  metas = [...rules.map((r) => r.meta), ...INTERNAL_RULES];
  for (const language of ['python', 'javascript', 'typescript', 'tsx', 'cpp'] as LanguageId[]) activeByLanguage.set(language, activeRulesFor(rules, {}, language));
});

/** Decode, analyse and format one mutated file, checking every property; returns what failed. */
async function check(fixture: Fixture, bytes: Buffer): Promise<string[]> {
  const problems: string[] = [];
  const path = `fuzz/${fixture.path}`;
  const notes: Note[] = [];
  let findings: Finding[] = [];
  let analysed = false;
  const decoded = decodeSource(bytes);
  let text = '';
  if (!decoded.ok) {
    notes.push({ path, kind: 'skipped', message: `not analysed: ${decoded.reason}` });
  } else if (looksMinified(decoded.text)) {
    notes.push({ path, kind: 'skipped', message: 'not analysed: looks minified or generated (very long lines)' });
  } else {
    text = decoded.text;
    const file: SourceFile = { path, absolutePath: join(root, path), language: fixture.language, text };
    const outcome = await analyseSource(file, activeByLanguage.get(fixture.language)!, settings);
    analysed = outcome.analysed;
    findings = outcome.findings;
    notes.push(...outcome.notes);
  }
  for (const note of notes) if (note.kind === 'rule-error' && !ruleErrors.has(note.message)) ruleErrors.set(note.message, fixture.path);
  for (const finding of findings) {
    const problem = rangeProblem(text, finding);
    if (problem) problems.push(`${finding.ruleId}: ${problem}`);
    if (finding.path !== path) problems.push(`${finding.ruleId}: path ${finding.path}`);
  }
  const input = {
    findings: explainAllOffline(findings, metas),
    notes,
    summary: { filesAnalyzed: analysed ? 1 : 0, filesSkipped: analysed ? 0 : 1 },
    // The rules a case's findings name: the rest of the rule metadata is the same in every case (and
    // validated in full by test/sarif.test.ts); leaving it out keeps thousands of cases within CI time.
    rules: metas.filter((m) => m.id.startsWith('revisor/') || findings.some((f) => f.ruleId === m.id)),
    sources: new Map(text ? [[path, { path, absolutePath: join(root, path), language: fixture.language, text }]] : []),
    toolVersion: '0.0.0-fuzz',
    failOn: 'error' as const,
  };
  for (const format of FORMATS) {
    const output = formatReport(format, input);
    switch (format) {
      case 'json':
        JSON.parse(output);
        break;
      case 'sarif':
        {
          const invalid = validateSarif(JSON.parse(output));
          if (invalid) problems.push(`SARIF invalid: ${invalid}`);
        }
        break;
      case 'markdown': {
        const structure = unbalancedFences(output);
        if (structure) problems.push(`Markdown: ${structure}`);
        break;
      }
      case 'github':
        for (const line of output.split('\n').filter(Boolean)) if (!line.startsWith('::')) problems.push(`GitHub: a line that is not a workflow command: ${JSON.stringify(line.slice(0, 80))}`);
        break;
      case 'text':
        if (/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e]/.test(output)) problems.push('text: raw control character');
        break;
      default:
        break;
    }
  }
  return problems;
}

describe('fuzzing parse → analysis → rules → formatters with mutated fixtures', () => {
  it('has fixtures in every language to mutate', () => {
    expect(new Set(fixtures.map((f) => f.language))).toEqual(new Set(['python', 'javascript', 'typescript', 'tsx', 'cpp'].filter((l) => fixtures.some((f) => f.language === l))));
    expect(fixtures.length).toBeGreaterThan(50);
  });

  it(`holds every property on ${RUNS} mutated files`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: fixtures.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 5 }), async (index, mutations) => {
        const fixture = fixtures[index];
        const problems = await check(fixture, mutate(fixture.text, mutations));
        if (problems.length > 0) throw new Error(`${fixture.path}:\n${problems.slice(0, 5).join('\n')}`);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: false, interruptAfterTimeLimit: 240_000, markInterruptAsFailure: false },
    );
    if (ruleErrors.size > 0) console.warn(`rules that threw (isolated as notes):\n${[...ruleErrors].map(([message, fixture]) => `  ${message} (on a mutation of ${fixture})`).join('\n')}`);
  }, 300_000);
});
