import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/cli.js';

describe('npm run bench -- --smoke', () => {
  it('measures parse-only and revisor throughput and prints a Markdown table per corpus', () => {
    const run = spawnSync(process.execPath, [join(repoRoot, 'dist', 'bench', 'run.js'), '--smoke'], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('# revisor benchmark (smoke)');
    for (const corpus of ['fixtures (Python)', 'fixtures (JavaScript)']) expect(run.stdout).toContain(`### ${corpus}`);
    expect(run.stdout).toMatch(/\| parse only \(web-tree-sitter\) \| \d+ ms \| [\d.]+ MB\/s/);
    expect(run.stdout).toMatch(/\| revisor check, cold, --jobs 1 \| \d+ ms \| [\d.]+ MB\/s \| \d+ MB \|/);
    expect(run.stdout).toMatch(/\| revisor check, cold, default jobs \| \d+ ms \|/);
    // The all-cores row states the most those cores could gain: cores divided by the cores the 1-job run used.
    const bound = /× the 1-job speed \(at most ([\d.]+)× on (\d+) cores: the 1-job run used ([\d.]+) cores\)/.exec(run.stdout);
    expect(bound, run.stdout).not.toBeNull();
    const [most, cores, used] = bound!.slice(1).map(Number);
    expect(used).toBeGreaterThan(0);
    expect(most * used).toBeCloseTo(cores, 1);
    expect(run.stdout).toMatch(/\| revisor check, warm cache \|/);
    expect(run.stdout).toMatch(/Findings: [\d.]+ per 1,000 lines\. Top rules: \w+\/[\w-]+ \d+/);
  }, 180_000);
});
