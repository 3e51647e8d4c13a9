import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { enclosingScope, isAttributeName, isKeywordName } from '../../src/rule-helpers/python/python-scopes.js';

/** `open(...)` and `io.open(...)`. */
function isOpenCall(node: SyntaxNode): boolean {
  if (node.type !== 'call') return false;
  const callee = node.field('function');
  if (callee?.type === 'identifier') return callee.text === 'open';
  return callee?.type === 'attribute' && callee.text.replace(/\s+/g, '') === 'io.open';
}

/**
 * Whether the function body does something that closes the file or hands it to someone who may:
 * `.close()`, `with f`, `del f`, returning or yielding it, passing it to a call, storing it elsewhere,
 * or using it from a nested function. Only reads through attributes (`f.read()`) and loops over it do not.
 */
function isClosedOrEscapes(name: string, body: SyntaxNode, assignment: SyntaxNode): boolean {
  for (const d of body.descendants()) {
    if (d.type !== 'identifier' || d.text !== name || isAttributeName(d) || isKeywordName(d)) continue;
    if (assignment.contains(d)) continue;
    if (enclosingScope(d) !== enclosingScope(assignment)) return true;
    const parent = d.parent!;
    if (parent.type === 'attribute' && d.fieldName === 'object') {
      if (parent.field('attribute')?.text === 'close') return true;
      continue;
    }
    if (parent.type === 'for_statement' && d.fieldName === 'right') continue;
    if (parent.type === 'global_statement' || parent.type === 'nonlocal_statement') return true;
    if (parent.type === 'for_in_clause' && d.fieldName === 'right') continue;
    // Anything else (an argument, a return value, `with f:`, `del f`, `x = f`, a rebinding) ends our certainty.
    return true;
  }
  return false;
}

export default defineCodeRule(
  {
    id: 'python/open-without-close',
    languages: ['python'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag files opened into a local variable with `open()` outside `with` and never closed.',
    provenance: 'pylint consider-using-with (R1732) / Ruff SIM115',
    docs: {
      what: 'An assignment `f = open(...)` (or `io.open`) in a function, outside a `with` statement, where the function only reads or writes through `f.method()` or loops over `f`, and never calls `f.close()`, uses `with f:`, deletes, returns, yields, stores or passes `f` anywhere. A file object that is used once without a name, like `open(path).read()`, is not flagged: CPython closes it as soon as the expression finishes.',
      why: 'The handle stays open until the garbage collector finalises the object, which is not immediate on PyPy and not at all while a traceback keeps the frame alive. Writes may not be flushed when another part of the program reads the file, and long-running processes run out of file descriptors (`OSError: [Errno 24] Too many open files`). On Windows an open file also cannot be deleted or renamed.',
      example: 'def read_header(path):\n    f = open(path, "rb")\n    return f.read(16)',
      useInstead: 'def read_header(path):\n    with open(path, "rb") as f:\n        return f.read(16)',
    },
  },
  (context) => ({
    assignment(node) {
      const target = node.field('left');
      const value = node.field('right');
      if (target?.type !== 'identifier' || !value || !isOpenCall(value)) return;
      if (node.parent?.type !== 'expression_statement') return;
      const scope = enclosingScope(node);
      if (scope?.type !== 'function_definition') return;
      const body = scope.field('body');
      if (!body || isClosedOrEscapes(target.text, body, node)) return;
      const functionName = scope.field('name')?.text ?? 'function';
      context.report({
        node,
        message: `File \`${target.text}\` opened by \`${value.text.split('\n')[0]}\` is never closed in \`${functionName}\`: the handle stays open until garbage collection; use \`with ${value.text.split('\n')[0]} as ${target.text}:\`.`,
        evidence: { variable: target.text, function: functionName },
      });
    },
  }),
);
