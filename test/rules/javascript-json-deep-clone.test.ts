import { describe, expect, it } from 'vitest';
import rule from '../../rules/javascript/json-deep-clone.js';
import type { TargetEnvironment } from '../../src/engine/rule.js';
import { runRules } from '../../src/engine/run-rules.js';
import { parseSource } from '../../src/parse/parser.js';
import type { LanguageId } from '../../src/types.js';

const SOURCE = [
  'function copy(order) {',
  '  const draft = JSON.parse(JSON.stringify(order));',
  '  const pretty = JSON.parse(JSON.stringify(order, null, 2));',
  '  return [draft, pretty];',
  '}',
  '',
].join('\n');

async function check(target: TargetEnvironment, language: LanguageId = 'javascript', path = 'copy.js') {
  const parsed = await parseSource({ path, absolutePath: `/virtual/${path}`, language, text: SOURCE });
  try {
    return runRules(parsed, [{ rule, severity: rule.meta.severity }], { target }).findings.filter((f) => f.ruleId === rule.meta.id);
  } finally {
    parsed.dispose();
  }
}

describe('javascript/json-deep-clone', () => {
  it('flags the JSON round trip when the target Node has structuredClone', async () => {
    const findings = await check({ node: 18 });
    expect(findings.map((f) => f.range.start.line)).toEqual([2]);
    expect(findings[0].message).toContain('structuredClone(order)');
    expect(findings[0].evidence).toMatchObject({ targetNode: '18', replacement: 'structuredClone(order)' });
  });

  it('flags TypeScript too', async () => {
    const findings = await check({ node: 20 }, 'typescript', 'copy.ts');
    expect(findings.map((f) => f.range.start.line)).toEqual([2]);
  });

  it('stays silent when the target Node lacks structuredClone or is unknown', async () => {
    expect(await check({ node: 16 })).toEqual([]);
    expect(await check({})).toEqual([]);
  });
});
