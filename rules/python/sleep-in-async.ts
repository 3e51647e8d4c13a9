import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { enclosingScope, isAsyncFunction, moduleStatements } from '../../src/rule-helpers/python/python-scopes.js';

/** How this module can spell `time.sleep`: module aliases (`import time as t`) and imported names (`from time import sleep`). */
interface SleepSpellings {
  modules: Set<string>;
  functions: Set<string>;
}

function sleepSpellings(node: SyntaxNode): SleepSpellings {
  const spellings: SleepSpellings = { modules: new Set(), functions: new Set() };
  for (const statement of moduleStatements(node)) {
    if (statement.type === 'import_statement') {
      for (const imported of statement.fieldAll('name')) {
        if (imported.type === 'dotted_name' && imported.text === 'time') spellings.modules.add('time');
        if (imported.type === 'aliased_import' && imported.field('name')?.text === 'time') spellings.modules.add(imported.field('alias')!.text);
      }
    } else if (statement.type === 'import_from_statement' && statement.field('module_name')?.text === 'time') {
      for (const imported of statement.fieldAll('name')) {
        if (imported.type === 'dotted_name' && imported.text === 'sleep') spellings.functions.add('sleep');
        if (imported.type === 'aliased_import' && imported.field('name')?.text === 'sleep') spellings.functions.add(imported.field('alias')!.text);
      }
    }
  }
  return spellings;
}

export default defineCodeRule(
  {
    id: 'python/sleep-in-async',
    languages: ['python'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag `time.sleep()` called directly inside an `async def`.',
    provenance: 'flake8-async ASYNC251 / Ruff ASYNC251',
    docs: {
      what: 'A call of `time.sleep(...)` (through `import time`, `import time as t` or `from time import sleep`) whose nearest enclosing function is an `async def`. Calls inside a regular nested `def` (which may run in a thread) are not flagged.',
      why: '`time.sleep` blocks the whole thread, and an event loop runs all its tasks on one thread: while the coroutine sleeps, no other request is served, no timeout fires and no heartbeat is sent. The program looks like it hangs for the duration of every sleep.',
      example: 'async def poll(client):\n    while not await client.ready():\n        time.sleep(1)',
      useInstead: 'async def poll(client):\n    while not await client.ready():\n        await asyncio.sleep(1)',
    },
  },
  (context) => {
    let spellings: SleepSpellings | undefined;
    return {
      call(node) {
        const callee = node.field('function');
        if (!callee) return;
        const isAttributeSleep = callee.type === 'attribute' && callee.field('attribute')?.text === 'sleep' && callee.field('object')?.type === 'identifier';
        const isBareSleep = callee.type === 'identifier';
        if (!isAttributeSleep && !isBareSleep) return;
        const scope = enclosingScope(node);
        if (!scope || !isAsyncFunction(scope)) return;
        spellings ??= sleepSpellings(node);
        const known = isAttributeSleep ? spellings.modules.has(callee.field('object')!.text) : spellings.functions.has(callee.text);
        if (!known) return;
        const functionName = scope.field('name')?.text ?? 'coroutine';
        context.report({
          node,
          message: `\`${node.text.split('\n')[0]}\` blocks the event loop inside \`async def ${functionName}\`: every other task stalls while it sleeps; use \`await asyncio.sleep(...)\`.`,
          evidence: { call: callee.text, function: functionName },
        });
      },
    };
  },
);
