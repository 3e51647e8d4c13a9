import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { callArguments, calleeName, outerParentheses } from '../../src/rule-helpers/cpp/cpp.js';

const COMPARE_FUNCTIONS = new Set([
  'strcmp', 'strncmp', 'memcmp', 'wcscmp', 'wcsncmp', 'wmemcmp', 'strcasecmp', 'strncasecmp', 'stricmp', 'strnicmp', '_stricmp', '_strnicmp', 'strcoll',
]);

/** Where the call's result is read as a truth value without an explicit comparison. */
function implicitBooleanUse(call: SyntaxNode): string | undefined {
  const node = outerParentheses(call);
  const parent = node.parent;
  if (!parent) return undefined;
  if (parent.type === 'condition_clause' && parent.field('value') === node) {
    const owner = parent.parent?.type;
    if (owner === 'if_statement') return '`if` condition';
    if (owner === 'while_statement') return '`while` condition';
    return undefined;
  }
  if (parent.type === 'for_statement' && parent.field('condition') === node) return '`for` condition';
  if (parent.type === 'do_statement' && parent.field('condition') === node) return '`do`-`while` condition';
  if (parent.type === 'conditional_expression' && parent.field('condition') === node) return '`?:` condition';
  if (parent.type === 'binary_expression') {
    const operator = parent.field('operator')?.text;
    if (operator === '&&' || operator === '||') return `operand of \`${operator}\``;
  }
  return undefined;
}

export default defineCodeRule(
  {
    id: 'cpp/strcmp-as-equality',
    languages: ['cpp'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag `strcmp`-style results used directly as a condition, which is true when the strings differ.',
    provenance: 'clang-tidy bugprone-suspicious-string-compare',
    docs: {
      what: 'A call to `strcmp`, `strncmp`, `memcmp`, `wcscmp`, `strcasecmp` or a relative used directly as a condition, e.g. `if (strcmp(a, b))` or `while (memcmp(p, q, n) && ...)`, without comparing its result to 0. The `!strcmp(a, b)` idiom is not flagged.',
      why: 'These functions return 0 when the inputs are equal, so the bare call is true when they are different. Read aloud, `if (strcmp(name, "admin"))` sounds like "if the name is admin", and the inverted test is a classic source of authorization and parsing bugs.',
      example: 'if (strcmp(role, "admin")) {\n  grant_all();\n}',
      useInstead: 'if (strcmp(role, "admin") == 0) {\n  grant_all();\n}\n// or, with std::string: if (role == "admin")',
    },
  },
  (context) => ({
    call_expression(node) {
      const name = calleeName(node);
      if (!name || !COMPARE_FUNCTIONS.has(name)) return;
      if (callArguments(node).length < 2) return;
      const use = implicitBooleanUse(node);
      if (!use) return;
      context.report({
        node,
        message: `\`${node.text}\` is used as the ${use}, which is true when the two inputs are different (\`${name}\` returns 0 when they are equal); compare the result with \`0\` explicitly.`,
        evidence: { function: name, usedAs: use.replace(/`/g, ''), trueWhen: 'inputs differ' },
      });
    },
  }),
);
