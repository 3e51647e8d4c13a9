import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, repoRoot, runCli } from './support/cli.js';

const examples = join(repoRoot, 'fixtures', 'custom-rules');

interface JsonFinding { ruleId: string; path: string; range: { start: { line: number } }; fix?: { verified?: boolean } }

describe('custom YAML rules', () => {
  it('the five example rules pass their own tests, fix output included', () => {
    const run = runCli(['test-rules', examples]);
    expect(run.stdout).toBe([
      'PASS acme/append-to-str',
      'PASS acme/no-console-log',
      'PASS acme/no-new-in-loop',
      'PASS acme/no-non-null-assertion',
      'PASS acme/no-print-in-handlers',
      '5 passed, 0 failed',
      '',
    ].join('\n'));
    expect(run.code).toBe(0);
  });

  it('test-rules reports missing and unexpected lines and a wrong .fixed file, with exit code 1', () => {
    const dir = makeProject({});
    cpSync(examples, join(dir, 'rules'), { recursive: true });
    // Move one expectation to the wrong line and break the expected fix output.
    writeFileSync(join(dir, 'rules', 'append-to-str.py'), 'def f():\n    label = "a"\n    # ruleid: acme/append-to-str\n    x = 1\n    label.append("b")\n');
    writeFileSync(join(dir, 'rules', 'no-print-in-handlers.fixed.py'), 'nothing like the fixed file\n');
    const run = runCli(['test-rules', 'rules', '--root', '.'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL acme/append-to-str');
    expect(run.stdout).toContain('rules/append-to-str.py:4: expected acme/append-to-str, not reported');
    expect(run.stdout).toMatch(/rules\/append-to-str\.py:5: unexpected acme\/append-to-str: `label` is a str/);
    expect(run.stdout).toMatch(/FAIL acme\/no-print-in-handlers\n {2}rules\/no-print-in-handlers\.fixed\.py: fix output differs from the expected file at line 1/);
    expect(run.stdout).toContain('3 passed, 2 failed');
  });

  it('rules from config folders fire in check, honour files/ignores, and carry verified fixes', () => {
    const dir = makeProject({
      'revisor.config.json': JSON.stringify({ rules: ['./.revisor/rules'] }),
      'app/handlers.py': 'import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef handle_x(req):\n    print("x")\n',
      'web/app.js': 'console.log("hi");\n',
      'scripts/tool.js': 'console.log("allowed here");\n',
    });
    cpSync(examples, join(dir, '.revisor', 'rules'), { recursive: true });
    const run = runCli(['check', 'app', 'web', 'scripts', '--root', '.', '-f', 'json'], dir);
    const findings: JsonFinding[] = JSON.parse(run.stdout).findings;
    expect(findings.map((f) => `${f.path}:${f.range.start.line} ${f.ruleId}`)).toEqual([
      'app/handlers.py:7 acme/no-print-in-handlers',
      'web/app.js:1 acme/no-console-log',
    ]);
    expect(findings[0].fix?.verified).toBe(true);
    const listed = runCli(['rules', '--json', '--root', '.'], dir);
    expect(JSON.parse(listed.stdout).map((r: { id: string }) => r.id)).toContain('acme/append-to-str');
  });

  it('loads rules from an npm package named in extends', () => {
    const dir = makeProject({
      'revisor.config.yaml': 'extends:\n  - "@acme/revisor-rules"\n',
      'node_modules/@acme/revisor-rules/package.json': JSON.stringify({ name: '@acme/revisor-rules', version: '1.0.0', revisor: { rules: 'checks' } }),
      'src/app.js': 'console.debug(1);\n',
    });
    mkdirSync(join(dir, 'node_modules/@acme/revisor-rules/checks'), { recursive: true });
    cpSync(join(examples, 'no-console-log.yaml'), join(dir, 'node_modules/@acme/revisor-rules/checks/no-console-log.yaml'));
    const run = runCli(['check', 'src', '--root', '.', '-f', 'json'], dir);
    expect(JSON.parse(run.stdout).findings.map((f: JsonFinding) => f.ruleId)).toEqual(['acme/no-console-log']);
  });

  it('a bad rule file stops nothing else, and rules --validate names file, line and reason', () => {
    const dir = makeProject({
      'revisor.config.json': JSON.stringify({ rules: ['checks'] }),
      'checks/yaml-error.yaml': 'id: acme/broken\nlanguages: [python\n',
      'checks/unknown-key.yaml': 'id: acme/unknown-key\nlanguages: [python]\nseverity: warning\ncategory: bug\nmessage: m\ndocs: {what: a, why: b, example: c, useInstead: d}\nquery: "(call) @report"\nseverety: error\n',
      'checks/bad-query.yaml': 'id: acme/bad-query\nlanguages: [python]\nseverity: warning\ncategory: bug\nmessage: m\ndocs: {what: a, why: b, example: c, useInstead: d}\nquery: |\n  (call\n    function: (identifer) @report)\n',
      'checks/missing-capture.yaml': 'id: acme/missing-capture\nlanguages: [python]\nseverity: warning\ncategory: bug\nmessage: "calls {{callee}}"\ndocs: {what: a, why: b, example: c, useInstead: d}\nquery: "(call) @report"\n',
      'checks/collides.yaml': 'id: python/self-comparison\nlanguages: [python]\nseverity: warning\ncategory: bug\nmessage: m\ndocs: {what: a, why: b, example: c, useInstead: d}\nquery: "(call) @report"\n',
      'a.py': 'def f(x):\n    return x == x\n',
    });
    const validate = runCli(['rules', '--validate', '--root', '.'], dir);
    expect(validate.code).toBe(2);
    const lines = validate.stderr.trim().split('\n').sort();
    expect(lines).toEqual([
      expect.stringMatching(/^checks\/bad-query\.yaml:9: query does not compile for python: Bad node name 'identifer'/),
      expect.stringMatching(/^checks\/collides\.yaml: rule id "python\/self-comparison" is already defined in .*rules\/python\/self-comparison\.(ts|js)$/),
      'checks/missing-capture.yaml:5: capture "@callee" is used but the query has no such capture',
      'checks/unknown-key.yaml:1: unknown key "severety"',
      expect.stringMatching(/^checks\/yaml-error\.yaml:\d: YAML error: /),
    ]);
    const check = runCli(['check', 'a.py', '--root', '.', '-f', 'json'], dir);
    expect(check.code).toBe(1);
    const report = JSON.parse(check.stdout);
    expect(report.findings.map((f: JsonFinding) => f.ruleId)).toEqual(['python/self-comparison']);
    expect(report.notes.filter((n: { kind: string }) => n.kind === 'rule-error')).toHaveLength(5);
  });
});
