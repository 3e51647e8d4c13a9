import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import { callArguments, CALLBACK_TYPES, isAsyncFunction } from '../../src/rule-helpers/javascript/js-expressions.js';

export default defineCodeRule(
  {
    id: 'javascript/async-promise-executor',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'bug',
    summary: 'Flag `new Promise(async (resolve, reject) => ...)`: errors thrown in an async executor are lost.',
    provenance: 'ESLint no-async-promise-executor',
    docs: {
      what: 'A `new Promise(...)` whose executor function is `async`.',
      why: 'The `Promise` constructor ignores the promise an async executor returns. An exception thrown (or an awaited rejection) inside it does not reject the new promise: it becomes an unhandled rejection and the new promise stays pending forever. It also usually means the wrapper is unnecessary, since the async function already produces a promise.',
      example: 'function readConfig(path) {\n  return new Promise(async (resolve) => {\n    const text = await fs.promises.readFile(path, "utf8");\n    resolve(JSON.parse(text));\n  });\n}',
      useInstead: 'async function readConfig(path) {\n  const text = await fs.promises.readFile(path, "utf8");\n  return JSON.parse(text);\n}',
    },
  },
  (context) => ({
    new_expression(node) {
      const constructor = node.field('constructor');
      if (constructor?.type !== 'identifier' || constructor.text !== 'Promise') return;
      const executor = callArguments(node)[0];
      if (!executor || !CALLBACK_TYPES.has(executor.type) || !isAsyncFunction(executor)) return;
      context.report({
        node: executor,
        message: 'The executor passed to `new Promise` is `async`, so an error thrown or awaited inside it does not reject the promise and leaves it pending forever.',
        evidence: { constructor: 'Promise', executorLine: String(executor.startRow + 1) },
      });
    },
  }),
);
