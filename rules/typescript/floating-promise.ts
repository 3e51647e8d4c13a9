import { defineCodeRule } from '../../src/engine/rule.js';
import javascriptFloatingPromise from '../javascript/floating-promise.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { callArguments, code, codeChildren, FUNCTION_TYPES, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';
import { lineOf, snippet, syntacticReports, TYPE_AWARE_LANGUAGES, typeEvidence, typeText } from '../../src/rule-helpers/typescript/ts-rules.js';

/** `p.catch(handler)` or `p.then(onFulfilled, onRejected)`: the rejection has a handler. */
function handlesRejection(call: SyntaxNode): boolean {
  const callee = call.field('function');
  if (callee?.type !== 'member_expression') return false;
  const method = callee.field('property')?.text;
  const args = callArguments(call);
  return (method === 'catch' && args.length >= 1) || (method === 'then' && args.length >= 2);
}

function where(statement: SyntaxNode): string {
  for (const ancestor of statement.ancestors()) {
    if (!FUNCTION_TYPES.has(ancestor.type)) continue;
    const name = ancestor.field('name')?.text;
    const kind = ancestor.children.some((c) => !c.isNamed && c.type === 'async') ? 'async function' : 'function';
    return name ? `${kind} \`${name}\` (line ${lineOf(ancestor)})` : `the ${kind} at line ${lineOf(ancestor)}`;
  }
  return 'the module top level';
}

export default defineCodeRule(
  {
    id: 'typescript/floating-promise',
    languages: TYPE_AWARE_LANGUAGES,
    severity: 'warning',
    category: 'bug',
    summary: 'Flag promise-typed expression statements that nothing awaits, returns, catches or voids.',
    provenance: 'typescript-eslint no-floating-promises',
    docs: {
      what: 'A call (or `new`) used as a statement whose value the type engine (the TypeScript checker, or the tree-sitter inference) proves to be a promise or other thenable, in any function or at the top level, when it is not awaited, not returned, not assigned, not ended with `.catch(handler)` or `.then(onFulfilled, onRejected)`, and not marked deliberate with `void`. Needs types: without them the rule is silent. Where `javascript/floating-promise` reports the statement (a call inside an `async` function), this rule leaves it to that rule; it adds plain functions, the top level and `new` expressions.',
      why: 'Nothing waits for a floating promise: the code after it runs before the work is done, and if it rejects the error surfaces as an unhandled rejection (which terminates Node.js by default) instead of reaching the caller\'s `try`/`catch`.',
      example: 'async function register(user: User) {\n  repo.save(user); // Promise<void>, never awaited\n  await sendWelcome(user);\n}',
      useInstead: 'async function register(user: User) {\n  await repo.save(user);\n  await sendWelcome(user);\n}\n// fire-and-forget on purpose: void repo.save(user).catch(log);',
    },
  },
  (context) => {
    const other = syntacticReports(context, [javascriptFloatingPromise]);
    return {
      expression_statement(statement) {
        const first = codeChildren(statement)[0];
        if (!first) return;
        const expression = unparenthesize(first);
        if (expression.type !== 'call_expression' && expression.type !== 'new_expression') return;
        if (expression.type === 'call_expression' && handlesRejection(expression)) return;
        const types = context.types();
        if (!types || types.isPromiseLike(expression) !== true) return;
        // Inside async functions `javascript/floating-promise` reports the same statement: one finding per place.
        if (other('expression_statement', statement).length > 0) return;
        const type = types.typeOf(expression);
        context.report({
          node: expression,
          message: `${code(expression.text, 60)} is a \`${typeText(type, 'promise')}\` that nothing awaits, returns, \`.catch\`es or \`void\`s in ${where(statement)}: the code after it does not wait for it, and a rejection goes unhandled.`,
          evidence: { expression: snippet(expression), ...typeEvidence('type', type), scope: where(statement) },
        });
      },
    };
  },
);
