import { createRequire } from 'node:module';

let loaded: typeof import('yaml') | undefined;

/**
 * The yaml library, loaded on first use: only config files and rule files are YAML, and importing it
 * takes about 20 ms, a fifteenth of a run the cache serves (where neither is read).
 */
export function yamlLibrary(): typeof import('yaml') {
  loaded ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return loaded;
}
