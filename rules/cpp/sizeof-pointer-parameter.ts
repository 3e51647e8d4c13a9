import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { callArguments, calleeName, resolveVariable, stripParentheses } from '../../src/rule-helpers/cpp/cpp.js';

/** Size-taking C functions: the indexes of their size arguments and of their buffer arguments. */
const SIZE_ARGUMENTS: Record<string, { sizes: number[]; buffers: number[] }> = {
  memset: { sizes: [2], buffers: [0] },
  memcpy: { sizes: [2], buffers: [0, 1] },
  memmove: { sizes: [2], buffers: [0, 1] },
  memcmp: { sizes: [2], buffers: [0, 1] },
  strncpy: { sizes: [2], buffers: [0, 1] },
  strncmp: { sizes: [2], buffers: [0, 1] },
  strncat: { sizes: [2], buffers: [0, 1] },
  realloc: { sizes: [1], buffers: [0] },
  malloc: { sizes: [0], buffers: [] },
  calloc: { sizes: [0, 1], buffers: [] },
};

function sizeofOperand(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type !== 'sizeof_expression') return undefined;
  const operand = stripParentheses(node.field('value'));
  return operand?.type === 'identifier' ? operand : undefined;
}

export default defineCodeRule(
  {
    id: 'cpp/sizeof-pointer-parameter',
    languages: ['cpp'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag `sizeof` of a pointer or array parameter used as the size of a memory or string function.',
    provenance: 'clang -Wsizeof-array-argument / -Wsizeof-pointer-memaccess, clang-tidy bugprone-sizeof-expression',
    docs: {
      what: 'A call such as `memset(buf, 0, sizeof(buf))` or `memcpy(dst, src, sizeof dst)` where the `sizeof` operand is a parameter of the enclosing function declared as a pointer (`char* buf`) or as an array (`char buf[64]`, which is a pointer too).',
      why: 'An array parameter decays to a pointer, so `sizeof` yields the size of a pointer (4 or 8 bytes), not of the buffer. The call then clears, copies or allocates only a few bytes, leaving the rest of the buffer untouched or an allocation too small.',
      example: 'void reset(char buffer[64]) {\n  memset(buffer, 0, sizeof(buffer));  // clears 8 bytes\n}',
      useInstead: 'void reset(char* buffer, std::size_t size) {\n  memset(buffer, 0, size);\n}\n// or take the array by reference: void reset(char (&buffer)[64])',
    },
  },
  (context) => ({
    call_expression(node) {
      const name = calleeName(node);
      const spec = name ? SIZE_ARGUMENTS[name] : undefined;
      if (!spec) return;
      const args = callArguments(node);
      for (const index of spec.sizes) {
        const arg = args[index];
        const operand = arg ? sizeofOperand(arg) : undefined;
        if (!operand) continue;
        const variable = resolveVariable(operand);
        if (!variable || variable.kind !== 'parameter' || variable.reference) continue;
        if (!variable.array && variable.pointerDepth === 0) continue;
        if (spec.buffers.length > 0) {
          // The size must describe a buffer the call works on; `memcpy(out, &p, sizeof(p))` copies the pointer itself.
          const buffers = spec.buffers.map((i) => stripParentheses(args[i]));
          if (!buffers.some((b) => b?.type === 'identifier' && b.text === operand.text)) continue;
          if (args.some((a) => a.type === 'pointer_expression' && a.field('operator')?.text === '&' && a.field('argument')?.text === operand.text)) continue;
        } else if (variable.array ? variable.pointerDepth > 0 : variable.pointerDepth !== 1 || /^(const )?void$/.test(variable.type)) {
          // Allocating room for a pointer (`T**`, `void*`) is a legitimate use of sizeof on a pointer.
          continue;
        }
        const declared = variable.array ? `array parameter \`${variable.declaration.text}\`` : `pointer parameter \`${variable.declaration.text}\``;
        context.report({
          node: arg,
          message: `\`${arg.text}\` passed to \`${name}\` is the size of a pointer, not of the data it points to: \`${operand.text}\` is the ${declared}${variable.array ? ', which decays to a pointer' : ''}.`,
          evidence: { function: name!, parameter: variable.declaration.text, declaredAs: variable.array ? 'array parameter (decays to pointer)' : 'pointer' },
        });
      }
    },
  }),
);
