import { defineCodeRule } from '../../src/engine/rule.js';
import { brief } from '../../src/analysis/types/common.js';
import { pythonTypes } from '../../src/analysis/types/rule-support.js';

export default defineCodeRule(
  {
    id: 'python/unawaited-coroutine',
    languages: ['python'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag calls of `async def` functions whose coroutine is dropped without being awaited.',
    provenance: 'pylint / CPython RuntimeWarning "coroutine was never awaited", Ruff RUF006-like',
    docs: {
      what: 'A statement that only calls a function defined with `async def` (directly or as a method), without `await`, `asyncio.create_task`, `gather` or storing the coroutine.',
      why: 'Calling an async function only creates a coroutine object; its body does not run until awaited. The call silently does nothing, and Python prints `RuntimeWarning: coroutine ... was never awaited` at best.',
      example: 'async def save(record):\n    ...\n\nasync def handle(record):\n    save(record)',
      useInstead: 'async def handle(record):\n    await save(record)',
    },
  },
  (context) => ({
    expression_statement(node) {
      const types = pythonTypes(context);
      const call = node.namedChildren.find((c) => c.type !== 'comment');
      if (!types || call?.type !== 'call' || node.namedChildren.length !== 1) return;
      const record = types.call(call);
      const t = record?.result.type;
      const callee = record?.callee.type;
      if (t?.kind !== 'builtin' || t.name !== 'coroutine' || callee?.kind !== 'function' || !callee.fn.isAsync) return;
      context.report({
        node: call,
        message: `\`${brief(call.text, 50)}\` calls async \`${callee.fn.name}\` (${callee.fn.where}) without awaiting it: the coroutine is created and dropped, and its body never runs.`,
        evidence: { callee: `async def ${callee.fn.name} (${callee.fn.where})` },
      });
    },
  }),
);
