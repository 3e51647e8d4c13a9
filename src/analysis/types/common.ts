import type { Scope, SemanticModel, SemanticSymbol } from '../index.js';
import { nextAfterSubtree, nextInSubtree, type SyntaxNode } from '../../parse/syntax-node.js';
import { editDistance } from '../helpers.js';
import { joinTyped, type ModuleInfo, type Typed } from './lattice.js';

/** One line of `revisor types`: a variable assignment, parameter, function return or attribute. */
export interface TypeEntry {
  file: string;
  /** 1-based. */
  line: number;
  /** 0-based. */
  column: number;
  kind: 'variable' | 'parameter' | 'return' | 'attribute';
  name: string;
  /** Dotted enclosing function/class name; empty at module level. */
  scope: string;
  type: string[];
  /** Where the type came from (not printed by `--json` unless asked). */
  origin?: string;
}

/** How a file's analysis reaches other files of the run. */
export interface ImportResolver {
  /**
   * The module an import names, seen from `fromPath` (absolute): Python `from ..a.b import c` is
   * (`a.b`, level 2); JavaScript passes the specifier with level 0. Undefined when it is not a file of
   * the run, not readable, or an import cycle.
   */
  module(fromPath: string, name: string, level: number): ModuleInfo | undefined;
}

/** A copy of a map, through `forEach`: `new Map(map)` goes through the iterator protocol, an entry array and a result object per entry. */
function copyMap<K, V>(map: ReadonlyMap<K, V>): Map<K, V> {
  const copy = new Map<K, V>();
  map.forEach((value, key) => copy.set(key, value));
  return copy;
}

/**
 * A symbol-keyed flow environment: what each variable holds at one point of a function body.
 *
 * Environments are copied at every branch of every analysed function, and most copies are never
 * written (a branch that assigns nothing): a copy shares its maps with the original until either
 * writes. Copying them eagerly was a tenth of all allocation on webpack.
 */
export class Env {
  private varMap: Map<SemanticSymbol, Typed>;
  /** Narrowed or assigned attribute paths (`self.x`), cleared by calls and writes to their prefix. */
  private pathMap: Map<string, Typed>;
  /** Whether the maps are this environment's alone (else they are copied before a write). */
  private ownsVars = true;
  private ownsPaths = true;
  live: boolean;

  constructor(vars = new Map<SemanticSymbol, Typed>(), paths = new Map<string, Typed>(), live = true) {
    this.varMap = vars;
    this.pathMap = paths;
    this.live = live;
  }

  get vars(): ReadonlyMap<SemanticSymbol, Typed> {
    return this.varMap;
  }

  get paths(): ReadonlyMap<string, Typed> {
    return this.pathMap;
  }

  setVar(symbol: SemanticSymbol, value: Typed): void {
    this.writableVars().set(symbol, value);
  }

  deleteVar(symbol: SemanticSymbol): void {
    if (this.varMap.has(symbol)) this.writableVars().delete(symbol);
  }

  setPath(path: string, value: Typed): void {
    this.writablePaths().set(path, value);
  }

  private writableVars(): Map<SemanticSymbol, Typed> {
    if (!this.ownsVars) {
      this.varMap = copyMap(this.varMap);
      this.ownsVars = true;
    }
    return this.varMap;
  }

  private writablePaths(): Map<string, Typed> {
    if (!this.ownsPaths) {
      this.pathMap = copyMap(this.pathMap);
      this.ownsPaths = true;
    }
    return this.pathMap;
  }

  clone(): Env {
    const copy = new Env(this.varMap, this.pathMap, this.live);
    this.ownsVars = this.ownsPaths = copy.ownsVars = copy.ownsPaths = false;
    return copy;
  }

  /** Takes on `other`'s state (the two then share it until either writes). */
  adopt(other: Env): void {
    this.varMap = other.varMap;
    this.pathMap = other.pathMap;
    this.ownsVars = this.ownsPaths = other.ownsVars = other.ownsPaths = false;
  }

  /** Takes on `other`'s state and whether it is live: the environment after a statement that joined its branches. */
  replaceWith(other: Env): void {
    this.adopt(other);
    this.live = other.live;
  }

  static dead(): Env {
    return new Env(new Map(), new Map(), false);
  }

  /** Joins the live environments; a variable bound on only some paths keeps the types of those paths. */
  static join(envs: Env[]): Env {
    const live = envs.filter((e) => e.live);
    if (live.length === 0) return Env.dead();
    // Branches that wrote nothing still share their maps (see `clone`): joining them changes nothing.
    if (live.length === 1 || live.every((e) => e.varMap === live[0].varMap && e.pathMap === live[0].pathMap)) return live[0].clone();
    const vars = new Map<SemanticSymbol, Typed>();
    for (const env of live) {
      for (const [symbol, value] of env.varMap) vars.set(symbol, joinTyped(vars.get(symbol), value)!);
    }
    const paths = new Map<string, Typed>();
    for (const [path, value] of live[0].pathMap) {
      if (live.every((e) => e.pathMap.has(path))) {
        let joined: Typed | undefined = value;
        for (const env of live.slice(1)) joined = joinTyped(joined, env.pathMap.get(path));
        paths.set(path, joined!);
      }
    }
    return new Env(vars, paths, true);
  }

  clearPaths(prefix?: string) {
    if (this.pathMap.size === 0) return;
    if (prefix === undefined) {
      if (this.ownsPaths) this.pathMap.clear();
      else {
        this.pathMap = new Map();
        this.ownsPaths = true;
      }
      return;
    }
    const under = (key: string) => key === prefix || key.startsWith(`${prefix}.`);
    // A shared map is copied only when something in it goes.
    let found = false;
    for (const key of this.pathMap.keys()) {
      if (under(key)) {
        found = true;
        break;
      }
    }
    if (!found) return;
    const paths = this.writablePaths();
    for (const key of [...paths.keys()]) if (under(key)) paths.delete(key);
  }
}

export const lineOf = (node: SyntaxNode): number => node.startRow + 1;

/** The analysis units (functions, classes) below the root, in pre-order, none inside a broken region. */
export function unitsInPreorder(root: SyntaxNode, unitTypes: ReadonlySet<string>): SyntaxNode[] {
  const units: SyntaxNode[] = [];
  for (let node: SyntaxNode | undefined = root; node; node = node.type === 'ERROR' ? nextAfterSubtree(node, root) : nextInSubtree(node, root)) {
    if (node !== root && node.type !== 'ERROR' && unitTypes.has(node.type)) units.push(node);
  }
  return units;
}

/** The scope whose code owns a node, skipping comprehension and annotation scopes (they run inline). */
export function unitScope(scope: Scope): Scope {
  let s: Scope | undefined = scope;
  while (s && (s.kind === 'comprehension' || s.kind === 'type-parameters' || s.kind === 'block' || s.kind === 'for' || s.kind === 'catch' || s.kind === 'with')) {
    s = s.parent;
  }
  return s ?? scope;
}

export function unitOf(model: SemanticModel, node: SyntaxNode): SyntaxNode {
  return unitScope(model.scopeOf(node)).node;
}

/** Short one-line text of a node for messages. */
export function brief(text: string, max = 40): string {
  // The first line, as `split(/\r?\n/)[0]` gives it, without splitting the rest: nodes quoted in type
  // origins are often whole functions.
  const newline = text.indexOf('\n');
  const line = newline < 0 ? text : text.slice(0, newline > 0 && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline);
  return line.length > max || line !== text ? `${line.slice(0, max - 3)}...` : line;
}

/** The closest names to `name` among `candidates` (case-insensitive match first), for did-you-mean. */
export function closestNames(name: string, candidates: Iterable<string>, max = 2): string[] {
  const lower = name.toLowerCase();
  const limit = name.length <= 3 ? 1 : name.length <= 6 ? 2 : 3;
  const found: Array<[string, number]> = [];
  for (const candidate of candidates) {
    if (candidate === name || (candidate.startsWith('_') && !name.startsWith('_'))) continue;
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase(), limit);
    if (distance <= limit) found.push([candidate, distance]);
  }
  return found.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).slice(0, max).map(([c]) => c);
}
