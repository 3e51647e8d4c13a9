import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProjectConfig } from './configs.js';
import { typescript, type TS } from './load.js';

export interface BuiltProgram {
  config: ProjectConfig;
  program: TS.Program;
  checker: TS.TypeChecker;
  /** Wall time of `createProgram` plus the checker's set-up, in milliseconds. */
  buildMs: number;
}

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb'];

/**
 * One `ts.Program` per config, built on first use and kept for the rest of the run (or the worker
 * thread's life): every file of that config is answered from the same program and checker.
 * Building dominates the cost; per-file queries after that are cheap.
 */
export class ProgramCache {
  private readonly programs = new Map<string, BuiltProgram | null>();
  /** Configs whose program could not be built, with the reason; their files get no checker answers. */
  readonly failures = new Map<string, string>();
  private readonly dependencyKeys = new Map<string, string>();
  /** What this cache has cost so far, for `revisor types` and the benchmark. */
  readonly stats = { programsBuilt: 0, buildMs: 0 };

  program(config: ProjectConfig): BuiltProgram | undefined {
    const known = this.programs.get(config.path);
    if (known !== undefined) return known ?? undefined;
    let built: BuiltProgram | undefined;
    try {
      built = buildProgram(config);
      this.stats.programsBuilt++;
      this.stats.buildMs += built.buildMs;
    } catch (error) {
      this.failures.set(config.path, (error as Error).message);
    }
    this.programs.set(config.path, built ?? null);
    return built;
  }

  /**
   * What a file's checker-derived findings depend on beyond its own text: the compiler version,
   * the resolved options, every file the config lists (path, size, modification time) and the
   * lockfiles beside and above the config. A result cache keyed on it re-analyses every file of the
   * config when any of them changes, because a type can come from any of them. Computed once per
   * config, without building the program.
   */
  dependencyKey(config: ProjectConfig, stopAt: string): string {
    let key = this.dependencyKeys.get(config.path);
    if (!key) {
      const hash = createHash('sha256');
      hash.update(`typescript ${typescript().version}\n${config.path}\n${JSON.stringify(config.parsed.options)}\n`);
      for (const file of [...config.parsed.fileNames].sort()) hash.update(`${file}\u0000${stamp(file)}\n`);
      for (let dir = dirname(config.path); ; dir = dirname(dir)) {
        for (const name of LOCKFILES) {
          const s = stamp(join(dir, name));
          if (s !== 'missing') hash.update(`${join(dir, name)}\u0000${s}\n`);
        }
        if (dir === stopAt || dirname(dir) === dir) break;
      }
      key = hash.digest('hex').slice(0, 32);
      this.dependencyKeys.set(config.path, key);
    }
    return key;
  }
}

function stamp(path: string): string {
  try {
    const s = statSync(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

function buildProgram(config: ProjectConfig): BuiltProgram {
  const ts = typescript();
  const started = performance.now();
  const { parsed } = config;
  const options: TS.CompilerOptions = { ...parsed.options, noEmit: true };
  const host = ts.createCompilerHost(options, true);
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options,
    host,
    projectReferences: parsed.projectReferences,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed),
  });
  const checker = program.getTypeChecker();
  return { config, program, checker, buildMs: performance.now() - started };
}
