import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { enclosingFunction, lineOf, resolveExpression, stripParentheses, type Variable } from '../../src/rule-helpers/cpp/cpp.js';

type AllocationKind = 'array' | 'single';

interface Allocation {
  kind: AllocationKind;
  node: SyntaxNode;
}

function declaresFunctionWithoutBody(member: SyntaxNode): boolean {
  if (member.type !== 'field_declaration' && member.type !== 'declaration') return false;
  // Pure virtual functions (`= 0`) have no body anywhere that matters here.
  if (member.field('default_value')?.text === '0') return false;
  return member.fieldAll('declarator').some((d) => {
    let node: SyntaxNode | undefined = d;
    while (node && (node.type === 'pointer_declarator' || node.type === 'reference_declarator')) node = node.field('declarator') ?? node.namedChildren.at(-1);
    return node?.type === 'function_declarator';
  });
}

function allocationKind(value: SyntaxNode | undefined): AllocationKind | 'null' | 'other' {
  const expression = stripParentheses(value);
  // `p = nullptr;` after a delete, or a null default, stores no allocation.
  if (expression?.type === 'null' || expression?.text === 'NULL' || expression?.text === '0') return 'null';
  if (expression?.type !== 'new_expression') return 'other';
  // `new T[n]` carries a new_declarator; `new T`, `new T(...)` and `new T{...}` do not.
  return expression.field('declarator')?.type === 'new_declarator' ? 'array' : 'single';
}

/** Whether a node writes the variable: `p = ...`, `&p` (an out-parameter may reassign it), `p++`. */
function writeTarget(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type === 'assignment_expression') return node.field('left');
  if (node.type === 'pointer_expression' && node.field('operator')?.text === '&') return node.field('argument');
  if (node.type === 'update_expression') return node.field('argument');
  return undefined;
}

function refersTo(node: SyntaxNode | undefined, variable: Variable): boolean {
  const target = stripParentheses(node);
  if (!target) return false;
  if (target.type === 'identifier' || target.type === 'field_expression') {
    const name = target.type === 'identifier' ? target.text : target.field('field')?.text;
    if (name !== variable.name) return false;
    return resolveExpression(target) === variable;
  }
  return false;
}

/**
 * Every value stored into the variable within `regions`, or undefined when one of them is not a plain
 * `new` (then the pointer's origin is unknown and the rule stays silent).
 */
function allocations(variable: Variable, regions: SyntaxNode[]): Allocation[] | undefined {
  const found: Allocation[] = [];
  const record = (value: SyntaxNode | undefined): boolean => {
    const kind = allocationKind(value);
    if (kind === 'other') return false;
    if (kind !== 'null') found.push({ kind, node: stripParentheses(value)! });
    return true;
  };
  if (variable.value && !record(variable.value)) return undefined;
  for (const region of regions) {
    for (const node of region.descendants()) {
      if (node.type === 'field_initializer') {
        const field = node.namedChildren.find((c) => c.type === 'field_identifier');
        if (field?.text !== variable.name || variable.kind !== 'member') continue;
        const args = node.namedChildren.find((c) => c.type === 'argument_list' || c.type === 'initializer_list');
        const values = args?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
        if (values.length !== 1 || !record(values[0])) return undefined;
        continue;
      }
      const target = writeTarget(node);
      if (!target || !refersTo(target, variable)) continue;
      if (node.type !== 'assignment_expression' || node.field('operator')?.text !== '=') return undefined;
      if (!record(node.field('right'))) return undefined;
    }
  }
  return found;
}

export default defineCodeRule(
  {
    id: 'cpp/mismatched-delete',
    languages: ['cpp'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag `delete` of memory from `new[]` and `delete[]` of memory from plain `new`.',
    fixable: true,
    provenance: 'clang-analyzer unix.MismatchedDeallocator, Cppcheck mismatchAllocDealloc',
    docs: {
      what: 'A `delete p` where every allocation stored in `p` (in the same function, or for a data member in the same class) is an array `new T[n]`, or a `delete[] p` where every allocation is a single-object `new T(...)`.',
      why: 'The form of `delete` must match the form of `new`. Mixing them is undefined behaviour: with `delete` on an array only the first element is destroyed and the allocator may receive a pointer it never handed out, which corrupts the heap or crashes far from the cause.',
      example: 'int* values = new int[count];\n// ...\ndelete values;',
      useInstead: 'int* values = new int[count];\n// ...\ndelete[] values;\n// better: std::vector<int> values(count);',
    },
  },
  (context) => ({
    delete_expression(node) {
      const operand = stripParentheses(node.namedChildren.find((c) => c.type !== 'comment'));
      const variable = resolveExpression(operand);
      if (!operand || !variable || variable.reference) return;
      const deletesArray = Boolean(node.token('['));
      let regions: SyntaxNode[];
      if (variable.kind === 'member') {
        // All inline member functions of the class: constructors, methods and the destructor.
        const members = (variable.scope.field('body')?.namedChildren ?? []).flatMap((c) => (c.type === 'template_declaration' ? c.namedChildren : [c]));
        // A member function defined outside the class body could store anything in the member.
        if (members.some(declaresFunctionWithoutBody)) return;
        regions = members.filter((c) => c.type === 'function_definition');
      } else {
        const fn = enclosingFunction(node);
        if (!fn) return;
        regions = [fn];
      }
      const found = allocations(variable, regions);
      if (!found || found.length === 0) return;
      const expected: AllocationKind = deletesArray ? 'single' : 'array';
      if (!found.every((a) => a.kind === expected)) return;
      const allocation = found[0];
      const deleteToken = node.token('delete');
      const open = node.token('[');
      const close = node.token(']');
      const written = deletesArray ? 'delete[]' : 'delete';
      const needed = deletesArray ? 'delete' : 'delete[]';
      context.report({
        node,
        message: deletesArray
          ? `\`delete[] ${operand.text}\` frees memory allocated with \`${allocation.node.text}\` on line ${lineOf(allocation.node)}: a single object must be freed with \`delete\`, and mixing the forms is undefined behaviour.`
          : `\`delete ${operand.text}\` frees memory allocated with \`${allocation.node.text}\` on line ${lineOf(allocation.node)}: an array must be freed with \`delete[]\`, and mixing the forms is undefined behaviour.`,
        evidence: { allocation: allocation.node.text, allocationLine: String(lineOf(allocation.node)), deallocation: written, expected: needed },
        fix:
          deleteToken && (deletesArray ? open && close : true)
            ? {
                title: `Use \`${needed}\``,
                edits: deletesArray
                  ? [{ startOffset: open!.startIndex, endOffset: close!.endIndex, text: '' }]
                  : [{ startOffset: deleteToken.endIndex, endOffset: deleteToken.endIndex, text: '[]' }],
              }
            : undefined,
      });
    },
  }),
);
