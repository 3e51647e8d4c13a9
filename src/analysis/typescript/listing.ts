import type { ParsedFile } from '../../parse/parser.js';
import type { SyntaxNode } from '../../parse/syntax-node.js';
import type { TypeEntry } from '../types/common.js';
import { CLASS_TYPES, FUNCTION_TYPES, javaScriptScopeName } from '../types/javascript.js';
import type { TypeDescription } from '../type-provider.js';
import { TypeScriptTypeProvider } from './provider.js';

const FIELD_TYPES = new Set(['field_definition', 'public_field_definition']);

/**
 * `revisor types` for a file the checker answers: the same entries, in the same JSON shape, as the
 * tree-sitter pass lists (variables where they are written, parameters, named functions' returns,
 * `this.x` and class field attributes), with the checker's types.
 */
export function checkerTypeListing(provider: TypeScriptTypeProvider, parsed: ParsedFile): TypeEntry[] {
  const file = parsed.file.path;
  const entries: TypeEntry[] = [];
  const push = (node: SyntaxNode, kind: TypeEntry['kind'], name: string, scope: string, type: TypeDescription | undefined) => {
    if (!type || type.names.length === 0) return;
    entries.push({ file, line: node.startRow + 1, column: node.startColumn, kind, name, scope, type: type.names, origin: type.origin });
  };
  const stack: SyntaxNode[] = [parsed.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'ERROR') continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
    if (FUNCTION_TYPES.has(node.type)) {
      const scope = javaScriptScopeName(node, true);
      const single = node.field('parameter');
      const list = single ? [single] : (node.field('parameters')?.namedChildren ?? []).filter((c) => c.type !== 'comment');
      for (const parameter of list) {
        const pattern = parameter.type === 'required_parameter' || parameter.type === 'optional_parameter' ? parameter.field('pattern') : parameter;
        const name = pattern?.type === 'identifier' ? pattern : pattern?.type === 'assignment_pattern' ? pattern.field('left') : pattern?.type === 'rest_pattern' ? pattern.namedChildren[0] : undefined;
        if (name?.type === 'identifier') push(name, 'parameter', name.text, scope, provider.typeOf(name));
      }
      const nameNode = node.field('name') ?? (node.parent?.type === 'variable_declarator' ? node.parent.field('name') : undefined);
      if (nameNode) push(nameNode, 'return', nameNode.text, javaScriptScopeName(node, false), provider.returnTypeOf(node));
      continue;
    }
    if (node.type === 'identifier' && isWritten(node)) {
      push(node, 'variable', node.text, javaScriptScopeName(node, false), provider.typeOf(node));
      continue;
    }
    if (node.type === 'member_expression' && node.field('object')?.type === 'this' && node.fieldName === 'left' && node.parent?.type === 'assignment_expression') {
      const property = node.field('property');
      const cls = enclosingClass(node);
      if (property && cls) push(node, 'attribute', property.text, cls.field('name')?.text ?? '', provider.typeOf(node));
      continue;
    }
    if (FIELD_TYPES.has(node.type) && node.parent?.parent) {
      const property = node.field('property') ?? node.field('name');
      const cls = node.parent.parent;
      if (property && CLASS_TYPES.has(cls.type)) push(property, 'attribute', property.text, cls.field('name')?.text ?? '', provider.typeOf(property));
    }
  }
  return entries.sort((a, b) => a.line - b.line || a.column - b.column || a.kind.localeCompare(b.kind));
}

/** `x` in `const x = …`, `x = …`, `x += …`, `for (const x of …)`: a write of the variable. */
function isWritten(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'variable_declarator') return node.fieldName === 'name' && parent.field('value') !== undefined;
  if (parent.type === 'assignment_expression' || parent.type === 'augmented_assignment_expression') return node.fieldName === 'left';
  if (parent.type === 'for_in_statement') return node.fieldName === 'left';
  return false;
}

function enclosingClass(node: SyntaxNode): SyntaxNode | undefined {
  for (const ancestor of node.ancestors()) {
    if (ancestor.type === 'method_definition') {
      const cls = ancestor.parent?.parent;
      return cls && CLASS_TYPES.has(cls.type) ? cls : undefined;
    }
    if (FUNCTION_TYPES.has(ancestor.type) && ancestor.type !== 'arrow_function') return undefined;
  }
  return undefined;
}

export { TypeScriptTypeProvider };
