import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { callArguments, code, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';

const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['window', 'globalThis', 'self', 'global']);
const TIMERS: ReadonlySet<string> = new Set(['setTimeout', 'setInterval', 'execScript']);

/** `eval`, `window.eval`, `globalThis.setTimeout`...: the global function of that name, or undefined. */
function globalName(callee: SyntaxNode | undefined): string | undefined {
  if (!callee) return undefined;
  const bare = unparenthesize(callee);
  if (bare.type === 'identifier') return bare.text;
  if (bare.type === 'member_expression') {
    const object = bare.field('object');
    const property = bare.field('property');
    if (object?.type === 'identifier' && GLOBAL_OBJECTS.has(object.text) && property?.type === 'property_identifier') return property.text;
  }
  return undefined;
}

/** A value that is certainly a string: a literal, a template, or a concatenation with one. */
function isStringValue(node: SyntaxNode): boolean {
  const bare = unparenthesize(node);
  if (bare.type === 'string' || bare.type === 'template_string') return true;
  if (bare.type === 'binary_expression' && bare.field('operator')?.type === '+') {
    return [bare.field('left'), bare.field('right')].some((side) => side !== undefined && isStringValue(side));
  }
  return false;
}

/** A string fixed in the source (`"return this"`): no outside data can reach the code it compiles. */
function isConstantString(node: SyntaxNode): boolean {
  const bare = unparenthesize(node);
  if (bare.type === 'string') return true;
  return bare.type === 'template_string' && !bare.namedChildren.some((c) => c.type === 'template_substitution');
}

export default defineCodeRule(
  {
    id: 'javascript/implied-eval',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'security',
    summary: 'Flag code built from strings at run time: `eval`, `new Function`, and `setTimeout`/`setInterval` with a string.',
    provenance: 'ESLint no-eval, no-implied-eval, no-new-func',
    docs: {
      what: 'A call of `eval(...)`, a `new Function(...)` (or `Function(...)`), and `setTimeout`, `setInterval` or `execScript` called with a string as the code to run, when that code is not a constant string literal.',
      why: 'Each of these compiles a string as JavaScript. Any data that can reach the string (a URL parameter, a config value, a message) can run arbitrary code with the page\'s or the process\'s privileges, and the code is invisible to linters, bundlers and Content-Security-Policy rules that forbid `unsafe-eval`. It is also slower, since the engine cannot optimise it.',
      example: 'setTimeout("refresh(" + panelId + ")", 1000);\nconst getter = new Function("obj", "return obj." + field);',
      useInstead: 'setTimeout(() => refresh(panelId), 1000);\nconst getter = (obj) => obj[field];',
    },
  },
  (context) => {
    const check = (node: SyntaxNode) => {
      const isNew = node.type === 'new_expression';
      const name = globalName(node.field(isNew ? 'constructor' : 'function'));
      if (!name) return;
      const args = callArguments(node);
      if (args.length === 0) return;
      // Constant code (the `Function("return this")()` global-object idiom) cannot be injected into.
      const codeArgs = name === 'Function' ? args : [args[0]];
      if (codeArgs.every(isConstantString)) return;
      if (name === 'eval' && !isNew) {
        context.report({
          node,
          message: `${code(node.text)} runs a string that is not a constant as code, with the caller's scope and privileges: whatever data reaches it can execute.`,
          evidence: { function: 'eval', argument: args[0].text },
        });
      } else if (name === 'Function') {
        context.report({
          node,
          message: `${code(node.text)} compiles a function from a string that is not a constant, which is \`eval\` under another name.`,
          evidence: { function: 'Function', body: args[args.length - 1].text },
        });
      } else if (TIMERS.has(name) && !isNew && isStringValue(args[0])) {
        context.report({
          node,
          message: `\`${name}\` is given the string ${code(args[0].text, 60)}, which it compiles and runs like \`eval\`; pass a function instead.`,
          evidence: { function: name, argument: args[0].text },
        });
      }
    };
    return { call_expression: check, new_expression: check };
  },
);
