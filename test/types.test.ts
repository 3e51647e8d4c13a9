import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSemanticModel } from '../src/analysis/index.js';
import { typeEngines } from '../src/analysis/type-engines.js';
import { TypeSession } from '../src/analysis/type-session.js';
import { TreeSitterTypeEngine } from '../src/analysis/types/engine.js';
import { JavaScriptTypes } from '../src/analysis/types/javascript.js';
import { builtin, combineOrigins, describe as describeType, joinTyped, NONE, typed, union, UNKNOWN, widen } from '../src/analysis/types/lattice.js';
import { inferenceOf } from '../src/analysis/types/provider.js';
import { PythonTypes } from '../src/analysis/types/python.js';
import { matchCall, pythonBinary, Relations } from '../src/analysis/types/relations.js';
import { loadStubs } from '../src/analysis/types/stubs.js';
import { runTypes } from '../src/cli/types-command.js';
import { parseSource } from '../src/parse/parser.js';
import type { SyntaxNode } from '../src/parse/syntax-node.js';
import type { LanguageId } from '../src/types.js';
import { dedent } from './analysis/support.js';
import { makeProject, repoRoot, runCli } from './support/cli.js';

const EXT: Record<string, string> = { python: 'py', javascript: 'js', typescript: 'ts' };

async function infer(language: LanguageId, text: string) {
  const path = `sample.${EXT[language]}`;
  const parsed = await parseSource({ path, absolutePath: `/virtual/${path}`, language, text });
  const model = buildSemanticModel(parsed)!;
  const types = language === 'python' ? new PythonTypes(parsed, model, { label: path }) : new JavaScriptTypes(parsed, model, { label: path });
  /** The n-th node whose text is `text` (expressions, identifiers). */
  const node = (source: string, index = 0): SyntaxNode => {
    const found = [...parsed.root.descendants()].filter((n) => n.isNamed && n.text === source)[index];
    if (!found) throw new Error(`no node ${source}`);
    return found;
  };
  const typeOf = (source: string, index = 0) => {
    const t = types.typeOf(node(source, index));
    return t ? describeType(t.type, types.flavor) : 'unknown';
  };
  return { parsed, model, types, node, typeOf };
}

describe('the lattice', () => {
  it('joins into unions, merges literals of one class, and gives up on wide unions', () => {
    expect(describeType(union([builtin('int', [], { literal: 1 }), builtin('int', [], { literal: 2 })]), 'python')).toBe('int');
    expect(describeType(union([builtin('str'), NONE]), 'python')).toBe('str | None');
    expect(describeType(union([builtin('list', [builtin('int')]), builtin('list', [builtin('str')])]), 'python')).toBe('list[int | str]');
    expect(union(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => builtin(n)))).toEqual(UNKNOWN);
    expect(union([builtin('int'), UNKNOWN])).toEqual(UNKNOWN);
    expect(widen(builtin('str', [], { literal: 'x' }))).toEqual(builtin('str'));
  });

  it('keeps where each joined type came from', () => {
    const joined = joinTyped(typed(builtin('int'), 'assigned at line 3'), typed(builtin('str'), 'assigned at line 5'))!;
    expect(joined.origin).toBe('assigned at line 3; assigned at line 5');
    expect(describeType(joined.type, 'python')).toBe('int | str');
    // Distinct origins in order, each once, the first three of them.
    expect(combineOrigins('line 1; line 2', 'line 2; line 1')).toBe('line 1; line 2');
    expect(combineOrigins('line 1; line 2; line 3', 'line 3')).toBe('line 1; line 2; line 3');
    expect(combineOrigins('line 1; line 2', 'line 3; line 4; line 5')).toBe('line 1; line 2; line 3; …');
    expect(combineOrigins('line 1; line 2; line 3; …', 'line 1')).toBe('line 1; line 2; line 3; …');
  });
});

describe('the builtin stubs', () => {
  const stubs = loadStubs('python');
  const relations = new Relations(stubs);

  it('parse signatures and bind class type parameters from the receiver', () => {
    const pop = stubs.member(builtin('list', [builtin('int')]), 'pop');
    expect(pop?.kind).toBe('method');
    if (pop?.kind !== 'method') return;
    expect(describeType(pop.fn.signatures![0].returns, 'python')).toBe('int');
    const split = stubs.member(builtin('str'), 'split');
    if (split?.kind !== 'method') throw new Error('no str.split');
    expect(split.fn.signatures![0].params.map((p) => `${p.name}${p.optional ? '?' : ''}`)).toEqual(['sep?', 'maxsplit?']);
    expect(describeType(split.fn.signatures![0].returns, 'python')).toBe('list[str]');
  });

  it('list every member of the builtin classes, through their bases', () => {
    expect(stubs.hasMember('str', 'removeprefix')).toBe(true);
    expect(stubs.hasMember('str', 'push')).toBe(false);
    expect(stubs.hasMember('bool', 'bit_length')).toBe(true);
    expect(stubs.hasMember('collections.Counter', 'items')).toBe(true);
    expect(stubs.function('constructor')).toBeUndefined();
    const js = loadStubs('javascript');
    expect(js.hasMember('string', 'padStart')).toBe(true);
    expect(js.hasMember('Array', 'contains')).toBe(false);
    expect(js.hints('Array').contains).toBe('includes');
  });

  it('answer assignability in three values and evaluate operators through the dunder protocol', () => {
    expect(relations.assignable(builtin('int'), builtin('float'))).toBe(true);
    expect(relations.assignable(builtin('str'), builtin('int'))).toBe(false);
    expect(relations.assignable(UNKNOWN, builtin('int'))).toBeUndefined();
    const iterableOfStr = stubs.resolveName('Iterable', [builtin('str')], new Set())!;
    expect(relations.assignable(builtin('list', [builtin('int')]), iterableOfStr)).toBe(false);
    expect(relations.assignable(builtin('list', [builtin('str')]), iterableOfStr)).toBe(true);
    expect(pythonBinary(relations, '+', builtin('str'), builtin('int')).kind).toBe('unsupported');
    expect(pythonBinary(relations, '+', NONE, builtin('int')).kind).toBe('unsupported');
    const sum = pythonBinary(relations, '+', builtin('int'), builtin('float'));
    expect(sum.kind === 'ok' && describeType(sum.type, 'python')).toBe('float');
    const repeat = pythonBinary(relations, '*', builtin('int'), builtin('str'));
    expect(repeat.kind === 'ok' && describeType(repeat.type, 'python')).toBe('str');
    expect(pythonBinary(relations, '+', UNKNOWN, builtin('int')).kind).toBe('unknown');
  });

  it('match call arguments against a signature', () => {
    const len = stubs.function('len')!.signatures![0];
    const shape = (n: number) => ({ positional: Array.from({ length: n }, () => ({ typed: typed(builtin('str'), 'x') })), keywords: [], starArgs: false, starKwargs: false });
    expect(matchCall(relations, len, shape(1)).arity).toEqual([]);
    expect(matchCall(relations, len, shape(2)).arity).toEqual([{ kind: 'too-many', given: 2, max: 1 }]);
    expect(matchCall(relations, len, shape(0)).arity).toEqual([{ kind: 'missing', names: ['obj'] }]);
  });
});

describe('Python inference', () => {
  it('follows assignments, branches and narrowing, with the origin of each type', async () => {
    const { types, node, typeOf } = await infer('python', dedent(`
      def f(flag, name: str | None):
          count = 3
          if flag:
              count = "three"
          if name is not None:
              upper = name.upper()
          return count
      `));
    expect(typeOf('count', 2)).toBe('str | int');
    expect(typeOf('name', 2)).toBe('str');
    expect(types.typeOf(node('count', 0))?.origin).toBe('assigned at line 2');
    expect(typeOf('upper')).toBe('str');
  });

  it('infers return types across functions, bounded on recursion', async () => {
    const { typeOf } = await infer('python', dedent(`
      def ping(n):
          return pong(n)

      def pong(n):
          return ping(n)

      def fact(n: int):
          return 1 if n < 2 else n * fact(n - 1)

      a = ping(1)
      b = fact(3)
      `));
    expect(typeOf('a')).toBe('unknown');
    expect(typeOf('b')).toBe('int');
  });

  it('knows that in-place methods return None and keeps where the None came from', async () => {
    const { types, node } = await infer('python', 'items = [3, 1]\nranked = items.sort()\n');
    const ranked = types.typeOf(node('ranked'));
    expect(ranked?.type).toEqual(NONE);
    expect(ranked?.noneResult).toEqual({ callee: 'items.sort', line: 2 });
  });

  it('stays unknown where it cannot follow: dynamic scopes, unknown decorators, class variables of unknown bases', async () => {
    const { typeOf } = await infer('python', dedent(`
      import enum

      def dynamic():
          x = 1
          exec("x = 'a'")
          return x

      @some.decorator
      def wrapped():
          return 1

      class Color(enum.Enum):
          RED = "red"

      d = dynamic()
      w = wrapped()
      r = Color.RED
      `));
    expect(typeOf('d')).toBe('unknown');
    expect(typeOf('w')).toBe('unknown');
    expect(typeOf('r')).toBe('unknown');
  });

  it('does not take a builtin name for the builtin in a module with a star import', async () => {
    const withStar = await infer('python', 'from posix import *\nn = len\nfd = open\n');
    expect(withStar.typeOf('n')).toBe('unknown');
    expect(withStar.typeOf('fd')).toBe('unknown');
    const without = await infer('python', 'n = len\nfd = open\n');
    expect(without.typeOf('n')).not.toBe('unknown');
    expect(without.typeOf('fd')).not.toBe('unknown');
  });

  it('survives 20,000 levels of nesting', async () => {
    const depth = 20_000;
    const text = `value = ${'['.repeat(depth)}1${']'.repeat(depth)}\nother = ${'('.repeat(depth)}1${')'.repeat(depth)} + "a"\n`;
    const { types } = await infer('python', text);
    expect(() => types.listing()).not.toThrow();
  });
});

describe('JavaScript inference', () => {
  it('follows declarations, loops, typeof and instanceof narrowing', async () => {
    const { typeOf } = await infer('javascript', dedent(`
      function f(value) {
        let total = 0;
        for (const n of [1, 2]) total += n;
        if (typeof value === 'string') {
          const text = value;
        }
        if (value instanceof Map) {
          const map = value;
        }
        return total;
      }
      const result = f(1);
      `));
    expect(typeOf('result')).toBe('number');
    expect(typeOf('text')).toBe('string');
    expect(typeOf('map')).toBe('Map');
  });

  it('reads JSDoc and marks it as documentation only', async () => {
    const { types, node } = await infer('javascript', dedent(`
      /**
       * @param {number} price
       * @returns {string}
       */
      function label(price) {
        return price.toFixed(2);
      }
      const text = label(3);
      `));
    const text = types.typeOf(node('text'));
    expect(text && describeType(text.type, 'javascript')).toBe('string');
    expect(text?.documented).toBe(true);
  });

  it('types async calls as promises and awaits them', async () => {
    const { typeOf } = await infer('javascript', 'async function load() { return 1; }\nconst p = load();\nasync function g() { const v = await load(); return v; }\n');
    expect(typeOf('p')).toBe('Promise<number>');
    expect(typeOf('v')).toBe('number');
  });

  it('survives 20,000 levels of nesting', async () => {
    const depth = 20_000;
    const text = `const a = ${'['.repeat(depth)}1${']'.repeat(depth)};\nconst b = ${'('.repeat(depth)}1${')'.repeat(depth)} * 2;\n`;
    const { types } = await infer('javascript', text);
    expect(() => types.listing()).not.toThrow();
  });
});

describe('the tree-sitter type engine', () => {
  it('is registered after the TypeScript checker and answers for Python and JavaScript', async () => {
    const engines = typeEngines();
    expect(engines.map((e) => e.name)).toEqual(['typescript', 'tree-sitter']);
    const parsed = await parseSource({ path: 'a.py', absolutePath: '/virtual/a.py', language: 'python', text: 'x = 1\n' });
    const provider = new TypeSession({ root: '/virtual', engine: 'auto' }, [new TreeSitterTypeEngine()]).providerFor(parsed, buildSemanticModel(parsed));
    expect(provider?.engine).toBe('tree-sitter');
    const x = [...parsed.root.descendants()].find((n) => n.type === 'identifier')!;
    expect(provider?.typeOf(x)).toEqual({ names: ['int'], origin: 'assigned at line 1' });
  });

  it('resolves imports between files of the run from disk, and keys the cache on them', async () => {
    const dir = makeProject({
      'pkg/__init__.py': '',
      'pkg/util.py': 'def size(items: list) -> int:\n    return len(items)\n',
      'pkg/main.py': 'from .util import size\nn = size([])\n',
      'web/a.js': "export function half(x) { return x / 2; }\n",
      'web/b.js': "import { half } from './a.js';\nconst h = half(4);\n",
    });
    const engine = new TreeSitterTypeEngine();
    const session = new TypeSession({ root: dir, engine: 'auto' }, [engine]);
    for (const [file, name, expected] of [['pkg/main.py', 'n', ['int']], ['web/b.js', 'h', ['number']]] as const) {
      const language: LanguageId = file.endsWith('.py') ? 'python' : 'javascript';
      const text = (await import('node:fs')).readFileSync(join(dir, file), 'utf8');
      const parsed = await parseSource({ path: file, absolutePath: join(dir, file), language, text });
      const provider = session.providerFor(parsed, buildSemanticModel(parsed));
      const target = [...parsed.root.descendants()].find((n) => n.type === 'identifier' && n.text === name)!;
      expect(provider?.typeOf(target)?.names).toEqual(expected);
    }
    const before = engine.dependencyKey(join(dir, 'pkg/main.py'), 'python', session.options);
    expect(engine.dependencyKey(join(dir, 'pkg/main.py'), 'python', session.options)).toBe(before);
    writeFileSync(join(dir, 'pkg/util.py'), 'def size(items: list) -> str:\n    return "n"\n');
    expect(engine.dependencyKey(join(dir, 'pkg/main.py'), 'python', session.options)).not.toBe(before);
  });

  it('resolves an import made in a function after branches and loop passes join its binding', async () => {
    // The binding stays a marker until a name from it is read; a branch that leaves it alone, and a loop
    // whose passes evaluate the import again, must keep that marker through their joins.
    const dir = makeProject({
      'shop/__init__.py': '',
      'shop/models.py': 'class Item:\n    pass\n',
      'shop/use.py': dedent(`
        def pick(values, flag):
            from .models import Item
            if flag:
                values = list(values)
            found = [v for v in values if isinstance(v, Item)]
            return found

        def after_loop(rows):
            for row in rows:
                from .models import Item
                if row:
                    rows = []
            made = Item()
            return made
      `),
    });
    const session = new TypeSession({ root: dir, engine: 'tree-sitter' }, [new TreeSitterTypeEngine()]);
    const parsed = await parseSource({ path: 'shop/use.py', absolutePath: join(dir, 'shop/use.py'), language: 'python', text: readFileSync(join(dir, 'shop/use.py'), 'utf8') });
    const provider = session.providerFor(parsed, buildSemanticModel(parsed));
    const typeOf = (name: string) => provider?.typeOf([...parsed.root.descendants()].find((n) => n.type === 'identifier' && n.text === name)!)?.names;
    expect(typeOf('found')).toEqual(['list[Item]']);
    expect(typeOf('made')).toEqual(['Item']);
  });

  it('names the files a file imports, so the run can analyse them first', () => {
    const dir = makeProject({
      'pkg/__init__.py': '',
      'pkg/util.py': 'import os\n',
      'pkg/main.py': 'from .util import size\nfrom . import util\nimport pkg.missing\n',
      'web/a.js': 'export const a = 1;\n',
      'web/b.js': "import { a } from './a.js';\nconst c = require('./c');\nimport('./b.js');\n",
      'web/c.js': 'module.exports = 1;\n',
    });
    const session = new TypeSession({ root: dir, engine: 'auto' }, [new TreeSitterTypeEngine()]);
    expect(session.importedFilesFor(join(dir, 'pkg/main.py'), 'python')).toEqual([join(dir, 'pkg/__init__.py'), join(dir, 'pkg/util.py')]);
    expect(session.importedFilesFor(join(dir, 'pkg/util.py'), 'python')).toEqual([]);
    // Its own path (a self-import) is left out; the text given wins over the file on disk.
    expect(session.importedFilesFor(join(dir, 'web/b.js'), 'javascript')).toEqual([join(dir, 'web/a.js'), join(dir, 'web/c.js')]);
    expect(session.importedFilesFor(join(dir, 'web/b.js'), 'javascript', "import './c.js';\n")).toEqual([join(dir, 'web/c.js')]);
    expect(session.importedFilesFor(join(dir, 'web/b.js'), 'cpp')).toBeUndefined();
  });

  it('gives rules the analysis behind the provider', async () => {
    const parsed = await parseSource({ path: 'a.js', absolutePath: '/virtual/a.js', language: 'javascript', text: 'const a = [1];\n' });
    const provider = new TypeSession({ root: '/virtual', engine: 'auto' }, [new TreeSitterTypeEngine()]).providerFor(parsed, buildSemanticModel(parsed));
    expect(inferenceOf(provider)?.flavor).toBe('javascript');
    const a = [...parsed.root.descendants()].find((n) => n.type === 'identifier')!;
    expect(provider?.isArrayLike(a)).toBe(true);
    expect(provider?.isPromiseLike(a)).toBe(false);
    expect(provider?.elementType(a)?.names).toEqual(['number']);
  });
});

describe('revisor types', () => {
  it('prints text with the origin of each type, and exits 2 for a missing file', async () => {
    let out = '';
    let err = '';
    const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t), cwd: join(repoRoot, 'fixtures', 'types') };
    expect(await runTypes(['basics.py'], { root: io.cwd }, io)).toBe(0);
    expect(out.split('\n')[0]).toBe('basics.py:3:0  variable   count: int  (assigned at line 3)');
    expect(await runTypes(['nope.py'], { root: io.cwd }, io)).toBe(2);
    expect(err).toContain('nope.py');
  });

  it('runs from the built CLI with --json', () => {
    const run = runCli(['types', 'classes.py', '--json', '--root', '.'], join(repoRoot, 'fixtures', 'types'));
    expect(run.code).toBe(0);
    const entries = JSON.parse(run.stdout);
    expect(entries).toContainEqual({ file: 'classes.py', line: 24, column: 0, kind: 'variable', name: 'counter', scope: '', type: ['Counter'] });
  });
});

describe('the type rules on the sample project', () => {
  it('find the planted type bugs', () => {
    const run = runCli(['check', 'fixtures/sample-project', '--root', '.', '-f', 'json', '--fail-on', 'never', '--no-cache', '-q']);
    const found = JSON.parse(run.stdout).findings.map((f: { path: string; range: { start: { line: number } }; ruleId: string }) => `${f.path}:${f.range.start.line} ${f.ruleId}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'fixtures/sample-project/shop/pricing.py:14 python/unsupported-operand-types',
        'fixtures/sample-project/shop/pricing.py:19 python/none-result-used',
        'fixtures/sample-project/shop/pricing.py:23 python/unknown-attribute',
        'fixtures/sample-project/shop/pricing.py:31 python/unknown-attribute',
        'fixtures/sample-project/shop/pricing.py:36 python/call-arity-mismatch',
        'fixtures/sample-project/web/totals.js:5 javascript/nan-arithmetic',
        'fixtures/sample-project/web/totals.js:11 javascript/not-a-function',
        'fixtures/sample-project/web/totals.js:16 javascript/unknown-member',
        'fixtures/sample-project/web/totals.js:22 javascript/new-non-constructor',
      ]),
    );
  });
});
