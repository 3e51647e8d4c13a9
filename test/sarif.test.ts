import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from './support/cli.js';

// The official SARIF 2.1.0 schema (OASIS errata rtm.5), as shipped in Microsoft's SARIF SDK package.
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
// Both packages are CommonJS with the class on `.default`.
const Ajv = AjvDraft04.default;
const addFormats = ajvFormats.default;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

describe('SARIF output', () => {
  const dir = makeProject({
    'src/app.py': 'def f(x):\n    return x == x\n\n\ndef g(y):\n    return y == y\n',
    'src/broken.py': 'def broken(:\n    pass\n',
    'src/with space/ü.py': 'def h(z):\n    return z == z\n',
    'bin.py': Buffer.from([0x00, 0x01]),
  });
  const run = runCli(['check', '.', '--root', '.', '-f', 'sarif'], dir);
  const log = JSON.parse(run.stdout);

  it('validates against the SARIF 2.1.0 JSON schema', () => {
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is checked by a validator that does reject malformed logs', () => {
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = 'fatal';
    delete broken.runs[0].tool.driver.name;
    expect(validate(broken)).toBe(false);
  });

  it('carries what GitHub code scanning reads', () => {
    const sarifRun = log.runs[0];
    const rules = sarifRun.tool.driver.rules;
    const rule = rules.find((r: { id: string }) => r.id === 'python/self-comparison');
    expect(rule.shortDescription.text.length).toBeGreaterThan(0);
    expect(rule.fullDescription.text.length).toBeGreaterThan(0);
    expect(rule.help.markdown).toContain('### Why it matters');
    const results = sarifRun.results;
    expect(results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }) =>
      `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}`)).toEqual([
      'src/app.py:2', 'src/app.py:6', 'src/broken.py:1', 'src/with%20space/%C3%BC.py:2',
    ]);
    for (const result of results) {
      expect(result.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{16}:\d+$/);
      expect(rules[result.ruleIndex].id).toBe(result.ruleId);
      const region = result.locations[0].physicalLocation.region;
      expect(region.endLine).toBeGreaterThanOrEqual(region.startLine);
      expect(region.startColumn).toBeGreaterThanOrEqual(1);
    }
    // Absolute paths of the machine never leak into the log.
    expect(run.stdout).not.toContain(dir);
    expect(sarifRun.invocations[0].toolExecutionNotifications.some((n: { message: { text: string } }) => n.message.text.startsWith('bin.py:'))).toBe(true);
  });
});
