import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './support/cli.js';

describe('docs/rules.md', () => {
  it('is current with the rule files (regenerate with `npm run docs`)', () => {
    const generated = runCli(['rules', '--markdown', '--root', '.']).stdout;
    expect(readFileSync(join(repoRoot, 'docs', 'rules.md'), 'utf8')).toBe(generated);
  });

  it('documents every rule under the four fixed headings', () => {
    const reference = readFileSync(join(repoRoot, 'docs', 'rules.md'), 'utf8');
    const rules = JSON.parse(runCli(['rules', '--json', '--root', '.']).stdout) as Array<{ id: string }>;
    for (const rule of rules) {
      const section = reference.split(`\n### ${rule.id}\n`)[1]?.split('\n### ')[0] ?? '';
      for (const heading of ['What it flags', 'Why it matters', 'Example', 'Use instead']) expect(section, `${rule.id}: ${heading}`).toContain(`#### ${heading}`);
    }
  });
});
