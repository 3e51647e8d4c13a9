import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TypeSession, type TypeSessionOptions } from '../src/analysis/type-session.js';
import type { TypeProvider } from '../src/analysis/type-provider.js';
import { TypeScriptEngine } from '../src/analysis/typescript/engine.js';
import { parseSource, type ParsedFile } from '../src/parse/parser.js';
import type { SyntaxNode } from '../src/parse/syntax-node.js';
import { languageForPath } from '../src/parse/languages.js';

const root = join(import.meta.dirname, '..');
const projects = join(root, 'fixtures', 'typescript-project');

async function parseFile(path: string, text = readFileSync(path, 'utf8')): Promise<ParsedFile> {
  return parseSource({ path, absolutePath: path, language: languageForPath(path)!.id, text });
}

function find(parsed: ParsedFile, type: string, text: string, index = 0): SyntaxNode {
  const found = [...parsed.root.descendants()].filter((n) => n.type === type && n.text === text)[index];
  if (!found) throw new Error(`no ${type} \`${text}\`#${index}`);
  return found;
}

describe('TypeScript checker engine', () => {
  const options: TypeSessionOptions = { root, engine: 'auto' };
  let engine: TypeScriptEngine;
  let parsed: ParsedFile;
  let types: TypeProvider;

  beforeAll(async () => {
    engine = new TypeScriptEngine();
    parsed = await parseFile(join(projects, 'app', 'src', 'types-probe.ts'));
    const provider = new TypeSession(options, [engine]).providerFor(parsed, undefined);
    expect(provider).toBeDefined();
    types = provider!;
  });
  afterAll(() => parsed.dispose());

  it('answers typeOf from the checker, across files, in the revisor types shape', () => {
    expect(types.engine).toBe('typescript');
    expect(types.typeOf(find(parsed, 'identifier', 'user'))).toEqual({ names: ['User'], origin: 'TypeScript checker' });
    expect(types.typeOf(find(parsed, 'identifier', 'pending'))?.names).toEqual(['Promise<User>']);
    expect(types.typeOf(find(parsed, 'identifier', 'maybe'))?.names).toEqual(['User', 'undefined']);
    expect(types.typeOf(find(parsed, 'identifier', 'flag'))?.names).toEqual(['boolean']);
    expect(types.typeOf(find(parsed, 'identifier', 'count'))?.names).toEqual(['number']);
    expect(types.typeOf(find(parsed, 'call_expression', "fetchUser('a')"))?.names).toEqual(['Promise<User>']);
  });

  it('answers the predicates', () => {
    expect(types.isPromiseLike(find(parsed, 'identifier', 'pending'))).toBe(true);
    expect(types.isPromiseLike(find(parsed, 'identifier', 'user'))).toBe(false);
    expect(types.isArrayLike(find(parsed, 'identifier', 'ids'))).toBe(true);
    expect(types.isArrayLike(find(parsed, 'identifier', 'pair'))).toBe(true);
    expect(types.isArrayLike(find(parsed, 'identifier', 'seen'))).toBe(false);
    expect(types.elementType(find(parsed, 'identifier', 'ids'))?.names).toEqual(['string']);
    expect(types.elementType(find(parsed, 'identifier', 'seen'))?.names).toEqual(['string']);
    expect(types.elementType(find(parsed, 'identifier', 'pair'))?.names).toEqual(['string', 'number']);
  });

  it('describes call signatures and symbol categories', () => {
    const signatures = types.callSignatures(find(parsed, 'member_expression', 'repo.load'));
    expect(signatures).toEqual([
      { parameters: [{ name: 'id', optional: false, rest: false, type: { names: ['string'], origin: 'TypeScript checker' } }], returns: { names: ['Promise<User>'], origin: 'TypeScript checker' }, external: false },
    ]);
    expect(types.symbolCategory(find(parsed, 'identifier', 'fetchUser', 1))).toBe('function');
    expect(types.symbolCategory(find(parsed, 'identifier', 'Repository', 0))).toBe('class');
    expect(types.symbolCategory(find(parsed, 'identifier', 'Status', 1))).toBe('enum');
    expect(types.symbolCategory(find(parsed, 'identifier', 'count'))).toBe('variable');
  });

  it('maps nodes that have no TypeScript counterpart to undefined, never to a guess', () => {
    expect(types.typeOf(find(parsed, 'arguments', "('a')"))).toBeUndefined();
    expect(types.typeOf(parsed.root)).toBeUndefined();
  });

  it('builds one program per config and reuses it for every file of that config', async () => {
    const other = await parseFile(join(projects, 'app', 'src', 'model.ts'));
    const session = new TypeSession(options, [engine]);
    expect(session.providerFor(other, undefined)).toBeDefined();
    expect(engine.programs.stats.programsBuilt).toBe(1);
    other.dispose();
  });

  it('gives no answers for text the program did not see (the fix-verify copy)', async () => {
    const path = join(projects, 'app', 'src', 'types-probe.ts');
    const edited = await parseFile(path, readFileSync(path, 'utf8').replace('const count', 'const total'));
    const session = new TypeSession(options, [engine]);
    expect(session.providerFor(edited, undefined)).toBeUndefined();
    edited.dispose();
  });

  it('does not accept files no config governs, nor any file with --types=tree-sitter', async () => {
    const outside = await parseFile(join(projects, 'outside', 'no-config.ts'));
    expect(engine.accepts(outside, options)).toBe(false);
    expect(new TypeSession({ root, engine: 'tree-sitter' }, [engine]).providerFor(parsed, undefined)).toBeUndefined();
    outside.dispose();
  });
});

describe('which config governs a file', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  function project(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'revisor-tsconfig-'));
    dirs.push(dir);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  }
  const governing = (dir: string, path: string, language: 'typescript' | 'javascript' = 'typescript') =>
    new TypeScriptEngine().configFor(join(dir, path), language, { root: dir, engine: 'auto' })?.path.slice(dir.length + 1);

  it('follows the references of a solution-style config', () => {
    const dir = project({
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './config/tsconfig.app.json' }] }),
      'config/tsconfig.app.json': JSON.stringify({ compilerOptions: { composite: true }, include: ['../src'] }),
      'src/a.ts': 'export const a = 1;\n',
    });
    expect(governing(dir, 'src/a.ts')).toBe('config/tsconfig.app.json');
  });

  it('skips a nearer config that does not list the file, and stops at the root', () => {
    const dir = project({
      'tsconfig.json': JSON.stringify({ include: ['lib'] }),
      'lib/tsconfig.json': JSON.stringify({ include: ['other'] }),
      'lib/a.ts': 'export const a = 1;\n',
      'scripts/b.ts': 'export const b = 1;\n',
    });
    expect(governing(dir, 'lib/a.ts')).toBe('tsconfig.json');
    expect(governing(dir, 'scripts/b.ts')).toBeUndefined();
  });

  it('governs JavaScript only where the config takes it in (jsconfig.json, or allowJs)', () => {
    const dir = project({
      'ts/tsconfig.json': JSON.stringify({ include: ['.'] }),
      'ts/a.js': 'export const a = 1;\n',
      'allow/tsconfig.json': JSON.stringify({ compilerOptions: { allowJs: true }, include: ['.'] }),
      'allow/b.js': 'export const b = 1;\n',
      'js/jsconfig.json': JSON.stringify({ include: ['.'] }),
      'js/c.js': 'export const c = 1;\n',
    });
    expect(governing(dir, 'ts/a.js', 'javascript')).toBeUndefined();
    expect(governing(dir, 'allow/b.js', 'javascript')).toBe('allow/tsconfig.json');
    expect(governing(dir, 'js/c.js', 'javascript')).toBe('js/jsconfig.json');
  });
});
