import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { packageRoot } from '../package-root.js';
import type { LanguageId } from '../types.js';

/** One entry of the language registry, read from `grammars/<id>/language.json`. */
export interface LanguageSpec {
  id: LanguageId;
  name: string;
  extensions: string[];
  wasm: { package: string; file: string };
  comments: { line: string[]; block: [string, string][] };
  commentNodeTypes: string[];
  markdownTag: string;
  /** Node types that name a symbol (function, class), with the field path to the name: `declarator.declarator`. */
  symbolNodeTypes: Record<string, string>;
  /** The fields of the target environment that matter to this language's rules (cache keys use only these). */
  targetKeys: Array<'python' | 'node' | 'ecmaVersion' | 'cppStandard'>;
  /** Node types that repeat their body: loops, and comprehensions where the language has them. */
  loopNodeTypes: string[];
  /** Node types that open a function body. */
  functionNodeTypes: string[];
  /** The type a literal node has by its node type alone, e.g. `string` → `str`. */
  literalTypes: Record<string, string>;
}

let registry: Map<LanguageId, LanguageSpec> | undefined;
let byExtension: Map<string, LanguageSpec> | undefined;

export function languageRegistry(): Map<LanguageId, LanguageSpec> {
  if (registry) return registry;
  registry = new Map();
  byExtension = new Map();
  const grammarsDir = join(packageRoot(), 'grammars');
  for (const entry of readdirSync(grammarsDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const spec = JSON.parse(readFileSync(join(grammarsDir, entry.name, 'language.json'), 'utf8')) as LanguageSpec;
    registry.set(spec.id, spec);
    for (const ext of spec.extensions) byExtension.set(ext, spec);
  }
  return registry;
}

export function languageSpec(id: LanguageId): LanguageSpec {
  const spec = languageRegistry().get(id);
  if (!spec) throw new Error(`unknown language "${id}"`);
  return spec;
}

export function languageForPath(path: string): LanguageSpec | undefined {
  languageRegistry();
  return byExtension!.get(extname(path).toLowerCase());
}

export function allLanguageIds(): LanguageId[] {
  return [...languageRegistry().keys()];
}

/** Absolute path of the grammar's `.wasm`, resolved inside its npm package. */
export function wasmPath(spec: LanguageSpec): string {
  const require = createRequire(join(packageRoot(), 'package.json'));
  const manifest = require.resolve(`${spec.wasm.package}/package.json`);
  return join(dirname(manifest), spec.wasm.file);
}
