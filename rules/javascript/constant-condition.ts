import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import { constantConditionDocs } from '../shared/constant-condition.js';
import { code, literalTruthiness, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';

export default defineCodeRule(
  {
    id: 'javascript/constant-condition',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'suspicious',
    summary: 'Flag `if` statements and `? :` expressions whose condition is a literal constant.',
    provenance: 'ESLint no-constant-condition',
    docs: constantConditionDocs(
      'if ("false") {\n  enableDebugPanel();\n}\nconst url = 0 ? stagingUrl : productionUrl;',
      'if (config.debug) {\n  enableDebugPanel();\n}\nconst url = isStaging ? stagingUrl : productionUrl;',
    ),
  },
  (context) => ({
    if_statement(node) {
      const condition = node.field('condition');
      if (!condition) return;
      const truthy = literalTruthiness(condition);
      if (truthy === undefined) return;
      const shown = unparenthesize(condition).text;
      const surprise = shown.startsWith('"') || shown.startsWith("'") || shown.startsWith('`') ? ' (a non-empty string is truthy)' : '';
      const dead = truthy ? (node.field('alternative') ? 'the `else` branch never runs' : 'its body always runs') : 'its body never runs';
      context.report({
        node,
        message: `The condition ${code(shown, 60)} is always ${truthy ? 'true' : 'false'}${truthy ? surprise : ''}, so ${dead}.`,
        evidence: { condition: shown, value: String(truthy) },
      });
    },
    ternary_expression(node) {
      const condition = node.field('condition');
      if (!condition) return;
      const truthy = literalTruthiness(condition);
      if (truthy === undefined) return;
      const shown = unparenthesize(condition).text;
      const unused = node.field(truthy ? 'alternative' : 'consequence')?.text ?? '';
      context.report({
        node,
        message: `The condition ${code(shown, 60)} is always ${truthy ? 'true' : 'false'}, so ${code(unused, 60)} is never used.`,
        evidence: { condition: shown, value: String(truthy) },
      });
    },
  }),
);
