import { defineCodeRule } from '../../src/engine/rule.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import { selfComparisonDocs } from '../shared/self-comparison.js';

/** What `x OP x` evaluates to for any value but a floating-point NaN, and whether NaN changes it. */
const OUTCOMES: Record<string, { result: string; nanDiffers: boolean }> = {
  '==': { result: 'true', nanDiffers: true },
  '<=': { result: 'true', nanDiffers: true },
  '>=': { result: 'true', nanDiffers: true },
  '!=': { result: 'false', nanDiffers: true },
  '<': { result: 'false', nanDiffers: false },
  '>': { result: 'false', nanDiffers: false },
  '<=>': { result: 'equivalent', nanDiffers: true },
};

const EQUALITY = new Set(['==', '!=']);

/** Evaluating these twice can give two different values (`next() == next()`, `*p++ < *p++`). */
const MAY_DIFFER = new Set([
  'call_expression',
  'new_expression',
  'delete_expression',
  'update_expression',
  'assignment_expression',
  'co_await_expression',
  'lambda_expression',
]);

/** Nodes that name a value; an operand without any is a literal, and `1 == 1` is a deliberate constant. */
const NAMES = new Set(['identifier', 'field_identifier', 'this']);

/** `x != x` is the classic floating-point NaN test; these names say the function is one. */
const NAN_FUNCTION_NAME = /nan/i;
const mentionsNan = (text: string) => /NaN/.test(text) || /\bnan\b|isnan|is_nan|\bNAN\b/i.test(text);

/** Test assertions: `EXPECT_TRUE(a == a)` checks that a user-defined `operator==` is reflexive. */
const ASSERTION = /assert|expect|check|require|verify/i;
const STATEMENTS = /(_statement|_declaration|_definition)$/;

function insideAssertion(node: SyntaxNode): boolean {
  for (const ancestor of node.ancestors()) {
    if (ancestor.type === 'static_assert_declaration') return true;
    if (ancestor.type === 'argument_list' && ancestor.parent?.type === 'call_expression') {
      const callee = ancestor.parent.field('function')?.text ?? '';
      if (ASSERTION.test(callee) || /^[A-Z][A-Z0-9_]*$/.test(callee)) return true;
    }
    if (STATEMENTS.test(ancestor.type)) return false;
  }
  return false;
}

/** Keeps a multi-line operand readable inside a one-line message. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ');

function mayDiffer(node: SyntaxNode): boolean {
  for (const d of node.descendants()) if (MAY_DIFFER.has(d.type)) return true;
  return false;
}

function namesSomething(node: SyntaxNode): boolean {
  for (const d of node.descendants()) if (NAMES.has(d.type)) return true;
  return false;
}

function isSelfEquality(node: SyntaxNode | undefined): boolean {
  if (node?.type !== 'binary_expression') return false;
  const left = node.field('left');
  const right = node.field('right');
  const operator = node.field('operator')?.type;
  return Boolean(left && right && operator && EQUALITY.has(operator) && sameSyntax(left, right));
}

/** Signs that an equality self-comparison is a deliberate NaN test rather than a typo. */
function looksLikeNanTest(node: SyntaxNode, lines: string[]): boolean {
  const nearby = lines.slice(Math.max(0, node.startRow - 1), node.endRow + 1).join('\n');
  if (mentionsNan(nearby)) return true;
  // `a != a && b != b`: both operands NaN, as in a NaN-aware equality.
  const parent = node.parent;
  if (parent?.type === 'binary_expression' && ['&&', '||', 'and', 'or'].includes(parent.field('operator')?.type ?? '')) {
    const other = parent.field('left') === node ? parent.field('right') : parent.field('left');
    if (isSelfEquality(other)) return true;
  }
  const fn = node.closest(new Set(['function_definition', 'lambda_expression']));
  let declarator = fn?.field('declarator');
  while (declarator && declarator.type !== 'function_declarator') declarator = declarator.field('declarator');
  const name = declarator?.field('declarator')?.text;
  return Boolean(name && NAN_FUNCTION_NAME.test(name));
}

export default defineCodeRule(
  {
    id: 'cpp/self-comparison',
    languages: ['cpp'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag comparisons of an expression with itself.',
    provenance: 'clang-tidy misc-redundant-expression',
    docs: selfComparisonDocs(
      'if (order.total == order.total) {\n  ship(order);\n}',
      'if (order.total == invoice.total) {\n  ship(order);\n}\n// for a NaN test: std::isnan(order.total)',
    ),
  },
  (context) => {
    let lines: string[] | undefined;
    return {
      binary_expression(node) {
        const left = node.field('left');
        const right = node.field('right');
        const operator = node.field('operator')?.type;
        if (!left || !right || !operator || !(operator in OUTCOMES)) return;
        if (!sameSyntax(left, right) || mayDiffer(left) || !namesSomething(left)) return;
        // `#if FOO == FOO` compares macro text, not values.
        if (node.closest(new Set(['preproc_if', 'preproc_elif']))?.field('condition')?.contains(node)) return;
        if (insideAssertion(node)) return;
        lines ??= context.source.split(/\r\n|\r|\n/);
        if (EQUALITY.has(operator) && looksLikeNanTest(node, lines)) return;
        const { result, nanDiffers } = OUTCOMES[operator];
        const caveat = nanDiffers ? ` unless it is a floating-point NaN (write \`std::isnan(${oneLine(left.text)})\` if that is the intent)` : ', even for NaN';
        context.report({
          node,
          message: `\`${oneLine(left.text)}\` is compared with itself using \`${operator}\`: the result is always \`${result}\`${caveat}.`,
          evidence: { left: left.text, operator, right: right.text, alwaysEvaluatesTo: result },
        });
      },
    };
  },
);
