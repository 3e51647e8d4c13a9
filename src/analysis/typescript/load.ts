import { createRequire } from 'node:module';
import type * as TS from 'typescript';

/**
 * The `typescript` package is large (about 9 MB of JavaScript, a few hundred milliseconds to load):
 * it is loaded on first need, so runs over Python or C++ code, or over files no tsconfig governs,
 * never pay for it.
 */
const require = createRequire(import.meta.url);
let loaded: typeof TS | undefined;

export function typescript(): typeof TS {
  loaded ??= require('typescript') as typeof TS;
  return loaded;
}

export type { TS };
