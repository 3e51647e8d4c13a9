import { describe, expect, it } from 'vitest';
import { INTERNAL_RULES } from '../src/engine/internal-rules.js';
import { loadBuiltinRules } from '../src/engine/load-rules.js';
import { explainOffline } from '../src/explain/offline.js';
import type { Finding } from '../src/types.js';

const finding = (ruleId: string, extra: Partial<Finding> = {}): Finding => ({
  ruleId,
  severity: 'warning',
  category: 'bug',
  message: 'The thing at `x` is wrong',
  path: 'a.py',
  range: { start: { line: 3, column: 1 }, end: { line: 3, column: 5 } },
  fingerprint: 'f',
  evidence: { leftType: 'int', loopLine: '5' },
  ...extra,
});

describe('offline explainer', () => {
  it('renders an explanation for every rule from its docs and the evidence', async () => {
    const { rules } = await loadBuiltinRules();
    const metas = [...rules.map((r) => r.meta), ...INTERNAL_RULES];
    expect(metas.length).toBeGreaterThan(2);
    const missing: string[] = [];
    for (const meta of metas) {
      for (const key of ['what', 'why', 'example', 'useInstead'] as const) if (meta.docs[key].trim().length < 3) missing.push(`${meta.id}: docs.${key}`);
      const explanation = explainOffline(finding(meta.id), meta);
      expect(explanation.source).toBe('offline');
      expect(explanation.text).toContain('The thing at `x` is wrong.');
      expect(explanation.text).toContain(meta.docs.why.trim().slice(0, 20));
      expect(explanation.text).toContain('left type: int');
      expect(explanation.text).toContain('loop line: 5');
    }
    expect(missing).toEqual([]);
  });

  it('points at the deterministic fix when the finding has one', () => {
    const meta = INTERNAL_RULES[0];
    const withFix = explainOffline(finding(meta.id, { fix: { title: 'Replace `==` with `is`', edits: [], verified: true } }), meta);
    expect(withFix.text).toContain('Fix: Replace `==` with `is`.');
  });
});
