import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/cli.js';

interface JsonFinding { ruleId: string; path: string; range: { start: { line: number } } }

describe('npm run sample: revisor review on the bundled sample project', () => {
  it('reviews the change between the two snapshots: new bugs reported, old ones hidden, offline', () => {
    const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'demo-review.mjs'), '-f', 'json', '--no-timing'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', OPENAI_API_KEY: '', OPENAI_BASE_URL: '' },
    });
    expect(run.status).toBe(0);
    const found = (JSON.parse(run.stdout).findings as JsonFinding[]).map((f) => `${f.path}:${f.range.start.line} ${f.ruleId}`);
    expect(found).toEqual([
      'shop/inventory.py:13 python/self-comparison',
      'shop/inventory.py:17 python/unreachable-code',
      'shop/inventory.py:20 python/is-literal-comparison',
      'shop/pricing.py:14 python/unsupported-operand-types',
      'shop/pricing.py:19 python/none-result-used',
      'shop/pricing.py:23 python/unknown-attribute',
      'shop/pricing.py:31 python/unknown-attribute',
      'shop/pricing.py:36 python/call-arity-mismatch',
      'web/cart.js:13 javascript/nan-comparison',
      'web/cart.js:16 javascript/invalid-typeof',
      'web/cart.js:20 javascript/unreachable-code',
      'web/cart.js:24 javascript/self-comparison',
      'web/format.ts:9 javascript/nan-comparison',
      'web/totals.js:5 javascript/nan-arithmetic',
      'web/totals.js:11 javascript/not-a-function',
      'web/totals.js:16 javascript/unknown-member',
      'web/totals.js:22 javascript/new-non-constructor',
    ]);
    expect(run.stderr).toMatch(/reviewed 5 of 6 changed files \(1 deleted\), \+79 -6 lines, working tree of feature against main \(merge-base [0-9a-f]+\): 17 findings shown, 5 hidden by --filter-mode added/);
    const markdown = readFileSync(join(repoRoot, 'dist', 'sample-review.md'), 'utf8');
    expect(markdown.startsWith('<!-- revisor-report -->\n# revisor review\n\n**Verdict: changes requested**')).toBe(true);
    expect(markdown).toContain('_Renamed from `web/money.ts`._');
    expect(markdown).toContain('| `web/legacy.js` | deleted | +0 −5 | deleted |');
    expect(markdown).not.toContain('native/checksum.cpp');
  });
});
