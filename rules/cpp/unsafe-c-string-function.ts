import { defineCodeRule } from '../../src/engine/rule.js';
import { callArguments, calleeName, resolveVariable, stripParentheses } from '../../src/rule-helpers/cpp/cpp.js';

/** Unbounded C string functions and what to use instead. */
const UNSAFE: Record<string, { problem: string; alternative: string }> = {
  gets: { problem: 'reads a line of any length into a fixed buffer (it was removed from C11 and C++14)', alternative: '`fgets(buffer, sizeof buffer, stdin)` or `std::getline`' },
  strcpy: { problem: 'copies until the terminating NUL without knowing the destination size', alternative: '`snprintf(dst, size, "%s", src)`, `strlcpy` or `std::string`' },
  strcat: { problem: 'appends until the terminating NUL without knowing the space left in the destination', alternative: '`strncat(dst, src, size - strlen(dst) - 1)`, `strlcat` or `std::string`' },
  sprintf: { problem: 'formats into the destination without knowing its size', alternative: '`snprintf(dst, size, ...)` or `std::format`' },
  vsprintf: { problem: 'formats into the destination without knowing its size', alternative: '`vsnprintf(dst, size, ...)`' },
  wcscpy: { problem: 'copies until the terminating NUL without knowing the destination size', alternative: '`wcsncpy` with explicit termination, or `std::wstring`' },
  wcscat: { problem: 'appends without knowing the space left in the destination', alternative: '`wcsncat` with the remaining size, or `std::wstring`' },
};

export default defineCodeRule(
  {
    id: 'cpp/unsafe-c-string-function',
    languages: ['cpp'],
    severity: 'warning',
    category: 'security',
    summary: 'Flag unbounded C string functions (`gets`, `strcpy`, `strcat`, `sprintf`, `vsprintf`).',
    fixable: true,
    provenance: 'clang-analyzer security.insecureAPI, Microsoft SDL banned functions, flawfinder',
    docs: {
      what: 'Calls to `gets`, `strcpy`, `strcat`, `sprintf`, `vsprintf`, `wcscpy` and `wcscat`, which write into a buffer without being told its size.',
      why: 'When the input is longer than the destination these functions write past its end: a buffer overflow that corrupts memory and is a classic remote-code-execution vector. The bounded variants take the destination size and truncate instead.',
      example: 'char name[32];\nsprintf(name, "%s-%d", prefix, id);',
      useInstead: 'char name[32];\nsnprintf(name, sizeof(name), "%s-%d", prefix, id);',
    },
  },
  (context) => ({
    call_expression(node) {
      const name = calleeName(node);
      const info = name ? UNSAFE[name] : undefined;
      if (!info || !name) return;
      const args = callArguments(node);
      let fix;
      // With a local array destination the size is known exactly, so the bounded call is a mechanical rewrite.
      if ((name === 'sprintf' || name === 'vsprintf') && args.length >= 2) {
        const destination = stripParentheses(args[0]);
        const variable = destination?.type === 'identifier' ? resolveVariable(destination) : undefined;
        const fn = node.field('function')!;
        if (variable && variable.kind === 'local' && variable.array && variable.pointerDepth === 0 && !variable.reference) {
          fix = {
            title: `Use \`${name.replace('printf', 'nprintf')}\` with \`sizeof(${destination!.text})\``,
            edits: [
              { startOffset: fn.endIndex - name.length, endOffset: fn.endIndex, text: name.replace('printf', 'nprintf') },
              { startOffset: args[0].endIndex, endOffset: args[0].endIndex, text: `, sizeof(${destination!.text})` },
            ],
          };
        }
      }
      context.report({
        node,
        message: `\`${name}\` ${info.problem}, so a long input overflows the buffer; use ${info.alternative}.`,
        evidence: { function: name, alternative: info.alternative.replace(/`/g, '') },
        fix,
      });
    },
  }),
);
