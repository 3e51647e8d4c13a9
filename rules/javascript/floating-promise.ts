import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { brief } from '../../src/analysis/types/common.js';
import { members } from '../../src/analysis/types/lattice.js';
import { javaScriptTypes } from '../../src/analysis/types/rule-support.js';

const FUNCTIONS = new Set(['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function', 'generator_function_declaration']);

function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (const a of node.ancestors()) if (FUNCTIONS.has(a.type)) return a;
  return undefined;
}

/** `p.catch(...)` or `p.then(ok, fail)`: the rejection is handled. */
function handled(call: SyntaxNode): boolean {
  const callee = call.field('function');
  if (callee?.type !== 'member_expression') return false;
  const name = callee.field('property')?.text;
  const args = call.field('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  return name === 'catch' || (name === 'then' && args.length >= 2);
}

export default defineCodeRule(
  {
    id: 'javascript/floating-promise',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'bug',
    summary: 'Flag promises created in an async function and dropped without `await`, `return` or a rejection handler.',
    provenance: 'typescript-eslint no-floating-promises',
    docs: {
      what: 'Inside an `async` function, a statement that only calls something known to return a promise (an async function of the analysed code, `fetch`, `Promise.resolve`...) without awaiting it, returning it, handling its rejection (`.catch`, `.then(ok, fail)`) or discarding it explicitly with `void`.',
      why: 'The async function carries on before the work finishes, so later code sees stale state, and if the promise rejects nobody catches it: Node.js reports an unhandled rejection and may exit.',
      example: 'async function checkout(cart) {\n  saveCart(cart);\n  await charge(cart);\n}',
      useInstead: 'async function checkout(cart) {\n  await saveCart(cart);\n  await charge(cart);\n}',
    },
  },
  (context) => ({
    expression_statement(node) {
      const call = node.namedChildren.find((c) => c.type !== 'comment');
      if (call?.type !== 'call_expression' || handled(call)) return;
      const fn = enclosingFunction(node);
      if (!fn || !fn.children.some((c) => c.type === 'async')) return;
      const { inference, provider } = javaScriptTypes(context);
      let what: string | undefined;
      if (inference) {
        const record = inference.call(call);
        const t = record?.result.type;
        if (!t || !members(t).every((m) => m.kind === 'builtin' && m.name === 'Promise')) return;
        const callee = record.callee.type;
        what = callee.kind === 'function' ? (callee.fn.builtin ? `\`${callee.fn.name}\` returns a promise` : `\`${callee.fn.name}\` (${callee.fn.where}) returns a promise`) : 'it returns a promise';
      } else if (provider?.isPromiseLike(call) === true) what = 'it returns a promise';
      if (!what) return;
      context.report({
        node: call,
        message: `\`${brief(call.text, 50)}\` is not awaited: ${what}, and the async function goes on without waiting for it or handling its rejection.`,
        evidence: { promise: brief(call.text, 50) },
      });
    },
  }),
);
