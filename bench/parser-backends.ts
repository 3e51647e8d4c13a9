/**
 * Native `tree-sitter` binding against web-tree-sitter on a real corpus: parse every file, then one
 * full cursor walk of each tree (what revisor's copy into SyntaxNode objects costs at minimum).
 * The native binding is not a dependency of revisor; pass the folder where it is installed:
 *
 *   node dist/bench/parser-backends.js <corpus-dir> <folder-with-node_modules/tree-sitter>
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { wasmPath, languageSpec } from '../src/parse/languages.js';

interface Cursor {
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  nodeType: string;
  startIndex: number;
  endIndex: number;
  startPosition: { row: number; column: number };
  endPosition: { row: number; column: number };
  currentFieldName: string | null | undefined;
}

/** Reads what revisor copies out of every node, so both backends pay for the same property reads. */
function readNode(cursor: Cursor): number {
  return cursor.nodeType.length + cursor.startIndex + cursor.endIndex + cursor.startPosition.row + cursor.endPosition.column + (cursor.currentFieldName ? 1 : 0);
}

function listPython(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    const stats = statSync(full);
    if (stats.isDirectory()) listPython(full, out);
    else if (entry.endsWith('.py')) out.push(full);
  }
  return out;
}

function walkAll(cursor: Cursor): number {
  let nodes = 1;
  readNode(cursor);
  for (;;) {
    if (cursor.gotoFirstChild()) {
      nodes++;
      readNode(cursor);
      continue;
    }
    for (;;) {
      if (cursor.gotoNextSibling()) {
        nodes++;
        readNode(cursor);
        break;
      }
      if (!cursor.gotoParent()) return nodes;
    }
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const [corpus, nativeHome, runsArg] = process.argv.slice(2);
  if (!corpus) throw new Error('usage: parser-backends <corpus-dir> [native-install-dir] [runs]');
  const runs = Number(runsArg ?? 5);
  const sources = listPython(corpus).map((f) => readFileSync(f, 'utf8'));
  const megabytes = sources.reduce((n, s) => n + Buffer.byteLength(s), 0) / 1e6;

  await Parser.init();
  const wasmLanguage = await Language.load(readFileSync(wasmPath(languageSpec('python'))));
  const wasmParser = new Parser();
  wasmParser.setLanguage(wasmLanguage);
  const wasmTimes: number[] = [];
  let wasmNodes = 0;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    wasmNodes = 0;
    for (const source of sources) {
      const tree = wasmParser.parse(source)!;
      const cursor = tree.walk();
      wasmNodes += walkAll(cursor);
      cursor.delete();
      tree.delete();
    }
    wasmTimes.push(performance.now() - start);
  }
  console.log(`corpus: ${sources.length} files, ${megabytes.toFixed(1)} MB, ${wasmNodes} nodes`);
  console.log(`web-tree-sitter: median ${median(wasmTimes).toFixed(0)} ms = ${(megabytes / (median(wasmTimes) / 1000)).toFixed(2)} MB/s`);

  if (nativeHome) {
    const require = createRequire(join(nativeHome, 'package.json'));
    const NativeParser = require('tree-sitter');
    const nativePython = require('tree-sitter-python');
    const parser = new NativeParser();
    parser.setLanguage(nativePython);
    const nativeTimes: number[] = [];
    let nativeNodes = 0;
    for (let r = 0; r < runs; r++) {
      const start = performance.now();
      nativeNodes = 0;
      for (const source of sources) {
        const tree = parser.parse(source);
        nativeNodes += walkAll(tree.walk());
      }
      nativeTimes.push(performance.now() - start);
    }
    console.log(`native tree-sitter: median ${median(nativeTimes).toFixed(0)} ms = ${(megabytes / (median(nativeTimes) / 1000)).toFixed(2)} MB/s (${nativeNodes} nodes)`);
    console.log(`native / wasm time ratio: ${(median(nativeTimes) / median(wasmTimes)).toFixed(2)}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
