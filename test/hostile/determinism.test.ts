import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { CHECK, NESTED, project, removeProjects, seededBytes } from '../support/hostile.js';

/**
 * The same input gives the same bytes, whatever order the paths are named in and however many
 * worker threads analyse them: findings and notes are sorted, nothing depends on arrival order.
 */

afterAll(removeProjects);

const FORMATS = ['text', 'json', 'sarif', 'markdown', 'github', 'gitlab'];

function mixedProject() {
  const files: Record<string, string | Buffer> = {};
  for (let i = 0; i < 12; i++) {
    const n = String(i).padStart(2, '0');
    files[`py/m${n}.py`] = `def f${i}(x, items=[]):\n    if x == x:\n        return items\n    try:\n        return x\n    except:\n        pass\n`;
    files[`js/m${n}.js`] = `export function g${i}(a) {\n  if (a === NaN) return a === a;\n  throw "bad";\n}\n`;
    files[`ts/m${n}.ts`] = `export function h${i}(a: number): boolean {\n  return a !== a;\n}\n`;
    files[`cpp/m${n}.cpp`] = `int k${i}(int a) {\n  if (a = 1) return a == a;\n  return 0;\n}\n`;
  }
  // Same names in different folders, case and unicode that sort differently by locale and by code unit.
  Object.assign(files, {
    'B/util.py': 'def u(x):\n    return x is x\n',
    'a/util.py': 'def u(x):\n    return x == x\n',
    'Ä/util.py': 'def u(x):\n    return x == x\n',
    'z/util.py': 'def u(x):\n    return x == x\n',
    'notes/binary.py': seededBytes(1, 512),
    'notes/broken.js': 'function (\n',
    'notes/bundle.min.js': `${'var c=3;'.repeat(600)}\n`,
    'notes/deep.py': NESTED['parens.py'](2000),
    'notes/empty.ts': '',
  });
  return project(files);
}

/** The first line where two outputs differ, with its neighbours, for a readable failure. */
function firstDifference(actual: string, expected: string): string | undefined {
  if (actual === expected) return undefined;
  const a = actual.split('\n');
  const e = expected.split('\n');
  let i = 0;
  while (i < a.length && i < e.length && a[i] === e[i]) i++;
  return `line ${i + 1}:\n  got:      ${JSON.stringify(a.slice(i, i + 3))}\n  expected: ${JSON.stringify(e.slice(i, i + 3))}`;
}

/** A deterministic permutation, so a failure reproduces. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  const random = seededBytes(seed, out.length * 2);
  for (let i = out.length - 1; i > 0; i--) {
    const j = ((random[2 * i] << 8) | random[2 * i + 1]) % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('output does not depend on path order or on the number of jobs', () => {
  const dir = mixedProject();
  const files = JSON.parse(runCli([...CHECK, '-f', 'json', '--fail-on', 'never'], dir).stdout) as { findings: Array<{ path: string }>; notes: Array<{ path: string }> };
  const paths = [...new Set([...files.findings.map((f) => f.path), ...files.notes.map((n) => n.path)])];

  it('covers findings in every language and notes of every kind', () => {
    expect(paths.length).toBeGreaterThan(50);
    expect(files.notes.map((n) => n.path)).toEqual(expect.arrayContaining(['notes/binary.py', 'notes/broken.js', 'notes/bundle.min.js', 'notes/deep.py']));
  });

  for (const format of FORMATS.filter((f) => f !== 'json')) {
    it(`${format}: the folder with 1 job, and the files in shuffled order with 2 jobs, give the same bytes`, () => {
      const natural = runCli([...CHECK, '-f', format, '--jobs', '1', '.'], dir);
      const reordered = runCli([...CHECK, '-f', format, '--jobs', '2', ...shuffled([...paths, 'notes/empty.ts'], FORMATS.indexOf(format) + 1)], dir);
      expect(natural.code, natural.stderr).toBe(1);
      expect(reordered.code, reordered.stderr).toBe(1);
      expect(natural.stdout.length).toBeGreaterThan(100);
      expect(firstDifference(reordered.stdout, natural.stdout)).toBeUndefined();
    });
  }

  it('json: the folder with 1 job, and folders, globs and files named in another order, overlapping, with 3 jobs, give the same bytes', () => {
    const natural = runCli([...CHECK, '-f', 'json', '--jobs', '1', '.'], dir);
    const overlapping = runCli([...CHECK, '-f', 'json', '--jobs', '3', 'ts', 'notes', 'z', 'cpp/*.cpp', 'js', 'Ä', 'B', './py', 'a', 'cpp', 'py/m00.py'], dir);
    expect(overlapping.code, overlapping.stderr).toBe(1);
    expect(firstDifference(overlapping.stdout, natural.stdout)).toBeUndefined();
  });
});
