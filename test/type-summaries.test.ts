import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSemanticModel } from '../src/analysis/index.js';
import { TypeSession } from '../src/analysis/type-session.js';
import { TreeSitterTypeEngine } from '../src/analysis/types/engine.js';
import { inferenceOf } from '../src/analysis/types/provider.js';
import { parseSource } from '../src/parse/parser.js';
import type { SyntaxNode } from '../src/parse/syntax-node.js';
import { loadBuiltinRules } from '../src/engine/load-rules.js';
import { activeRulesFor } from '../src/engine/rule-set.js';
import { analyseSource } from '../src/run/analyse-file.js';
import type { LanguageId } from '../src/types.js';
import { makeProject } from './support/cli.js';

/**
 * Imported files are kept analysed within a budget; what importers hold are handles that re-read a
 * dropped file for a question it has not answered yet. Answers must not depend on the budget.
 */

const PROJECT = {
  'shop/__init__.py': '',
  'shop/cart.py': [
    'class Cart:',
    '    def __init__(self):',
    '        self.items = []',
    '        self.total = 0.0',
    '    def count(self) -> int:',
    '        return len(self.items)',
    '    def label(self):',
    '        return "cart"',
    '    def clear(self):',
    '        self.items = []',
    '',
    'def make_cart():',
    '    return Cart()',
    '',
  ].join('\n'),
  'shop/money.py': ['RATE = 1.5', '', 'def convert(amount: float):', '    return amount * RATE', ''].join('\n'),
  'shop/a.py': ['from .cart import Cart, make_cart', 'from .money import convert', 'c = make_cart()', 'n = c.count()', 'x = convert(2.0)', ''].join('\n'),
  'shop/b.py': ['from .money import convert, RATE', 'from .cart import Cart', 'k = Cart()', 'l = k.label()', 't = k.total', 'r = RATE', ''].join('\n'),
  'web/lib.js': ['export class Store {', '  constructor() { this.size = 0; }', '  name() { return "store"; }', '}', 'export const VERSION = "1";', ''].join('\n'),
  'web/app.js': ["import { Store, VERSION } from './lib.js';", 'const s = new Store();', 'const m = s.name();', 'const v = VERSION;', ''].join('\n'),
};

const QUESTIONS: Array<[string, string]> = [
  ['shop/a.py', 'n'],
  ['shop/a.py', 'x'],
  ['shop/a.py', 'c'],
  ['shop/b.py', 'l'],
  ['shop/b.py', 't'],
  ['shop/b.py', 'r'],
  ['shop/b.py', 'k'],
  ['web/app.js', 'm'],
  ['web/app.js', 'v'],
  ['web/app.js', 's'],
];

async function typesOf(dir: string, engine: TreeSitterTypeEngine) {
  const session = new TypeSession({ root: dir, engine: 'tree-sitter' }, [engine]);
  const answers: Record<string, string[] | undefined> = {};
  const classes: Record<string, unknown> = {};
  for (const [file, name] of QUESTIONS) {
    const language: LanguageId = file.endsWith('.py') ? 'python' : 'javascript';
    const parsed = await parseSource({ path: file, absolutePath: join(dir, file), language, text: readFileSync(join(dir, file), 'utf8') });
    const provider = session.providerFor(parsed, buildSemanticModel(parsed));
    const target = [...parsed.root.descendants()].find((n) => n.type === 'identifier' && n.text === name)!;
    answers[`${file}:${name}`] = provider?.typeOf(target)?.names;
    const t = inferenceOf(provider)?.typeOf(target)?.type;
    if (t?.kind === 'instance') classes[`${file}:${name}`] = t.cls;
  }
  return { answers, classes };
}

describe('summaries of imported files', () => {
  it('give the same answers whether imported files stay analysed or are dropped and read again', async () => {
    const dir = makeProject(PROJECT);
    const roomy = new TreeSitterTypeEngine();
    const tight = new TreeSitterTypeEngine({ liveSummaryChars: 0 });
    const kept = await typesOf(dir, roomy);
    const dropped = await typesOf(dir, tight);
    expect(kept.answers).toEqual({
      'shop/a.py:n': ['int'],
      'shop/a.py:x': ['float'],
      'shop/a.py:c': ['Cart'],
      'shop/b.py:l': ['str'],
      'shop/b.py:t': ['float'],
      'shop/b.py:r': ['float'],
      'shop/b.py:k': ['Cart'],
      'web/app.js:m': ['string'],
      'web/app.js:v': ['string'],
      'web/app.js:s': ['Store'],
    });
    expect(dropped.answers).toEqual(kept.answers);
    expect(roomy.summaryStats.reloads).toBe(0);
    expect(tight.summaryStats.reloads).toBeGreaterThan(0);
    // Every re-read copied the tree kept in compact form from the first read, without parsing.
    expect(tight.summaryStats.compact).toBe(tight.summaryStats.reloads);
    expect(roomy.summaryStats.compact).toBe(0);
    // One class, one handle, in every importer, however often its file was read.
    expect(dropped.classes['shop/a.py:c']).toBe(dropped.classes['shop/b.py:k']);
  });

  it('read a module file again when it changed, and never mix two versions', async () => {
    const dir = makeProject(PROJECT);
    const engine = new TreeSitterTypeEngine({ liveSummaryChars: 0 });
    expect((await typesOf(dir, engine)).answers['shop/a.py:x']).toEqual(['float']);
    writeFileSync(join(dir, 'shop/money.py'), 'RATE = "1.5"\n\ndef convert(amount: float) -> str:\n    return str(amount)\n');
    const compactBefore = engine.summaryStats.compact;
    const after = await typesOf(dir, engine);
    // The changed file is parsed again (its compact tree was of the old text); the others are not re-read.
    expect(engine.summaryStats.compact).toBe(compactBefore);
    expect(after.answers['shop/a.py:x']).toEqual(['str']);
    expect(after.answers['shop/b.py:r']).toEqual(['str']);
  });

  it("build an imported file's summary from its tree when it was analysed first, with the same answers as a parse", async () => {
    const dir = makeProject(PROJECT);
    const parsedFresh = new TreeSitterTypeEngine();
    const expected = (await typesOf(dir, parsedFresh)).answers;
    expect(parsedFresh.summaryStats.donated).toBe(0);

    const engine = new TreeSitterTypeEngine();
    const session = new TypeSession({ root: dir, engine: 'tree-sitter' }, [engine]);
    const analyse = async (file: string, text = readFileSync(join(dir, file), 'utf8')) => {
      const language: LanguageId = file.endsWith('.py') ? 'python' : 'javascript';
      const parsed = await parseSource({ path: file, absolutePath: join(dir, file), language, text });
      session.providerFor(parsed, buildSemanticModel(parsed));
      parsed.dispose();
    };
    // An edited copy of money.py (as fix verification analyses) must not stand in for the file on disk.
    await analyse('shop/money.py', 'RATE = "changed"\n');
    await analyse('shop/cart.py');
    await analyse('web/lib.js');
    const answers = (await typesOf(dir, engine)).answers;
    expect(answers).toEqual(expected);
    // cart.py and lib.js came from their analysed trees; money.py was parsed from disk.
    expect(engine.summaryStats.donated).toBe(2);
    expect(engine.summaryStats.loads).toBe(parsedFresh.summaryStats.loads);
  });

  it("hand an imported file's tree to its own analysis when the summary still holds it, with the same findings", async () => {
    const dir = makeProject({
      ...PROJECT,
      'shop/cart.py': `${PROJECT['shop/cart.py']}\ndef broken(items):\n    if items == items:\n        return make_cart(1)\n`,
    });
    const engine = new TreeSitterTypeEngine();
    const session = new TypeSession({ root: dir, engine: 'tree-sitter' }, [engine]);
    await typesOf(dir, engine);
    const text = readFileSync(join(dir, 'shop/cart.py'), 'utf8');
    const file = { path: 'shop/cart.py', absolutePath: join(dir, 'shop/cart.py'), language: 'python' as const, text };
    // An edited text (fix verification) is parsed afresh.
    expect(session.reusableParse({ ...file, text: `${text}\n# edited\n` })).toBeUndefined();
    const reused = session.reusableParse(file)!;
    expect(reused).toBeDefined();
    const fresh = await parseSource(file);
    const shape = (n: SyntaxNode): unknown => [n.type, n.startIndex, n.endIndex, n.fieldName, n.children.map(shape)];
    expect(shape(reused.parsed.root)).toEqual(shape(fresh.root));
    expect(reused.parsed.file).toBe(file);
    fresh.dispose();

    const rules = (await loadBuiltinRules()).rules;
    const active = activeRulesFor(rules, {}, 'python');
    const settings = { root: dir, config: {}, target: {}, reportUnusedIgnores: false };
    const before = engine.summaryStats.reused;
    const withReuse = await analyseSource(file, active, settings, session);
    expect(engine.summaryStats.reused).toBe(before + 1);
    const withoutReuse = await analyseSource(file, active, settings, new TypeSession({ root: dir, engine: 'tree-sitter' }, [new TreeSitterTypeEngine()]));
    expect(withReuse.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['python/self-comparison', 'python/call-arity-mismatch']));
    expect(withReuse).toEqual(withoutReuse);
  });
});
