import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { makeProject, repoRoot, runCli, type CliRun } from './cli.js';

/**
 * Helpers for the hostile-input suites (test/hostile/): generators for inputs too large to commit,
 * the CLI with fault injection, and readers of what the CLI leaves on disk.
 */

const created: string[] = [];

/** `makeProject`, remembered so `removeProjects` (in `afterAll`) deletes it: hostile inputs are large. */
export function project(files: Record<string, string | Buffer>): string {
  const dir = makeProject(files);
  created.push(dir);
  return dir;
}

export function removeProjects(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** `check` as the hostile suites run it: paths relative to the project, no cache, no LLM, no progress bar. */
export const CHECK = ['check', '--root', '.', '--no-cache', '--no-llm', '-q'];

export interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  path: string;
  range: { start: { line: number; column: number }; end: { line: number; column: number } };
  evidence?: Record<string, string>;
  fix?: unknown;
}
export interface JsonNote {
  path: string;
  kind: string;
  message: string;
}
export interface JsonReport {
  summary: { filesAnalyzed: number; filesSkipped: number; findings: number };
  findings: JsonFinding[];
  notes: JsonNote[];
}

/** `check` with the result cache in `cacheDir`, for suites that format one tree several times. */
export function checkCached(cacheDir: string): string[] {
  return [...CHECK.filter((a) => a !== '--no-cache'), '--cache-location', cacheDir];
}

/** Runs `check -f json` and parses the report (throwing with stderr when stdout is not JSON). */
export function checkJson(dir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}, base: string[] = CHECK): { run: CliRun; report: JsonReport } {
  const run = runCli([...base, '-f', 'json', ...args], dir, env);
  let report: JsonReport;
  try {
    report = JSON.parse(run.stdout) as JsonReport;
  } catch {
    throw new Error(`no JSON report (exit ${run.code}):\n${run.stderr.slice(0, 2000)}`);
  }
  return { run, report };
}

export function notesFor(report: JsonReport, path: string): JsonNote[] {
  return report.notes.filter((n) => n.path === path);
}

export function findingsIn(report: JsonReport, path: string): JsonFinding[] {
  return report.findings.filter((f) => f.path === path);
}

/** Environment that preloads test/support/fault-injection.mjs with the given faults. */
export interface Fault {
  /** Base name of the file, or `*` with `under` for any file whose path contains `under`. */
  file: string;
  under?: string;
  on?: 'read' | 'write' | 'rename';
  action: 'delete' | 'eacces' | 'dir' | 'append' | 'pause';
  nth?: number;
  text?: string;
  ms?: number;
}

export function faultEnv(faults: Fault[]): NodeJS.ProcessEnv {
  const preload = pathToFileURL(join(repoRoot, 'test', 'support', 'fault-injection.mjs')).href;
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim(), REVISOR_FAULTS: JSON.stringify(faults) };
}

/** Deterministic pseudo-random bytes (a linear congruential generator), so failures reproduce. */
export function seededBytes(seed: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 16;
  }
  return bytes;
}

const repeat = (text: string, count: number, separator = '\n') => Array(count).fill(text).join(separator);

/**
 * Source nested `levels` deep, one opening token per line (so it is not mistaken for minified code).
 * Each kind nests a different construct: brackets, calls, blocks, operators, functions.
 */
export const NESTED: Record<string, (levels: number) => string> = {
  'parens.py': (n) => `x = ${repeat('(', n)}1${')'.repeat(n)}\n`,
  'brackets.py': (n) => `x = ${repeat('[', n)}1${']'.repeat(n)}\n`,
  'dicts.py': (n) => `x = ${repeat('{1:', n)}1${'}'.repeat(n)}\n`,
  'calls.py': (n) => `x = ${repeat('f(', n)}1${')'.repeat(n)}\n`,
  'operators.py': (n) => `x = (a\n${repeat('+ a', n)})\n`,
  'conditionals.py': (n) => `x = (${repeat('b if a else', n)} c)\n`,
  'lambdas.py': (n) => `f = ${repeat('lambda x:', n)} x\n`,
  'parens.js': (n) => `let x = ${repeat('(', n)}1${')'.repeat(n)};\n`,
  'arrays.js': (n) => `let x = ${repeat('[', n)}1${']'.repeat(n)};\n`,
  'blocks.js': (n) => `function f() {\n${repeat('{', n)}x();${'}'.repeat(n)}\n}\n`,
  'logical.js': (n) => `let x = a\n${repeat('&& a', n)};\n`,
  'loops.js': (n) => `${repeat('for (const i of a) {', n)}x.push(i);${'}'.repeat(n)}\n`,
  'functions.js': (n) => `${repeat('function a(x) {', n)}return x === x;${'}'.repeat(n)}\n`,
  'objects.js': (n) => `const o = ${repeat('{a:', n)}1${'}'.repeat(n)};\n`,
  'ternaries.js': (n) => `let t = ${repeat('a ? b :', n)} c;\n`,
  'generics.ts': (n) => `type T = ${repeat('Array<', n)}1${'>'.repeat(n)};\n`,
  'arrows.ts': (n) => `const f = ${repeat('(x: number) =>', n)} x;\n`,
  'ifs.tsx': (n) => `${repeat('if (a) {', n)}x();${'}'.repeat(n)}\n`,
  'blocks.cpp': (n) => `int f() {\n${repeat('{', n)}x();${'}'.repeat(n)}\n}\n`,
  'parens.cpp': (n) => `int x = ${repeat('(', n)}1${')'.repeat(n)};\n`,
  'ifs.cpp': (n) => `void f() {\n${repeat('if (a) {', n)}x();${'}'.repeat(n)}\n}\n`,
  'templates.cpp': (n) => `A${repeat('<A', n)}${'>'.repeat(n)} x;\n`,
};

/** About `lines` lines of ordinary Python (functions, classes, loops), with a planted finding every 500 lines. */
export function largePython(lines: number): string {
  const out: string[] = ['import os', ''];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `def handler_${i}(items, limit=${i}):`,
      `    """Return the items of batch ${i} below the limit."""`,
      '    kept = []',
      '    for item in items:',
      '        if item.size < limit and os.path.exists(item.path):',
      '            kept.append(item)',
      i % 50 === 0 ? `    return limit == limit` : '    return kept',
      '',
      `class Batch${i}:`,
      '    def __init__(self, name):',
      '        self.name = name',
      '',
    );
  }
  return `${out.slice(0, lines).join('\n')}\n`;
}

/** Result cache entries on disk, with whether each one's checksum matches its payload. */
export function cacheEntries(dir: string): Array<{ path: string; valid: boolean }> {
  const out: Array<{ path: string; valid: boolean }> = [];
  let subs: string[] = [];
  try {
    subs = readdirSync(dir);
  } catch {
    return out;
  }
  for (const sub of subs) {
    const full = join(dir, sub);
    if (!statSync(full).isDirectory()) continue;
    for (const name of readdirSync(full)) {
      if (!name.endsWith('.json')) continue;
      const path = join(full, name);
      let valid = false;
      try {
        const entry = JSON.parse(readFileSync(path, 'utf8')) as { checksum: string; payload: string };
        valid = typeof entry.payload === 'string' && createHash('sha256').update(entry.payload).digest('hex') === entry.checksum;
      } catch {
        valid = false;
      }
      out.push({ path, valid });
    }
  }
  return out;
}

/** Files under a folder (recursively) whose name matches, for polling what a paused run left. */
export function filesMatching(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    let names: string[] = [];
    try {
      names = readdirSync(folder);
    } catch {
      return;
    }
    for (const name of names) {
      const full = join(folder, name);
      let isFolder = false;
      try {
        isFolder = statSync(full).isDirectory();
      } catch {
        continue;
      }
      if (isFolder) walk(full);
      else if (pattern.test(name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** Number of result cache entries on disk, cheaply (no reading), for polling. */
export function countCacheFiles(dir: string): number {
  let count = 0;
  try {
    for (const sub of readdirSync(dir)) count += readdirSync(join(dir, sub)).filter((n) => n.endsWith('.json')).length;
  } catch {
    return count;
  }
  return count;
}

/** Starts the built CLI without waiting, for tests that signal it mid-run. */
export function startCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'revisor.js'), ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/**
 * What is wrong with a Markdown report's structure, if anything: every opening fence must be closed
 * by a fence of the same character at least as long, and outside fences every `<details>` line must
 * be closed by a `</details>` line (code quoting such tags inside a fence is only text).
 */
export function unbalancedFences(markdown: string): string | undefined {
  let open: { char: string; length: number; line: number } | undefined;
  let details = 0;
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fence = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(lines[i]);
    if (!fence) {
      if (!open && /^<details>/.test(lines[i])) details++;
      if (!open && /^<\/details>/.test(lines[i]) && --details < 0) return `</details> without <details> on line ${i + 1}`;
      continue;
    }
    const [, marks, rest] = fence;
    if (!open) {
      if (marks[0] === '`' && rest.includes('`')) continue;
      open = { char: marks[0], length: marks.length, line: i + 1 };
    } else if (marks[0] === open.char && marks.length >= open.length && rest.trim() === '') {
      open = undefined;
    }
  }
  if (open) return `fence opened on line ${open.line} is never closed`;
  return details > 0 ? `${details} <details> never closed` : undefined;
}

let sarifValidator: ((log: unknown) => boolean) & { errors?: unknown[] | null } | undefined;

/** A validator for the official SARIF 2.1.0 schema (as test/sarif.test.ts uses it), compiled once. */
export function validateSarif(log: unknown): string | undefined {
  if (!sarifValidator) {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    // Both packages are CommonJS with the class on `.default`.
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
    ajvFormats.default(ajv);
    sarifValidator = ajv.compile(schema);
  }
  return sarifValidator(log) ? undefined : JSON.stringify(sarifValidator.errors?.slice(0, 3));
}
