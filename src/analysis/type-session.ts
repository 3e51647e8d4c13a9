import type { ParsedFile } from '../parse/parser.js';
import type { SemanticModel } from './index.js';
import type { TypeProvider } from './type-provider.js';

export type TypeEngineChoice = 'auto' | 'tree-sitter' | 'typescript';

export interface TypeSessionOptions {
  /** Repository root: where tsconfig lookups stop and relative imports resolve. */
  root: string;
  /** `--types`: auto uses the TypeScript checker where a tsconfig/jsconfig governs the file. */
  engine: TypeEngineChoice;
}

/** One source of types. Engines are tried in order; the first that accepts a file answers for it. */
export interface TypeEngine {
  readonly name: 'tree-sitter' | 'typescript';
  accepts(parsed: ParsedFile, options: TypeSessionOptions): boolean;
  provider(parsed: ParsedFile, model: SemanticModel | undefined, options: TypeSessionOptions): TypeProvider | undefined;
}

/**
 * Per-run (per worker) state for type answers: cross-file work such as a TypeScript program or the
 * summaries of imported modules is built once here and reused for every file, never once per file.
 */
export class TypeSession {
  constructor(
    readonly options: TypeSessionOptions,
    private readonly engines: TypeEngine[],
  ) {}

  providerFor(parsed: ParsedFile, model: SemanticModel | undefined): TypeProvider | undefined {
    for (const engine of this.engines) {
      if (this.options.engine !== 'auto' && engine.name !== this.options.engine && engine.name === 'typescript') continue;
      if (engine.accepts(parsed, this.options)) return engine.provider(parsed, model, this.options);
    }
    return undefined;
  }
}
