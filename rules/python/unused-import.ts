import { basename } from 'node:path';
import { hasNoqa, removeListItem, removeStatement } from '../../src/analysis/helpers.js';
import type { Declaration, SemanticModel, SemanticSymbol } from '../../src/analysis/index.js';
import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import type { Fix } from '../../src/types.js';

const BLOCKS: ReadonlySet<string> = new Set(['block']);
const IMPORT_ERRORS = /\b(ImportError|ModuleNotFoundError)\b/;
/** A string that could be a forward-reference annotation: `"User"`, `"Optional[models.User]"`. */
const TYPE_LIKE_STRING = /^[\w\s.,[\]|'"]+$/;

/**
 * Names listed in `__all__`, or `undefined` when `__all__` is built in a way this rule cannot read
 * (then every import may be a re-export, and the rule stays silent).
 */
function exportedNames(model: SemanticModel): Set<string> | undefined {
  const names = new Set<string>();
  const all = model.globalScope.symbols.get('__all__');
  if (!all) return names;
  const addStrings = (node: SyntaxNode | undefined): boolean => {
    if (!node || !['list', 'tuple', 'set'].includes(node.type)) return false;
    for (const element of node.namedChildren) {
      if (element.type === 'comment') continue;
      if (element.type !== 'string' || element.namedChildren.some((c) => c.type === 'interpolation')) return false;
      names.add(element.namedChildren.filter((c) => c.type === 'string_content').map((c) => c.text).join(''));
    }
    return true;
  };
  for (const declaration of all.declarations) {
    if (declaration.form === 'annotation') continue;
    if (declaration.form !== 'assignment' && declaration.form !== 'annotated-assignment' && declaration.form !== 'augmented-assignment') return undefined;
    const value = declaration.node.field('right');
    if (!addStrings(value)) return undefined;
  }
  for (const reference of all.references) {
    if (reference.isWrite) continue;
    // `__all__.extend([...])` / `__all__.append("x")`; any other use may add names we cannot see.
    const attribute = reference.node.parent;
    const call = attribute?.parent;
    const method = attribute?.type === 'attribute' ? attribute.field('attribute')?.text : undefined;
    const args = call?.type === 'call' ? call.field('arguments')?.namedChildren ?? [] : [];
    if (method === 'extend' && args.length === 1 && addStrings(args[0])) continue;
    if (method === 'append' && args.length === 1 && args[0].type === 'string') {
      names.add(args[0].namedChildren.filter((c) => c.type === 'string_content').map((c) => c.text).join(''));
      continue;
    }
    return undefined;
  }
  return names;
}

/** Inside `try:` whose handlers catch ImportError: an availability probe (`try: import ujson as json`). */
function isImportProbe(statement: SyntaxNode): boolean {
  for (let node: SyntaxNode | null = statement.parent; node; node = node.parent) {
    if (node.type === 'function_definition' || node.type === 'class_definition') return false;
    if (node.type !== 'block' || node.parent?.type !== 'try_statement' || node.fieldName !== 'body') continue;
    const handlers = node.parent.children.filter((c) => c.type === 'except_clause');
    if (handlers.some((h) => !h.field('value') || IMPORT_ERRORS.test(h.field('value')!.text))) return true;
  }
  return false;
}

/** `import x as x` / `from m import x as x`: the typing convention for an explicit re-export. */
function isExplicitReexport(declaration: Declaration): boolean {
  const part = declaration.part;
  if (part?.type !== 'aliased_import') return false;
  const original = part.field('name');
  return original?.type === 'dotted_name' && original.namedChildren.length === 1 && original.text === part.field('alias')?.text;
}

/**
 * `from _ssl import MemoryBIO` at module level: a public module re-exporting its private implementation
 * module's names, a façade whose imports are its API.
 */
function isFacadeImport(declaration: Declaration, symbol: SemanticSymbol): boolean {
  if (declaration.form !== 'import-from' || symbol.scope.parent) return false;
  const module = declaration.node.field('module_name')?.text ?? '';
  return module.split('.').some((part) => /^_[^_]/.test(part));
}

function removalFix(declaration: Declaration, unused: ReadonlySet<SyntaxNode>, source: string): Fix | undefined {
  const statement = declaration.node;
  const part = declaration.part;
  if (!part) return undefined;
  const items = statement.children.filter((c) => c.fieldName === 'name');
  const title = `Remove the unused import of \`${declaration.name.text}\``;
  // When every name of the statement is unused, each finding removes the whole statement (identical
  // edits overlap, so the fixer applies one and re-checks), never a half-empty `from m import`.
  if (items.every((item) => unused.has(item))) {
    const edit = removeStatement(statement, source, BLOCKS, 'pass');
    return edit ? { title, edits: [edit] } : undefined;
  }
  const edit = removeListItem(part, items);
  return edit ? { title, edits: [edit] } : undefined;
}

export default defineCodeRule(
  {
    id: 'python/unused-import',
    languages: ['python'],
    severity: 'warning',
    category: 'style',
    summary: 'Flag imported names that nothing in the module uses.',
    fixable: true,
    provenance: 'Ruff/pyflakes F401',
    docs: {
      what: 'An `import` or `from ... import` binding that no code in its scope reads: not called, not passed, not in an annotation (string annotations and `# type:` comments count as uses), not listed in `__all__`. Left alone: `__init__.py` files, `from __future__`, the `import x as x` re-export idiom, imports inside `try` blocks that handle ImportError, class-body imports, imports from private `_modules` at module level (façades), names that match a function parameter (pytest fixtures), and lines marked `# noqa`.',
      why: 'An unused import makes readers look for a dependency that is not there, slows start-up when the module is heavy, and can create import cycles for nothing. Often it is the trace of a refactor that removed the last use, or of a typo in the name that was meant to use it.',
      example: 'import os\nimport json\n\ndef load(path):\n    with open(path) as f:\n        return f.read()',
      useInstead: 'def load(path):\n    with open(path) as f:\n        return f.read()\n\n# a deliberate re-export stays: `from .core import load as load`, or list it in __all__',
    },
  },
  (context) => {
    // Strings and comments are read only when an import is otherwise unused (most files have none).
    const strings: SyntaxNode[] = [];
    const comments: SyntaxNode[] = [];
    let wordsInStrings: Set<string> | undefined;
    const wordsInStringsAndComments = (): Set<string> => {
      if (wordsInStrings) return wordsInStrings;
      const words = new Set<string>();
      const collectWords = (text: string) => {
        for (const word of text.match(/[A-Za-z_]\w*/g) ?? []) words.add(word);
      };
      for (const node of strings) {
        // Forward references (`x: "User"`, `cast("models.User", v)`) use names the tree does not show as code.
        const content = node.namedChildren.filter((c) => c.type === 'string_content').map((c) => c.text).join('');
        if (content && TYPE_LIKE_STRING.test(content)) collectWords(content);
      }
      for (const node of comments) {
        const match = /#\s*type:\s*(.+)/.exec(node.text);
        if (match) collectWords(match[1]);
      }
      wordsInStrings = words;
      return words;
    };
    return {
      string(node) {
        strings.push(node);
      },
      comment(node) {
        comments.push(node);
      },
      'file:exit'() {
        if (basename(context.path) === '__init__.py') return;
        const model = context.semantic();
        if (!model) return;
        const exported = exportedNames(model);
        if (!exported) return;
        // `eval`/`exec`/`globals()` can reach module names through strings.
        const readsByString = model.references.some((r) => r.resolution === 'builtin' && (r.name === 'eval' || r.name === 'exec' || r.name === 'globals'));
        // pytest injects fixtures by parameter name: `from .fixtures import db` serves `def test_x(db)`.
        const parameterNames = new Set(model.symbols.filter((s) => s.kind === 'parameter').map((s) => s.name));
        const candidates: Array<{ symbol: SemanticSymbol; declaration: Declaration }> = [];
        for (const symbol of model.symbols) {
          // Imports in a class body are class attributes, read through `self.` or the class.
          if (!symbol.declarations.some((d) => d.kind === 'import') || symbol.scope.kind === 'class') continue;
          // Also bound by an assignment or a `def`: the import is one of several definitions of a public name.
          if (symbol.declarations.some((d) => d.kind !== 'import')) continue;
          // `from _impl import __doc__`: module metadata, used by whoever reads the module.
          if (/^__\w+__$/.test(symbol.name)) continue;
          if (symbol.references.some((r) => r.isRead || r.isDelete)) continue;
          if (exported.has(symbol.name) || parameterNames.has(symbol.name) || model.namesInErrors.has(symbol.name) || wordsInStringsAndComments().has(symbol.name)) continue;
          if (symbol.scope === model.globalScope ? readsByString : symbol.scope.dynamicWithin) continue;
          for (const declaration of symbol.declarations) {
            if (declaration.kind !== 'import' || declaration.form === 'future-import') continue;
            if (isExplicitReexport(declaration) || isImportProbe(declaration.node) || isFacadeImport(declaration, symbol)) continue;
            if (hasNoqa(context.source, declaration.node, 'F401')) continue;
            candidates.push({ symbol, declaration });
          }
        }
        const unusedParts = new Set(candidates.map((c) => c.declaration.part).filter((p): p is SyntaxNode => Boolean(p)));
        for (const { declaration } of candidates) {
          const part = declaration.part ?? declaration.name;
          const name = declaration.name.text;
          const imported = part.type === 'aliased_import' ? part.field('name')?.text ?? name : part.text;
          const module = declaration.node.field('module_name')?.text;
          const origin = module ? (imported === name ? ` (from \`${module}\`)` : ` (\`${imported}\` from \`${module}\`)`) : imported === name ? '' : ` (module \`${imported}\`)`;
          const what = `\`${name}\`${origin}`;
          context.report({
            node: part,
            message: `${what} is imported but never used in this ${declaration.node.closest('function_definition') ? 'function' : 'module'}.`,
            evidence: { name, imported, ...(module ? { module } : {}), line: String(declaration.node.startRow + 1) },
            fix: removalFix(declaration, unusedParts, context.source),
          });
        }
      },
    };
  },
);
