import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { describe, expect, it } from 'vitest';
import { loadYamlRules } from '../../src/engine/load-rules.js';
import { languageForPath } from '../../src/parse/languages.js';
import { parsedFromCompact, parseSource } from '../../src/parse/parser.js';
import { nextAfterSubtree, nextInSubtree, type SyntaxNode } from '../../src/parse/syntax-node.js';
import type { LanguageId } from '../../src/types.js';
import { repoRoot } from '../support/cli.js';

/** 0-based row and column of an offset, lines ending at `\r\n`, `\n` or a lone `\r`. */
function position(text: string, offset: number): [number, number] {
  let row = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) {
      row++;
      lineStart = i + 1;
    }
  }
  return [row, offset - lineStart];
}

function visibleError(node: Node): boolean {
  return node.type === 'ERROR' || node.isMissing || node.children.some((child) => child !== null && visibleError(child));
}

/** Compares the copied tree with the tree read through web-tree-sitter's public Node API, node by node. */
function expectSameTree(copy: SyntaxNode, native: Node, text: string): number {
  let compared = 0;
  const stack: Array<[SyntaxNode, Node, string | null]> = [[copy, native, null]];
  while (stack.length > 0) {
    const [c, n, field] = stack.pop()!;
    const where = `${n.type} at ${n.startIndex}`;
    expect({ type: c.type, named: c.isNamed, missing: c.isMissing, field: c.fieldName, start: c.startIndex, end: c.endIndex }, where).toEqual({
      type: n.type,
      named: n.isNamed,
      missing: n.isMissing,
      field,
      start: n.startIndex,
      end: n.endIndex,
    });
    expect([c.startRow, c.startColumn, c.endRow, c.endColumn], where).toEqual([...position(text, n.startIndex), ...position(text, n.endIndex)]);
    // Hidden nodes (a MISSING `_newline`) set tree-sitter's own flag but are not part of the tree rules see.
    expect(c.hasError, where).toBe(visibleError(n));
    const children = n.children.filter((child): child is Node => child !== null);
    expect(c.children.length, where).toBe(children.length);
    children.forEach((child, i) => {
      expect(c.children[i].parent).toBe(c);
      expect(c.children[i].indexInParent).toBe(i);
      stack.push([c.children[i], child, n.fieldNameForChild(i)]);
    });
    compared++;
  }
  return compared;
}

/** Checks the copy of a parse, and the copy made again from its compact form, against the native tree. */
async function check(language: LanguageId, text: string): Promise<number> {
  const file = { path: 'x', absolutePath: 'x', language, text };
  const parsed = await parseSource(file);
  const native = parsed.tree!;
  try {
    const compared = expectSameTree(parsed.root, native.rootNode, text);
    const again = parsedFromCompact(file, parsed.compact, native.language);
    expect(again.tree).toBeUndefined();
    expect(expectSameTree(again.root, native.rootNode, text)).toBe(compared);
    expect({ depth: again.depth, lines: again.totalLines, errors: again.errorRanges, unparsed: again.unparsedLines }).toEqual({
      depth: parsed.depth,
      lines: parsed.totalLines,
      errors: parsed.errorRanges,
      unparsed: parsed.unparsedLines,
    });
    return compared;
  } finally {
    parsed.dispose();
  }
}

describe('the JavaScript-side copy of a syntax tree', () => {
  it('holds every node of every fixture with the type, field, flags, offsets and positions tree-sitter reports', async () => {
    let nodes = 0;
    for (const language of ['python', 'javascript', 'typescript', 'cpp']) {
      const dir = join(repoRoot, 'fixtures', language);
      for (const name of readdirSync(dir).sort().slice(0, 25)) {
        const spec = languageForPath(name);
        if (!spec) continue;
        nodes += await check(spec.id, readFileSync(join(dir, name), 'utf8'));
      }
    }
    expect(nodes).toBeGreaterThan(10_000);
  });

  it('counts lines at \\r\\n, \\n and lone \\r, and keeps UTF-16 columns after non-ASCII text', async () => {
    await check('python', 'a = 1\r\nb = "é🙂"\rc = b\n\nd = (\r\n  1,\n)\n');
    await check('javascript', 'const s = "🙂🙂";\r\nlet t = `x\r\ny`;\rfoo(s, t);\n');
  });

  it('marks ERROR and MISSING nodes and the ancestors that contain them', async () => {
    await check('python', 'def f(:\n    return 1\nx = (1,\n');
    await check('javascript', 'function f( { return [1, 2; }\nconst x = ;\n');
    await check('cpp', 'int main() { return 0 }\nstruct S { int x };\n');
  });

  it('handles an empty file and a file of one token', async () => {
    await check('python', '');
    await check('cpp', 'x');
  });
});

/** Pre-order by recursion over `children`: what a subtree walk must give. */
function preorder(node: SyntaxNode, out: SyntaxNode[] = []): SyntaxNode[] {
  out.push(node);
  for (const child of node.children) preorder(child, out);
  return out;
}

describe('subtree walks', () => {
  it('visit every node of the subtree once, in pre-order, and nothing outside it', async () => {
    const text = 'function f(a) {\n  if (a) { g(a, [1, 2]); }\n  return { x: a };\n}\nconst y = f(1);\n';
    const parsed = await parseSource({ path: 'x.js', absolutePath: 'x.js', language: 'javascript', text });
    const subtrees = preorder(parsed.root);
    expect(subtrees.length).toBeGreaterThan(40);
    for (const subtree of subtrees) {
      const walked: SyntaxNode[] = [];
      for (let d: SyntaxNode | undefined = subtree; d; d = nextInSubtree(d, subtree)) walked.push(d);
      // The same node objects, in the same order (deep equality would accept copies).
      const expected = preorder(subtree);
      expect(walked.length).toBe(expected.length);
      expect(walked.every((node, i) => node === expected[i])).toBe(true);
      const generated = [...subtree.descendants()];
      expect(generated.length).toBe(expected.length);
      expect(generated.every((node, i) => node === expected[i])).toBe(true);
    }
  });

  it('skip the subtree of a node when asked, and only that', async () => {
    const text = 'function f(a) {\n  if (a) { g(a, [1, 2]); }\n  return { x: a };\n}\nconst y = f(1);\n';
    const parsed = await parseSource({ path: 'x.js', absolutePath: 'x.js', language: 'javascript', text });
    const skipped = (node: SyntaxNode) => node.type === 'statement_block' || node.type === 'arguments';
    // Pre-order without the descendants of skipped nodes (the skipped nodes themselves are visited).
    const expected: SyntaxNode[] = [];
    const visit = (node: SyntaxNode) => {
      expected.push(node);
      if (!skipped(node)) for (const child of node.children) visit(child);
    };
    visit(parsed.root);
    const walked: SyntaxNode[] = [];
    for (let d: SyntaxNode | undefined = parsed.root; d; d = skipped(d) ? nextAfterSubtree(d, parsed.root) : nextInSubtree(d, parsed.root)) walked.push(d);
    expect(expected.some(skipped)).toBe(true);
    expect(walked.length).toBe(expected.length);
    expect(walked.every((node, i) => node === expected[i])).toBe(true);
  });
});

describe('built-in YAML rules', () => {
  it('load without validation the same as with it, and pass validation', async () => {
    const validated = await loadYamlRules(join(repoRoot, 'rules'));
    const trusted = await loadYamlRules(join(repoRoot, 'rules'), { trusted: true });
    expect(validated.errors).toEqual([]);
    expect(validated.rules.length).toBeGreaterThan(0);
    expect(trusted).toEqual(validated);
  });
});
