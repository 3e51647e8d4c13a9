import { Parser, type Language, type Tree } from 'web-tree-sitter';
import type { ParsedFile } from '../../parse/parser.js';
import { nodeRange } from '../../parse/parser.js';
import { languageSpec } from '../../parse/languages.js';
import { SyntaxNode } from '../../parse/syntax-node.js';
import type { LanguageId, Range, SourceFile } from '../../types.js';

/**
 * Synchronous parsing of files the type pass reads on its own (imported modules). The type engine answers
 * synchronously, and by the time it runs the grammar of the language is loaded (the file being analysed was
 * parsed with it), so its `Language` object is reused from that file's tree.
 */

const parsers = new Map<Language, Parser>();

export function parseSync(file: SourceFile, language: Language): ParsedFile | undefined {
  let parser = parsers.get(language);
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(language);
    parsers.set(language, parser);
  }
  const tree = parser.parse(file.text);
  if (!tree) return undefined;
  try {
    const { root, depth } = copy(tree, file.text);
    const errorRanges: Range[] = [];
    if (root.hasError) {
      const stack = [root];
      while (stack.length > 0) {
        const node = stack.pop()!;
        if (!node.hasError) continue;
        if (node.type === 'ERROR' || node.isMissing) errorRanges.push(nodeRange(node));
        else for (const c of node.children) stack.push(c);
      }
    }
    return {
      file,
      spec: languageSpec(file.language as LanguageId),
      root,
      tree,
      errorRanges,
      unparsedLines: 0,
      totalLines: file.text.split('\n').length,
      depth,
      dispose: () => tree.delete(),
    };
  } catch {
    tree.delete();
    return undefined;
  }
}

function copy(tree: Tree, source: string): { root: SyntaxNode; depth: number } {
  const cursor = tree.walk();
  const language = tree.language;
  const types = language.types;
  const fields = language.fields;
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  const rowOf = (offset: number) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  };
  const named = new Map<number, boolean>();
  const make = (parent: SyntaxNode | null): SyntaxNode => {
    const typeId = cursor.nodeTypeId;
    const type = types[typeId] || 'ERROR';
    let isNamed = named.get(typeId);
    if (isNamed === undefined) {
      isNamed = type === 'ERROR' || language.nodeTypeIsNamed(typeId);
      named.set(typeId, isNamed);
    }
    const fieldId = cursor.currentFieldId;
    const startIndex = cursor.startIndex;
    const endIndex = cursor.endIndex;
    const isMissing = startIndex === endIndex && parent !== null && cursor.nodeIsMissing;
    const startRow = rowOf(startIndex);
    const endRow = rowOf(endIndex);
    const node = new SyntaxNode(source, type, isNamed, isMissing, fieldId ? (fields[fieldId] ?? null) : null, startIndex, endIndex, startRow, startIndex - starts[startRow], endRow, endIndex - starts[endRow], parent);
    if (parent) {
      node.indexInParent = parent.children.length;
      parent.children.push(node);
    }
    if (node.isMissing || node.type === 'ERROR') for (let n: SyntaxNode | null = node; n && !n.hasError; n = n.parent) n.hasError = true;
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
