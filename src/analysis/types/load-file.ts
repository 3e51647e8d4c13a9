import { Parser, type Language } from 'web-tree-sitter';
import { parsedFromTree, type ParsedFile } from '../../parse/parser.js';
import type { SourceFile } from '../../types.js';

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
    return parsedFromTree(file, tree);
  } catch {
    tree.delete();
    return undefined;
  }
}
