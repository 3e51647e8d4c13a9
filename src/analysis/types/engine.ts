import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Language } from 'web-tree-sitter';
import { parsedFromCompact, type CompactTree, type ParsedFile } from '../../parse/parser.js';
import { languageForPath } from '../../parse/languages.js';
import type { LanguageId, SourceFile } from '../../types.js';
import { buildSemanticModel, type SemanticModel } from '../index.js';
import { DISK, memoisedDisk, type DiskQuestions } from '../disk.js';
import type { TypeProvider } from '../type-provider.js';
import type { TypeEngine, TypeSessionOptions } from '../type-session.js';
import type { ImportResolver } from './common.js';
import { JavaScriptTypes } from './javascript.js';
import type { ModuleInfo } from './lattice.js';
import { parseSync } from './load-file.js';
import { TreeSitterTypeProvider } from './provider.js';
import { PythonTypes } from './python.js';
import { ModuleSummaries, type LoadedSource, type ModuleSummary, type SummaryStats } from './summaries.js';

const LANGUAGES = new Set<LanguageId>(['python', 'javascript', 'typescript', 'tsx']);
/**
 * Source characters of imported files kept analysed per session (about 25 MB of trees and analyses);
 * the least recently used are dropped and re-read when a question they have not answered yet comes
 * (see summaries.ts). With files analysed after their imports (run/import-order.ts), Django with one
 * thread re-reads 80 modules in its first 750 files at this budget and 49 at twice it, in the same
 * time (within noise), and peaks at 240 MB instead of 280 to 320 MB; with two threads, 360 to 370 MB
 * instead of 430 to 450 MB. Below this, re-reads grow faster than memory falls (101 re-reads at
 * 300,000, same peak).
 */
const LIVE_SUMMARY_BUDGET_CHARS = 500_000;
/**
 * Source characters of analysed files kept, after their analysis, for the summary of a later importer
 * (see `donate`). With files analysed after their imports, this spares 328 of the first 424 module
 * loads on Django with one thread (332 at twice the size) and 343 of webpack's 521 (404), with no
 * measurable difference in time, and about 25 MB less memory per thread.
 */
const DONATED_BUDGET_CHARS = 250_000;
/**
 * Source characters of files whose trees are kept in compact form (parser.ts, `CompactTree`: about 3
 * bytes per character, off the JavaScript heap) for summaries that must read a file again after its
 * copied tree left the budgets above: the tree is then copied from it, not parsed. On webpack with one
 * thread, 184 of 230 parses of imported files were such re-reads (1.9 MB of source); at this budget
 * 130 of them copy a compact tree instead (Django: 50). 2.5 million characters spared 43 more parses
 * on webpack, for 10 to 20 MB more peak memory with two threads on Django, which must stay under 400 MB.
 */
const COMPACT_BUDGET_CHARS = 1_500_000;
const MAX_IMPORT_BYTES = 1024 * 1024;

interface CachedModule {
  size: number;
  mtimeMs: number;
  summary: ModuleSummary | undefined;
}

/**
 * The tree-sitter inference engine: Python and JavaScript (and TypeScript files no checker governs).
 *
 * One engine lives in each type session (one per run or worker). It keeps the summaries of imported
 * files of the same run, read from disk and analysed, shared by every file that imports them, within a
 * memory budget (summaries.ts). A summary is computed with its own imports unresolved, so it does not
 * depend on which file asked first (results are the same for any file order or number of workers) and
 * import cycles cannot recurse.
 */
export class TreeSitterTypeEngine implements TypeEngine {
  readonly name = 'tree-sitter' as const;
  private readonly modules = new Map<string, CachedModule>();
  /** Module files whose size and modification time were checked since the last file began. */
  private readonly checked = new Set<string>();
  private readonly summaries: ModuleSummaries;
  private readonly languages = new Map<LanguageId, Language>();
  /** Trees and models of recently analysed files, by absolute path, oldest first (see `donate`). */
  private readonly donated = new Map<string, { parsed: ParsedFile; model: SemanticModel }>();
  private donatedChars = 0;
  /**
   * Compact trees of files analysed or read here, by absolute path, oldest first (see `keepCompact`),
   * with the length and a digest of the text each was parsed from (the text itself would double their memory).
   */
  private readonly compactTrees = new Map<string, { chars: number; digest: string; tree: CompactTree }>();
  private compactChars = 0;

  /** `liveSummaryChars`: how much imported source is kept analysed (tests make it small). */
  constructor(options: { liveSummaryChars?: number } = {}) {
    this.summaries = new ModuleSummaries((path) => this.load(path), options.liveSummaryChars ?? LIVE_SUMMARY_BUDGET_CHARS);
  }

  /** How often imported files were read and re-read, for tests and measurements. */
  get summaryStats(): Readonly<SummaryStats> {
    return this.summaries.stats;
  }

  accepts(parsed: ParsedFile): boolean {
    return LANGUAGES.has(parsed.file.language);
  }

  provider(parsed: ParsedFile, model: SemanticModel | undefined, options: TypeSessionOptions): TypeProvider | undefined {
    if (!model) return undefined;
    this.checked.clear();
    this.summaries.nextFile();
    // A tree copied from a compact one has no native tree; its language was met here before.
    if (parsed.tree) this.languages.set(parsed.file.language, parsed.tree.language);
    this.donate(parsed, model);
    const resolver = this.resolver(options, parsed.file.language);
    if (parsed.file.language === 'python') {
      return new TreeSitterTypeProvider(new PythonTypes(parsed, model, { label: parsed.file.path, resolver }));
    }
    return new TreeSitterTypeProvider(new JavaScriptTypes(parsed, model, { label: parsed.file.path, resolver, prototypePatches: () => this.prototypePatches(parsed.file.absolutePath, options.root) }));
  }

  private readonly patchesByFolder = new Map<string, Set<string>>();

  /**
   * Names that scripts near a file add to builtin prototypes (`Date.prototype.strftime = ...` in a
   * sibling or parent folder): browser scripts share their globals, so such members exist at run time.
   */
  prototypePatches(absolutePath: string, root: string): Set<string> {
    const names = new Set<string>();
    let dir = dirname(absolutePath);
    for (let i = 0; i < 3; i++) {
      let found = this.patchesByFolder.get(dir);
      if (!found) {
        found = new Set();
        let entries: string[] = [];
        try {
          entries = readdirSync(dir);
        } catch {
          entries = [];
        }
        for (const entry of entries.slice(0, 500)) {
          if (!/\.(m|c)?jsx?$/.test(entry)) continue;
          try {
            const path = join(dir, entry);
            if (statSync(path).size > MAX_IMPORT_BYTES) continue;
            const text = readFileSync(path, 'utf8');
            for (const m of text.matchAll(/prototype\s*\.\s*([A-Za-z_$][\w$]*)\s*=/g)) found.add(m[1]);
            for (const m of text.matchAll(/prototype\s*,\s*['"]([A-Za-z_$][\w$]*)['"]/g)) found.add(m[1]);
          } catch {
            // unreadable: ignore
          }
        }
        this.patchesByFolder.set(dir, found);
      }
      for (const n of found) names.add(n);
      if (resolve(dir) === resolve(root) || dirname(dir) === dir) break;
      dir = dirname(dir);
    }
    return names;
  }

  /**
   * The files under the root that a file's imports name, sorted, itself left out: the summaries its
   * analysis will read. Found by pattern, without parsing, so the main thread can tell before any
   * analysis (for cache keys and for the order files are analysed in).
   */
  importedFiles(absolutePath: string, language: LanguageId, options: TypeSessionOptions, given?: string): string[] | undefined {
    if (!LANGUAGES.has(language)) return undefined;
    let text: string;
    try {
      text = given ?? readFileSync(absolutePath, 'utf8');
    } catch {
      return undefined;
    }
    const targets = new Set<string>();
    if (language === 'python') {
      for (const m of text.matchAll(/^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)/gm)) {
        const level = m[1].length;
        const base = m[2];
        const found = this.resolve(absolutePath, base, level, 'python', options.root);
        if (found) targets.add(found);
        for (const name of m[3].replace(/[()\\]/g, ' ').split(',')) {
          const imported = name.trim().split(/\s+/)[0];
          if (!/^\w+$/.test(imported)) continue;
          const sub = this.resolve(absolutePath, base ? `${base}.${imported}` : imported, level, 'python', options.root);
          if (sub) targets.add(sub);
        }
      }
      for (const m of text.matchAll(/^[ \t]*import[ \t]+([^\n]+)/gm)) {
        for (const part of m[1].split(',')) {
          const name = part.trim().split(/\s+/)[0];
          if (!/^[\w.]+$/.test(name)) continue;
          const found = this.resolve(absolutePath, name, 0, 'python', options.root) ?? this.resolve(absolutePath, name.split('.')[0], 0, 'python', options.root);
          if (found) targets.add(found);
        }
      }
    } else {
      for (const m of text.matchAll(/\bfrom\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const found = this.resolve(absolutePath, m[1] ?? m[2] ?? m[3], 0, language, options.root);
        if (found) targets.add(found);
      }
    }
    targets.delete(absolutePath);
    return [...targets].sort();
  }

  /**
   * What a file's types depend on besides its own text: the contents of the files its imports name
   * (summaries are one level deep, so only direct imports matter) and, for JavaScript, the prototype
   * patches of nearby scripts. The result cache includes it, so editing an imported file re-checks
   * the importers.
   */
  dependencyKey(absolutePath: string, language: LanguageId, options: TypeSessionOptions, given?: string): string | undefined {
    const targets = this.importedFiles(absolutePath, language, options, given);
    if (!targets) return undefined;
    const hash = createHash('sha1');
    for (const target of targets) {
      hash.update(relative(options.root, target));
      hash.update(this.importedContentHash(target));
    }
    if (language !== 'python') hash.update([...this.prototypePatches(absolutePath, options.root)].sort().join(','));
    return hash.digest('hex').slice(0, 16);
  }

  /** Content hashes of imported files, by path, with the size and modification time they were read at. */
  private readonly importedHashes = new Map<string, { size: number; mtimeMs: number; hash: string }>();

  /**
   * An imported file's content hash: read once per run, and again only when its size or modification
   * time changed (every file of a folder imports much the same modules; reading each for every importer
   * was most of a cached run's time on rxjs).
   */
  private importedContentHash(path: string): string {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return 'missing';
    }
    const known = this.importedHashes.get(path);
    if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return known.hash;
    let hash: string;
    try {
      hash = createHash('sha1').update(readFileSync(path)).digest('hex');
    } catch {
      return 'missing';
    }
    this.importedHashes.set(path, { size: stat.size, mtimeMs: stat.mtimeMs, hash });
    return hash;
  }

  /**
   * Where imports lead, by importing folder: every file of a folder imports much the same modules, and
   * each resolution tries several paths on disk. Kept for the session, like the list of files to analyse.
   */
  private readonly resolutions = new Map<string, string | null>();
  private readonly disk = memoisedDisk();

  private resolve(fromPath: string, name: string, level: number, language: LanguageId, root: string): string | undefined {
    const python = language === 'python';
    const key = `${python ? 'py' : 'js'}\u0000${dirname(fromPath)}\u0000${level}\u0000${name}`;
    let found = this.resolutions.get(key);
    if (found === undefined) {
      found = (python ? resolvePython(fromPath, name, level, root, this.disk) : resolveJavaScript(fromPath, name, root, this.disk)) ?? null;
      this.resolutions.set(key, found);
    }
    return found ?? undefined;
  }

  /** Resolves imports to files under the session root and answers with their summaries. */
  resolver(options: TypeSessionOptions, language: LanguageId): ImportResolver {
    this.root = options.root;
    return {
      module: (fromPath, name, level) => {
        const path = this.resolve(fromPath, name, level, language, options.root);
        if (!path || path === fromPath) return undefined;
        return this.summary(path);
      },
    };
  }

  private root?: string;

  private summary(path: string): ModuleInfo | undefined {
    const cached = this.modules.get(path);
    // A file changed during the run is read again, checked once per analysed file.
    if (cached && this.checked.has(path)) return cached.summary;
    this.checked.add(path);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return undefined;
    }
    if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached.summary;
    if (cached?.summary) this.summaries.close(cached.summary);
    const entry: CachedModule = { size: stat.size, mtimeMs: stat.mtimeMs, summary: undefined };
    this.modules.set(path, entry);
    if (stat.size <= MAX_IMPORT_BYTES) entry.summary = this.summaries.open(path, basename(path));
    return entry.summary;
  }

  /**
   * The tree and semantic model of a file about to be analysed, when its summary (an importer read it
   * earlier in this thread) still holds them for the same text, so the file is not parsed again. The
   * native tree is not included: a caller that runs tree-sitter queries parses it on its own.
   */
  reusableParse(file: SourceFile): { parsed: ParsedFile; model: SemanticModel } | undefined {
    const summary = this.modules.get(file.absolutePath)?.summary;
    const source = summary && this.summaries.liveSource(summary);
    const parsed = source && borrowedTree(source.parsed, file);
    if (!parsed) return undefined;
    this.summaries.stats.reused++;
    return { parsed, model: source.model };
  }

  /**
   * Keeps the copied tree and semantic model of a file being analysed, so that when a later file imports
   * it its summary is built from them instead of parsing the file again (`load` checks the text is the
   * one on disk). Both are immutable once built, and a summary is computed from the file's text alone,
   * so its answers are the same either way. Oldest go first beyond the budget.
   */
  private donate(parsed: ParsedFile, model: SemanticModel): void {
    const path = parsed.file.absolutePath;
    const previous = this.donated.get(path);
    if (previous) {
      this.donated.delete(path);
      this.donatedChars -= previous.parsed.file.text.length;
    }
    this.donated.set(path, { parsed, model });
    this.donatedChars += parsed.file.text.length;
    for (const [oldest, entry] of this.donated) {
      if (this.donatedChars <= DONATED_BUDGET_CHARS) break;
      this.donated.delete(oldest);
      this.donatedChars -= entry.parsed.file.text.length;
    }
    this.keepCompact(path, parsed.file.text, parsed.compact);
  }

  /** Keeps a file's compact tree for `load`, with the text it was parsed from; oldest go first beyond the budget. */
  private keepCompact(path: string, text: string, tree: CompactTree, digest = textDigest(text)): void {
    const previous = this.compactTrees.get(path);
    if (previous) {
      this.compactTrees.delete(path);
      this.compactChars -= previous.chars;
    }
    this.compactTrees.set(path, { chars: text.length, digest, tree });
    this.compactChars += text.length;
    for (const [oldest, entry] of this.compactTrees) {
      if (this.compactChars <= COMPACT_BUDGET_CHARS) break;
      this.compactTrees.delete(oldest);
      this.compactChars -= entry.chars;
    }
  }

  /** The compact tree kept for this text of the file, if any. */
  private compactTreeOf(path: string, text: string): { digest: string; tree: CompactTree } | undefined {
    const kept = this.compactTrees.get(path);
    if (!kept || kept.chars !== text.length) return undefined;
    const digest = textDigest(text);
    return kept.digest === digest ? { digest, tree: kept.tree } : undefined;
  }

  /** Reads and analyses a module file: the version `summary` saw, else nothing (a handle answers for one version). */
  private load(path: string): LoadedSource | undefined {
    const expected = this.modules.get(path);
    try {
      const stat = statSync(path);
      if (expected && (stat.size !== expected.size || stat.mtimeMs !== expected.mtimeMs)) return undefined;
    } catch {
      return undefined;
    }
    const spec = languageForPath(path);
    if (!spec || !LANGUAGES.has(spec.id)) return undefined;
    const language = this.languages.get(spec.id);
    if (!language) return undefined;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
    if (text.includes('\u0000')) return undefined;
    const source = { path, absolutePath: path, language: spec.id, text };
    let parsed: ParsedFile | undefined;
    let model: SemanticModel | undefined;
    const donated = this.donated.get(path);
    const borrowed = donated && borrowedTree(donated.parsed, source);
    if (borrowed) {
      this.summaries.stats.donated++;
      parsed = borrowed;
      model = donated.model;
    } else {
      const compact = this.compactTreeOf(path, text);
      if (compact) {
        this.summaries.stats.compact++;
        parsed = parsedFromCompact(source, compact.tree, language);
        // Most recently used last.
        this.keepCompact(path, text, compact.tree, compact.digest);
      } else {
        parsed = parseSync(source, language);
        if (!parsed) return undefined;
        this.keepCompact(path, text, parsed.compact);
      }
      model = buildSemanticModel(parsed);
      // The native tree is not needed by the analysis (it works on the copied nodes).
      parsed.dispose();
      if (!model) return undefined;
    }
    const label = (this.root ? relative(this.root, path) : '') || basename(path);
    const analysis = spec.id === 'python' ? new PythonTypes(parsed, model, { label, external: true }) : new JavaScriptTypes(parsed, model, { label, external: true });
    return { analysis, chars: text.length };
  }
}

/** Identifies a file's text for the compact trees (SHA-1: fast, and no accidental collision in practice). */
function textDigest(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/**
 * Another holder's copied tree of the same text and language, under `file`'s name; its native tree is
 * not the borrower's to delete (and may be deleted already). Undefined when the text differs.
 */
function borrowedTree(parsed: ParsedFile, file: SourceFile): ParsedFile | undefined {
  if (parsed.file.text !== file.text || parsed.file.language !== file.language) return undefined;
  return { ...parsed, file, dispose: () => {} };
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** `from ..a.b import c` from `fromPath`: the file of module `a.b` (a `.py` file or a package's `__init__.py`). */
export function resolvePython(fromPath: string, name: string, level: number, root: string, disk: DiskQuestions = DISK): string | undefined {
  const parts = name ? name.split('.') : [];
  const fileIfExists = (path: string) => (disk.isFile(path) ? path : undefined);
  const candidates = (base: string) => {
    const target = join(base, ...parts);
    return parts.length === 0 ? fileIfExists(join(target, '__init__.py')) : (fileIfExists(`${target}.py`) ?? fileIfExists(join(target, '__init__.py')));
  };
  let found: string | undefined;
  if (level > 0) {
    let base = dirname(fromPath);
    for (let i = 1; i < level; i++) base = dirname(base);
    found = candidates(base);
  } else {
    // The folder above the outermost package holding this file is a search path entry, like sys.path.
    let dir = dirname(fromPath);
    while (disk.exists(join(dir, '__init__.py')) && dirname(dir) !== dir) dir = dirname(dir);
    found = candidates(dir) ?? candidates(root);
  }
  return found && (inside(root, found) || resolve(root) === resolve(found)) ? found : undefined;
}

const JS_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.tsx', '.mts', '.cts'];

/** `./util` from `fromPath`: the file it names, with the usual extension and index resolution. */
export function resolveJavaScript(fromPath: string, specifier: string, root: string, disk: DiskQuestions = DISK): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const target = resolve(dirname(fromPath), specifier);
  const accept = (candidate: string) => disk.isFile(candidate) && JS_EXTENSIONS.includes(extname(candidate)) && inside(root, candidate) && !candidate.endsWith(`.d${extname(candidate)}`);
  // Candidates in order, each made only when the ones before it failed (most imports name `./x` for `x.js`).
  if (accept(target)) return target;
  for (const extension of JS_EXTENSIONS) if (accept(`${target}${extension}`)) return `${target}${extension}`;
  for (const extension of JS_EXTENSIONS) {
    const index = join(target, `index${extension}`);
    if (accept(index)) return index;
  }
  // `./x.js` written for a TypeScript source `x.ts`.
  const written = extname(target);
  if (JS_EXTENSIONS.includes(written)) {
    for (const extension of ['.ts', '.tsx', '.mts', '.cts']) {
      const source = target.slice(0, -written.length) + extension;
      if (accept(source)) return source;
    }
  }
  return undefined;
}
