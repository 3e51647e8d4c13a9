import { readFileSync } from 'node:fs';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import type { LanguageId, Range, SourceFile } from '../types.js';
import { languageSpec, wasmPath, type LanguageSpec } from './languages.js';
import { SyntaxNode } from './syntax-node.js';

/** A parsed file: the JavaScript-side tree plus what the parser could not make sense of. */
export interface ParsedFile {
  file: SourceFile;
  spec: LanguageSpec;
  root: SyntaxNode;
  /** The native tree, kept for tree-sitter queries; call `dispose()` when done. */
  tree: Tree;
  /** Ranges covered by ERROR or MISSING nodes. */
  errorRanges: Range[];
  /** Number of source lines touched by an error range. */
  unparsedLines: number;
  totalLines: number;
  /** Deepest nesting of the tree, in nodes below the root: bounds what any walk up or down a node can cost. */
  depth: number;
  dispose(): void;
}

let initialised: Promise<void> | undefined;
const languages = new Map<LanguageId, Promise<Language>>();
const parsers = new Map<LanguageId, Parser>();

export async function loadLanguage(id: LanguageId): Promise<Language> {
  initialised ??= Parser.init();
  await initialised;
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

export async function parseSource(file: SourceFile): Promise<ParsedFile> {
  const parser = await parserFor(file.language);
  const tree = parser.parse(file.text);
  if (!tree) throw new Error('the parser returned no tree');
  const { root, depth } = copyTree(tree, file.text);
  const errorRanges = collectErrorRanges(root);
  const totalLines = countLines(file.text);
  return {
    file,
    spec: languageSpec(file.language),
    root,
    tree,
    errorRanges,
    unparsedLines: countCoveredLines(errorRanges, totalLines),
    totalLines,
    depth,
    dispose: () => tree.delete(),
  };
}

/**
 * Offsets at which each line starts. Lines end at `\r\n`, `\n` or a lone `\r`, as in every reporter,
 * fingerprint and editor; tree-sitter itself counts rows at `\n` only, so a file with old Mac line
 * endings would otherwise be reported as one long line whose columns run past the excerpt.
 */
function lineStarts(source: string): number[] {
  const starts = [0];
  const terminator = /\r\n?|\n/g;
  while (terminator.exec(source)) starts.push(terminator.lastIndex);
  return starts;
}

function rowOf(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * One iterative cursor walk copying the tree into SyntaxNode objects. Every cursor property read
 * crosses into WebAssembly, so only four are read per node (type id, field id, start, end); names,
 * named-ness and row/column are derived on this side from tables and the source's line starts.
 */
function copyTree(tree: Tree, source: string): { root: SyntaxNode; depth: number } {
  const cursor = tree.walk();
  const language = tree.language;
  const types = language.types;
  const fields = language.fields;
  const namedByType = new Map<number, boolean>();
  const starts = lineStarts(source);
  const make = (parent: SyntaxNode | null): SyntaxNode => {
    const typeId = cursor.nodeTypeId;
    const type = types[typeId] || 'ERROR';
    let isNamed = namedByType.get(typeId);
    if (isNamed === undefined) {
      isNamed = type === 'ERROR' || language.nodeTypeIsNamed(typeId);
      namedByType.set(typeId, isNamed);
    }
    const fieldId = cursor.currentFieldId;
    const startIndex = cursor.startIndex;
    const endIndex = cursor.endIndex;
    // Only a zero-width node can be a MISSING one, so the extra call is rare.
    const isMissing = startIndex === endIndex && parent !== null && cursor.nodeIsMissing;
    const startRow = rowOf(starts, startIndex);
    const endRow = endIndex === startIndex ? startRow : rowOf(starts, endIndex);
    const node = new SyntaxNode(
      source,
      type,
      isNamed,
      isMissing,
      fieldId ? (fields[fieldId] ?? null) : null,
      startIndex,
      endIndex,
      startRow,
      startIndex - starts[startRow],
      endRow,
      endIndex - starts[endRow],
      parent,
    );
    if (parent) {
      node.indexInParent = parent.children.length;
      parent.children.push(node);
    }
    if (node.isMissing || node.type === 'ERROR') {
      for (let n: SyntaxNode | null = node; n && !n.hasError; n = n.parent) n.hasError = true;
    }
    return node;
  };
  const root = make(null);
  let current = root;
  let level = 0;
  let depth = 0;
  try {
    for (;;) {
      if (cursor.gotoFirstChild()) {
        current = make(current);
        if (++level > depth) depth = level;
        continue;
      }
      for (;;) {
        if (cursor.gotoNextSibling()) {
          current = make(current.parent);
          break;
        }
        if (!cursor.gotoParent()) return { root, depth };
        current = current.parent!;
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

/** Lines as reporters count them (`\r\n`, `\n` or a lone `\r` ends one); a final terminator opens no new line. */
function countLines(text: string): number {
  if (text.length === 0) return 0;
  let lines = 1;
  const terminator = /\r\n?|\n/g;
  while (terminator.exec(text)) if (terminator.lastIndex < text.length) lines++;
  return lines;
}

function countCoveredLines(ranges: Range[], totalLines: number): number {
  const lines = new Set<number>();
  // A region may end at the end of the file, just after its last line break: that is no extra line.
  for (const range of ranges) for (let l = range.start.line; l <= Math.min(range.end.line, totalLines); l++) lines.add(l);
  return lines.size;
}
