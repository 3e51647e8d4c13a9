import { describe, expect, it } from 'vitest';
import { importsFirst } from '../../src/run/import-order.js';

/** A project as import lists: file name to the names it imports. */
function order(graph: Record<string, string[]>, files = Object.keys(graph)): string[] {
  return importsFirst(
    files,
    (file) => file,
    (file) => graph[file],
  );
}

describe('analysing files after the files they import', () => {
  it('puts every import before its importer and keeps each file once', () => {
    const graph = { 'app.js': ['util.js', 'db.js'], 'db.js': ['util.js', 'log.js'], 'log.js': [], 'util.js': ['log.js'], 'zz.js': [] };
    const ordered = order(graph);
    expect([...ordered].sort()).toEqual(Object.keys(graph).sort());
    for (const [file, imports] of Object.entries(graph)) {
      for (const imported of imports) expect(ordered.indexOf(imported)).toBeLessThan(ordered.indexOf(file));
    }
    expect(ordered).toEqual(['log.js', 'util.js', 'db.js', 'app.js', 'zz.js']);
  });

  it('keeps the given order among files that do not import each other', () => {
    expect(order({ 'c.py': [], 'a.py': [], 'b.py': [] })).toEqual(['c.py', 'a.py', 'b.py']);
  });

  it('breaks an import cycle where the walk meets it, the same way every time', () => {
    const graph = { 'a.py': ['b.py'], 'b.py': ['c.py'], 'c.py': ['a.py'] };
    expect(order(graph)).toEqual(['c.py', 'b.py', 'a.py']);
    expect(order(graph, ['b.py', 'a.py', 'c.py'])).toEqual(['a.py', 'c.py', 'b.py']);
  });

  it('ignores imports of files not being analysed and files whose imports are unknown', () => {
    const ordered = importsFirst(
      ['main.js', 'cached.js', 'lib.js'].filter((f) => f !== 'cached.js'),
      (file) => file,
      (file) => (file === 'main.js' ? ['cached.js', 'lib.js', '/elsewhere/x.js'] : undefined),
    );
    expect(ordered).toEqual(['lib.js', 'main.js']);
  });

  it('walks an import chain deeper than the call stack would allow', () => {
    const depth = 50_000;
    const names = Array.from({ length: depth }, (_, i) => `m${i}.js`);
    const graph = Object.fromEntries(names.map((name, i) => [name, i + 1 < depth ? [names[i + 1]] : []]));
    const ordered = order(graph);
    expect(ordered[0]).toBe(names[depth - 1]);
    expect(ordered[depth - 1]).toBe(names[0]);
  });
});
