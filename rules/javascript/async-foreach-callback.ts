import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import { callArguments, calledMethodName, calleeLabel, CALLBACK_TYPES, isAsyncFunction } from '../../src/rule-helpers/javascript/js-expressions.js';

export default defineCodeRule(
  {
    id: 'javascript/async-foreach-callback',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'bug',
    summary: 'Flag `forEach` with an async callback: the promises it returns are dropped.',
    provenance: 'typescript-eslint no-misused-promises (checksVoidReturn)',
    docs: {
      what: 'A call `items.forEach(async (item) => ...)`: an `async` function passed to `forEach` (of an array, `Map`, `Set` or similar).',
      why: '`forEach` ignores what the callback returns, so it does not wait for the promises: the code after the loop runs before any of the work is finished, all iterations run at once, and a rejection in one of them is an unhandled rejection instead of an error the caller sees.',
      example: 'async function saveAll(users) {\n  users.forEach(async (user) => {\n    await db.save(user);\n  });\n  console.log("saved"); // runs before anything is saved\n}',
      useInstead: 'async function saveAll(users) {\n  for (const user of users) {\n    await db.save(user);\n  }\n  // or, in parallel: await Promise.all(users.map((user) => db.save(user)));\n}',
    },
  },
  (context) => ({
    call_expression(call) {
      if (calledMethodName(call) !== 'forEach') return;
      const callback = callArguments(call)[0];
      if (!callback || !CALLBACK_TYPES.has(callback.type) || !isAsyncFunction(callback)) return;
      const receiver = calleeLabel(call, 'forEach');
      context.report({
        node: callback,
        message: `\`${receiver}\` ignores the promises its async callback returns, so nothing waits for them and their rejections go unhandled.`,
        evidence: { call: receiver },
      });
    },
  }),
);
