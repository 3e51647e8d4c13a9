import type { ParsedFile } from '../../parse/parser.js';
import type { SemanticModel } from '../index.js';
import type { SyntaxNode } from '../../parse/syntax-node.js';
import type { ClassInfo, FunctionInfo, ModuleInfo, Signature, Type, Typed } from './lattice.js';
import { overridable, overriddenFunction } from './python.js';

/**
 * Summaries of the imported files of a run, kept small.
 *
 * A summary answers what importers ask of a module: whether it defines a name, the type of a name, and,
 * through the classes and functions in those types, class members, bases and function results. Answering
 * needs the module's syntax tree and analysis (a "live" analysis), which take about fifty bytes of memory
 * per character of source. So live analyses are kept only up to a budget of source characters, least
 * recently used first out; what importers hold are handles (one per module, class and function, for the
 * whole run) that remember every answer they gave and reach a live analysis, re-reading the file when it
 * was dropped, only for a question not asked before. Memory stays bounded whatever the number of files,
 * and the answers do not depend on what was dropped when: a live analysis is computed from the file's
 * text alone (its own imports unresolved), and a handle's answer, once given, is kept.
 */

/** What a summary needs from a file's analysis (the Python and JavaScript passes both provide it). */
export interface SummarySource {
  readonly parsed: ParsedFile;
  readonly model: SemanticModel;
  summary(): ModuleInfo;
  functionInfo(node: SyntaxNode): FunctionInfo;
  classInfo(node: SyntaxNode): ClassInfo & { readonly node: SyntaxNode };
  /** The definition node of a function this analysis created; undefined for any other. */
  functionNode(fn: FunctionInfo): SyntaxNode | undefined;
}

export interface LoadedSource {
  analysis: SummarySource;
  /** Source characters: what the analysis costs, for the budget. */
  chars: number;
}

interface Live {
  analysis: SummarySource;
  chars: number;
  /** Live type objects already translated to handles (object types keep their identity this way). */
  translated: WeakMap<object, unknown>;
}

export interface SummaryStats {
  loads: number;
  reloads: number;
  pinned: number;
  /** Loads and reloads answered from an analysed file's tree instead of a parse. */
  donated: number;
  /** Files analysed on the tree their live summary held instead of a parse. */
  reused: number;
  /** Loads and reloads whose tree was copied from a compact tree kept by the engine instead of a parse. */
  compact: number;
}

/** The summaries of one session: one handle per module file, live analyses within a budget. */
export class ModuleSummaries {
  private readonly live = new Map<ModuleSummary, Live>();
  private liveChars = 0;
  readonly stats: SummaryStats = { loads: 0, reloads: 0, pinned: 0, donated: 0, reused: 0, compact: 0 };

  constructor(
    private readonly load: (path: string) => LoadedSource | undefined,
    /** Live analyses kept, in source characters. */
    private readonly budgetChars: number,
  ) {}

  /** A new summary for a module file, or undefined when it cannot be read or parsed. */
  open(path: string, name: string): ModuleSummary | undefined {
    const loaded = this.load(path);
    if (!loaded) return undefined;
    this.stats.loads++;
    const summary = new ModuleSummary(this, path, name);
    this.keep(summary, loaded);
    summary.answerEveryName();
    return summary;
  }

  /** The module's analysis when it is live, without touching the order of use; for reuse of its tree. */
  liveSource(summary: ModuleSummary): SummarySource | undefined {
    return this.live.get(summary)?.analysis;
  }

  /** Forgets a summary (its file changed): its live analysis goes, its handles stay valid but unanswered. */
  close(summary: ModuleSummary): void {
    summary.closed = true;
    const live = this.live.get(summary);
    if (!live) return;
    this.live.delete(summary);
    this.liveChars -= live.chars;
  }

  /** Runs a question against the module's live analysis, re-reading the file if it was dropped. */
  ask<T>(summary: ModuleSummary, question: (live: Live) => T): T | undefined {
    let live = this.live.get(summary);
    if (live) {
      // Most recently used last.
      this.live.delete(summary);
      this.live.set(summary, live);
    } else {
      if (summary.closed) return undefined;
      const loaded = this.load(summary.path);
      if (!loaded) return undefined;
      this.stats.reloads++;
      live = this.keep(summary, loaded);
    }
    return question(live);
  }

  /**
   * A new file begins: live analyses beyond the budget go. Within one file they may exceed it (up to
   * three times), so that a file importing more than the budget holds does not read the same modules
   * again and again.
   */
  nextFile(): void {
    this.evict(this.budgetChars);
  }

  private keep(summary: ModuleSummary, loaded: LoadedSource): Live {
    const live: Live = { analysis: loaded.analysis, chars: loaded.chars, translated: new WeakMap() };
    this.live.set(summary, live);
    this.liveChars += live.chars;
    this.evict(3 * this.budgetChars, summary);
    return live;
  }

  /** Drops the least recently used live analyses down to `limit` characters, never `keep` (the one being asked). */
  private evict(limit: number, keep?: ModuleSummary): void {
    const victims: ModuleSummary[] = [];
    let chars = this.liveChars;
    for (const [oldest, entry] of this.live) {
      if (chars <= limit) break;
      if (oldest === keep) continue;
      victims.push(oldest);
      chars -= entry.chars;
    }
    for (const victim of victims) victim.answerHandles();
    for (const victim of victims) {
      this.liveChars -= this.live.get(victim)!.chars;
      this.live.delete(victim);
    }
  }
}

const MISSING = Symbol('missing');

/** A memo of answers keyed by the question (`returns`, `member:size`), undefined answers included. */
class Answers<T> {
  private readonly values = new Map<string, T | typeof MISSING>();

  get(key: string, compute: () => T | undefined): T | undefined {
    const found = this.values.get(key);
    if (found !== undefined) return found === MISSING ? undefined : found;
    const value = compute();
    this.values.set(key, value === undefined ? MISSING : value);
    return value;
  }
}

/** The handle importers hold for one module file. */
export class ModuleSummary implements ModuleInfo {
  readonly complete = false;
  closed = false;
  private readonly members = new Answers<Typed>();
  private readonly defined = new Answers<boolean>();
  private readonly functions = new Map<string, FunctionInfo>();
  private readonly classes = new Map<string, ClassInfo>();
  /** The questions importers most often come back with, per handle given out. */
  private readonly likelyQuestions: Array<() => void> = [];

  constructor(
    private readonly store: ModuleSummaries,
    readonly path: string,
    readonly name: string,
  ) {}

  member(name: string): Typed | undefined {
    // A name the module does not define has no type there (`has` may still say yes, for a star import).
    if (this.defines && !this.defines.has(name)) return undefined;
    return this.members.get(name, () => this.store.ask(this, (live) => this.typed(live, live.analysis.summary().member(name))));
  }

  /** The names the module defines, when its analysis can list them. */
  private defines?: ReadonlySet<string>;

  /**
   * Answers for every name the module defines, while its analysis is at hand: importers ask for names
   * one at a time, file after file, and each new one would otherwise re-read a dropped module.
   */
  answerEveryName(): void {
    const names = this.store.ask(this, (live) => live.analysis.summary().names?.());
    if (!names) return;
    for (const name of names) {
      this.has(name);
      this.member(name);
    }
    this.defines = new Set(names);
  }

  /**
   * Answers, before the module's analysis is dropped, what importers most likely ask next of the
   * functions and classes they were given: results, bases and member names. Reading the file again
   * for one of them costs more than all of them.
   */
  answerHandles(): void {
    for (let i = 0; i < this.likelyQuestions.length; i++) this.likelyQuestions[i]();
  }

  has(name: string): boolean {
    return this.defined.get(name, () => this.store.ask(this, (live) => live.analysis.summary().has?.(name) ?? false)) ?? false;
  }

  // ------------------------------------------------------------------------------------------------------
  // Translation of a live analysis's answers into handles

  private typed(live: Live, value: Typed | undefined): Typed | undefined {
    if (!value) return undefined;
    const type = this.type(live, value.type);
    return type === value.type ? value : { ...value, type };
  }

  private type(live: Live, t: Type): Type {
    switch (t.kind) {
      case 'builtin': {
        if (!t.args.length && !t.items) return t;
        return this.memo(live, t, () => {
          const args = this.types(live, t.args);
          const items = t.items && this.types(live, t.items);
          return args === t.args && items === t.items ? t : { ...t, args, ...(items ? { items } : {}) };
        });
      }
      case 'instance':
      case 'class':
        return this.memo(live, t, () => ({ ...t, cls: this.classHandle(live, t.cls) }));
      case 'function':
        return this.memo(live, t, () => {
          const fn = this.functionHandle(live, t.fn);
          const bound = t.bound && this.type(live, t.bound);
          return fn === t.fn && bound === t.bound ? t : { ...t, fn, ...(t.bound ? { bound } : {}) };
        });
      case 'object':
        return this.memo(live, t, () => {
          const props = new Map<string, Typed>();
          for (const [key, value] of t.props) props.set(key, this.typed(live, value)!);
          return { ...t, props };
        });
      case 'union':
        return this.memo(live, t, () => {
          const items = this.types(live, t.items);
          return items === t.items ? t : { ...t, items };
        });
      default:
        // unknown, never, None, undefined, null, builtin classes, type variables, and modules (a summary's
        // imports are unresolved, so its modules are the stubs' own).
        return t;
    }
  }

  private types(live: Live, list: readonly Type[]): readonly Type[] {
    const out = list.map((t) => this.type(live, t));
    return out.every((t, i) => t === list[i]) ? list : out;
  }

  private memo<T extends object>(live: Live, key: T, make: () => T): T {
    let found = live.translated.get(key) as T | undefined;
    if (!found) {
      found = make();
      live.translated.set(key, found);
    }
    return found;
  }

  private signatures(live: Live, signatures: readonly Signature[] | undefined): readonly Signature[] | undefined {
    if (!signatures) return undefined;
    let changed = false;
    const out = signatures.map((s) => {
      const params = s.params.map((p) => {
        const type = p.type && this.type(live, p.type);
        if (type === p.type) return p;
        changed = true;
        return { ...p, type };
      });
      const returns = this.type(live, s.returns);
      if (returns !== s.returns) changed = true;
      return { params, returns };
    });
    return changed ? out : signatures;
  }

  private functionHandle(live: Live, fn: FunctionInfo): FunctionInfo {
    if (fn.builtin) {
      // Stub functions carry no tree; their signatures may name this module's classes (`list[Foo].pop`).
      const signatures = this.signatures(live, fn.signatures);
      return signatures === fn.signatures ? fn : { ...fn, signatures };
    }
    // The one function value the Python pass makes besides definitions: a method seen through `self`.
    const original = overriddenFunction(fn);
    if (original) {
      const handle = this.functionHandle(live, original);
      const wrapped = overridable({ kind: 'function', fn: handle });
      return wrapped.kind === 'function' ? wrapped.fn : handle;
    }
    const node = live.analysis.functionNode(fn);
    if (!node) return this.pinned(live, fn);
    const key = nodeKey(node);
    let handle = this.functions.get(key);
    if (!handle) {
      const { returns, alwaysNone, signatures, ...fields } = fn;
      handle = this.newFunctionHandle(key, { ...fields, signatures: this.signatures(live, signatures) }, Boolean(returns), Boolean(alwaysNone));
      this.functions.set(key, handle);
    }
    return handle;
  }

  // The handles' closures are made apart from the live objects: a closure keeps every variable of the
  // function it was made in, and a live function or class would keep its whole tree in memory.

  private newFunctionHandle(key: string, fields: Omit<FunctionInfo, 'returns' | 'alwaysNone'>, returns: boolean, alwaysNone: boolean): FunctionInfo {
    const ask = this.asker(key, (analysis, node) => analysis.functionInfo(node));
    const handle: FunctionInfo = {
      ...fields,
      ...(returns ? { returns: () => ask('returns', (f, now) => this.typed(now, f.returns?.())) } : {}),
      ...(alwaysNone ? { alwaysNone: () => ask('alwaysNone', (f) => f.alwaysNone?.()) ?? false } : {}),
    };
    this.likelyQuestions.push(() => {
      handle.returns?.();
      handle.alwaysNone?.();
    });
    return handle;
  }

  private classHandle(live: Live, cls: ClassInfo): ClassInfo {
    const node = (cls as { node?: SyntaxNode }).node;
    if (!node || live.analysis.classInfo(node) !== cls) return this.pinnedClass(live, cls);
    const key = nodeKey(node);
    let handle = this.classes.get(key);
    if (!handle) {
      handle = this.newClassHandle(key, cls.name, cls.where, cls.rewritten, cls.dynamicAttributes, Boolean(cls.isClassBodyName), Boolean(cls.isPlainClassVariable), cls.definedNames?.());
      this.classes.set(key, handle);
    }
    return handle;
  }

  private newClassHandle(
    key: string,
    name: string,
    where: string | undefined,
    rewritten: boolean,
    dynamicAttributes: boolean,
    bodyNames: boolean,
    plainVariables: boolean,
    definedNames: ReadonlySet<string> | undefined,
  ): ClassInfo {
    const ask = this.asker(key, (analysis, node) => analysis.classInfo(node));
    const handle: ClassInfo = {
      name,
      where,
      rewritten,
      dynamicAttributes,
      bases: () => ask('bases', (c, now) => c.bases().map((b) => b && this.type(now, b))) ?? [],
      // Lookups through subclasses ask every class on the way for names most do not define.
      member: (member: string) => (definedNames && !definedNames.has(member) ? undefined : ask(`member:${member}`, (c, now) => this.typed(now, c.member(member)))),
      memberNames: () => ask('memberNames', (c) => c.memberNames()) ?? [],
      ...(bodyNames ? { isClassBodyName: (member: string) => ask(`body:${member}`, (c) => c.isClassBodyName?.(member)) ?? false } : {}),
      ...(plainVariables ? { isPlainClassVariable: (member: string) => ask(`plain:${member}`, (c) => c.isPlainClassVariable?.(member)) ?? false } : {}),
    };
    this.likelyQuestions.push(() => {
      handle.bases();
      handle.memberNames();
    });
    return handle;
  }

  /** Questions to the definition `key` names, each answered once, from whichever live analysis is there. */
  private asker<D>(key: string, definition: (analysis: SummarySource, node: SyntaxNode) => D) {
    const answers = new Answers<unknown>();
    return <T>(question: string, answer: (found: D, live: Live) => T | undefined): T | undefined =>
      answers.get(question, () =>
        this.store.ask(this, (now) => {
          const node = locate(now.analysis.parsed.root, key);
          return node ? answer(definition(now.analysis, node), now) : undefined;
        }),
      ) as T | undefined;
  }

  /**
   * A function or class the analysis made without a definition node of its own (none is known today):
   * it is passed through as it is, which keeps its live analysis in memory for as long as it is held.
   */
  private pinned(_live: Live, fn: FunctionInfo): FunctionInfo {
    this.store.stats.pinned++;
    return fn;
  }

  private pinnedClass(_live: Live, cls: ClassInfo): ClassInfo {
    this.store.stats.pinned++;
    return cls;
  }
}

/** Identifies a definition across re-reads of the same text. */
function nodeKey(node: SyntaxNode): string {
  return `${node.startIndex}:${node.endIndex}:${node.type}`;
}

/** The node a key names, found by descending through the children that contain its range. */
function locate(root: SyntaxNode, key: string): SyntaxNode | undefined {
  const [start, end, type] = key.split(':');
  const startIndex = Number(start);
  const endIndex = Number(end);
  let node: SyntaxNode | undefined = root;
  while (node) {
    if (node.startIndex === startIndex && node.endIndex === endIndex && node.type === type) return node;
    node = node.children.find((c) => c.startIndex <= startIndex && endIndex <= c.endIndex && c.endIndex > c.startIndex);
  }
  return undefined;
}
