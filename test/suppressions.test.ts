import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from './support/cli.js';

interface JsonFinding { ruleId: string; range: { start: { line: number } } }
const findingsOf = (stdout: string): JsonFinding[] => JSON.parse(stdout).findings;

describe('inline suppressions', () => {
  it('silences a rule on its own line and the next line, in every comment syntax', () => {
    const dir = makeProject({
      'a.py': [
        'def f(x, y):',
        '    # revisor-ignore python/self-comparison -- NaN check',
        '    a = x == x',
        '    b = y == y  # revisor-ignore python/self-comparison',
        '    return x == x',
        '',
      ].join('\n'),
      'b.cpp': ['int f(int x) {', '  /* revisor-ignore -- all rules */', '  return x == x;', '}', ''].join('\n'),
      'c.py': ['def g(x):', '    # revisor-ignore python/other-rule -- different rule', '    return x == x', ''].join('\n'),
    });
    const run = runCli(['check', '.', '--root', '.', '-f', 'json', '--fail-on', 'never'], dir);
    const found = findingsOf(run.stdout).filter((f) => f.ruleId.endsWith('self-comparison'));
    expect(found.map((f) => `${(f as unknown as { path: string }).path}:${f.range.start.line}`)).toEqual(['a.py:5', 'c.py:3']);
  });

  it('reports unused suppressions on request', () => {
    const dir = makeProject({ 'a.py': ['# revisor-ignore python/self-comparison -- stale', 'x = 1', ''].join('\n') });
    const quiet = runCli(['check', '.', '--root', '.', '-f', 'json'], dir);
    expect(findingsOf(quiet.stdout)).toEqual([]);
    const loud = runCli(['check', '.', '--root', '.', '-f', 'json', '--report-unused-ignores'], dir);
    expect(findingsOf(loud.stdout).map((f) => `${f.ruleId}@${f.range.start.line}`)).toEqual(['revisor/unused-ignore@1']);
  });
});
