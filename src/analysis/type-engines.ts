import type { TypeEngine } from './type-session.js';
import { TypeScriptEngine } from './typescript/engine.js';
import { TreeSitterTypeEngine } from './types/engine.js';

/**
 * The type engines, in the order they are asked: the TypeScript checker first (it only accepts
 * files a tsconfig/jsconfig governs), then the tree-sitter inference pass.
 */
export function typeEngines(): TypeEngine[] {
  return [new TypeScriptEngine(), new TreeSitterTypeEngine()];
}
