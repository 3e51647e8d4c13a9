import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { selfComparisonDocs } from '../shared/self-comparison.js';
import { COMPARISON_OUTCOMES, selfComparisonVisitor, type SelfComparisonSyntax } from '../../src/rule-helpers/shared/self-comparison.js';

/** What `x OP x` evaluates to for any value but a floating-point NaN, and whether NaN changes it. */
const OUTCOMES = { ...COMPARISON_OUTCOMES, '<=>': { result: 'equivalent', nanDiffers: true } };

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

/** `#if FOO == FOO` compares macro text, not values; assertions check that `operator==` is reflexive. */
function isExempt(node: SyntaxNode): boolean {
  if (node.closest(new Set(['preproc_if', 'preproc_elif']))?.field('condition')?.contains(node)) return true;
  return insideAssertion(node);
}

/** The declared name of the function or lambda around the comparison. */
function enclosingFunctionName(node: SyntaxNode): string | undefined {
  const fn = node.closest(new Set(['function_definition', 'lambda_expression']));
  let declarator = fn?.field('declarator');
  while (declarator && declarator.type !== 'function_declarator') declarator = declarator.field('declarator');
  return declarator?.field('declarator')?.text;
}

const CPP_SYNTAX: SelfComparisonSyntax = {
  outcomes: OUTCOMES,
  equality: EQUALITY,
  mayDiffer: MAY_DIFFER,
  names: NAMES,
  logicalOperators: ['&&', '||', 'and', 'or'],
  mentionsNan,
  nanFunctionName: NAN_FUNCTION_NAME,
  enclosingFunctionName,
  isExempt,
  nan: { name: 'a floating-point NaN', test: 'std::isnan' },
};

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
  (context) => selfComparisonVisitor(context, CPP_SYNTAX),
);
