import { describe, expect, it } from 'vitest';
import { analyse, dedent, target } from './support.js';

const py = (text: string) => analyse('python', dedent(text));

describe('python scopes: LEGB', () => {
  it('resolves to the nearest enclosing binding and shadows outer ones', async () => {
    const { refs } = await py(`
      x = 1
      def f():
          x = 2
          def g():
              return x
          return g
      def h():
          return x
    `);
    const [inModule, inF, inG, inH] = refs('x');
    expect(target(inModule)).toBe('module@1');
    expect(inF.isWrite && !inF.isRead).toBe(true);
    expect(target(inF)).toBe('function@2');
    expect(target(inG)).toBe('function@2');
    expect(target(inH)).toBe('module@1');
  });

  it('makes a name local to the whole function when it is bound anywhere in it', async () => {
    const { refs } = await py(`
      value = 1
      def f():
          print(value)
          value = 2
    `);
    expect(target(refs('value')[1])).toBe('function@2');
    expect(target(refs('print')[0])).toBe('builtin');
  });

  it('evaluates decorators, defaults and annotations in the enclosing scope, parameters in the function', async () => {
    const { refs, model, identifier } = await py(`
      default = 3
      def deco(fn): return fn
      @deco
      def f(a: int = default, *args, key=None, **kw) -> str:
          return a
    `);
    expect(target(refs('default')[1])).toBe('module@1');
    expect(target(refs('deco')[0])).toBe('module@1');
    expect(target(refs('a')[0])).toBe('function@4');
    expect(model.scopeOf(identifier('default', 1)).kind).toBe('module');
    expect(model.scopeOf(identifier('a')).kind).toBe('function');
    const fn = identifier('f').parent!;
    expect(model.symbolAt(fn)?.kind).toBe('function');
    expect(model.scopeCreatedBy(fn)?.kind).toBe('function');
    expect([...model.scopeCreatedBy(fn)!.symbols.keys()]).toEqual(['a', 'args', 'key', 'kw']);
  });
});

describe('python scopes: global and nonlocal', () => {
  it('sends `global` bindings to the module and `nonlocal` ones to the enclosing function', async () => {
    const { refs, model } = await py(`
      counter = 0
      def inc():
          global counter
          counter += 1
      def outer():
          n = 0
          def inner():
              nonlocal n
              n = 5
          return inner
      def make():
          global created
          created = 1
      print(created)
    `);
    const increment = refs('counter')[1];
    expect(increment.isRead && increment.isWrite).toBe(true);
    expect(target(increment)).toBe('module@1');
    expect(target(refs('n')[1])).toBe('function@5');
    expect(model.globalScope.symbols.get('created')?.declarations[0].name.startRow).toBe(12);
    expect(target(refs('created').at(-1))).toBe('module@1');
    expect(model.unresolvedReferences).toEqual([]);
  });

  it('lets a nested function see a global-declared name as the module one', async () => {
    const { refs } = await py(`
      def outer():
          global shared
          shared = 1
          def inner():
              return shared
          return inner
    `);
    expect(target(refs('shared').at(-1))).toBe('module@1');
  });
});

describe('python scopes: classes and comprehensions', () => {
  it('hides class attributes from methods and comprehensions, but not from the class body', async () => {
    const { refs, model } = await py(`
      class C:
          attr = [1, 2]
          other = attr
          doubled = [attr for _ in range(2)]
          first = [v for v in attr]
          def m(self):
              return attr, __class__
    `);
    const [, inBody, inComprehensionBody, inFirstIterable, inMethod] = refs('attr');
    expect(target(inBody)).toBe('class@1');
    expect(target(inComprehensionBody)).toBe('unresolved');
    expect(target(inFirstIterable)).toBe('class@1');
    expect(target(inMethod)).toBe('unresolved');
    expect(refs('__class__')[0].resolution).toBe('implicit');
    expect(model.unresolvedReferences.map((r) => r.node.startRow + 1)).toEqual([4, 7]);
  });

  it('keeps comprehension targets local to the comprehension, while `:=` leaks to the function', async () => {
    const { refs } = await py(`
      def f(data):
          squares = [i * i for i in data]
          found = [y := v for v in data if v]
          return i, y, v
    `);
    expect(target(refs('i')[0])).toBe('comprehension@2');
    expect(target(refs('i').at(-1))).toBe('unresolved');
    expect(target(refs('y').at(-1))).toBe('function@1');
    expect(target(refs('v').at(-1))).toBe('unresolved');
  });
});

describe('python declarations', () => {
  it('records imports, unpacking, with/except/for targets and match captures with their forms', async () => {
    const { model } = await py(`
      import os.path
      from collections import OrderedDict as OD
      from m import *
      (a, *b), c = 1, 2, 3
      with open("f") as handle:
          pass
      try:
          pass
      except ValueError as error:
          pass
      for k, v in {}.items():
          pass
      match a:
          case [x, *rest] if x:
              pass
          case Point(x=0, y=yy):
              pass
    `);
    const form = (name: string) => {
      const symbol = model.globalScope.symbols.get(name)!;
      return `${symbol.declarations[0].form}${symbol.declarations[0].inPattern ? '+pattern' : ''}`;
    };
    expect(form('os')).toBe('import');
    expect(model.globalScope.symbols.get('os')!.declarations[0].part!.text).toBe('os.path');
    expect(form('OD')).toBe('import-from');
    expect(form('b')).toBe('assignment+pattern');
    expect(form('handle')).toBe('with');
    expect(form('error')).toBe('except');
    expect(form('k')).toBe('for+pattern');
    expect(form('rest')).toBe('match+pattern');
    expect(form('yy')).toBe('match+pattern');
    expect(model.globalScope.symbols.has('Point')).toBe(false);
    expect(model.hasStarImport).toBe(true);
  });

  it('marks `del` as a delete and augmented assignment as read and write', async () => {
    const { refs } = await py(`
      def f():
          total = 0
          total += 1
          del total
    `);
    const [assign, augment, remove] = refs('total');
    expect([assign.isRead, assign.isWrite]).toEqual([false, true]);
    expect([augment.isRead, augment.isWrite]).toEqual([true, true]);
    expect(remove.isDelete).toBe(true);
    expect(target(remove)).toBe('function@1');
  });

  it('resolves builtins and module dunders, and marks scopes using locals() or exec as dynamic', async () => {
    const { refs, model } = await py(`
      print(__name__, __file__, __doc__, len, ValueError, None)
      def render(template):
          return template.format(**locals())
      def plain():
          return vars(plain)
    `);
    for (const name of ['print', '__name__', '__file__', '__doc__', 'len', 'ValueError']) expect(refs(name)[0].resolution).toBe('builtin');
    const [render, plain] = model.scopes.filter((s) => s.kind === 'function');
    expect(render.dynamic).toBe(true);
    expect(plain.dynamic).toBe(false);
    expect(model.isDynamic(model.globalScope)).toBe(false);
    expect(model.globalScope.dynamicWithin).toBe(true);
  });

  it('scopes 3.12 type parameters to their definition', async () => {
    const { refs } = await py(`
      def first[T](items: list[T]) -> T:
          return items[0]
      class Box[V](Base[V]):
          item: V
      type Pair[K] = tuple[K, K]
      print(T)
    `);
    expect(target(refs('T')[0])).toBe('type-parameters@1');
    expect(target(refs('V')[0])).toBe('type-parameters@3');
    expect(target(refs('V')[1])).toBe('type-parameters@3');
    expect(target(refs('K')[0])).toBe('type-parameters@5');
    expect(target(refs('T').at(-1))).toBe('unresolved');
  });
});

describe('python model robustness', () => {
  it('builds the model of 20,000 nested expressions without recursion', async () => {
    const depth = 20_000;
    const { model, refs } = await analyse('python', `value = ${'('.repeat(depth)}other${')'.repeat(depth)}\n`);
    expect(model.scopes.length).toBe(1);
    expect(refs('other')[0].resolution).toBe('unresolved');
  });

  it('collects names inside ERROR regions instead of resolving them', async () => {
    const { model } = await analyse('python', 'def setup():\n    helper = 1 +* 2\n    return helper\n');
    expect([...model.namesInErrors]).toEqual(['return']);
  });
});
