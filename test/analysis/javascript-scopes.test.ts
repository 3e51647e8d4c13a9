import { describe, expect, it } from 'vitest';
import { analyse, target } from './support.js';

const js = (text: string) => analyse('javascript', text);
const ts = (text: string) => analyse('typescript', text);

describe('javascript scopes: hoisting and blocks', () => {
  it('hoists var to the function and keeps let/const/class in their block', async () => {
    const { refs, model } = await js(
      [
        'export function f(flag) {', //            1
        '  if (flag) {', //                         2
        '    var hoisted = 1;', //                  3
        '    let local = 2;', //                    4
        '    class Inner {}', //                    5
        '  }', //                                   6
        '  return [hoisted, local, Inner];', //     7
        '}',
      ].join('\n'),
    );
    expect(target(refs('hoisted').at(-1))).toBe('function@1');
    expect(target(refs('local').at(-1))).toBe('unresolved');
    expect(target(refs('Inner')[0])).toBe('unresolved');
    expect(model.sourceType).toBe('module');
  });

  it('scopes function declarations to their block in modules, with the Annex B fallback in scripts', async () => {
    const source = ['function outer() {', '  { function inner() {} }', '  return inner();', '}', 'outer();'].join('\n');
    const moduleModel = await js(`export {};\n${source}`);
    expect(target(moduleModel.refs('inner')[0])).toBe('unresolved');
    const script = await js(source);
    expect(script.model.sourceType).toBe('script');
    expect(target(script.refs('inner')[0])).toBe('block@2');
  });

  it('resolves names before their declaration (flow-insensitive) and through shadowing', async () => {
    const { refs } = await js(
      ['export const a = () => later();', 'function later() {', '  const a = 1;', '  { const a = 2; return a; }', '}'].join('\n'),
    );
    expect(target(refs('later')[0])).toBe('module@1');
    expect(target(refs('a').at(-1))).toBe('block@4');
  });

  it('gives for-loop heads and catch clauses their own scopes', async () => {
    const { refs } = await js(
      ['export function f(items) {', '  for (let i = 0; i < items.length; i++) {}', '  for (const item of items) {}', '  try {} catch (error) { return error; }', '  return [i, item, error];', '}'].join('\n'),
    );
    expect(target(refs('i')[1])).toBe('for@2');
    expect(target(refs('item')[0])).toBe('for@3');
    expect(refs('item')[0].isInit).toBe(true);
    expect(target(refs('error')[0])).toBe('catch@4');
    for (const name of ['i', 'item', 'error']) expect(target(refs(name).at(-1))).toBe('unresolved');
  });

  it('lets a class see its own name, and default parameters see earlier parameters', async () => {
    const { refs } = await js(['export class Node { clone() { return new Node(); } }', 'export function f(a, b = a, ...rest) { return [b, rest, arguments]; }'].join('\n'));
    expect(target(refs('Node')[0])).toBe('module@1');
    expect(target(refs('a')[0])).toBe('function@2');
    expect(refs('arguments')[0].resolution).toBe('implicit');
  });
});

describe('javascript declarations', () => {
  it('records default, named and namespace imports with their parts', async () => {
    const { model } = await js("import def, { a, b as c } from 'm';\nimport * as ns from 'n';\nexport { a };");
    const symbols = model.globalScope.symbols;
    expect([...symbols.keys()]).toEqual(['def', 'a', 'c', 'ns']);
    expect(symbols.get('c')!.declarations[0].part!.type).toBe('import_specifier');
    expect(symbols.get('ns')!.declarations[0].part!.type).toBe('namespace_import');
    expect(symbols.get('a')!.exported).toBe(true);
    expect(symbols.get('def')!.kind).toBe('import');
  });

  it('declares every name of a destructuring pattern, and reads its defaults and computed keys', async () => {
    const { model, refs } = await js('export const { a, b: { c = fallback }, [key]: d, ...rest } = obj, [x, , ...ys] = list;');
    const declared = [...model.globalScope.symbols.values()].map((s) => `${s.name}${s.declarations[0].inPattern ? '*' : ''}`);
    expect(declared).toEqual(['a*', 'c*', 'd*', 'rest*', 'x*', 'ys*']);
    for (const name of ['fallback', 'key', 'obj', 'list']) expect(refs(name)[0].isRead).toBe(true);
    expect(refs('c')[0].isInit && refs('c')[0].writeValue === undefined).toBe(true);
    expect(model.globalScope.symbols.get('a')!.exported).toBe(true);
  });

  it('flags reads and writes of assignments, compound assignments, updates and destructuring assignments', async () => {
    const { refs } = await js('let x = 0, y;\nx = 1;\nx += 2;\nx++;\n[x, y] = [y, x];\n({ x } = { x: y });\nexport { x };');
    const flags = refs('x').map((r) => `${r.isRead ? 'R' : ''}${r.isWrite ? 'W' : ''}${r.isInit ? 'I' : ''}`);
    expect(flags).toEqual(['WI', 'W', 'RW', 'RW', 'W', 'R', 'W', 'R']);
  });

  it('treats known globals, /* global */ comments and JSX components as references', async () => {
    const { refs } = await analyse('tsx', "/* global gtag, dataLayer: writable */\nimport Button from './button';\nexport const App = () => <div><Button onClick={() => gtag(console, process, window)} /></div>;");
    expect(target(refs('Button').at(-1))).toBe('module@1');
    for (const name of ['gtag', 'console', 'process', 'window']) expect(refs(name)[0].resolution).toBe('builtin');
    expect(refs('div')).toEqual([]);
  });

  it('marks scopes with direct eval or with as dynamic', async () => {
    const { model } = await js('function f(code) { return eval(code); }\nfunction g(o) { with (o) { return value; } }');
    const [f, g] = model.scopes.filter((s) => s.kind === 'function');
    expect(f.dynamic).toBe(true);
    expect(g.dynamicWithin).toBe(true);
    expect(model.isDynamic(model.scopes.find((s) => s.kind === 'with')!)).toBe(true);
  });
});

describe('typescript namespaces and type positions', () => {
  it('keeps type-only declarations in the type namespace', async () => {
    const { model, refs } = await ts(
      [
        "import type { Options } from './options';",
        "import { type Level, log } from './log';",
        'interface Shape { area(): number }',
        'const Shape = 1;',
        'let s: Shape;',
        'export const total: Options = Shape + log(s as unknown as Level);',
      ].join('\n'),
    );
    const scope = model.globalScope;
    expect(scope.symbols.has('Options')).toBe(false);
    expect(scope.typeSymbols.get('Options')!.declarations[0].typeOnly).toBe(true);
    expect(scope.typeSymbols.get('Shape')).not.toBe(scope.symbols.get('Shape'));
    expect(scope.symbols.get('log')).toBe(scope.typeSymbols.get('log'));
    const shapeRefs = refs('Shape').map((r) => `${r.typeNamespace ? 'type' : 'value'}->${r.symbol?.kind}`);
    expect(shapeRefs).toEqual(['value->variable', 'type->type', 'value->variable']);
    const levelRef = refs('Level')[0];
    expect(levelRef.inType && levelRef.symbol?.kind === 'import').toBe(true);
  });

  it('counts typeof in a type as a value reference in a type position', async () => {
    const { refs } = await ts('const config = { a: 1 };\nexport type Config = typeof config;\nexport function f(x: unknown): x is Config { return !!x; }');
    const [, inType] = refs('config');
    expect(inType.inType && !inType.typeNamespace && inType.symbol?.kind === 'variable').toBe(true);
    expect(target(refs('x').at(0))).toBe('function@3');
  });

  it('resolves type parameters, infer and mapped keys, and leaves unknown types unresolved', async () => {
    const { refs, model } = await ts(
      ['export function first<T>(items: T[]): T { return items[0]; }', 'export type Unwrap<P> = P extends Promise<infer R> ? R : P;', 'export type Flags<K extends string> = { [Key in K]: boolean };', 'export let v: Missing;'].join('\n'),
    );
    expect(target(refs('T')[0])).toBe('function@1');
    expect(target(refs('R')[0])).toBe('type@2');
    expect(target(refs('Key').at(0))).toBe('no reference');
    expect(target(refs('K').at(-1))).toBe('type@3');
    const missing = refs('Missing')[0];
    expect(missing.resolution).toBe('unresolved');
    expect(model.unresolvedReferences.every((r) => r.inType)).toBe(true);
  });

  it('puts signature parameters in signature scopes and merges overloads into one symbol', async () => {
    const { model } = await ts('export function parse(a: string): number;\nexport function parse(a: unknown) { return Number(a); }\ntype Fn = (value: number) => void;');
    const parse = model.globalScope.symbols.get('parse')!;
    expect(parse.declarations.map((d) => d.form)).toEqual(['function-signature', 'function']);
    expect(model.scopes.filter((s) => s.kind === 'signature').map((s) => [...s.symbols.keys()])).toEqual([['a'], ['value']]);
  });

  it('marks ambient and exported declarations, enum members and namespaces', async () => {
    const { model, refs } = await ts(
      ['declare const VERSION: string;', 'declare global { interface Window { app: unknown } }', 'export enum Color { Red, Blue = Red }', 'namespace NS { export const inner = 1; }', 'export const x = NS.inner + Color.Blue;'].join('\n'),
    );
    const scope = model.globalScope;
    expect(scope.symbols.get('VERSION')!.declarations[0].ambient).toBe(true);
    expect(scope.typeSymbols.get('Window')!.declarations[0].ambient).toBe(true);
    expect(scope.symbols.get('Color')!.exported).toBe(true);
    expect(target(refs('Red')[0])).toBe('enum@3');
    expect(scope.symbols.get('NS')!.kind).toBe('namespace');
    expect(model.unresolvedReferences).toEqual([]);
  });

  it('treats every declaration of a .d.ts file as ambient', async () => {
    const { model } = await analyse('typescript', 'export function f(a: string): void;\nconst local: number;', 'types/index.d.ts');
    expect(model.declarationFile).toBe(true);
    expect(model.symbols.every((s) => s.declarations.every((d) => d.ambient))).toBe(true);
  });
});

describe('javascript model robustness', () => {
  it('builds the model of 20,000 nested arrays, 20,000 nested blocks and 2,000 nested arrow functions without recursion', async () => {
    const deepArray = await js(`export const v = ${'['.repeat(20_000)}leaf${']'.repeat(20_000)};`);
    expect(deepArray.refs('leaf')[0].resolution).toBe('unresolved');
    const deepBlocks = await js(`export {};\n${'{ '.repeat(20_000)}let inner = outer;${' }'.repeat(20_000)}\nconst outer = 1;`);
    expect(deepBlocks.model.scopes.length).toBe(20_001);
    expect(target(deepBlocks.refs('outer')[0])).toBe('module@1');
    const deepFunctions = await js(`export const f = ${'a => '.repeat(2_000)}a + outer;\nconst outer = 1;`);
    expect(deepFunctions.model.scopes.length).toBe(2_001);
    expect(target(deepFunctions.refs('outer')[0])).toBe('module@1');
  });
});
