/**
 * A JavaScript-side copy of a tree-sitter tree. Rules and the semantic model read nodes many times;
 * every read of a web-tree-sitter node crosses into WebAssembly, so the tree is copied once, in one
 * cursor walk, and everything after that touches plain objects.
 */
/**
 * The children of every leaf of a copied tree: one shared array. Its type is read-only, as every node's
 * `children` is, so no code can add to it. It is not frozen: a frozen array has its own kind of elements,
 * and V8 then stops compiling `for (const child of node.children)` into a plain indexed loop; every
 * such loop allocated an iterator and a result per child (800 MB on Django, a fifth of all allocation).
 */
export const NO_CHILDREN: readonly SyntaxNode[] = [];

export class SyntaxNode {
  /** True when this node or a descendant is an ERROR or MISSING node. */
  hasError = false;
  indexInParent = 0;

  constructor(
    readonly source: string,
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    readonly fieldName: string | null,
    readonly startIndex: number,
    readonly endIndex: number,
    /** 0-based row and UTF-16 column, as tree-sitter reports them. */
    readonly startRow: number,
    readonly startColumn: number,
    readonly endRow: number,
    readonly endColumn: number,
    readonly parent: SyntaxNode | null,
    /** Set by the copy once all children are made; leaves share NO_CHILDREN. */
    readonly children: readonly SyntaxNode[] = [],
  ) {}

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  get isError(): boolean {
    return this.type === 'ERROR';
  }

  // Rules call the accessors below millions of times on a large project: plain loops, no closures.

  /** The named children: the `children` array itself when all are named (so no copy is made; hence read-only). */
  get namedChildren(): readonly SyntaxNode[] {
    const children = this.children;
    let i = 0;
    while (i < children.length && children[i].isNamed) i++;
    if (i === children.length) return children;
    const named: SyntaxNode[] = children.slice(0, i);
    for (i++; i < children.length; i++) if (children[i].isNamed) named.push(children[i]);
    return named;
  }

  get firstNamedChild(): SyntaxNode | undefined {
    for (const child of this.children) if (child.isNamed) return child;
    return undefined;
  }

  get nextSibling(): SyntaxNode | undefined {
    return this.parent?.children[this.indexInParent + 1];
  }

  get previousSibling(): SyntaxNode | undefined {
    return this.indexInParent > 0 ? this.parent?.children[this.indexInParent - 1] : undefined;
  }

  get nextNamedSibling(): SyntaxNode | undefined {
    const siblings = this.parent?.children ?? [];
    for (let i = this.indexInParent + 1; i < siblings.length; i++) if (siblings[i].isNamed) return siblings[i];
    return undefined;
  }

  get previousNamedSibling(): SyntaxNode | undefined {
    const siblings = this.parent?.children ?? [];
    for (let i = this.indexInParent - 1; i >= 0; i--) if (siblings[i].isNamed) return siblings[i];
    return undefined;
  }

  field(name: string): SyntaxNode | undefined {
    for (const child of this.children) if (child.fieldName === name) return child;
    return undefined;
  }

  fieldAll(name: string): SyntaxNode[] {
    const all: SyntaxNode[] = [];
    for (const child of this.children) if (child.fieldName === name) all.push(child);
    return all;
  }

  /** The first child that is an anonymous token with this text, e.g. the operator of a binary expression. */
  token(text: string): SyntaxNode | undefined {
    for (const child of this.children) if (!child.isNamed && child.type === text) return child;
    return undefined;
  }

  *ancestors(): Generator<SyntaxNode> {
    for (let node = this.parent; node; node = node.parent) yield node;
  }

  closest(types: ReadonlySet<string> | string): SyntaxNode | undefined {
    if (typeof types === 'string') {
      for (let node = this.parent; node; node = node.parent) if (node.type === types) return node;
    } else {
      for (let node = this.parent; node; node = node.parent) if (types.has(node.type)) return node;
    }
    return undefined;
  }

  /**
   * Pre-order traversal of this subtree (this node first), without recursion, so deeply nested code
   * cannot overflow the stack. Hot loops use `nextInSubtree` instead: a generator allocates a result
   * object per node.
   */
  *descendants(): Generator<SyntaxNode> {
    for (let node: SyntaxNode | undefined = this; node; node = nextInSubtree(node, this)) yield node;
  }

  contains(other: SyntaxNode): boolean {
    return this.startIndex <= other.startIndex && other.endIndex <= this.endIndex;
  }
}

/**
 * The node after `node` in a pre-order walk of `root`'s subtree, undefined at its end. It moves along the
 * child, sibling and parent links, so `for (let d = root; d; d = nextInSubtree(d, root))` visits a
 * subtree without allocating anything (a stack of pending children was a twentieth of all allocation
 * on webpack).
 */
export function nextInSubtree(node: SyntaxNode, root: SyntaxNode): SyntaxNode | undefined {
  return node.children.length > 0 ? node.children[0] : nextAfterSubtree(node, root);
}

/** The node after `node`'s own subtree in a pre-order walk of `root`'s subtree (a walk that skips `node`'s descendants). */
export function nextAfterSubtree(node: SyntaxNode, root: SyntaxNode): SyntaxNode | undefined {
  for (let at = node; at !== root; ) {
    const parent: SyntaxNode = at.parent!;
    const next = parent.children[at.indexInParent + 1];
    if (next) return next;
    at = parent;
  }
  return undefined;
}

/**
 * Text between a node's children (and before the first / after the last). Parsers leave some source
 * uncovered by child nodes, such as string content around an escape sequence, so it is compared too.
 */
function gaps(node: SyntaxNode, commentTypes: ReadonlySet<string>): string[] {
  const out: string[] = [];
  let gap = '';
  let cursor = node.startIndex;
  for (const child of node.children) {
    gap += node.source.slice(cursor, child.startIndex);
    cursor = child.endIndex;
    // A comment counts as layout: it joins the surrounding gap as a space.
    if (commentTypes.has(child.type)) {
      gap += ' ';
      continue;
    }
    out.push(gap);
    gap = '';
  }
  out.push(gap + node.source.slice(cursor, node.endIndex));
  return out;
}

/** Whitespace-only gaps are layout and compare equal; any other uncovered text must match exactly. */
function sameGaps(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (a[i].trim() !== '' || b[i].trim() !== '') return false;
  }
  return true;
}

/** Structural equality of two subtrees, ignoring comments and whitespace: `a.b == a . b`. */
export function sameSyntax(a: SyntaxNode, b: SyntaxNode, commentTypes: ReadonlySet<string> = DEFAULT_COMMENT_TYPES): boolean {
  const left: SyntaxNode[] = [a];
  const right: SyntaxNode[] = [b];
  while (left.length > 0) {
    const x = left.pop()!;
    const y = right.pop()!;
    if (x.type !== y.type) return false;
    const xs = x.children.filter((c) => !commentTypes.has(c.type));
    const ys = y.children.filter((c) => !commentTypes.has(c.type));
    if (xs.length !== ys.length) return false;
    if (xs.length === 0) {
      if (x.text !== y.text) return false;
      continue;
    }
    if (!sameGaps(gaps(x, commentTypes), gaps(y, commentTypes))) return false;
    for (let i = 0; i < xs.length; i++) {
      left.push(xs[i]);
      right.push(ys[i]);
    }
  }
  return right.length === 0;
}

const DEFAULT_COMMENT_TYPES: ReadonlySet<string> = new Set(['comment', 'html_comment']);
