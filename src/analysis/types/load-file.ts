import { Parser, type Language } from 'web-tree-sitter';
import { copySyntaxTree, nodeRange, type ParsedFile } from '../../parse/parser.js';
import { languageSpec } from '../../parse/languages.js';
import type { SyntaxNode } from '../../parse/syntax-node.js';
import type { LanguageId, Range, SourceFile } from '../../types.js';

/**
 * Synchronous parsing of files the type pass reads on its own (imported modules). The type engine answers
 * synchronously, and by the time it runs the grammar of the language is loaded (the file being analysed was
 * parsed with it), so its `Language` object is reused from that file's tree. The copy is the pipeline's own,
 * so an imported file's tree is the one it gets when analysed itself.
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
    const { root, depth } = copySyntaxTree(tree, file.text);
    rightSize(root);
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
      totalLines: lineCount(file.text),
      depth,
      dispose: () => tree.delete(),
    };
  } catch {
    tree.delete();
    return undefined;
  }
}

/**
 * Imported files' trees are kept for many files' time (see summaries.ts). Their children arrays, filled by
 * `push`, have room for seventeen children or more each; exact copies take about a tenth less memory
 * per kept file.
 */
function rightSize(root: SyntaxNode): void {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.children.length === 0) continue;
    (node as unknown as { children: readonly SyntaxNode[] }).children = node.children.slice();
    for (const child of node.children) stack.push(child);
  }
}

function lineCount(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}
