/**
 * The tree-sitter type-inference pass for Python and JavaScript: a type lattice, builtin stubs read from
 * `grammars/<language>/stubs.json`, flow-sensitive inference per function body, and the engine that
 * plugs it into the type session.
 */
export { TreeSitterTypeEngine } from './engine.js';
export { TreeSitterTypeProvider, inferenceOf, pythonInference, javaScriptInference, type FileInference } from './provider.js';
export type { TypeEntry } from './common.js';
