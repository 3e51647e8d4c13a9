import { parseSource } from '../parse/parser.js';
import type { SyntaxNode } from '../parse/syntax-node.js';
import type { Finding, SourceFile } from '../types.js';

/** The lines (1-based, inclusive) of a file shown to the model for one finding. */
export interface CodeWindow {
  first: number;
  last: number;
  /** The enclosing function's name when the window is that function, for the prompt's caption. */
  enclosing?: string;
}

/** Symbol node types that are containers, not functions: showing a whole class would drown the finding. */
const CONTAINER = /class|struct|namespace|interface|module/;

function smallestEnclosingFunction(root: SyntaxNode, symbolTypes: Record<string, string>, startRow: number, endRow: number): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  let node: SyntaxNode | undefined = root;
  // Descend through the one child that contains the finding's rows: a path, not a walk of the tree.
  while (node) {
    if (node.type in symbolTypes && !CONTAINER.test(node.type)) found = node;
    node = node.children.find((child) => child.startRow <= startRow && endRow <= child.endRow && child.endIndex > child.startIndex);
  }
  return found;
}

function symbolName(node: SyntaxNode, fieldPath: string): string | undefined {
  let current: SyntaxNode | undefined = node;
  for (const field of fieldPath.split('.')) current = current?.field(field);
  return current?.text;
}

/**
 * The code each finding is explained with: its enclosing function when that is short enough,
 * else `contextLines` around the finding. The file is parsed once for all its findings.
 */
export async function codeWindows(file: SourceFile, findings: Finding[], contextLines: number, maxWindowLines: number): Promise<Map<Finding, CodeWindow>> {
  // A final line terminator ends the last line; it does not start another.
  const lineCount = file.text.replace(/(\r\n|\r|\n)$/, '').split(/\r\n|\r|\n/).length;
  const around = (f: Finding): CodeWindow => ({
    first: Math.max(1, f.range.start.line - contextLines),
    last: Math.min(lineCount, f.range.end.line + contextLines),
  });
  const windows = new Map<Finding, CodeWindow>();
  let parsed;
  try {
    parsed = await parseSource(file);
  } catch {
    for (const f of findings) windows.set(f, around(f));
    return windows;
  }
  try {
    for (const f of findings) {
      const node = smallestEnclosingFunction(parsed.root, parsed.spec.symbolNodeTypes, f.range.start.line - 1, f.range.end.line - 1);
      const span = node ? node.endRow - node.startRow + 1 : Infinity;
      windows.set(
        f,
        node && span <= maxWindowLines
          ? { first: node.startRow + 1, last: node.endRow + 1, enclosing: symbolName(node, parsed.spec.symbolNodeTypes[node.type]) }
          : around(f),
      );
    }
  } finally {
    parsed.dispose();
  }
  return windows;
}
