import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { lineOf, resolveVariable, stripParentheses, type Variable } from '../../src/rule-helpers/cpp/cpp.js';

/** How a function definition returns: through a pointer or an lvalue reference, else undefined. */
function returnKind(fn: SyntaxNode): 'pointer' | 'reference' | undefined {
  const declarator = fn.field('declarator');
  const inner = declarator?.type === 'reference_declarator' ? declarator.namedChildren.at(-1) : declarator?.field('declarator');
  // Only `T* f(...)` / `T& f(...)`: the wrapped declarator must be the function itself.
  if (inner?.type !== 'function_declarator') return undefined;
  if (declarator?.type === 'pointer_declarator') return 'pointer';
  if (declarator?.type === 'reference_declarator' && declarator.token('&')) return 'reference';
  return undefined;
}

/** A variable whose storage ends with the function: a non-static local, or a parameter passed by value. */
function isAutomatic(v: Variable): boolean {
  // An array parameter is really a pointer to the caller's array.
  if (v.kind === 'parameter' && v.array) return false;
  return (v.kind === 'local' || v.kind === 'parameter') && !v.isStatic && !v.reference;
}

export default defineCodeRule(
  {
    id: 'cpp/return-local-address',
    languages: ['cpp'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag returning a pointer or reference to a local variable.',
    provenance: 'clang -Wreturn-stack-address, GCC -Wreturn-local-addr',
    docs: {
      what: 'A function returning a pointer that returns `&local` or a local array, or a function returning `T&` that returns a local variable or by-value parameter.',
      why: 'Locals and by-value parameters are destroyed when the function returns, so the caller receives a dangling pointer or reference. Reading through it is undefined behaviour that often appears to work until the stack is reused, then returns garbage or crashes.',
      example: 'const std::string& greeting() {\n  std::string text = "hello";\n  return text;\n}',
      useInstead: 'std::string greeting() {\n  std::string text = "hello";\n  return text;  // returned by value (moved or elided)\n}',
    },
  },
  (context) => ({
    return_statement(node) {
      const fn = node.closest(new Set(['function_definition', 'lambda_expression']));
      if (fn?.type !== 'function_definition') return;
      const kind = returnKind(fn);
      if (!kind) return;
      const value = stripParentheses(node.namedChildren.find((c) => c.type !== 'comment'));
      if (!value) return;
      let target: SyntaxNode | undefined;
      if (kind === 'pointer') {
        if (value.type === 'pointer_expression' && value.field('operator')?.text === '&') target = stripParentheses(value.field('argument'));
        else if (value.type === 'identifier') target = value;
      } else if (value.type === 'identifier') target = value;
      if (target?.type !== 'identifier') return;
      const variable = resolveVariable(target);
      if (!variable || !isAutomatic(variable)) return;
      // A pointer function returning a plain local pointer returns its value, not its address.
      if (kind === 'pointer' && value === target && !variable.array) return;
      if (kind === 'reference' && variable.array) return;
      const what = variable.kind === 'parameter' ? 'by-value parameter' : variable.array ? 'local array' : 'local variable';
      const returned = kind === 'pointer' ? 'a pointer to' : 'a reference to';
      context.report({
        node: value,
        message: `\`return ${value.text}\` returns ${returned} ${what} \`${variable.name}\` (declared on line ${lineOf(variable.nameNode)}), which is destroyed when the function returns: the caller gets a dangling ${kind}.`,
        evidence: { variable: variable.name, declaredLine: String(lineOf(variable.nameNode)), storage: what, returns: kind },
      });
    },
  }),
);
