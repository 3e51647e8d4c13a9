import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveJavaScript } from '../../src/analysis/types/engine.js';
import { makeProject } from '../support/cli.js';

describe('resolving a relative JavaScript import to a file', () => {
  const dir = makeProject({
    'src/app.js': '',
    'src/util.js': '',
    'src/util/index.js': '',
    'src/lib/index.ts': '',
    'src/model.ts': '',
    'src/types.d.ts': '',
    'src/data.json': '{}',
    'outside.js': '',
  });
  const root = join(dir, 'src');
  const from = join(root, 'app.js');
  const resolved = (specifier: string) => {
    const found = resolveJavaScript(from, specifier, root);
    return found === undefined ? undefined : found.slice(root.length + 1);
  };

  it('tries the path itself, then each extension, then an index file, then the TypeScript source of a .js name', () => {
    expect(resolved('./util.js')).toBe('util.js');
    // A file beats a folder's index.
    expect(resolved('./util')).toBe('util.js');
    expect(resolved('./lib')).toBe('lib/index.ts');
    expect(resolved('./model.js')).toBe('model.ts');
    expect(resolved('./model')).toBe('model.ts');
  });

  it('finds nothing for declaration files, other file kinds, packages and files outside the root', () => {
    expect(resolved('./types')).toBeUndefined();
    expect(resolved('./data.json')).toBeUndefined();
    expect(resolved('lodash')).toBeUndefined();
    expect(resolved('../outside.js')).toBeUndefined();
    expect(resolved('./missing')).toBeUndefined();
  });
});
