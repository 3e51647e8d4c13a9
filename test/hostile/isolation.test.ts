import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/engine/load-rules.js';
import { defineCodeRule, type Rule } from '../../src/engine/rule.js';
import { activeRulesFor } from '../../src/engine/rule-set.js';
import { runRules } from '../../src/engine/run-rules.js';
import { languageForPath } from '../../src/parse/languages.js';
import { parseSource } from '../../src/parse/parser.js';
import { analyseSource, MAX_TREE_DEPTH } from '../../src/run/analyse-file.js';
import type { LanguageId, SourceFile } from '../../src/types.js';
import { review } from '../../src/pipeline.js';
import { NESTED, project, removeProjects } from '../support/hostile.js';

/**
 * A broken rule costs only its own findings: the engine turns its exception (a stack overflow
 * included) into a note and runs the others. And at the deepest nesting revisor still analyses, no
 * built-in rule or the semantic model overflows the stack or fails.
 */

afterAll(removeProjects);

const meta = (id: string) => ({ id, languages: ['python'] as LanguageId[], severity: 'warning' as const, category: 'bug' as const, summary: id, docs: { what: '', why: '', example: '', useInstead: '' } });

const good = defineCodeRule(meta('test/good'), (context) => ({ comparison_operator: (node) => context.report({ node, message: 'compared' }) }));
const throwsOnCreate = defineCodeRule(meta('test/throws-on-create'), () => {
  throw new Error('cannot start');
});
const throwsInHandler = defineCodeRule(meta('test/throws-in-handler'), () => ({
  identifier() {
    throw new TypeError('boom');
  },
}));
const overflows = defineCodeRule(meta('test/overflows'), () => {
  const recurse = (n: number): number => recurse(n + 1) + 1;
  return { module: () => void recurse(0) };
});
const throwsAtExit = defineCodeRule(meta('test/throws-at-exit'), () => ({
  'file:exit'() {
    throw new Error('late');
  },
}));

function file(path: string, text: string): SourceFile {
  return { path, absolutePath: `/nonexistent/${path}`, language: languageForPath(path)!.id, text };
}

describe('a rule that throws', () => {
  it('becomes a rule-error note naming the file and the rule; every other rule still reports', async () => {
    const parsed = await parseSource(file('a.py', 'def f(x):\n    return x == 1\n'));
    try {
      const active = [throwsOnCreate, throwsInHandler, good, overflows, throwsAtExit].map((rule: Rule) => ({ rule, severity: rule.meta.severity }));
      const result = runRules(parsed, active);
      expect(result.findings.map((f) => `${f.ruleId}:${f.range.start.line}`)).toEqual(['test/good:2']);
      expect(result.notes.map((n) => `${n.path} ${n.kind} ${n.message}`).sort()).toEqual([
        'a.py rule-error rule test/overflows failed: Maximum call stack size exceeded',
        'a.py rule-error rule test/throws-at-exit failed: late',
        'a.py rule-error rule test/throws-in-handler failed: boom',
        'a.py rule-error rule test/throws-on-create failed: cannot start',
      ]);
    } finally {
      parsed.dispose();
    }
  });
});

describe('an analysis that fails outside any rule', () => {
  it('costs only its own file: a note names it, the other files are reported', async () => {
    const dir = project({ 'a.py': 'def f(x):\n    return x == 1\n', 'b.js': 'let a = 1;\n', 'c.py': 'def g(y):\n    return y == 2\n' });
    // A rule whose metadata breaks the engine itself when it meets JavaScript (not one of its handlers).
    const languages = new Proxy(['python'] as LanguageId[], {
      get(target, key) {
        if (key === 'includes') return (language: LanguageId) => {
          if (language === 'javascript') throw new Error('engine failure');
          return target.includes(language);
        };
        return Reflect.get(target, key);
      },
    });
    const broken = defineCodeRule({ ...meta('test/good'), languages }, (context) => ({ comparison_operator: (node) => context.report({ node, message: 'compared' }) }));
    const result = await review({ root: dir, paths: ['.'], rules: { rules: [broken], errors: [] }, jobs: 1 });
    expect(result.findings.filter((f) => f.ruleId === 'test/good').map((f) => f.path)).toEqual(['a.py', 'c.py']);
    expect(result.notes).toEqual([{ path: 'b.js', kind: 'rule-error', message: 'analysis failed: engine failure' }]);
    expect(result.summary).toEqual({ filesAnalyzed: 2, filesSkipped: 1 });
  });
});

describe(`code nested just below the ${MAX_TREE_DEPTH}-level limit`, () => {
  let rules: Rule[];
  beforeAll(async () => {
    rules = (await loadBuiltinRules()).rules;
  });

  for (const [name, generate] of Object.entries(NESTED)) {
    it(`${name}: every built-in rule and the semantic model run without failing`, async () => {
      // Find the number of levels that lands just below the limit: depth grows linearly with levels.
      const probe = await parseSource(file(name, generate(100)));
      const perLevel = probe.depth / 100;
      probe.dispose();
      const levels = Math.floor((MAX_TREE_DEPTH - 10) / perLevel);
      const source = file(name, generate(levels));
      const started = performance.now();
      const outcome = await analyseSource(source, activeRulesFor(rules, {}, source.language), { root: '.', config: {}, target: {}, reportUnusedIgnores: false });
      const elapsed = performance.now() - started;
      expect(outcome.notes.filter((n) => n.kind === 'rule-error' || n.kind === 'skipped')).toEqual([]);
      expect(outcome.analysed).toBe(true);
      // Quadratic rules at the limit stay well within a CI budget (generous for slow shared machines).
      expect(elapsed).toBeLessThan(20_000);
    });
  }
});
