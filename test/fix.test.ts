import { cpSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits, editsOverlap } from '../src/fix/apply.js';
import { repoRoot, runCli } from './support/cli.js';

interface JsonFinding { ruleId: string; path: string; fix?: unknown; range: { start: { line: number } } }

function copyFixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), 'revisor-fix-'));
  for (const language of ['python', 'javascript', 'typescript', 'cpp']) cpSync(join(repoRoot, 'fixtures', language), join(dir, language), { recursive: true });
  return dir;
}

function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(relative(dir, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name), 'utf8'));
  }
  return files;
}

describe('edits', () => {
  it('applies non-overlapping edits and refuses overlapping ones', () => {
    expect(applyEdits('abcdef', [{ startOffset: 4, endOffset: 5, text: 'E' }, { startOffset: 0, endOffset: 1, text: 'A' }])).toBe('AbcdEf');
    expect(() => applyEdits('abcdef', [{ startOffset: 0, endOffset: 3, text: '' }, { startOffset: 2, endOffset: 4, text: '' }])).toThrow(/overlapping/);
    expect(editsOverlap([{ startOffset: 0, endOffset: 2, text: '' }], [{ startOffset: 2, endOffset: 3, text: '' }])).toBe(false);
  });
});

describe('--fix on copies of the fixtures', () => {
  const dir = copyFixtures();
  const before = JSON.parse(runCli(['check', '.', '--root', '.', '-f', 'json', '--fail-on', 'never'], dir).stdout);
  const fixable: JsonFinding[] = before.findings.filter((f: JsonFinding) => f.fix);
  const original = snapshot(dir);

  it('has fixable findings to work on', () => {
    expect(fixable.length).toBeGreaterThan(0);
  });

  it('--fix-dry-run prints a unified diff and changes nothing', () => {
    const dry = runCli(['check', '.', '--root', '.', '--fix-dry-run', '--fail-on', 'never'], dir);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^--- a\//m);
    expect(dry.stdout).toMatch(/^\+\+\+ b\//m);
    expect(snapshot(dir)).toEqual(original);
  });

  it('applies the fixes, the fixed files still parse, the fixed findings are gone, and a second run changes nothing', () => {
    const run = runCli(['check', '.', '--root', '.', '--fix', '-f', 'json', '--fail-on', 'never'], dir);
    expect(run.code).toBe(0);
    const after = JSON.parse(run.stdout);
    const fixedOnce = snapshot(dir);
    expect(fixedOnce).not.toEqual(original);
    const remainingFixable = after.findings.filter((f: JsonFinding) => f.fix);
    expect(remainingFixable.map((f: JsonFinding) => `${f.path}:${f.range.start.line} ${f.ruleId}`)).toEqual([]);
    const newSyntaxErrors = after.findings.filter((f: JsonFinding) => f.ruleId === 'revisor/syntax-error').length;
    const oldSyntaxErrors = before.findings.filter((f: JsonFinding) => f.ruleId === 'revisor/syntax-error').length;
    expect(newSyntaxErrors).toBeLessThanOrEqual(oldSyntaxErrors);
    runCli(['check', '.', '--root', '.', '--fix', '--fail-on', 'never'], dir);
    expect(snapshot(dir)).toEqual(fixedOnce);
  });
});
