import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './support/cli.js';
import { git, writeFiles } from './support/git-repo.js';

interface JsonFinding { ruleId: string; path: string; range: { start: { line: number } } }

describe('a custom YAML rule in revisor review', () => {
  it('fires on the lines a branch adds and stays silent on old code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'revisor-custom-review-'));
    git(dir, 'init', '-q');
    writeFiles(dir, {
      'revisor.config.json': JSON.stringify({ rules: ['.revisor/rules'] }),
      'app/handlers.py': 'import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef handle_old(req):\n    print("old")\n',
    });
    cpSync(join(repoRoot, 'fixtures', 'custom-rules', 'no-print-in-handlers.yaml'), join(dir, '.revisor', 'rules', 'no-print-in-handlers.yaml'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    git(dir, 'checkout', '-q', '-b', 'feature');
    writeFiles(dir, {
      'app/handlers.py': 'import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef handle_old(req):\n    print("old")\n\n\ndef handle_new(req):\n    print("new")\n',
    });
    const run = runCli(['review', '--base', 'main', '-f', 'json', '--fail-on', 'never'], dir);
    expect(run.code, run.stderr).toBe(0);
    const findings: JsonFinding[] = JSON.parse(run.stdout).findings;
    expect(findings.map((f) => `${f.path}:${f.range.start.line} ${f.ruleId}`)).toEqual(['app/handlers.py:11 acme/no-print-in-handlers']);
  });
});
