import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTypes } from '../src/cli/types-command.js';
import { languageForPath } from '../src/parse/languages.js';

/**
 * The `revisor types --json` suite: each small program under `fixtures/types/` (a file, or a folder of
 * files that import each other) has its expected output checked in beside it as `<name>.expected.json`.
 * Set REVISOR_UPDATE_TYPES=1 to rewrite the expected files after a deliberate change, then review the diff.
 */

const root = join(import.meta.dirname, '..', 'fixtures', 'types');
const update = process.env.REVISOR_UPDATE_TYPES === '1';

function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (languageForPath(entry.name) && !entry.name.endsWith('.json')) out.push(full);
    }
  }
  return out.sort();
}

function programs(): Array<{ name: string; files: string[]; root: string }> {
  const list: Array<{ name: string; files: string[]; root: string }> = [];
  for (const entry of readdirSync(root).sort()) {
    const full = join(root, entry);
    if (statSync(full).isDirectory()) list.push({ name: entry, files: sourcesUnder(full), root: full });
    else if (languageForPath(entry) && !entry.endsWith('.json')) list.push({ name: entry, files: [full], root });
  }
  return list;
}

async function typesJson(files: string[], programRoot: string): Promise<unknown> {
  let stdout = '';
  let stderr = '';
  const code = await runTypes(files.map((f) => relative(programRoot, f)), { json: true, root: programRoot }, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: programRoot,
  });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout);
}

describe('revisor types --json on the fixture programs', () => {
  for (const program of programs()) {
    it(program.name, async () => {
      const actual = await typesJson(program.files, program.root);
      const expectedPath = join(root, `${program.name}.expected.json`);
      if (update) writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
      // A missing expectation fails: written from the output it is meant to check, it would pass by construction.
      expect(existsSync(expectedPath), `${expectedPath} is missing: write it with REVISOR_UPDATE_TYPES=1 and review it`).toBe(true);
      expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
    });
  }

  it('gives the same answers whatever order the files come in', async () => {
    const program = programs().find((p) => p.name === 'py-imports')!;
    const forward = (await typesJson(program.files, program.root)) as Array<{ file: string }>;
    const backward = (await typesJson([...program.files].reverse(), program.root)) as Array<{ file: string }>;
    const byFile = (entries: Array<{ file: string }>) => [...entries].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    expect(byFile(backward)).toEqual(byFile(forward));
  });
});
