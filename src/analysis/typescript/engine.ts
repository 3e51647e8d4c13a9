import { relative } from 'node:path';
import type { ParsedFile } from '../../parse/parser.js';
import type { LanguageId, Severity } from '../../types.js';
import type { EngineDiagnostic, TypeEngine, TypeSessionOptions } from '../type-session.js';
import type { TypeProvider } from '../type-provider.js';
import { ConfigLocator, type ProjectConfig } from './configs.js';
import { typescript, type TS } from './load.js';
import { createNodeMapper, type NodeMapping } from './node-map.js';
import { ProgramCache, type BuiltProgram } from './programs.js';
import { TypeScriptTypeProvider } from './provider.js';

const LANGUAGES: ReadonlySet<LanguageId> = new Set(['typescript', 'tsx', 'javascript']);

export interface TypeScriptEngineOptions {
  /** How tree-sitter nodes find their TypeScript node; `position` unless measuring. */
  nodeMapping?: NodeMapping;
}

/**
 * The TypeScript checker as a type engine. It accepts a TS/JS file when a tsconfig.json or
 * jsconfig.json governs it, builds that config's program once (per run, or per worker thread),
 * and answers every file of the config from it. The engine object lives as long as its
 * TypeSession, so the cache of programs does too.
 */
export class TypeScriptEngine implements TypeEngine {
  readonly name = 'typescript';
  readonly programs = new ProgramCache();
  private readonly locators = new Map<string, ConfigLocator>();
  private readonly nodeMapping: NodeMapping;

  constructor(options: TypeScriptEngineOptions = {}) {
    this.nodeMapping = options.nodeMapping ?? 'position';
  }

  /** The config governing a file, or undefined when none does (the file then falls back to tree-sitter inference). */
  configFor(absolutePath: string, language: LanguageId, options: TypeSessionOptions): ProjectConfig | undefined {
    if (!LANGUAGES.has(language) || options.engine === 'tree-sitter') return undefined;
    let locator = this.locators.get(options.root);
    if (!locator) {
      locator = new ConfigLocator(options.root);
      this.locators.set(options.root, locator);
    }
    return locator.configFor(absolutePath);
  }

  accepts(parsed: ParsedFile, options: TypeSessionOptions): boolean {
    return this.configFor(parsed.file.absolutePath, parsed.file.language, options) !== undefined;
  }

  /**
   * The program's view of the file, only when its text is the text being analysed. The fix-verify
   * stage re-runs rules on an edited copy the program never saw: those get no checker answers
   * (undefined, so type-aware rules stay silent) rather than types of different code.
   */
  private sourceFor(parsed: ParsedFile, options: TypeSessionOptions): { built: BuiltProgram; sourceFile: TS.SourceFile } | undefined {
    const config = this.configFor(parsed.file.absolutePath, parsed.file.language, options);
    if (!config) return undefined;
    const built = this.programs.program(config);
    if (!built) return undefined;
    const sourceFile = built.program.getSourceFile(parsed.file.absolutePath);
    if (!sourceFile || sourceFile.text !== parsed.file.text) return undefined;
    return { built, sourceFile };
  }

  provider(parsed: ParsedFile, _model: unknown, options: TypeSessionOptions): TypeProvider | undefined {
    const found = this.sourceFor(parsed, options);
    if (!found) return undefined;
    const { built, sourceFile } = found;
    const compilerOptions = built.program.getCompilerOptions();
    const strictNullChecks = compilerOptions.strictNullChecks ?? compilerOptions.strict ?? false;
    const strictPropertyInitialization = strictNullChecks && (compilerOptions.strictPropertyInitialization ?? compilerOptions.strict ?? false);
    const mapper = createNodeMapper(this.nodeMapping, built.program, sourceFile);
    return new TypeScriptTypeProvider(built.checker, sourceFile, mapper, strictNullChecks, strictPropertyInitialization, compilerOptions.noUncheckedIndexedAccess ?? false);
  }

  /** The compiler's semantic diagnostics for the file, as `typescript/tsc-<code>` findings-to-be. */
  diagnostics(parsed: ParsedFile, options: TypeSessionOptions): EngineDiagnostic[] | undefined {
    const found = this.sourceFor(parsed, options);
    if (!found) return undefined;
    const ts = typescript();
    const { built, sourceFile } = found;
    const config = relative(options.root, built.config.path) || built.config.path;
    return built.program.getSemanticDiagnostics(sourceFile).map((diagnostic) => {
      const start = diagnostic.start ?? 0;
      return {
        ruleId: `typescript/tsc-${diagnostic.code}`,
        severity: severityOf(diagnostic.category),
        message: `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`,
        startOffset: start,
        endOffset: start + (diagnostic.length ?? 0),
        evidence: { code: `TS${diagnostic.code}`, tsconfig: config, source: 'TypeScript compiler' },
      };
    });
  }

  sharedStateKey(absolutePath: string, language: LanguageId, options: TypeSessionOptions): string | undefined {
    return this.configFor(absolutePath, language, options)?.path;
  }

  dependencyKey(absolutePath: string, language: LanguageId, options: TypeSessionOptions): string | undefined {
    const config = this.configFor(absolutePath, language, options);
    return config ? this.programs.dependencyKey(config, options.root) : undefined;
  }
}

function severityOf(category: TS.DiagnosticCategory): Severity {
  const { DiagnosticCategory } = typescript();
  if (category === DiagnosticCategory.Error) return 'error';
  if (category === DiagnosticCategory.Warning) return 'warning';
  return 'info';
}
