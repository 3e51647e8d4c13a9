import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/engine/load-rules.js';
import type { Rule, TargetEnvironment } from '../../src/engine/rule.js';
import { runRules } from '../../src/engine/run-rules.js';
import { parseSource } from '../../src/parse/parser.js';
import type { Finding } from '../../src/types.js';

// The fixture runner has no target standard, so the C++20 gate of cpp/prefer-contains is tested here.
const SOURCE = [
  '#include <map>',
  '#include <set>',
  '#include <string>',
  '',
  'void greet(int id);',
  '',
  'void check(const std::map<int, std::string>& users, const std::set<int>& banned, const std::string& name, int id) {',
  '  if (users.find(id) != users.end()) {',
  '    greet(id);',
  '  }',
  '  if (banned.count(id) == 0) {',
  '    greet(-id);',
  '  }',
  '  if (banned.count(id)) {',
  '    greet(0);',
  '  }',
  '  if (name.find(\'x\') != std::string::npos) {',
  '    greet(1);',
  '  }',
  '}',
  '',
].join('\n');

let rule: Rule;
beforeAll(async () => {
  const loaded = await loadBuiltinRules();
  rule = loaded.rules.find((r) => r.meta.id === 'cpp/prefer-contains')!;
  expect(rule).toBeDefined();
});

async function check(target: TargetEnvironment): Promise<Finding[]> {
  const parsed = await parseSource({ path: 'contains.cpp', absolutePath: '/virtual/contains.cpp', language: 'cpp', text: SOURCE });
  try {
    return runRules(parsed, [{ rule, severity: rule.meta.severity }], { target }).findings.filter((f) => f.ruleId === rule.meta.id);
  } finally {
    parsed.dispose();
  }
}

function apply(finding: Finding): string {
  let text = SOURCE;
  for (const edit of [...finding.fix!.edits].sort((a, b) => b.startOffset - a.startOffset)) {
    text = text.slice(0, edit.startOffset) + edit.text + text.slice(edit.endOffset);
  }
  return text;
}

describe('cpp/prefer-contains', () => {
  it('reports membership tests on sets and maps when the target is C++20', async () => {
    const findings = await check({ cppStandard: 20 });
    expect(findings.map((f) => f.range.start.line)).toEqual([8, 11, 14]);
    expect(findings[0].message).toContain('`users.contains(id)`');
    expect(apply(findings[0])).toContain('  if (users.contains(id)) {');
    expect(apply(findings[1])).toContain('  if (!banned.contains(id)) {');
    expect(apply(findings[2])).toContain('  if (banned.contains(id)) {');
  });

  it('stays silent for C++17 and for an unknown standard', async () => {
    expect(await check({ cppStandard: 17 })).toEqual([]);
    expect(await check({})).toEqual([]);
  });
});
