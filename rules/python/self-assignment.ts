import { defineCodeRule } from '../../src/engine/rule.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import type { Fix } from '../../src/types.js';
import { selfAssignmentDocs } from '../shared/self-assignment.js';
import { enclosingScope, owningClass, targetNames } from '../../src/rule-helpers/python/python-scopes.js';

/** `x`, `self.x`, `a.b.c`: names and attribute chains, whose reading and writing have no other effect. */
function isPlainReference(node: SyntaxNode): boolean {
  if (node.type === 'identifier') return true;
  if (node.type !== 'attribute') return false;
  const object = node.field('object');
  return object !== undefined && isPlainReference(object);
}

/** The pairs `(target, value)` of an assignment, element by element for `a, b = a, b`. */
function assignedPairs(left: SyntaxNode, right: SyntaxNode): Array<[SyntaxNode, SyntaxNode]> | undefined {
  const sequence = new Set(['pattern_list', 'expression_list', 'tuple_pattern', 'tuple']);
  if (sequence.has(left.type) && sequence.has(right.type)) {
    const targets = left.namedChildren.filter((c) => c.type !== 'comment');
    const values = right.namedChildren.filter((c) => c.type !== 'comment');
    if (targets.length !== values.length) return undefined;
    return targets.map((t, i) => [t, values[i]]);
  }
  return [[left, right]];
}

/**
 * `self.x = self.x` is a no-op only for a plain instance attribute. When `x` is a class attribute it
 * copies the class default into the instance (a deliberate idiom), and a property or base class may
 * run code on assignment; so only `self.<name>` in a base-less class that binds nothing called
 * `<name>` in its body counts. Other objects' attributes are unknown ground.
 */
function isPlainInstanceAttribute(target: SyntaxNode, scope: SyntaxNode | undefined): boolean {
  const object = target.field('object');
  const name = target.field('attribute')?.text;
  if (object?.type !== 'identifier' || object.text !== 'self' || !name || scope?.type !== 'function_definition') return false;
  const owner = owningClass(scope);
  const body = owner?.field('body');
  if (!owner || !body) return false;
  const bases = owner.field('superclasses')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  if (bases.some((b) => b.text !== 'object')) return false;
  for (const statement of body.namedChildren) {
    const definition = statement.type === 'decorated_definition' ? statement.field('definition') : statement;
    if (definition?.field('name')?.text === name || (definition?.field('name')?.text ?? '').match(/^__(setattr|getattr|getattribute)__$/)) return false;
    if (statement.type === 'expression_statement') {
      const assignment = statement.namedChildren[0];
      if (assignment?.type === 'assignment' && targetNames(assignment.field('left')!).some((t) => t.text === name || t.text === '__slots__')) return false;
    }
  }
  return true;
}

/** `try: unicode = unicode` / `except NameError: unicode = str`: probing whether a name exists. */
function isNameProbe(assignment: SyntaxNode): boolean {
  for (const ancestor of assignment.ancestors()) {
    if (ancestor.type === 'function_definition' || ancestor.type === 'class_definition') return false;
    if (ancestor.type !== 'try_statement') continue;
    for (const clause of ancestor.children) {
      if (clause.type === 'except_clause' && /\b(NameError|UnboundLocalError|Exception|BaseException)\b/.test(clause.field('value')?.text ?? 'BaseException')) return true;
    }
  }
  return false;
}

/** `elif other is exact: other = other` spells out "keep it as it is" as the only statement of a branch. */
function isExplicitNoOpBranch(assignment: SyntaxNode): boolean {
  const statement = assignment.parent;
  const block = statement?.parent;
  if (statement?.type !== 'expression_statement' || block?.type !== 'block') return false;
  if (block.namedChildren.filter((c) => c.type !== 'comment').length !== 1) return false;
  return block.parent?.type === 'if_statement' || block.parent?.type === 'elif_clause' || block.parent?.type === 'else_clause';
}

/** Deleting the whole line is safe only for a lone simple statement that is not the only one in its block. */
function deleteLineFix(assignment: SyntaxNode): Fix | undefined {
  const statement = assignment.parent;
  if (statement?.type !== 'expression_statement') return undefined;
  const block = statement.parent;
  if (!block) return undefined;
  if (block.type === 'block' && block.namedChildren.filter((c) => c.type !== 'comment').length < 2) return undefined;
  const source = statement.source;
  const lineStart = source.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const newline = source.indexOf('\n', statement.endIndex);
  const lineEnd = newline === -1 ? source.length : newline + 1;
  if (source.slice(lineStart, statement.startIndex).trim() !== '') return undefined;
  // A trailing comment or `; other()` belongs to someone: leave the line alone.
  if (source.slice(statement.endIndex, newline === -1 ? source.length : newline).trim() !== '') return undefined;
  return { title: 'Delete the no-op self-assignment', edits: [{ startOffset: lineStart, endOffset: lineEnd, text: '' }] };
}

export default defineCodeRule(
  {
    id: 'python/self-assignment',
    languages: ['python'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag assignments of a variable or attribute to itself.',
    fixable: true,
    provenance: 'pylint self-assigning-variable (W0127) / Ruff PLW0127',
    docs: {
      ...selfAssignmentDocs(
        'def __init__(self, name, timeout):\n    self.name = name\n    timeout = timeout',
        'def __init__(self, name, timeout):\n    self.name = name\n    self.timeout = timeout',
      ),
      what:
        'An assignment of a name or attribute chain to itself, such as `x = x`, `a, b = a, b` or `self.name = self.name`. Not flagged: `x = x` in a class body or at module level (it copies a value from an outer scope, the builtins or a star import into that namespace, as in `TimeoutError = TimeoutError`), a self-assignment that is the only statement of an `if`/`elif`/`else` branch (an explicit "leave it unchanged") or that probes for a name inside a `try` catching `NameError`, annotated assignments such as `x: Foo = x` (a type-checker cast), subscripts such as `d[k] = d[k]`, where `__getitem__` may create the entry (for example on a `defaultdict`), and attributes other than `self.x` in a class without base classes that defines no class attribute or property `x` (`self.x = self.x` copies a class attribute into the instance, and a property setter runs code).',
    },
  },
  (context) => ({
    assignment(node) {
      const left = node.field('left');
      const right = node.field('right');
      if (!left || !right || node.field('type')) return;
      const pairs = assignedPairs(left, right);
      if (!pairs) return;
      for (const [target, value] of pairs) {
        if (!isPlainReference(target) || !sameSyntax(target, value)) return;
      }
      const scope = enclosingScope(node);
      const names = pairs.map(([target]) => target);
      // In a class body or at module level `x = x` copies a name from an outer scope, the builtins or a
      // star import into this namespace (`TimeoutError = TimeoutError`): a deliberate alias or re-export.
      if (scope?.type !== 'function_definition' && names.some((n) => n.type === 'identifier')) return;
      if (isExplicitNoOpBranch(node) || isNameProbe(node)) return;
      if (names.some((n) => n.type === 'attribute' && !isPlainInstanceAttribute(n, scope))) return;
      const fix = pairs.length === 1 ? deleteLineFix(node) : undefined;
      const shown = pairs.length === 1 ? `\`${left.text}\` is` : `\`${names.map((n) => n.text).join('`, `')}\` are each`;
      context.report({
        node,
        message: `${shown} assigned to itself: the statement has no effect, so a different value was probably meant.`,
        evidence: { target: left.text },
        ...(fix ? { fix } : {}),
      });
    },
  }),
);
