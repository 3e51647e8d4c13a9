import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { typescript, type TS } from './load.js';
import { memoisedDisk } from '../disk.js';

/** A tsconfig.json or jsconfig.json, parsed the way `tsc -p` parses it (`extends` followed, globs expanded). */
export interface ProjectConfig {
  /** Absolute path of the config file. */
  path: string;
  parsed: TS.ParsedCommandLine;
  /** The files its `files`/`include`/`exclude` select, normalised with `fileKey`. */
  fileKeys: ReadonlySet<string>;
}

/** What tsserver assumes for a jsconfig.json: it exists to describe JavaScript, so JavaScript is in. */
const JSCONFIG_DEFAULTS: TS.CompilerOptions = { allowJs: true, maxNodeModuleJsDepth: 2, allowSyntheticDefaultImports: true, skipLibCheck: true, noEmit: true };

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

/** How deep `references` of a solution-style config are followed. */
const MAX_REFERENCE_DEPTH = 4;

let caseSensitive: boolean | undefined;

/**
 * Whether file names are case-sensitive here, found the way the compiler finds it (does this file exist
 * under its name in the other case?) without loading the compiler: every JavaScript file asks, and most
 * runs have no tsconfig at all.
 */
function caseSensitiveFileNames(): boolean {
  if (caseSensitive === undefined) {
    const self = fileURLToPath(import.meta.url);
    const swapped = self.replace(/\w/g, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()));
    caseSensitive = swapped === self || !existsSync(swapped);
  }
  return caseSensitive;
}

export function fileKey(path: string): string {
  const normalised = resolve(path);
  return caseSensitiveFileNames() ? normalised : normalised.toLowerCase();
}

/**
 * Finds the config that governs a file, as an editor does: from the file's folder upward, the first
 * tsconfig.json (then jsconfig.json) whose own file list holds the file, following the `references`
 * of solution-style configs. A config that exists but does not list the file does not govern it, and
 * the search goes on upward. The search stops at the repository root (or the file system root for a
 * file outside it). Files only reachable through imports are not governed: membership must not depend
 * on which other files happened to be analysed first.
 */
export class ConfigLocator {
  private readonly configs = new Map<string, ProjectConfig | null>();
  private readonly governing = new Map<string, ProjectConfig | null>();
  private readonly extendedCache = new Map<string, TS.ExtendedConfigCacheEntry>();
  /** Config files that could not be parsed, with the reason: such a config governs nothing (never fatal). */
  readonly problems = new Map<string, string>();

  /** Whether a candidate config path is a file, asked once per path. */
  private readonly disk = memoisedDisk();

  constructor(private readonly root: string) {}

  configFor(absolutePath: string): ProjectConfig | undefined {
    const key = fileKey(absolutePath);
    if (this.governing.has(key)) return this.governing.get(key) ?? undefined;
    const found = this.search(absolutePath, key);
    this.governing.set(key, found ?? null);
    return found;
  }

  private search(absolutePath: string, key: string): ProjectConfig | undefined {
    const root = resolve(this.root);
    const rel = relative(root, absolutePath);
    const insideRoot = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    let dir = dirname(resolve(absolutePath));
    for (;;) {
      for (const name of CONFIG_NAMES) {
        const candidate = join(dir, name);
        if (!this.disk.isFile(candidate)) continue;
        const config = this.load(candidate);
        const owner = config ? this.owning(config, key, 0, new Set()) : undefined;
        if (owner) return owner;
      }
      const parent = dirname(dir);
      if ((insideRoot && dir === root) || parent === dir) return undefined;
      dir = parent;
    }
  }

  /** The config itself when it lists the file, else the first referenced config (depth-first) that does. */
  private owning(config: ProjectConfig, key: string, depth: number, seen: Set<string>): ProjectConfig | undefined {
    if (config.fileKeys.has(key)) return config;
    if (depth >= MAX_REFERENCE_DEPTH || seen.has(config.path)) return undefined;
    seen.add(config.path);
    for (const reference of config.parsed.projectReferences ?? []) {
      const referenced = this.load(typescript().resolveProjectReferencePath(reference));
      const owner = referenced ? this.owning(referenced, key, depth + 1, seen) : undefined;
      if (owner) return owner;
    }
    return undefined;
  }

  load(path: string): ProjectConfig | undefined {
    const absolute = resolve(path);
    if (this.configs.has(absolute)) return this.configs.get(absolute) ?? undefined;
    let config: ProjectConfig | undefined;
    try {
      config = parseConfig(absolute, this.extendedCache, (reason) => this.problems.set(absolute, reason));
    } catch (error) {
      this.problems.set(absolute, (error as Error).message);
    }
    this.configs.set(absolute, config ?? null);
    return config;
  }
}

function parseConfig(path: string, extendedCache: Map<string, TS.ExtendedConfigCacheEntry>, problem: (reason: string) => void): ProjectConfig | undefined {
  if (!existsSync(path)) return undefined;
  const ts = typescript();
  const defaults = path.endsWith('jsconfig.json') ? JSCONFIG_DEFAULTS : undefined;
  let fatal: string | undefined;
  const host: TS.ParseConfigFileHost = {
    ...ts.sys,
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      fatal = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(path, defaults, host, extendedCache);
  if (!parsed || fatal) {
    problem(fatal ?? 'could not be parsed');
    return undefined;
  }
  return { path, parsed, fileKeys: new Set(parsed.fileNames.map(fileKey)) };
}
