import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { code, codeChildren, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';

const LITERAL_KINDS: Record<string, string> = {
  string: 'a string',
  template_string: 'a string',
  number: 'a number',
  true: 'a boolean',
  false: 'a boolean',
  null: '`null`',
  undefined: '`undefined`',
};

/** What is thrown, when it is certainly not an `Error`: a primitive literal, or a string built with `+`. */
function thrownPrimitive(value: SyntaxNode): string | undefined {
  const bare = unparenthesize(value);
  if (Object.hasOwn(LITERAL_KINDS, bare.type)) return LITERAL_KINDS[bare.type];
  if (bare.type === 'binary_expression' && bare.field('operator')?.type === '+') {
    const sides = [bare.field('left'), bare.field('right')].map((s) => (s ? unparenthesize(s).type : ''));
    if (sides.some((t) => t === 'string' || t === 'template_string')) return 'a string';
  }
  return undefined;
}

export default defineCodeRule(
  {
    id: 'javascript/throw-literal',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'bug',
    summary: 'Flag `throw` of a string, number, boolean, `null` or `undefined` instead of an `Error`.',
    fixable: true,
    provenance: 'ESLint no-throw-literal',
    docs: {
      what: 'A `throw` whose value is a primitive literal: a string (also a template string or a `"..." + x` concatenation), a number, a boolean, `null` or `undefined`. Throwing a variable, a call result or `new Error(...)` is not flagged.',
      why: 'A primitive carries no stack trace, so the log shows the text but not where it came from; `err.message` and `err.stack` are `undefined` in every `catch` that expects an `Error`, and `throw undefined` or `throw null` gives the catcher nothing at all.',
      example: 'if (!user) {\n  throw "user not found";\n}',
      useInstead: 'if (!user) {\n  throw new Error("user not found");\n}',
    },
  },
  (context) => ({
    throw_statement(node) {
      const value = codeChildren(node)[0];
      if (!value) return;
      const kind = thrownPrimitive(value);
      if (!kind) return;
      const bare = unparenthesize(value);
      const wrapped = `new Error(${bare.text})`;
      context.report({
        node,
        message: `${code(`throw ${value.text}`)} throws ${kind}, not an \`Error\`, so catchers get no stack trace and no \`message\`.`,
        evidence: { thrown: value.text, kind },
        // Only a plain string literal has an obvious `Error` equivalent: its text becomes the message.
        fix: bare.type === 'string' ? { title: `Throw ${code(wrapped)}`, edits: [{ startOffset: value.startIndex, endOffset: value.endIndex, text: wrapped }] } : undefined,
      });
    },
  }),
);
