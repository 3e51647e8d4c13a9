import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config/config.js';
import { makeProject, runCli } from './support/cli.js';

describe('configuration', () => {
  it('accepts a valid JSON config', () => {
    const config = parseConfig('{"ignore":["a/**"],"failOn":"warning","ruleSettings":{"python/*":"off"}}', 'revisor.config.json');
    expect(config.failOn).toBe('warning');
    expect(config.ruleSettings).toEqual({ 'python/*': 'off' });
  });

  it('names an unknown key and the file', () => {
    expect(() => parseConfig('{"ignores": []}', 'revisor.config.json')).toThrowError(/revisor\.config\.json: unknown key "ignores"/);
  });

  it('names a nested unknown key', () => {
    expect(() => parseConfig('languages:\n  python:\n    enable: false\n', 'revisor.config.yaml')).toThrowError(/unknown key "languages\.python\.enable"/);
  });

  it('names a value of the wrong type', () => {
    expect(() => parseConfig('{"maxFileBytes": "big"}', 'c.json')).toThrowError(/"maxFileBytes" must be integer/);
    expect(() => parseConfig('{"ruleSettings": {"python/self-comparison": "loud"}}', 'c.json')).toThrowError(/must be one of/);
  });

  it('reports YAML syntax errors with their line', () => {
    let error: unknown;
    try {
      parseConfig('ignore:\n  - a\n bad: [\n', 'revisor.config.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/revisor\.config\.yaml: invalid YAML at line \d+/);
  });

  it('exits 2 on a bad config file and on an unknown rule id, naming the problem', () => {
    const bad = makeProject({ 'revisor.config.json': '{"failOn": "sometimes"}', 'a.py': 'x = 1\n' });
    const run = runCli(['check', '.', '--root', '.'], bad);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/revisor\.config\.json: "failOn" must be one of/);

    const unknownRule = makeProject({ 'revisor.config.yaml': 'ruleSettings:\n  python/no-such-rule: off\n', 'a.py': 'x = 1\n' });
    const second = runCli(['check', '.', '--root', '.'], unknownRule);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/unknown rule\(s\): python\/no-such-rule/);
  });

  it('applies severities, globs and per-language settings', () => {
    const dir = makeProject({
      'a.py': 'def f(x):\n    return x == x\n',
      'revisor.config.json': JSON.stringify({ ruleSettings: { 'python/self-comparison': 'warning' } }),
    });
    const warned = runCli(['check', '.', '--root', '.', '-f', 'json'], dir);
    expect(warned.code).toBe(0);
    expect(JSON.parse(warned.stdout).findings.map((f: { severity: string }) => f.severity)).toEqual(['warning']);

    const off = makeProject({
      'a.py': 'def f(x):\n    return x == x\n',
      'revisor.config.json': JSON.stringify({ ruleSettings: { 'python/self-comparison': 'error' }, languages: { python: { ruleSettings: { 'python/*': 'off' } } } }),
    });
    const silenced = runCli(['check', '.', '--root', '.', '-f', 'json'], off);
    expect(JSON.parse(silenced.stdout).findings).toEqual([]);
  });
});
