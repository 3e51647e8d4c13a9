import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { constantConditionDocs } from '../shared/constant-condition.js';
import { stripParentheses } from '../../src/rule-helpers/cpp/cpp.js';

/** The truth value of a literal condition, or undefined when it is not a literal. */
function literalTruth(node: SyntaxNode | undefined): boolean | undefined {
  const literal = stripParentheses(node);
  if (!literal) return undefined;
  if (literal.type === 'true') return true;
  if (literal.type === 'false' || literal.type === 'null') return false;
  if (literal.type === 'number_literal') {
    if (!/^(0[xX][0-9a-fA-F']+|0[bB][01']+|[0-9][0-9']*)[uUlLzZ]*$/.test(literal.text)) return undefined;
    return !/^(0[xXbB])?[0']+[uUlLzZ]*$/.test(literal.text);
  }
  if (literal.type === 'string_literal') return true;
  return undefined;
}

export default defineCodeRule(
  {
    id: 'cpp/constant-condition',
    languages: ['cpp'],
    severity: 'warning',
    category: 'suspicious',
    summary: 'Flag `if` statements and `?:` expressions whose condition is a literal such as `0`, `1` or `true`.',
    provenance: 'ESLint no-constant-condition, PVS-Studio V547',
    docs: constantConditionDocs(
      'if (0) {\n  audit(request);\n}\nif (true) {\n  cache.clear();\n}',
      'if (audit_enabled) {\n  audit(request);\n}\n// for compile-time switches: if constexpr (kAudit) { ... } or #if',
    ),
  },
  (context) => {
    const report = (node: SyntaxNode, condition: SyntaxNode, truth: boolean, construct: string) => {
      let consequence: string;
      if (construct === '?:') consequence = truth ? 'the `:` branch is never used' : 'the `?` branch is never used';
      else if (!truth) consequence = 'the `if` body never runs';
      else consequence = node.field('alternative') ? 'the `else` branch never runs' : 'the test is pointless: the body always runs';
      context.report({
        node,
        message: `The condition \`${condition.text}\` of this \`${construct}\` is a constant that is always ${truth ? 'true' : 'false'}, so ${consequence}.`,
        evidence: { condition: condition.text, alwaysTrue: String(truth) },
      });
    };
    return {
      if_statement(node) {
        // `if constexpr` is the compile-time switch this rule recommends.
        if (node.children.some((c) => c.type === 'constexpr')) return;
        const condition = node.field('condition');
        if (!condition || condition.field('initializer')) return;
        const value = condition.field('value');
        const truth = literalTruth(value);
        if (truth === undefined || !value) return;
        report(node, value, truth, 'if');
      },
      conditional_expression(node) {
        const condition = node.field('condition');
        const truth = literalTruth(condition);
        if (truth === undefined || !condition) return;
        report(node, condition, truth, '?:');
      },
    };
  },
);
