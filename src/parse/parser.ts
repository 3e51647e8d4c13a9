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
  const root = copyTree(tree, file.text);
  const errorRanges = collectErrorRanges(root);
  const totalLines = countLines(file.text);
  return {
    file,
    spec: languageSpec(file.language),
    root,
    tree,
    errorRanges,
    unparsedLines: countCoveredLines(errorRanges),
    totalLines,
    dispose: () => tree.delete(),
  };
}

/** Offsets at which each line starts; tree-sitter counts rows at `\n` only, and so does this. */
function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
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
function copyTree(tree: Tree, source: string): SyntaxNode {
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
  try {
    for (;;) {
      if (cursor.gotoFirstChild()) {
        current = make(current);
        continue;
      }
      for (;;) {
        if (cursor.gotoNextSibling()) {
          current = make(current.parent);
          break;
        }
        if (!cursor.gotoParent()) return root;
        current = current.parent!;
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

function countLines(text: string): number {
  if (text.length === 0) return 0;
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < text.length - 1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

function countCoveredLines(ranges: Range[]): number {
  const lines = new Set<number>();
  for (const range of ranges) for (let l = range.start.line; l <= range.end.line; l++) lines.add(l);
  return lines.size;
}
