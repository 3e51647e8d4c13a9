import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import { brief } from '../../src/analysis/types/common.js';
import { members, type Type } from '../../src/analysis/types/lattice.js';
import { javaScriptTypes, shown, unparenthesized } from '../../src/analysis/types/rule-support.js';

/** Values that are certainly not thenables. */
function notThenable(m: Type): boolean {
  if (m.kind === 'undefined' || m.kind === 'null' || m.kind === 'function') return true;
  if (m.kind === 'object') return !m.props.has('then');
  return m.kind === 'builtin' && !m.abstract && m.name !== 'Promise';
}

export default defineCodeRule(
  {
    id: 'javascript/await-non-promise',
    languages: JS_FAMILY,
    severity: 'info',
    category: 'suspicious',
    summary: 'Flag `await` on a value known not to be a promise.',
    provenance: 'typescript-eslint await-thenable',
    docs: {
      what: '`await x` where `x` has an inferred type that is not a promise or thenable: a number, string, array, plain object, `undefined`...',
      why: '`await` on a non-promise just yields a microtask and gives the value back. It usually means the function that was supposed to return a promise does not (it was made synchronous, or forgets `return`), or that the author thinks the code waits for something it does not.',
      example: 'async function refresh() {\n  const rows = loadRows();\n  await rows.length;\n}',
      useInstead: 'async function refresh() {\n  const rows = await loadRowsAsync();\n  return rows.length;\n}',
    },
  },
  (context) => ({
    await_expression(node) {
      const argument = node.namedChildren[0];
      if (!argument) return;
      const target = unparenthesized(argument);
      const { inference, provider } = javaScriptTypes(context);
      if (!inference) {
        if (provider?.isPromiseLike(target) !== false) return;
        const described = provider.typeOf(target);
        if (!described) return;
        context.report({ node, message: `\`${brief(node.text, 50)}\` awaits \`${brief(target.text)}\`: ${described.names.join(' | ')} (${described.origin}), which is not a promise.`, evidence: { awaited: described.names.join(' | ') } });
        return;
      }
      const t = inference.typeOf(target);
      if (!t || !members(t.type).every(notThenable)) return;
      context.report({
        node,
        message: `\`${brief(node.text, 50)}\` awaits ${shown(target, t, 'javascript')}, which is not a promise: \`await\` only gives the value back a tick later.`,
        evidence: { awaited: shown(target, t, 'javascript') },
      });
    },
  }),
);
