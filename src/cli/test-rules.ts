import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { loadBuiltinRules, loadYamlRuleFile, mergeRules } from '../engine/load-rules.js';
import type { QueryRule, Rule } from '../engine/rule.js';
import { checkFixture } from '../engine/rule-tests.js';
import { fixFile } from '../fix/fix-file.js';
import { languageForPath } from '../parse/languages.js';
import type { CliIo } from './main.js';

function shown(root: string, path: string): string {
  const rel = relative(root, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

interface RuleTestOutcome {
  ruleId: string;
  ok: boolean;
  lines: string[];
}

/** Test files of a rule: same base name, a supported source extension, not a `.fixed` expectation. */
function testFilesFor(ruleFile: string): string[] {
  const dir = join(ruleFile, '..');
  const stem = basename(ruleFile).replace(/\.ya?ml$/, '');
  return readdirSync(dir)
    .filter((name) => name.startsWith(`${stem}.`) && !name.includes('.fixed.') && languageForPath(name) && name.slice(stem.length + 1).split('.').length === 1)
    .sort()
    .map((name) => join(dir, name));
}

async function testOneRule(rule: QueryRule, ruleFile: string, allRules: Rule[], root: string): Promise<RuleTestOutcome> {
  const lines: string[] = [];
  const tests = testFilesFor(ruleFile);
  if (tests.length === 0) return { ruleId: rule.meta.id, ok: false, lines: [`no test file next to ${shown(root, ruleFile)} (expected ${basename(ruleFile).replace(/\.ya?ml$/, '')}.<ext>)`] };
  let ok = true;
  for (const test of tests) {
    const display = shown(root, test);
    const result = await checkFixture(test, allRules, display);
    if (!result.ruleIds.includes(rule.meta.id)) {
      ok = false;
      lines.push(`${display}: no \`ruleid: ${rule.meta.id}\` or \`ok: ${rule.meta.id}\` annotation`);
    }
    for (const m of result.missing) lines.push(`${display}:${m.line}: expected ${m.ruleId}, not reported`);
    for (const u of result.unexpected) lines.push(`${display}:${u.line}: unexpected ${u.ruleId}: ${u.message}`);
    if (result.missing.length > 0 || result.unexpected.length > 0) ok = false;
    const ext = extname(test);
    const fixedPath = test.slice(0, -ext.length) + `.fixed${ext}`;
    if (existsSync(fixedPath)) {
      const spec = languageForPath(test)!;
      const text = readFileSync(test, 'utf8');
      const fixed = await fixFile({ path: display, absolutePath: test, language: spec.id, text }, [{ rule, severity: rule.meta.severity }]);
      const expected = readFileSync(fixedPath, 'utf8');
      if (fixed.text !== expected) {
        ok = false;
        lines.push(`${shown(root, fixedPath)}: fix output differs from the expected file${firstDifference(fixed.text, expected)}`);
      }
    }
  }
  return { ruleId: rule.meta.id, ok, lines };
}

function firstDifference(actual: string, expected: string): string {
  const a = actual.split('\n');
  const e = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) return ` at line ${i + 1}: got ${JSON.stringify(a[i] ?? '')}, expected ${JSON.stringify(e[i] ?? '')}`;
  }
  return '';
}

function ruleFilesIn(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const name of readdirSync(current)) {
      const full = join(current, name);
      if (statSync(full).isDirectory()) stack.push(full);
      else if (/\.ya?ml$/.test(name)) out.push(full);
    }
  }
  return out.sort();
}

/** `revisor test-rules`: exit 0 when every rule passes, 1 when one fails, 2 when a rule file is invalid. */
export async function testRuleFolders(dirs: string[], root: string, io: CliIo): Promise<number> {
  const loaded: Array<{ rule: QueryRule; file: string }> = [];
  let invalid = 0;
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      io.stderr(`revisor: ${shown(root, dir)}: rule folder not found\n`);
      return 2;
    }
    for (const file of ruleFilesIn(dir)) {
      const result = await loadYamlRuleFile(file);
      for (const e of result.errors) {
        invalid++;
        io.stdout(`INVALID ${shown(root, e.path)}${e.line ? `:${e.line}` : ''}: ${e.message}\n`);
      }
      if (result.rule) loaded.push({ rule: result.rule, file });
    }
  }
  const merged = mergeRules([await loadBuiltinRules(), { rules: loaded.map((l) => l.rule), errors: [] }]);
  for (const e of merged.errors) {
    invalid++;
    io.stdout(`INVALID ${shown(root, e.path)}: ${e.message}\n`);
  }
  let failed = 0;
  for (const { rule, file } of loaded) {
    const outcome = await testOneRule(rule, file, merged.rules, root);
    if (!outcome.ok) failed++;
    io.stdout(`${outcome.ok ? 'PASS' : 'FAIL'} ${outcome.ruleId}\n`);
    for (const line of outcome.lines) io.stdout(`  ${line}\n`);
  }
  io.stdout(`${loaded.length - failed} passed, ${failed} failed${invalid ? `, ${invalid} invalid rule file error(s)` : ''}\n`);
  if (invalid > 0) return 2;
  return failed > 0 ? 1 : 0;
}
