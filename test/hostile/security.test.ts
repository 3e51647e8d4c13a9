import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, type CliRun } from '../support/cli.js';
import { CHECK, project, removeProjects, seededBytes } from '../support/hostile.js';

/**
 * Security promises: analysed code and configuration are data, never run; reports name files
 * relative to the root and never the machine's folders; secrets found in code are never printed in
 * full, in any format, including the code excerpts of the Markdown report.
 */

afterAll(removeProjects);

/** Random characters from an alphabet, generated per run: nothing secret-looking is committed. */
function randomFrom(alphabet: string, length: number, seed: number): string {
  const bytes = seededBytes(seed, length);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const seed = 4242;

const SECRETS = {
  github: `ghp_${randomFrom(ALNUM, 36, seed + 1)}`,
  fineGrained: `github_pat_${randomFrom(ALNUM, 40, seed + 2)}`,
  aws: `AKIA${randomFrom(UPPER, 16, seed + 3)}`,
  awsSecret: `w${randomFrom(`${ALNUM}/+`, 39, seed + 4)}`,
  jwt: `eyJ${randomFrom(ALNUM, 20, seed + 5)}.eyJ${randomFrom(ALNUM, 24, seed + 6)}.${randomFrom(ALNUM, 30, seed + 7)}`,
  keyBody: randomFrom(ALNUM, 64, seed + 8),
  password: `Pw-${randomFrom(ALNUM, 10, seed + 9)}`,
  apiKey: randomFrom('0123456789abcdef', 32, seed + 10),
  slack: `xoxb-${randomFrom('0123456789', 12, seed + 11)}-${randomFrom(ALNUM, 24, seed + 12)}`,
};

function secretProject(home: string): string {
  const dir = join(home, 'work', 'my project');
  mkdirSync(dir, { recursive: true });
  const files = {
    'settings.py': [
      'import os',
      '',
      `GITHUB_TOKEN = "${SECRETS.github}"`,
      `AWS_ACCESS_KEY_ID = "${SECRETS.aws}"`,
      `AWS_SECRET_ACCESS_KEY = "${SECRETS.awsSecret}"`,
      `PRIVATE_KEY = """-----BEGIN RSA PRIVATE KEY-----`,
      SECRETS.keyBody,
      SECRETS.keyBody.split('').reverse().join(''),
      '-----END RSA PRIVATE KEY-----"""',
      '',
      'def connect(db):',
      '    # keep the token here for now: ' + SECRETS.fineGrained,
      `    return db.connect(user="app", password="${SECRETS.password}") == db.connect(user="app", password="${SECRETS.password}")`,
      '',
      'def same(x):',
      '    return x == x',
      '',
    ].join('\n'),
    'client.js': [
      `const session = "${SECRETS.jwt}";`,
      `const config = { apiKey: "${SECRETS.apiKey}", slack: "${SECRETS.slack}" };`,
      // Another rule quotes this literal in its message: the output is masked too.
      `function fail() { throw "${SECRETS.github}"; }`,
      'export function same(a) { return a === a; }',
      'module.exports = { session, config, fail };',
      '',
    ].join('\n'),
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('secrets and paths in every report format', () => {
  let home: string;
  let dir: string;
  const outputs = new Map<string, CliRun>();

  beforeAll(() => {
    home = join(project({}), 'home', 'alice');
    dir = secretProject(home);
    const cache = join(dir, '.cache');
    for (const format of ['text', 'json', 'sarif', 'markdown', 'github', 'gitlab']) {
      outputs.set(format, runCli([...CHECK.filter((a) => a !== '--no-cache'), '--cache-location', cache, '-f', format], dir, { HOME: home }));
    }
  }, 120_000);

  it('flags every planted secret, showing it masked', () => {
    const report = JSON.parse(outputs.get('json')!.stdout) as { findings: Array<{ ruleId: string; path: string; range: { start: { line: number } }; evidence?: Record<string, string>; message: string }> };
    const secrets = report.findings.filter((f) => f.ruleId.endsWith('/hardcoded-secret'));
    expect(secrets.map((f) => `${f.path}:${f.range.start.line}`)).toEqual([
      'client.js:1', 'client.js:2', 'client.js:2', 'client.js:3',
      'settings.py:3', 'settings.py:4', 'settings.py:5', 'settings.py:6', 'settings.py:13', 'settings.py:13',
    ]);
    for (const f of secrets) expect(f.evidence?.value, f.message).toMatch(/\*\*\*\*/);
    expect(report.findings.find((f) => f.path === 'settings.py' && f.range.start.line === 3)!.evidence!.value).toBe(`ghp_****...${SECRETS.github.slice(-4)}`);
  });

  for (const format of ['text', 'json', 'sarif', 'markdown', 'github', 'gitlab']) {
    it(`${format}: no secret in full, no absolute path, no home folder`, () => {
      const run = outputs.get(format)!;
      expect(run.code, run.stderr).toBe(1);
      const secrets = [...Object.values(SECRETS), ...SECRETS.keyBody.match(/.{16}/g)!];
      for (const secret of secrets) expect(run.stdout.includes(secret), `${format} contains ${secret.slice(0, 6)}…`).toBe(false);
      expect(run.stdout).not.toContain(home);
      expect(run.stdout).not.toContain(dir);
      expect(run.stdout).not.toContain('/home/alice');
      expect(run.stdout).not.toContain(repoRoot);
    });
  }

  it('markdown: the excerpt of a secret-bearing line is masked in place, the rest of the line kept', () => {
    const markdown = outputs.get('markdown')!.stdout;
    expect(markdown).toContain(`GITHUB_TOKEN = "ghp_${'*'.repeat(32)}${SECRETS.github.slice(-4)}"`);
    expect(markdown).toMatch(/# keep the token here for now: github_pat_\*+/);
  });

  it('json: every path is relative to the root, inside it', () => {
    const report = JSON.parse(outputs.get('json')!.stdout) as { findings: Array<{ path: string }>; notes: Array<{ path: string }> };
    for (const { path } of [...report.findings, ...report.notes]) {
      expect(path.startsWith('/') || path.startsWith('..') || /^[A-Za-z]:/.test(path), path).toBe(false);
    }
  });
});

describe('terminal output', () => {
  it('shows escape sequences and bidirectional overrides from code and file names escaped, never raw', () => {
    const name = 'ev\u001b[31mil\u202e.js';
    const dir = project({ [name]: 'function f() {\n  throw "\u001b[2J\u001b]0;pwned\u0007 \u202e gnp.exe";\n}\n' });
    const run = runCli([...CHECK, '-f', 'text'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ev\\u{1b}[31mil\\u{202e}.js');
    expect(run.stdout).toContain('throw "\\u{1b}[2J\\u{1b}]0;pwned\\u{7} \\u{202e} gnp.exe"');
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/);
  });
});

describe('analysed code and configuration are data', () => {
  it('code that would run a command, a JavaScript config file and a YAML config with a code tag: nothing is executed', () => {
    const dir = project({
      'evil.py': 'import os\nos.system("touch PWNED-py")\n__import__("pathlib").Path("PWNED-py2").touch()\n',
      'evil.js': 'require("child_process").execSync("touch PWNED-js");\nrequire("fs").writeFileSync("PWNED-js2", "");\n',
      'evil.ts': 'import { writeFileSync } from "node:fs";\nwriteFileSync("PWNED-ts", "");\nexport {};\n',
      'revisor.config.js': 'require("fs").writeFileSync("PWNED-config", ""); module.exports = {};\n',
      'revisor.config.mjs': 'import { writeFileSync } from "node:fs"; writeFileSync("PWNED-config-mjs", ""); export default {};\n',
      'package.json': '{ "name": "evil", "scripts": { "prepare": "touch PWNED-npm", "postinstall": "touch PWNED-npm" } }\n',
    });
    const run = runCli([...CHECK, '-f', 'json', '--fail-on', 'never'], dir);
    expect(run.code, run.stderr).toBe(0);
    // The JavaScript config files are analysed as source code, like any other .js file, and never loaded.
    expect(JSON.parse(run.stdout).summary.filesAnalyzed).toBe(5);
    const yaml = project({ 'a.py': 'x = 1\n', 'revisor.config.yaml': 'failOn: !!js/function "function () { require(\'fs\').writeFileSync(\'PWNED-yaml\', \'\') }"\nignore: !!js/regexp /x/\n' });
    expect(runCli([...CHECK], yaml).code).toBe(2);
    for (const folder of [dir, yaml]) expect(readdirSync(folder).filter((n) => n.startsWith('PWNED'))).toEqual([]);
  });

  it('revisor\'s own code has no eval, no Function constructor, no vm, and imports computed paths only from its own rule folder', () => {
    const sources: string[] = [];
    const walk = (folder: string) => {
      for (const name of readdirSync(folder)) {
        const full = join(folder, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (name.endsWith('.ts')) sources.push(full);
      }
    };
    walk(join(repoRoot, 'src'));
    const offences: string[] = [];
    for (const file of sources) {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').replace(/(['"`])(?:\\.|(?!\1)[^\\\n])*\1/g, '""');
      const where = relative(repoRoot, file);
      if (/\beval\s*\(/.test(text)) offences.push(`${where}: eval(`);
      if (/\bnew\s+Function\s*\(|\bFunction\s*\(\s*""/.test(text)) offences.push(`${where}: Function constructor`);
      if (/\bfrom\s+""\s*;?/.test(text) && /node:vm|'vm'/.test(readFileSync(file, 'utf8'))) offences.push(`${where}: vm`);
      // `require('typescript')` and type-level `import('./x.js').T` name fixed modules; a computed specifier could name anything.
      for (const match of text.matchAll(/\b(require|import)\s*\(\s*(?!""\s*\))/g)) offences.push(`${where}: ${match[1]}( of a computed path`);
    }
    // The one dynamic import loads revisor's compiled rule modules from its own package folder.
    expect(offences.filter((o) => !o.startsWith(join('src', 'engine', 'load-rules.ts')))).toEqual([]);
    const loader = readFileSync(join(repoRoot, 'src', 'engine', 'load-rules.ts'), 'utf8');
    expect(loader).toMatch(/const codeDir = join\(dirname\(here\), '\.\.', '\.\.', 'rules'\)/);
    expect(loader.match(/\bimport\(pathToFileURL\(file\)\.href\)/g)).toHaveLength(1);
    expect(offences.filter((o) => o.startsWith(join('src', 'engine', 'load-rules.ts')))).toHaveLength(1);
    expect(existsSync(join(repoRoot, 'src', 'config', 'config.ts'))).toBe(true);
    expect(readFileSync(join(repoRoot, 'src', 'config', 'config.ts'), 'utf8')).toMatch(/CONFIG_FILE_NAMES = \['revisor\.config\.json', 'revisor\.config\.yaml', 'revisor\.config\.yml'\]/);
  });
});
