import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { isFloatingType, isIntegerType, isPlainValue, normalizeType, resolveVariable, stripParentheses } from '../../src/rule-helpers/cpp/cpp.js';

const INTEGER_LITERAL = /^(0[xX][0-9a-fA-F']+|0[bB][01']+|[0-9][0-9']*)([uU]?(ll|LL|l|L|z|Z)?|(ll|LL|l|L|z|Z)[uU]?)$/;
const INTEGER_ARITHMETIC = new Set(['+', '-', '*', '/', '%']);

/** Why an expression certainly has integer type, or undefined when that is not certain. */
function integerReason(node: SyntaxNode | undefined): string | undefined {
  const expression = stripParentheses(node);
  if (!expression) return undefined;
  if (expression.type === 'number_literal') return INTEGER_LITERAL.test(expression.text) ? `\`${expression.text}\` is an integer literal` : undefined;
  if (expression.type === 'identifier') {
    const variable = resolveVariable(expression);
    if (!variable || !isPlainValue(variable) || !isIntegerType(variable.type)) return undefined;
    return `\`${expression.text}\` is \`${variable.type}\``;
  }
  if (expression.type === 'unary_expression' && expression.field('operator')?.text === '-') return integerReason(expression.field('argument'));
  if (expression.type === 'binary_expression' && INTEGER_ARITHMETIC.has(expression.field('operator')?.text ?? '')) {
    const left = integerReason(expression.field('left'));
    const right = integerReason(expression.field('right'));
    return left && right ? `${left} and ${right}` : undefined;
  }
  return undefined;
}

/** The value itself when it is (up to parentheses) a division of two integer-typed operands. */
function integerDivision(value: SyntaxNode | undefined): { division: SyntaxNode; reason: string } | undefined {
  const expression = stripParentheses(value);
  if (expression?.type !== 'binary_expression' || expression.field('operator')?.text !== '/') return undefined;
  const left = integerReason(expression.field('left'));
  const right = integerReason(expression.field('right'));
  if (!left || !right) return undefined;
  return { division: expression, reason: `${left} and ${right}` };
}

export default defineCodeRule(
  {
    id: 'cpp/integer-division-to-float',
    languages: ['cpp'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag integer divisions stored into floating-point variables, which drop the fraction before the conversion.',
    provenance: 'clang-tidy bugprone-integer-division, PVS-Studio V636',
    docs: {
      what: 'A `float`, `double` or `long double` variable initialised or assigned with `a / b` where both operands are integer literals or variables declared with integer types in the same function.',
      why: 'The division happens in integer arithmetic first and only the truncated quotient is converted: `double ratio = 1 / 2;` stores 0.0 and `double average = total / count;` loses the fractional part, which silently skews averages, percentages and scaling factors.',
      example: 'int total = 7;\nint count = 2;\ndouble average = total / count;  // 3.0',
      useInstead: 'double average = static_cast<double>(total) / count;  // 3.5',
    },
  },
  (context) => {
    const report = (target: string, type: string, value: SyntaxNode | undefined) => {
      const found = integerDivision(value);
      if (!found) return;
      const { division, reason } = found;
      context.report({
        node: division,
        message: `\`${division.text}\` is an integer division (${reason}), so the fraction is discarded before the result is stored in \`${type}\` \`${target}\`.`,
        evidence: { division: division.text, target, targetType: type, operands: reason.replace(/`/g, '') },
      });
    };
    return {
      declaration(node) {
        const typeNode = node.field('type');
        if (!typeNode) return;
        const type = normalizeType(typeNode.text);
        if (!isFloatingType(type)) return;
        for (const declarator of node.fieldAll('declarator')) {
          if (declarator.type !== 'init_declarator' || declarator.field('declarator')?.type !== 'identifier') continue;
          report(declarator.field('declarator')!.text, type, declarator.field('value'));
        }
      },
      assignment_expression(node) {
        if (node.field('operator')?.text !== '=') return;
        const left = node.field('left');
        if (left?.type !== 'identifier') return;
        const variable = resolveVariable(left);
        if (!variable || !isPlainValue(variable) || !isFloatingType(variable.type)) return;
        report(left.text, variable.type, node.field('right'));
      },
    };
  },
);
