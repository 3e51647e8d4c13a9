import { describe, expect, it } from 'vitest';
import rule from '../../rules/javascript/prefer-at-last.js';
import type { TargetEnvironment } from '../../src/engine/rule.js';
import { runRules } from '../../src/engine/run-rules.js';
import { applyEdits } from '../../src/fix/apply.js';
import { parseSource } from '../../src/parse/parser.js';
import type { LanguageId } from '../../src/types.js';

const SOURCE = [
  'function lastPart(path, node) {',
  '  const parts = path.split("/");',
  '  const file = parts[parts.length - 1];',
  '  const parent = parts[parts.length - 2];',
  '  parts[parts.length - 1] = file.toLowerCase();',
  '  const child = node.childNodes[node.childNodes.length - 1];',
  '  return [file, parent, child];',
  '}',
  '',
].join('\n');

async function check(target: TargetEnvironment, language: LanguageId = 'javascript', path = 'last.js') {
  const parsed = await parseSource({ path, absolutePath: `/virtual/${path}`, language, text: SOURCE });
  try {
    return runRules(parsed, [{ rule, severity: rule.meta.severity }], { target }).findings.filter((f) => f.ruleId === rule.meta.id);
  } finally {
    parsed.dispose();
  }
}

describe('javascript/prefer-at-last', () => {
  it('flags reads from the end of a known array when the target is ES2022', async () => {
    const findings = await check({ ecmaVersion: 2022 });
    expect(findings.map((f) => f.range.start.line)).toEqual([3, 4]);
    const fixed = applyEdits(SOURCE, findings.flatMap((f) => f.fix?.edits ?? []));
    expect(fixed).toContain('const file = parts.at(-1);');
    expect(fixed).toContain('const parent = parts.at(-2);');
    // Writes and array-likes of unknown kind are left as they are.
    expect(fixed).toContain('parts[parts.length - 1] = file.toLowerCase();');
    expect(fixed).toContain('node.childNodes[node.childNodes.length - 1]');
  });

  it('stays silent for ES2021, an unknown target, and TypeScript', async () => {
    expect(await check({ ecmaVersion: 2021 })).toEqual([]);
    expect(await check({})).toEqual([]);
    expect(await check({ ecmaVersion: 2022 }, 'typescript', 'last.ts')).toEqual([]);
  });
});
