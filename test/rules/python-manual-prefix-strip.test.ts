import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/engine/load-rules.js';
import type { Rule, TargetEnvironment } from '../../src/engine/rule.js';
import { runRules } from '../../src/engine/run-rules.js';
import { parseSource } from '../../src/parse/parser.js';
import type { Finding } from '../../src/types.js';

// The fixture runner has no target version, so the version gate of python/manual-prefix-strip is tested here.
const SOURCE = [
  'def relative(path, root):',
  '    if path.startswith(root):',
  '        path = path[len(root):]',
  '    return path',
  '',
  'def module_name(filename):',
  '    if filename.endswith(".py"):',
  '        filename = filename[:-3]',
  '    return filename',
  '',
  'def drop_suffix(name, suffix):',
  '    if name.endswith(suffix):',
  '        name = name[:-len(suffix)]',
  '    return name',
  '',
  'def not_a_strip(path, root):',
  '    if path.startswith(root):',
  '        path = path[:len(root)]',
  '    return path',
  '',
].join('\n');

let rule: Rule;
beforeAll(async () => {
  const loaded = await loadBuiltinRules();
  expect(loaded.errors).toEqual([]);
  rule = loaded.rules.find((r) => r.meta.id === 'python/manual-prefix-strip')!;
  expect(rule).toBeDefined();
});

async function check(target: TargetEnvironment): Promise<Finding[]> {
  const parsed = await parseSource({ path: 'strip.py', absolutePath: '/virtual/strip.py', language: 'python', text: SOURCE });
  try {
    return runRules(parsed, [{ rule, severity: rule.meta.severity }], { target }).findings.filter((f) => f.ruleId === rule.meta.id);
  } finally {
    parsed.dispose();
  }
}

const apply = (finding: Finding) => {
  let text = SOURCE;
  for (const edit of [...finding.fix!.edits].sort((a, b) => b.startOffset - a.startOffset)) {
    text = text.slice(0, edit.startOffset) + edit.text + text.slice(edit.endOffset);
  }
  return text;
};

describe('python/manual-prefix-strip', () => {
  it('stays silent when the target Python version is unknown', async () => {
    expect(await check({})).toEqual([]);
  });

  it('stays silent for Python 3.8, which has no removeprefix/removesuffix', async () => {
    expect(await check({ python: [3, 8] })).toEqual([]);
  });

  it('reports the manual strips for Python 3.9', async () => {
    const findings = await check({ python: [3, 9] });
    expect(findings.map((f) => f.range.start.line)).toEqual([2, 7, 12]);
    expect(findings[0].message).toContain('`path = path.removeprefix(root)`');
    expect(findings[0].evidence).toMatchObject({ targetPython: '3.9', method: 'removeprefix' });
    expect(findings[1].message).toContain('`filename = filename.removesuffix(".py")`');
  });

  it('fixes prefixes and literal suffixes, but not a suffix that may be empty', async () => {
    const [prefix, literalSuffix, variableSuffix] = await check({ python: [3, 12] });
    expect(apply(prefix)).toContain('    path = path.removeprefix(root)\n    return path');
    expect(apply(literalSuffix)).toContain('    filename = filename.removesuffix(".py")\n    return filename');
    expect(variableSuffix.fix).toBeUndefined();
    expect(variableSuffix.message).toContain('is empty');
  });
});
