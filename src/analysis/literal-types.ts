import type { LanguageSpec } from '../parse/languages.js';
import type { SyntaxNode } from '../parse/syntax-node.js';
import type { SemanticModel } from './index.js';

/** Python builtins whose call always produces an instance of the same name. */
const PYTHON_CONSTRUCTORS = new Set(['str', 'int', 'float', 'bool', 'bytes', 'list', 'dict', 'set', 'tuple', 'frozenset', 'complex', 'bytearray']);
const MAX_DECLARATIONS = 8;

function unwrap(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === 'parenthesized_expression' && current.namedChildren.length === 1) current = current.namedChildren[0];
  return current;
}

/**
 * The type of an expression when its syntax alone proves it: a literal, a call of a builtin
 * constructor, or a variable whose every assignment is such an expression. Undefined otherwise:
 * callers treat unknown as "no claim", so nothing fires on guesses.
 */
export function inferLiteralType(node: SyntaxNode, spec: LanguageSpec, model: SemanticModel | undefined, depth = 0): string | undefined {
  const expression = unwrap(node);
  const literal = spec.literalTypes[expression.type];
  if (literal) return literal;
  if (depth > 3 || !model) return undefined;
  if (expression.type === 'call' && spec.id === 'python') {
    const callee = expression.field('function');
    if (callee?.type === 'identifier' && PYTHON_CONSTRUCTORS.has(callee.text) && !model.resolve(callee) && model.isBuiltin(callee.text)) return callee.text;
    return undefined;
  }
  if (expression.type !== 'identifier') return undefined;
  const symbol = model.resolve(expression);
  if (!symbol || symbol.declarations.length === 0 || symbol.declarations.length > MAX_DECLARATIONS) return undefined;
  if (model.isDynamic(symbol.scope)) return undefined;
  const types = new Set<string>();
  for (const declaration of symbol.declarations) {
    if (!declaration.value || declaration.inPattern) return undefined;
    if (!['assignment', 'annotated-assignment', 'var', 'let', 'const'].includes(declaration.form)) return undefined;
    const type = inferLiteralType(declaration.value, spec, model, depth + 1);
    if (!type) return undefined;
    types.add(type);
  }
  // Augmented assignments and other writes not listed as declarations may change the type: only trust a single, unmodified binding.
  const writes = symbol.references.filter((r) => r.isWrite);
  if (writes.length > symbol.declarations.length) return undefined;
  return types.size === 1 ? [...types][0] : undefined;
}
