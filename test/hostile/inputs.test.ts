import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../support/cli.js';
import { CHECK, checkCached, checkJson, findingsIn, largePython, NESTED, notesFor, project, removeProjects, seededBytes, unbalancedFences, validateSarif, type JsonReport } from '../support/hostile.js';

/**
 * Hostile inputs, each through the built CLI (`npm run build` first): the run does not crash, every
 * other file is still analysed and reported, the problem is a note naming the file, and the exit code
 * follows the README's policy (notes never change it; a missing path or a usage error makes it 2).
 * Large inputs are generated here, in a temporary folder, never committed.
 */

afterAll(removeProjects);

const SELF_COMPARISON_PY = 'def f(x):\n    return x == x\n';
const NESTING = 20_000;
const WEIRD_DIR = 'we ird/ü ñ $(touch pwned) `touch pwned2` ;&|<>';
const WEIRD_FILE = `${WEIRD_DIR}/a"b'c*?[x].py`;

function hostileProject(): string {
  const files: Record<string, string | Buffer> = {
    'good.py': SELF_COMPARISON_PY,
    'good.js': 'export const same = (a) => a === a;\n',
    'empty.py': '',
    'comments.js': '// nothing but comments\n/* and a block\n   comment */\n',
    'comments.py': '# only a comment\n',
    'random.ts': seededBytes(7, 64 * 1024),
    'nul-inside.py': `def f(x):\n    return x == x\n\u0000\ndef g():\n    pass\n`,
    'invalid-utf8.js': Buffer.concat([Buffer.from('const a = 1;\nconst s = "'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('";\n')]),
    'bom.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SELF_COMPARISON_PY)]),
    'utf16le.py': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SELF_COMPARISON_PY, 'utf16le')]),
    'utf16be.js': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('let a = 1;\nexport const same = a === a;\n', 'utf16le').swap16()]),
    'utf16-without-bom.py': Buffer.from(SELF_COMPARISON_PY, 'utf16le'),
    'crlf.js': 'function f(a) {\r\n  return a === a;\r\n}\r\n',
    'cr.js': 'function f(a) {\r  return a === a;\r}\r',
    'cr.py': 'def f(x):\r    return x == x\r',
    'syntax-error-on-top.py': `def broken(:\n\n${SELF_COMPARISON_PY}`,
    'unterminated-string.js': 'const s = "never closed\nexport const same = (a) => a === a;\n',
    'unterminated-comment.cpp': 'int f(int a) { return a == a; }\n/* this comment never ends\nint g() { return 1; }\n',
    'unterminated-docstring.py': 'def f(x):\n    """never closed\n    return x == x\n',
    'really-binary.py': Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), seededBytes(3, 4096)]),
    'huge.min.js': `${'var a=1;'.repeat(5 * 1024 * 128)}\n`,
    'bundle.min.js': `${'var b=2;'.repeat(3 * 1024 * 128)}\n`,
    'large.py': largePython(50_000),
    // One 200,000-character line among short ones: not minified by the average, so analysed and quoted.
    'long-line.py': `x = "${'a'.repeat(200_000)}"\n${'y = 1\n'.repeat(700)}${SELF_COMPARISON_PY}`,
    [WEIRD_FILE]: SELF_COMPARISON_PY,
    'loop/sub/ok.js': 'export const same = (a) => a === a;\n',
    'dir.py/inner.py': SELF_COMPARISON_PY,
  };
  for (const name of ['parens.py', 'dicts.py', 'brackets.js', 'blocks.js', 'generics.ts', 'ifs.tsx', 'blocks.cpp']) {
    files[`deep/${name}`] = NESTED[name === 'brackets.js' ? 'arrays.js' : name](NESTING);
  }
  const dir = project(files);
  // A folder that loops back on itself, twice over.
  symlinkSync('..', join(dir, 'loop/sub/up'));
  symlinkSync('../loop', join(dir, 'loop/self'));
  // A FIFO with a source extension: reading it would block forever.
  spawnSync('mkfifo', [join(dir, 'pipe.py')]);
  return dir;
}

describe('hostile files in one tree', () => {
  let dir: string;
  let run: CliRun;
  let report: JsonReport;
  const cache = () => join(dir, '.cache-for-formats');

  beforeAll(() => {
    dir = hostileProject();
    ({ run, report } = checkJson(dir, [], {}, checkCached(cache())));
  }, 180_000);

  const analysedWithoutNotes = (path: string) => {
    expect(notesFor(report, path)).toEqual([]);
  };
  const skippedWith = (path: string, reason: RegExp) => {
    const notes = notesFor(report, path);
    expect(notes.map((n) => n.message), path).toEqual([expect.stringMatching(reason)]);
    expect(findingsIn(report, path)).toEqual([]);
  };

  it('does not crash, reports the good files, and exits 1 because of their findings (notes never change the exit code)', () => {
    expect(run.stderr).not.toMatch(/internal error|RangeError|Maximum call stack/);
    expect(run.code).toBe(1);
    for (const path of ['good.py', 'good.js']) expect(findingsIn(report, path).map((f) => f.ruleId), path).toHaveLength(1);
  });

  it('empty file and file of only comments: analysed, nothing to report', () => {
    for (const path of ['empty.py', 'comments.js', 'comments.py']) {
      analysedWithoutNotes(path);
      expect(findingsIn(report, path)).toEqual([]);
    }
  });

  it('random bytes with a source extension: skipped with a note', () => {
    skippedWith('random.ts', /^not analysed: (binary content|invalid UTF-8)/);
  });

  it('NUL byte inside otherwise valid code: skipped as binary, with the offset', () => {
    skippedWith('nul-inside.py', /^not analysed: binary content \(NUL byte at offset 28\)$/);
  });

  it('invalid UTF-8: skipped with the offset of the first bad byte', () => {
    skippedWith('invalid-utf8.js', /^not analysed: invalid UTF-8 \(first bad byte at offset 24\)$/);
  });

  it('UTF-8 BOM and UTF-16 (both byte orders): decoded, findings at the right line and column', () => {
    for (const path of ['bom.py', 'utf16le.py']) {
      analysedWithoutNotes(path);
      expect(findingsIn(report, path).map((f) => `${f.range.start.line}:${f.range.start.column}`), path).toEqual(['2:12']);
    }
    analysedWithoutNotes('utf16be.js');
    expect(findingsIn(report, 'utf16be.js').map((f) => f.range.start.line)).toEqual([2]);
    skippedWith('utf16-without-bom.py', /^not analysed: binary content/);
  });

  it('CRLF and lone-CR line endings: the finding is on line 2, as an editor counts lines', () => {
    for (const path of ['crlf.js', 'cr.js', 'cr.py']) {
      analysedWithoutNotes(path);
      expect(findingsIn(report, path).map((f) => `${f.range.start.line}:${f.range.start.column}`), path).toEqual([path.endsWith('.py') ? '2:12' : '2:10']);
    }
  });

  it('syntax error at the top of a file: the rest is analysed, the broken region is reported and noted', () => {
    const path = 'syntax-error-on-top.py';
    expect(findingsIn(report, path).map((f) => `${f.range.start.line} ${f.ruleId}`)).toEqual(['1 revisor/syntax-error', '4 python/self-comparison']);
    expect(notesFor(report, path).map((n) => n.kind)).toEqual(['parse-error']);
  });

  it('unterminated strings and comments: analysed as far as possible, noted as parse errors', () => {
    for (const path of ['unterminated-string.js', 'unterminated-comment.cpp', 'unterminated-docstring.py']) {
      expect(notesFor(report, path).map((n) => n.kind), path).toEqual(['parse-error']);
      expect(notesFor(report, path)[0].message).toMatch(/region\(s\) the parser could not understand/);
      expect(findingsIn(report, path).some((f) => f.ruleId === 'revisor/syntax-error'), path).toBe(true);
    }
  });

  it('a .py that is really a binary: skipped with a note', () => {
    skippedWith('really-binary.py', /^not analysed: binary content/);
  });

  it('a 5 MB single-line file: skipped as oversized; a 3 MB one as minified', () => {
    skippedWith('huge.min.js', /^file is 5242881 bytes, over the 4194304-byte limit$/);
    skippedWith('bundle.min.js', /^not analysed: looks minified or generated/);
  });

  it('a 50,000-line file: analysed completely, findings to its last part', () => {
    analysedWithoutNotes('large.py');
    const lines = findingsIn(report, 'large.py').map((f) => f.range.start.line);
    expect(lines.length).toBeGreaterThan(50);
    expect(Math.max(...lines)).toBeGreaterThan(49_000);
  });

  it('a 200,000-character line among short ones: analysed, and the reports quoting it stay fast', () => {
    analysedWithoutNotes('long-line.py');
    expect(findingsIn(report, 'long-line.py').map((f) => f.range.start.line)).toEqual([703]);
  });

  it(`${NESTING.toLocaleString('en')} levels of nested parentheses, brackets, braces, blocks and generics: no stack overflow, each file skipped with a note`, () => {
    const deep = report.notes.filter((n) => n.path.startsWith('deep/'));
    expect(deep.map((n) => n.path)).toEqual(['deep/blocks.cpp', 'deep/blocks.js', 'deep/brackets.js', 'deep/dicts.py', 'deep/generics.ts', 'deep/ifs.tsx', 'deep/parens.py']);
    for (const note of deep) expect(note.message, note.path).toMatch(/^not analysed: code nested \d+ levels deep, over the limit of 1500$/);
    expect(report.notes.filter((n) => n.kind === 'rule-error')).toEqual([]);
  });

  it('a path with spaces, unicode and shell metacharacters: analysed and reported by its own name, nothing executed', () => {
    expect(findingsIn(report, WEIRD_FILE).map((f) => f.ruleId)).toEqual(['python/self-comparison']);
    expect(existsSync(join(dir, 'pwned')) || existsSync(join(dir, WEIRD_DIR, 'pwned')) || existsSync(join(dir, 'pwned2'))).toBe(false);
  });

  it('a folder that loops through symlinks: not followed, the file inside is reported once', () => {
    expect(report.findings.filter((f) => f.path.startsWith('loop/')).map((f) => f.path)).toEqual(['loop/sub/ok.js']);
  });

  it('a folder named like a source file, and a FIFO with a source extension: no hang, the file inside the folder is analysed', () => {
    expect(findingsIn(report, 'dir.py/inner.py')).toHaveLength(1);
    expect(notesFor(report, 'dir.py')).toEqual([]);
    expect(findingsIn(report, 'pipe.py')).toEqual([]);
  });

  it('counts every file: analysed and skipped add up to what was found', () => {
    const skippedPaths = new Set(report.notes.filter((n) => n.kind === 'skipped' || n.kind === 'read-error').map((n) => n.path));
    expect(report.summary.filesSkipped).toBe(skippedPaths.size);
    expect(report.summary.filesSkipped).toBe(14);
    expect(report.summary.filesAnalyzed).toBe(20);
  });

  it('the same tree in SARIF is schema-valid and carries every note as a notification naming the file', () => {
    const sarif = runCli([...checkCached(cache()), '-f', 'sarif', '--fail-on', 'never'], dir);
    expect(sarif.code).toBe(0);
    const log = JSON.parse(sarif.stdout);
    expect(validateSarif(log)).toBeUndefined();
    const notified = log.runs[0].invocations[0].toolExecutionNotifications.map((n: { message: { text: string } }) => n.message.text);
    for (const note of report.notes) expect(notified).toContain(`${note.path}: ${note.message}`);
  });

  it('the same tree in Markdown is well-formed: balanced fences, every note listed', () => {
    const markdown = runCli([...checkCached(cache()), '-f', 'markdown'], dir);
    expect(markdown.code).toBe(1);
    expect(unbalancedFences(markdown.stdout)).toBeUndefined();
    const notes = markdown.stdout.split('\n## Notes\n')[1] ?? '';
    for (const path of ['random.ts', 'huge.min.js', 'deep/parens.py']) expect(notes).toContain(`\`${path}\``);
  });
});

describe('paths', () => {
  it('a path that does not exist: the other paths (one full of shell and glob metacharacters) are still analysed and reported, the note names it, exit code 2', () => {
    const dir = project({ 'a.py': SELF_COMPARISON_PY, [WEIRD_FILE]: SELF_COMPARISON_PY });
    const { run, report } = checkJson(dir, ['a.py', WEIRD_FILE, 'missing.py', 'no/such/dir', 'nothing-*.py']);
    expect(run.code).toBe(2);
    expect(findingsIn(report, 'a.py')).toHaveLength(1);
    expect(findingsIn(report, WEIRD_FILE)).toHaveLength(1);
    expect(report.notes.map((n) => `${n.path}: ${n.message}`)).toEqual([
      'missing.py: no such file or folder',
      'no/such/dir: no such file or folder',
      'nothing-*.py: the glob pattern matches no file',
    ]);
    expect(run.stderr).toContain('"missing.py"');
  });

  it('a FIFO named on the command line is noted, not read (it would block forever)', () => {
    const dir = project({ 'a.py': SELF_COMPARISON_PY });
    spawnSync('mkfifo', [join(dir, 'named-pipe.py')]);
    const { run, report } = checkJson(dir, ['a.py', 'named-pipe.py']);
    expect(run.code).toBe(1);
    expect(notesFor(report, 'named-pipe.py').map((n) => n.message)).toEqual(['not a regular file or folder']);
  });
});

describe('revisor ast on hostile files', () => {
  it('refuses a tree nested deeper than the limit instead of printing a quadratic indentation, and notes a binary', () => {
    const dir = project({ 'deep.js': NESTED['arrays.js'](NESTING), 'binary.py': seededBytes(9, 256) });
    const deep = runCli(['ast', 'deep.js'], dir);
    expect(deep.code).toBe(2);
    expect(deep.stderr).toMatch(/deep\.js: code nested \d+ levels deep, over the limit of 1500/);
    const binary = runCli(['ast', 'binary.py'], dir);
    expect(binary.code).toBe(2);
    expect(binary.stderr).toMatch(/binary\.py: not analysed: (binary content|invalid UTF-8)/);
  });
});

describe('10,000 tiny files', () => {
  it('are all analysed, in one run, with the one finding among them reported', () => {
    const files: Record<string, string> = { 'needle.py': SELF_COMPARISON_PY };
    const extensions = ['py', 'js', 'ts', 'cpp'];
    const statement: Record<string, string> = { py: 'x = 1\n', js: 'let x = 1;\n', ts: 'let x: number = 1;\n', cpp: 'int x = 1;\n' };
    for (let i = 0; i < 10_000 - 1; i++) files[`d${i % 100}/f${i}.${extensions[i % 4]}`] = i % 7 === 0 ? statement[extensions[i % 4]] : '';
    const dir = project(files);
    const { run, report } = checkJson(dir);
    expect(run.code).toBe(1);
    expect(report.summary.filesAnalyzed).toBe(10_000);
    expect(report.findings.map((f) => f.path)).toEqual(['needle.py']);
    expect(report.notes).toEqual([]);
  }, 120_000);
});

describe('configuration files', () => {
  const attempt = (name: string, content: string | Buffer) => {
    const dir = project({ 'a.py': SELF_COMPARISON_PY, [name]: content });
    return runCli([...CHECK], dir);
  };

  it('a syntax error: exit 2, naming the file and the problem, no report', () => {
    const json = attempt('revisor.config.json', '{ "failOn": "warning", ');
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/configuration error: revisor\.config\.json: invalid JSON/);
    expect(json.stdout).toBe('');
    const yaml = attempt('revisor.config.yaml', 'ignore: [\n  - a\n');
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toMatch(/configuration error: revisor\.config\.yaml: invalid YAML at line \d+/);
  });

  it('an unknown key and a wrong type: exit 2, naming the key', () => {
    const unknown = attempt('revisor.config.json', JSON.stringify({ failOn: 'error', colour: true }));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('revisor.config.json: unknown key "colour"');
    const wrongType = attempt('revisor.config.json', JSON.stringify({ maxFileBytes: 'big', ignore: 'build/**' }));
    expect(wrongType.code).toBe(2);
    expect(wrongType.stderr).toContain('"maxFileBytes" must be integer');
    expect(wrongType.stderr).toContain('"ignore" must be array');
  });

  it('YAML is data: no code-executing tags, no alias bombs', () => {
    const tag = attempt('revisor.config.yaml', 'failOn: !!js/function "function () { require(\'fs\').writeFileSync(\'pwned\', \'\') }"\n');
    expect(tag.code).toBe(2);
    const bomb = attempt('revisor.config.yaml', 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n');
    expect(bomb.code).toBe(2);
    expect(bomb.stderr).toMatch(/configuration error/);
  });

  it('a UTF-8 BOM (Windows editors) is accepted; a folder where the config file should be is an error, not a crash', () => {
    const bom = attempt('revisor.config.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{ "failOn": "never" }')]));
    expect(bom.stderr).toBe('');
    expect(bom.code).toBe(0);
    const dir = project({ 'a.py': SELF_COMPARISON_PY });
    mkdirSync(join(dir, 'revisor.config.json'));
    const folder = runCli([...CHECK], dir);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('revisor.config.json: is a folder, not a file');
    expect(folder.stderr).not.toContain('internal error');
  });
});

describe('conflicting and invalid command-line flags', () => {
  const dir = project({ 'a.py': SELF_COMPARISON_PY });
  const expectUsageError = (args: string[], message: RegExp) => {
    const run = runCli(['check', '--no-llm', '-q', ...args], dir);
    expect(run.code, args.join(' ')).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain('internal error');
    expect(run.stdout).toBe('');
  };

  it('--fix with --fix-dry-run', () => expectUsageError(['.', '--root', '.', '--fix', '--fix-dry-run'], /--fix and --fix-dry-run cannot be used together/));
  it('an unknown format and a bad --jobs', () => {
    expectUsageError(['.', '-f', 'xml'], /argument 'xml' is invalid/);
    expectUsageError(['.', '--jobs', '0'], /expected a whole number of at least 1/);
  });
  it('a --root that does not exist', () => expectUsageError(['.', '--root', 'no-such-folder'], /--root no-such-folder: no such folder/));
  it('an --output that is a folder or cannot be created: exit 2 with a message, the folder untouched; an unusable cache only costs speed', () => {
    mkdirSync(join(dir, 'reports'), { recursive: true });
    expectUsageError(['a.py', '--root', '.', '-o', 'reports'], /cannot write the report to reports: EISDIR/);
    expect(readdirSync(join(dir, 'reports'))).toEqual([]);
    if (process.platform === 'linux') expectUsageError(['a.py', '--root', '.', '-o', '/proc/revisor-test/report.json'], /cannot write the report to \/proc\/revisor-test\/report\.json/);
    const cache = runCli(['check', '--no-llm', '-q', 'a.py', '--root', '.', '-f', 'json', '--cache-location', 'a.py'], dir);
    expect(cache.code).toBe(1);
    expect(JSON.parse(cache.stdout).findings).toHaveLength(1);
  });

  it('a --config that does not exist', () => {
    writeFileSync(join(dir, 'keep.txt'), '');
    expectUsageError(['.', '--root', '.', '--config', 'missing.json'], /config file not found/);
  });
});
