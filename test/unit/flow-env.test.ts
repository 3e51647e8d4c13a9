import { describe, expect, it } from 'vitest';
import type { SemanticSymbol } from '../../src/analysis/index.js';
import { Env } from '../../src/analysis/types/common.js';
import { builtin, typed } from '../../src/analysis/types/lattice.js';

const x = { name: 'x' } as unknown as SemanticSymbol;
const y = { name: 'y' } as unknown as SemanticSymbol;
const int = typed(builtin('int'), 'literal');
const str = typed(builtin('str'), 'literal');

describe('flow environments (shared until written)', () => {
  it('keeps a copy and its original apart whichever is written first', () => {
    const original = new Env();
    original.setVar(x, int);
    original.setPath('self.a', int);
    const copy = original.clone();
    copy.setVar(x, str);
    copy.setPath('self.a', str);
    original.setVar(y, int);
    expect(original.vars.get(x)).toBe(int);
    expect(original.paths.get('self.a')).toBe(int);
    expect(copy.vars.get(x)).toBe(str);
    expect(copy.vars.has(y)).toBe(false);
    expect(copy.paths.get('self.a')).toBe(str);
  });

  it('keeps copies apart from each other and from deletions and cleared paths', () => {
    const original = new Env();
    original.setVar(x, int);
    original.setPath('self.a', int);
    original.setPath('self.a.b', int);
    original.setPath('other', int);
    const first = original.clone();
    const second = original.clone();
    first.deleteVar(x);
    first.clearPaths('self.a');
    second.clearPaths();
    expect(first.vars.has(x)).toBe(false);
    expect([...first.paths.keys()]).toEqual(['other']);
    expect(second.paths.size).toBe(0);
    expect(second.vars.get(x)).toBe(int);
    expect(original.vars.get(x)).toBe(int);
    expect([...original.paths.keys()]).toEqual(['self.a', 'self.a.b', 'other']);
  });

  it('shares an adopted state without either side seeing the other\'s later writes', () => {
    const target = new Env();
    const source = new Env();
    source.setVar(x, int);
    target.adopt(source);
    expect(target.vars.get(x)).toBe(int);
    target.setVar(x, str);
    source.setVar(y, str);
    expect(source.vars.get(x)).toBe(int);
    expect(target.vars.has(y)).toBe(false);
  });
});
