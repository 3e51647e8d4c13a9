import { readFileSync } from 'node:fs';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import type { LanguageId, Range, SourceFile } from '../types.js';
import { languageSpec, wasmPath, type LanguageSpec } from './languages.js';
import { NO_CHILDREN, SyntaxNode } from './syntax-node.js';

/** A parsed file: the JavaScript-side tree plus what the parser could not make sense of. */
export interface ParsedFile {
  file: SourceFile;
  spec: LanguageSpec;
  root: SyntaxNode;
  /**
   * The native tree, kept for tree-sitter queries; call `dispose()` when done. Absent when the copy was
   * made from a compact tree (the type pass's re-reads of imported files, which run no queries).
   */
  tree?: Tree;
  /** The tree in compact form, to copy it again later without parsing (see `CompactTree`). */
  compact: CompactTree;
  /** Ranges covered by ERROR or MISSING nodes. */
  errorRanges: Range[];
  /** Number of source lines touched by an error range. */
  unparsedLines: number;
  totalLines: number;
  /** Deepest nesting of the tree, in nodes below the root: bounds what any walk up or down a node can cost. */
  depth: number;
  dispose(): void;
}

/**
 * The WebAssembly functions behind web-tree-sitter's TreeCursor. Each takes the tree's address and
 * reads and updates the cursor held in the module's transfer buffer. The library's wrapper copies the
 * cursor into that buffer before every call and back out after it (eight heap accesses around each
 * property read); the copy walk below leaves the cursor in the buffer and calls these directly, which
 * roughly halves the time it takes to copy a tree. They are internal to the library: when they are
 * missing (another version, or Parser.init called elsewhere first) the walk uses the public API.
 */
interface CursorFunctions {
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
  _ts_tree_cursor_delete_wasm(tree: number): void;
}

const CURSOR_FUNCTIONS: Array<keyof CursorFunctions> = [
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_node_is_missing_wasm',
  '_ts_tree_cursor_delete_wasm',
];

/** Parser.init fills the object it is given with the module's exports (Emscripten's `Module`). */
const binding: Partial<CursorFunctions> = {};
let cursorFunctions: CursorFunctions | undefined;

let initialised: Promise<void> | undefined;
const languages = new Map<LanguageId, Promise<Language>>();
const parsers = new Map<LanguageId, Parser>();

function initialise(): Promise<void> {
  initialised ??= Parser.init(binding).then(() => {
    if (CURSOR_FUNCTIONS.every((name) => typeof binding[name] === 'function')) cursorFunctions = binding as CursorFunctions;
  });
  return initialised;
}

export async function loadLanguage(id: LanguageId): Promise<Language> {
  await initialise();
  let language = languages.get(id);
  if (!language) {
    language = Language.load(readFileSync(wasmPath(languageSpec(id))));
    languages.set(id, language);
  }
  return language;
}

async function parserFor(id: LanguageId): Promise<Parser> {
  let parser = parsers.get(id);
  if (!parser) {
    const language = await loadLanguage(id);
    parser = new Parser();
    parser.setLanguage(language);
    parsers.set(id, parser);
  }
  return parser;
}

/** The native tree alone, for tree-sitter queries over a file whose copy is already at hand; the caller deletes it. */
export async function parseNative(file: SourceFile): Promise<Tree> {
  const parser = await parserFor(file.language);
  const tree = parser.parse(file.text);
  if (!tree) throw new Error('the parser returned no tree');
  return tree;
}

export async function parseSource(file: SourceFile): Promise<ParsedFile> {
  return parsedFromTree(file, await parseNative(file));
}

/** A file parsed into `tree`: the tree's copy, its error regions and line counts; `dispose` deletes the tree. */
export function parsedFromTree(file: SourceFile, tree: Tree): ParsedFile {
  const copy = copySyntaxTree(cursorReader(tree), tree.language, file.text, true);
  return { ...parsedFromCopy(file, copy, copy.compact!), tree, dispose: () => tree.delete() };
}

/**
 * A file's tree copied from its compact form, made by an earlier parse of the same text with the same
 * language: the same nodes as a parse would give, without the parse. It has no native tree.
 */
export function parsedFromCompact(file: SourceFile, compact: CompactTree, language: Language): ParsedFile {
  return { ...parsedFromCopy(file, copySyntaxTree(compactReader(compact), language, file.text, false), compact), dispose: () => {} };
}

function parsedFromCopy(file: SourceFile, copy: TreeCopy, compact: CompactTree): Omit<ParsedFile, 'dispose'> {
  const errorRanges = collectErrorRanges(copy.root);
  return {
    file,
    spec: languageSpec(file.language),
    root: copy.root,
    compact,
    errorRanges,
    unparsedLines: countCoveredLines(errorRanges, copy.lineCount),
    totalLines: copy.lineCount,
    depth: copy.depth,
  };
}

/**
 * A syntax tree as four 32-bit words per node, in pre-order: type id (low 16 bits), field id (next 15)
 * and whether the node is MISSING (top bit); start offset; end offset; and the number of nodes in the
 * node's subtree, itself included. About 3 bytes per source character, outside the JavaScript heap
 * (a copied tree takes about 50 on it, and the garbage collector walks all of them). The type pass
 * keeps these for files it may read again, and copies the tree from them instead of parsing the file.
 */
export interface CompactTree {
  readonly words: Int32Array;
}

const WORDS_PER_NODE = 4;

/**
 * Offsets at which each line starts. Lines end at `\r\n`, `\n` or a lone `\r`, as in every reporter,
 * fingerprint and editor; tree-sitter itself counts rows at `\n` only, so a file with old Mac line
 * endings would otherwise be reported as one long line whose columns run past the excerpt.
 */
function lineStarts(source: string): number[] {
  const starts = [0];
  // A character loop: a regular expression's match arrays were a few percent of a run's allocation.
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (source.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The reads a copy walk makes of the cursor's current node, and its moves. */
interface CursorReader {
  typeId(): number;
  fieldId(): number;
  startIndex(): number;
  endIndex(): number;
  isMissing(): boolean;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  delete(): void;
}

/** A cursor over the whole tree, through the WebAssembly functions when they are available. */
function cursorReader(tree: Tree): CursorReader {
  const cursor = tree.walk();
  const fns = cursorFunctions;
  // The tree's address in WebAssembly memory: web-tree-sitter keeps it at index 0 of its objects.
  const address = (tree as unknown as Record<number, unknown>)[0];
  if (!fns || typeof address !== 'number') {
    return {
      typeId: () => cursor.nodeTypeId,
      fieldId: () => cursor.currentFieldId,
      startIndex: () => cursor.startIndex,
      endIndex: () => cursor.endIndex,
      isMissing: () => cursor.nodeIsMissing,
      gotoFirstChild: () => cursor.gotoFirstChild(),
      gotoNextSibling: () => cursor.gotoNextSibling(),
      gotoParent: () => cursor.gotoParent(),
      delete: () => cursor.delete(),
    };
  }
  // `tree.walk()` left the new cursor in the transfer buffer; from here on it lives only there, so
  // the JavaScript TreeCursor object is stale and is never used again (deleting it would free the
  // cursor's stack a second time).
  return {
    typeId: () => fns._ts_tree_cursor_current_node_type_id_wasm(address),
    fieldId: () => fns._ts_tree_cursor_current_field_id_wasm(address),
    startIndex: () => fns._ts_tree_cursor_start_index_wasm(address),
    endIndex: () => fns._ts_tree_cursor_end_index_wasm(address),
    isMissing: () => fns._ts_tree_cursor_current_node_is_missing_wasm(address) === 1,
    gotoFirstChild: () => fns._ts_tree_cursor_goto_first_child_wasm(address) === 1,
    gotoNextSibling: () => fns._ts_tree_cursor_goto_next_sibling_wasm(address) === 1,
    gotoParent: () => fns._ts_tree_cursor_goto_parent_wasm(address) === 1,
    delete: () => fns._ts_tree_cursor_delete_wasm(address),
  };
}

/** A cursor over a compact tree: the same moves and reads as over the native tree it was recorded from. */
function compactReader(compact: CompactTree): CursorReader {
  const words = compact.words;
  /** The node the cursor is on, as an index of its first word; and the same for its ancestors. */
  let at = 0;
  const ancestors: number[] = [];
  return {
    typeId: () => words[at] & 0xffff,
    fieldId: () => (words[at] >>> 16) & 0x7fff,
    startIndex: () => words[at + 1],
    endIndex: () => words[at + 2],
    isMissing: () => words[at] < 0,
    gotoFirstChild: () => {
      if (words[at + 3] <= 1) return false;
      ancestors.push(at);
      at += WORDS_PER_NODE;
      return true;
    },
    gotoNextSibling: () => {
      if (ancestors.length === 0) return false;
      const parent = ancestors[ancestors.length - 1];
      const next = at + words[at + 3] * WORDS_PER_NODE;
      if (next >= parent + words[parent + 3] * WORDS_PER_NODE) return false;
      at = next;
      return true;
    },
    gotoParent: () => {
      if (ancestors.length === 0) return false;
      at = ancestors.pop()!;
      return true;
    },
    delete: () => {},
  };
}

interface TreeCopy {
  root: SyntaxNode;
  depth: number;
  lineCount: number;
  /** The tree in compact form, when asked for. */
  compact?: CompactTree;
}

/**
 * One iterative cursor walk copying the tree into SyntaxNode objects. Every cursor read crosses into
 * WebAssembly, so only four are made per node (type id, field id, start, end); names, named-ness and
 * row/column are derived on this side from tables and the source's line starts. The walk must not be
 * interleaved with any other use of web-tree-sitter (it is synchronous, so nothing can).
 */
function copySyntaxTree(cursor: CursorReader, language: Language, source: string, recordCompact: boolean): TreeCopy {
  const types = language.types;
  const fields = language.fields;
  const namedByType: Array<boolean | undefined> = [];
  const starts = lineStarts(source);
  // Lines of the file as reporters count them (`\r\n`, `\n` or a lone `\r` ends one): a line break at
  // the very end ends the last line rather than starting one.
  const lineCount = source.length === 0 ? 0 : starts[starts.length - 1] === source.length ? starts.length - 1 : starts.length;
  const lastLine = starts.length - 1;
  // The compact form, when asked for: filled in pre-order as nodes are made; a node's subtree size is
  // written when the walk leaves it (`openAt` has the first word of the node open at each level).
  // About 0.2 nodes per source character in Python and JavaScript: room for a quarter first.
  let words = new Int32Array(recordCompact ? Math.max(64, Math.ceil(source.length / 4)) * WORDS_PER_NODE : 0);
  let used = 0;
  const openAt: number[] = [];
  // Nodes come in pre-order, so start offsets never decrease: the start row only moves forward.
  let row = 0;
  const make = (parent: SyntaxNode | null): SyntaxNode => {
    const typeId = cursor.typeId();
    const type = types[typeId] || 'ERROR';
    let isNamed = namedByType[typeId];
    if (isNamed === undefined) {
      isNamed = type === 'ERROR' || language.nodeTypeIsNamed(typeId);
      namedByType[typeId] = isNamed;
    }
    const fieldId = cursor.fieldId();
    const startIndex = cursor.startIndex();
    const endIndex = cursor.endIndex();
    // Only a zero-width node can be a MISSING one, so the extra call is rare.
    const isMissing = startIndex === endIndex && parent !== null && cursor.isMissing();
    while (row < lastLine && starts[row + 1] <= startIndex) row++;
    let endRow = row;
    if (endRow < lastLine && starts[endRow + 1] <= endIndex) {
      let low = endRow + 1;
      let high = lastLine;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid] <= endIndex) low = mid;
        else high = mid - 1;
      }
      endRow = low;
    }
    const node = new SyntaxNode(
      source,
      type,
      isNamed,
      isMissing,
      fieldId ? (fields[fieldId] ?? null) : null,
      startIndex,
      endIndex,
      row,
      startIndex - starts[row],
      endRow,
      endIndex - starts[endRow],
      parent,
      // Replaced by an array of the children once they are all made (see below); leaves keep the shared one.
      NO_CHILDREN,
    );
    if (parent) {
      const siblings = pendingChildren[level];
      node.indexInParent = siblings.length;
      siblings.push(node);
    }
    if (isMissing || type === 'ERROR') {
      for (let n: SyntaxNode | null = node; n && !n.hasError; n = n.parent) n.hasError = true;
    }
    if (recordCompact) {
      if (used === words.length) {
        const larger = new Int32Array(words.length * 2);
        larger.set(words);
        words = larger;
      }
      words[used] = typeId | ((fieldId & 0x7fff) << 16) | (isMissing ? 1 << 31 : 0);
      words[used + 1] = startIndex;
      words[used + 2] = endIndex;
      openAt[level] = used;
      used += WORDS_PER_NODE;
    }
    return node;
  };
  const compact = (): CompactTree | undefined => (recordCompact ? { words: words.slice(0, used) } : undefined);
  // Children are gathered per level and given to their parent as an array of the exact size once the
  // last one is made: arrays filled by `push` keep room for seventeen or more, twice what a tree needs.
  const pendingChildren: SyntaxNode[][] = [[]];
  let level = 0;
  try {
    const root = make(null);
    let current = root;
    let depth = 0;
    for (;;) {
      if (cursor.gotoFirstChild()) {
        if (++level > depth) depth = level;
        if (level === pendingChildren.length) pendingChildren.push([]);
        pendingChildren[level].length = 0;
        current = make(current);
        continue;
      }
      for (;;) {
        // The walk leaves `current`, sideways or up: its subtree is complete.
        if (recordCompact) words[openAt[level] + 3] = (used - openAt[level]) / WORDS_PER_NODE;
        if (cursor.gotoNextSibling()) {
          current = make(current.parent);
          break;
        }
        if (!cursor.gotoParent()) return { root, depth, lineCount, compact: compact() };
        current = current.parent!;
        // The tree is immutable once copied; `children` is written only here.
        (current as unknown as { children: SyntaxNode[] }).children = pendingChildren[level].slice();
        level--;
      }
    }
  } finally {
    cursor.delete();
  }
}

function collectErrorRanges(root: SyntaxNode): Range[] {
  const ranges: Range[] = [];
  if (!root.hasError) return ranges;
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!node.hasError) continue;
    if (node.type === 'ERROR' || node.isMissing) {
      ranges.push(nodeRange(node));
      continue;
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return ranges;
}

export function nodeRange(node: SyntaxNode): Range {
  return {
    start: { line: node.startRow + 1, column: node.startColumn + 1 },
    end: { line: node.endRow + 1, column: node.endColumn + 1 },
  };
}

/** Lines that error regions cover, each counted once. */
function countCoveredLines(ranges: Range[], totalLines: number): number {
  const lines = new Set<number>();
  // A region may end at the end of the file, just after its last line break: that is no extra line.
  for (const range of ranges) for (let l = range.start.line; l <= Math.min(range.end.line, totalLines); l++) lines.add(l);
  return lines.size;
}
