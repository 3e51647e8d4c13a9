/**
 * The order files are analysed in: every file after the files it imports.
 *
 * The tree-sitter type engine answers questions about an imported module from a summary built on that
 * module's tree and semantic model. It keeps the tree and model of each file it has just analysed for a
 * while (engine.ts, `donate`), so a summary asked for soon after is built from them instead of parsing
 * the file a second time. Files in path order meet their imports at random distances; with each file
 * right after its imports, most summaries find the tree still kept. Findings do not depend on the
 * order (summaries are computed from a file's own text), and reports are sorted at the end.
 */

/**
 * `items` reordered depth first: each item's imports (those among `items`, in the order `importsOf`
 * gives) come before it, starting from the items in their given order. An import cycle is broken where
 * the walk meets it. Deterministic for the same input.
 */
export function importsFirst<T>(items: readonly T[], keyOf: (item: T) => string, importsOf: (item: T) => readonly string[] | undefined): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(keyOf(item), item);
  const placed = new Set<string>();
  const ordered: T[] = [];
  // An explicit stack: import chains in real projects run deeper than the call stack should.
  const stack: Array<{ item: T; imports: readonly string[]; next: number }> = [];
  for (const root of items) {
    const rootKey = keyOf(root);
    if (placed.has(rootKey)) continue;
    placed.add(rootKey);
    stack.push({ item: root, imports: importsOf(root) ?? [], next: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.imports.length) {
        const key = top.imports[top.next++];
        const imported = byKey.get(key);
        if (imported === undefined || placed.has(key)) continue;
        placed.add(key);
        stack.push({ item: imported, imports: importsOf(imported) ?? [], next: 0 });
        continue;
      }
      stack.pop();
      ordered.push(top.item);
    }
  }
  return ordered;
}
