import { hasNoqa, removeStatement } from '../../src/analysis/helpers.js';
import type { Declaration, DeclarationForm, SemanticSymbol } from '../../src/analysis/index.js';
import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import type { Fix } from '../../src/types.js';
import { unusedVariableDocs } from '../shared/unused-variable.js';

/**
 * Declarations that make a name a plain local. A name also bound by anything else (a parameter, a loop,
 * `with`, an import, tuple unpacking, a match capture, `:=`) is left alone, as pyflakes/Ruff F841 do.
 */
const PLAIN: ReadonlySet<DeclarationForm> = new Set(['assignment', 'annotated-assignment', 'annotation', 'except']);
const BLOCKS: ReadonlySet<string> = new Set(['block']);
/** Node types of literals (and their parts) whose evaluation has no effect, so the whole statement can go. */
const PURE_NODES: ReadonlySet<string> = new Set([
  'integer', 'float', 'true', 'false', 'none', 'string', 'concatenated_string', 'string_start', 'string_content',
  'string_end', 'escape_sequence', 'list', 'tuple', 'dictionary', 'pair', 'set', 'unary_operator', 'comment',
]);

function isLiteral(node: SyntaxNode): boolean {
  for (const d of node.descendants()) if (d.isNamed && !PURE_NODES.has(d.type)) return false;
  return true;
}

function assignmentFix(declaration: Declaration, source: string): Fix | undefined {
  const name = declaration.name.text;
  if (declaration.form === 'except') {
    const pattern = declaration.name.closest('as_pattern');
    const caught = pattern?.firstNamedChild;
    if (!pattern || !caught) return undefined;
    return { title: `Drop \`as ${name}\``, edits: [{ startOffset: caught.endIndex, endOffset: pattern.endIndex, text: '' }] };
  }
  const assignment = declaration.node;
  const value = declaration.value;
  // Only `x = value` as a statement of its own: chained, annotated and unpacking targets keep their shape.
  if (declaration.form !== 'assignment' || !value || assignment.field('left') !== declaration.name || assignment.parent?.type !== 'expression_statement') return undefined;
  if (value.type === 'assignment' || value.type === 'yield') return undefined;
  if (isLiteral(value)) {
    const edit = removeStatement(assignment.parent, source, BLOCKS, 'pass');
    return edit ? { title: `Remove the assignment to \`${name}\``, edits: [edit] } : undefined;
  }
  if (value.type === 'call' || value.type === 'await') {
    return { title: `Keep the call, drop the assignment to \`${name}\``, edits: [{ startOffset: declaration.name.startIndex, endOffset: value.startIndex, text: '' }] };
  }
  return undefined;
}

/** `except E as e: pass`: the handler ignores the exception altogether, which is a bigger issue than the name. */
function ignoresException(declaration: Declaration): boolean {
  if (declaration.form !== 'except') return false;
  const body = declaration.node.namedChildren.find((c) => c.type === 'block');
  const statements = body?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  return statements.every((s) => s.type === 'pass_statement' || (s.type === 'expression_statement' && ['ellipsis', 'string'].includes(s.firstNamedChild?.type ?? '')));
}

function isCandidate(symbol: SemanticSymbol): boolean {
  if (symbol.scope.kind !== 'function' || symbol.scope.dynamicWithin) return false;
  if (symbol.name.startsWith('_')) return false;
  const declarations = symbol.declarations;
  if (!declarations.every((d) => PLAIN.has(d.form) && !d.inPattern)) return false;
  if (!declarations.some((d) => d.form !== 'annotation') || declarations.some(ignoresException)) return false;
  // Reads, `del x` and `x += 1` (which reads) all count as uses.
  return !symbol.references.some((r) => r.isRead || r.isDelete);
}

export default defineCodeRule(
  {
    id: 'python/unused-variable',
    languages: ['python'],
    severity: 'warning',
    category: 'suspicious',
    summary: 'Flag local variables that are assigned in a function but never read.',
    fixable: true,
    provenance: 'Ruff/pyflakes F841',
    docs: unusedVariableDocs(
      'A local variable of a function that receives a value (`x = ...`, `x: T = ...`, `except E as x`) and is never read afterwards, in the function or in a nested one. Names starting with `_`, tuple-unpacking targets, loop and `with` targets, `except ... as e` handlers that do nothing at all (swallowing the exception is the real problem there), and functions that use `locals()`, `vars()`, `eval` or `exec` are left alone.',
      'def total(items):\n    count = len(items)\n    result = sum(i.price for i in items)\n    return sum(i.price for i in items)',
      'def total(items):\n    return sum(i.price for i in items)\n\n# keep a deliberately unused value visible: _count = len(items)',
    ),
  },
  (context) => ({
    'file:exit'() {
      const model = context.semantic();
      if (!model) return;
      for (const symbol of model.symbols) {
        if (!isCandidate(symbol) || model.namesInErrors.has(symbol.name)) continue;
        const assignments = symbol.declarations.filter((d) => d.form !== 'annotation');
        const first = assignments[0];
        if (assignments.some((d) => hasNoqa(context.source, d.node.type === 'except_clause' ? d.name : d.node, 'F841'))) continue;
        const lines = [...new Set(assignments.map((d) => d.name.startRow + 1))];
        const functionName = symbol.scope.node.field('name')?.text;
        const where = functionName ? ` in \`${functionName}\`` : '';
        const message =
          first.form === 'except'
            ? `Exception variable \`${symbol.name}\`${where} is bound by \`except ... as ${symbol.name}\` but never read.`
            : `Local variable \`${symbol.name}\`${where} is assigned ${lines.length > 1 ? `on lines ${lines.join(', ')} ` : ''}but its value is never read.`;
        context.report({
          node: first.name,
          message,
          evidence: { name: symbol.name, ...(functionName ? { function: functionName } : {}), assignments: String(assignments.length) },
          fix: assignments.length === 1 ? assignmentFix(first, context.source) : undefined,
        });
      }
    },
  }),
);
