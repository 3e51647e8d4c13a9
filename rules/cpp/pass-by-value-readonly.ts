import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { displayType, enclosingClass, enclosingFunction, isExpensiveToCopy, parameterList, resolveVariable, stdType, STRING_TYPES, MAP_CONTAINERS, type Variable, functionVariables } from '../../src/rule-helpers/cpp/cpp.js';
import { isReadOnlyUse } from '../../src/rule-helpers/cpp/readonly-use.js';

const COROUTINE_TYPES = new Set(['co_await_expression', 'co_yield_statement', 'co_return_statement']);

function isOverridable(fn: SyntaxNode): boolean {
  if (fn.children.some((c) => c.type === 'virtual')) return true;
  for (const d of fn.field('declarator')?.descendants() ?? []) if (d.type === 'virtual_specifier') return true;
  return false;
}

/** Whether every reference to the parameter inside the function only reads it; false if any might write or if there is none. */
function onlyRead(fn: SyntaxNode, parameter: Variable): boolean {
  const std = stdType(parameter.type, fn)!;
  const options = { isString: STRING_TYPES.has(std.name), subscriptInserts: MAP_CONTAINERS.has(std.name) };
  const parameters = parameterList(fn);
  let reads = 0;
  for (const node of fn.descendants()) {
    if (COROUTINE_TYPES.has(node.type)) return false;
    if (node.type !== 'identifier' || node.text !== parameter.name) continue;
    if (parameters?.contains(node)) continue;
    const owner = enclosingFunction(node);
    const resolved = resolveVariable(node);
    if (resolved && resolved !== parameter) continue;
    if (!resolved) {
      // Inside a nested lambda the name is a capture of the parameter unless the lambda declares its own.
      if (!owner || owner === fn || owner.type !== 'lambda_expression' || functionVariables(owner).has(parameter.name)) return false;
      if (node.parent?.type === 'lambda_capture_specifier') {
        // `[name]` copies (a read); `[&name]` lets the lambda write through the reference.
        if (node.previousSibling?.type === '&') return false;
        reads++;
        continue;
      }
    }
    if (!isReadOnlyUse(node, options)) return false;
    reads++;
  }
  return reads > 0;
}

export default defineCodeRule(
  {
    id: 'cpp/pass-by-value-readonly',
    languages: ['cpp'],
    severity: 'warning',
    category: 'performance',
    summary: 'Flag strings and standard containers passed by value to functions that only read them.',
    fixable: true,
    provenance: 'clang-tidy performance-unnecessary-value-param',
    docs: {
      what: 'A parameter of type `std::string`, `std::vector`, `std::map`, `std::unordered_map`, `std::set`, `std::list`, `std::deque` (and their relatives) taken by value, when the function only reads it: it is never assigned, modified through a non-const method or `[]` on a map, moved, returned, or passed to a function that might modify it.',
      why: 'Passing by value copies the whole object on every call: a heap allocation plus a copy of every element, O(n) per call, for data the function only looks at. A `const&` parameter gives the same read access without the copy.',
      example: 'int total(std::vector<int> values) {\n  int sum = 0;\n  for (int v : values) sum += v;\n  return sum;\n}',
      useInstead: 'int total(const std::vector<int>& values) {\n  int sum = 0;\n  for (int v : values) sum += v;\n  return sum;\n}',
    },
  },
  (context) => {
    const check = (fn: SyntaxNode) => {
      if (!fn.field('body') || isOverridable(fn)) return;
      const parameters = parameterList(fn);
      if (!parameters) return;
      const variables = functionVariables(fn);
      for (const declaration of parameters.namedChildren) {
        if (declaration.type !== 'parameter_declaration' && declaration.type !== 'optional_parameter_declaration') continue;
        const name = declaration.field('declarator');
        if (name?.type !== 'identifier') continue;
        const parameter = variables.get(name.text)?.find((v) => v.declaration === declaration);
        if (!parameter || !parameter.typeNode || !isExpensiveToCopy(parameter.type, fn)) continue;
        if (!onlyRead(fn, parameter)) continue;
        const typeNode = parameter.typeNode;
        const shown = displayType(parameter);
        const constType = `const ${shown}&`;
        const fnName = fn.type === 'lambda_expression' ? 'this lambda' : `\`${functionName(fn)}\``;
        // Only definitions that are their own declaration can change signature in one place.
        const fixable = fn.type === 'lambda_expression' || enclosingClass(fn) !== undefined;
        const edits = [{ startOffset: typeNode.endIndex, endOffset: typeNode.endIndex, text: '&' }];
        if (!parameter.isConst) edits.unshift({ startOffset: declaration.startIndex, endOffset: declaration.startIndex, text: 'const ' });
        context.report({
          node: declaration,
          message: `\`${declaration.text}\` is passed by value but ${fnName} only reads it, so every call copies the whole \`${shown}\` (O(n) in its size); take \`${constType}\` instead.`,
          evidence: { parameter: parameter.name, type: shown, complexity: `O(n) copy of \`${parameter.name}\` on every call (n = its size)`, suggested: constType },
          fix: fixable ? { title: `Take \`${constType}\``, edits } : undefined,
        });
      }
    };
    return { function_definition: check, lambda_expression: check };
  },
);

function functionName(fn: SyntaxNode): string {
  let declarator = fn.field('declarator');
  while (declarator && declarator.type !== 'function_declarator') declarator = declarator.field('declarator') ?? declarator.namedChildren.at(-1);
  return declarator?.field('declarator')?.text ?? 'the function';
}
