import type { ParsedFile } from '../parse/parser.js';
import type { SemanticModel } from './index.js';
import type { TypeProvider } from './type-provider.js';
import type { LanguageId, Severity, SourceFile } from '../types.js';

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
  /** Optional: the engine's own diagnostics for a file it accepts (the compiler's, for `--tsc-diagnostics`). */
  diagnostics?(parsed: ParsedFile, options: TypeSessionOptions): EngineDiagnostic[] | undefined;
  /**
   * Optional: for a file this engine would answer, a key for what its answers depend on besides the
   * file's own text (other files of the project, compiler options); the result cache includes it.
   */
  dependencyKey?(absolutePath: string, language: LanguageId, options: TypeSessionOptions, text?: string): string | undefined;
  /**
   * Optional: the project files whose analyses answering this file reads (its imports, resolved), for
   * the order files are analysed in.
   */
  importedFiles?(absolutePath: string, language: LanguageId, options: TypeSessionOptions, text?: string): readonly string[] | undefined;
  /**
   * Optional: for a file this engine would answer, names the costly state it builds once per thread to
   * answer it (a TypeScript program: its tsconfig's path). Files naming the same state are best
   * analysed in the same thread.
   */
  sharedStateKey?(absolutePath: string, language: LanguageId, options: TypeSessionOptions): string | undefined;
  /** Optional: a tree and semantic model of exactly this file the engine already holds (no native tree). */
  reusableParse?(file: SourceFile): { parsed: ParsedFile; model: SemanticModel } | undefined;
}

/** A diagnostic an engine reports for a file, as a finding-to-be. */
export interface EngineDiagnostic {
  /** `typescript/tsc-2322`. */
  ruleId: string;
  severity: Severity;
  message: string;
  /** UTF-16 offsets into the file's text. */
  startOffset: number;
  endOffset: number;
  evidence?: Record<string, string>;
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

  /** The diagnostics of the engine that answers for this file, when it has any. */
  diagnosticsFor(parsed: ParsedFile): EngineDiagnostic[] | undefined {
    for (const engine of this.engines) {
      if (this.options.engine !== 'auto' && engine.name !== this.options.engine && engine.name === 'typescript') continue;
      if (engine.accepts(parsed, this.options)) return engine.diagnostics?.(parsed, this.options);
    }
    return undefined;
  }

  /** A tree and semantic model of exactly this file that an engine already holds, to spare a parse; no native tree. */
  reusableParse(file: SourceFile): { parsed: ParsedFile; model: SemanticModel } | undefined {
    for (const engine of this.engines) {
      const found = engine.reusableParse?.(file);
      if (found) return found;
    }
    return undefined;
  }

  /** The costly per-thread state the engine that answers for this file builds for it, when there is such state. */
  sharedStateKeyFor(absolutePath: string, language: LanguageId): string | undefined {
    return this.firstEngineKey((engine) => engine.sharedStateKey?.(absolutePath, language, this.options));
  }

  /** What the types of a file depend on beyond its text, from the first engine that can tell; for the result cache key. */
  dependencyKeyFor(absolutePath: string, language: LanguageId, text?: string): string | undefined {
    return this.firstEngineKey((engine) => engine.dependencyKey?.(absolutePath, language, this.options, text));
  }

  /** The files a file imports, from the first engine in use that can tell. */
  importedFilesFor(absolutePath: string, language: LanguageId, text?: string): readonly string[] | undefined {
    for (const engine of this.enginesInUse()) {
      const found = engine.importedFiles?.(absolutePath, language, this.options, text);
      if (found) return found;
    }
    return undefined;
  }

  /** The engines that may answer: the TypeScript checker only when not switched off. */
  private enginesInUse(): TypeEngine[] {
    return this.engines.filter((engine) => this.options.engine === 'auto' || engine.name === this.options.engine || engine.name !== 'typescript');
  }

  /** The first key an engine in use gives, prefixed with its name. */
  private firstEngineKey(keyOf: (engine: TypeEngine) => string | undefined): string | undefined {
    for (const engine of this.enginesInUse()) {
      const key = keyOf(engine);
      if (key !== undefined) return `${engine.name}:${key}`;
    }
    return undefined;
  }
}
