import { languageForPath } from '../parse/languages.js';
import { parseSource } from '../parse/parser.js';
import { readSourceFile } from '../collect/collect.js';
import { MAX_TREE_DEPTH } from '../run/analyse-file.js';
import type { CliIo } from './main.js';

/** Prints one node per line, indented by depth: `field: type [row:col-row:col] "text of leaves"`. */
export async function printSyntaxTree(absolutePath: string, display: string, io: CliIo): Promise<number> {
  const spec = languageForPath(absolutePath);
  if (!spec) {
    io.stderr(`revisor: ${display}: not a supported language\n`);
    return 2;
  }
  const file = readSourceFile(absolutePath, display, spec.id);
  if ('note' in file) {
    io.stderr(`revisor: ${display}: ${file.note.message}\n`);
    return 2;
  }
  const parsed = await parseSource(file);
  if (parsed.depth > MAX_TREE_DEPTH) {
    // Indenting every line by its depth would make the output quadratic in the nesting.
    parsed.dispose();
    io.stderr(`revisor: ${display}: code nested ${parsed.depth} levels deep, over the limit of ${MAX_TREE_DEPTH}\n`);
    return 2;
  }
  const lines: string[] = [];
  const stack = [{ node: parsed.root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    const field = node.fieldName ? `${node.fieldName}: ` : '';
    const name = node.isNamed ? node.type : JSON.stringify(node.type);
    const leaf = node.children.length === 0 && node.isNamed ? ` ${JSON.stringify(node.text.slice(0, 60))}` : '';
    lines.push(`${'  '.repeat(depth)}${field}${name} [${node.startRow + 1}:${node.startColumn + 1}-${node.endRow + 1}:${node.endColumn + 1}]${leaf}`);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i], depth: depth + 1 });
  }
  parsed.dispose();
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}
