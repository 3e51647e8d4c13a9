import { createRequire } from 'node:module';
import { typescript, type TS } from './load.js';

/**
 * Maps a range of the file (UTF-16 offsets, which tree-sitter, TypeScript and ESTree all count in)
 * to the TypeScript node spanning exactly that range; the innermost one when several share it
 * (`f()` as a statement without `;` is both the ExpressionStatement and the CallExpression).
 */
export interface NodeMapper {
  readonly kind: NodeMapping;
  nodeAt(start: number, end: number): TS.Node | undefined;
}

/**
 * `position`: descend the TypeScript AST by position (the default, see the README for the measurement).
 * `estree`: @typescript-eslint/parser's parser services on the same program; the ESTree node at the
 * range, then `esTreeNodeToTSNodeMap`.
 */
export type NodeMapping = 'position' | 'estree';

export function createNodeMapper(kind: NodeMapping, program: TS.Program, sourceFile: TS.SourceFile): NodeMapper {
  return kind === 'estree' ? new EstreeMapper(program, sourceFile) : new PositionMapper(sourceFile);
}

class PositionMapper implements NodeMapper {
  readonly kind = 'position';
  private readonly memo = new Map<string, TS.Node | null>();

  constructor(private readonly sourceFile: TS.SourceFile) {}

  nodeAt(start: number, end: number): TS.Node | undefined {
    const key = `${start}:${end}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known ?? undefined;
    const ts = typescript();
    let found: TS.Node | undefined;
    let current: TS.Node | undefined = this.sourceFile;
    while (current) {
      if (current !== this.sourceFile && current.end === end && current.getStart(this.sourceFile) === start) found = current;
      let next: TS.Node | undefined;
      ts.forEachChild(current, (child) => {
        if (child.pos <= start && end <= child.end && child.getStart(this.sourceFile) <= start) {
          next = child;
          return true;
        }
        return undefined;
      });
      current = next;
    }
    this.memo.set(key, found ?? null);
    return found;
  }
}

interface EstreeNode {
  type: string;
  range: [number, number];
  [key: string]: unknown;
}

interface ParseForESLintResult {
  ast: EstreeNode;
  visitorKeys: Record<string, readonly string[] | undefined>;
  services: { esTreeNodeToTSNodeMap?: { get(node: EstreeNode): TS.Node | undefined } };
}

const require = createRequire(import.meta.url);
let parser: { parseForESLint(code: string, options: Record<string, unknown>): ParseForESLintResult } | undefined;

class EstreeMapper implements NodeMapper {
  readonly kind = 'estree';
  private readonly byRange = new Map<string, EstreeNode>();
  private readonly toTs: { get(node: EstreeNode): TS.Node | undefined };

  constructor(program: TS.Program, sourceFile: TS.SourceFile) {
    parser ??= require('@typescript-eslint/parser');
    const result = parser!.parseForESLint(sourceFile.text, {
      programs: [program],
      filePath: sourceFile.fileName,
      range: true,
      loc: false,
      tokens: false,
      comment: false,
      sourceType: 'module',
      ecmaVersion: 'latest',
    });
    if (!result.services.esTreeNodeToTSNodeMap) throw new Error('@typescript-eslint/parser returned no node maps');
    this.toTs = result.services.esTreeNodeToTSNodeMap;
    // Pre-order walk: a node visited later at the same range is deeper, so the innermost wins.
    const stack: EstreeNode[] = [result.ast];
    while (stack.length > 0) {
      const node = stack.pop()!;
      this.byRange.set(`${node.range[0]}:${node.range[1]}`, node);
      const keys = result.visitorKeys[node.type] ?? [];
      for (let k = keys.length - 1; k >= 0; k--) {
        const value = node[keys[k]];
        if (Array.isArray(value)) {
          for (let i = value.length - 1; i >= 0; i--) if (isNode(value[i])) stack.push(value[i] as EstreeNode);
        } else if (isNode(value)) stack.push(value as EstreeNode);
      }
    }
  }

  nodeAt(start: number, end: number): TS.Node | undefined {
    const node = this.byRange.get(`${start}:${end}`);
    return node ? this.toTs.get(node) : undefined;
  }
}

function isNode(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as EstreeNode).type === 'string' && Array.isArray((value as EstreeNode).range);
}
