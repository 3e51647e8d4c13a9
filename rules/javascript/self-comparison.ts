import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { selfComparisonDocs } from '../shared/self-comparison.js';
import { COMPARISON_OUTCOMES, selfComparisonVisitor, type SelfComparisonSyntax } from '../../src/rule-helpers/shared/self-comparison.js';
import { FUNCTION_DEFINITION_TYPES } from '../../src/rule-helpers/javascript/js-expressions.js';

/** What `x OP x` evaluates to for any value but NaN, and whether NaN changes it. */
const OUTCOMES = {
  ...COMPARISON_OUTCOMES,
  '===': { result: 'true', nanDiffers: true },
  '!==': { result: 'false', nanDiffers: true },
};

const EQUALITY = new Set(['==', '===', '!=', '!==']);

/** Evaluating these twice can give two different values (`next() === next()`, `i++ < i++`). */
const MAY_DIFFER = new Set([
  'call_expression',
  'new_expression',
  'await_expression',
  'yield_expression',
  'update_expression',
  'assignment_expression',
  'augmented_assignment_expression',
  'delete',
]);

/** Nodes that name a value; an operand without any is a literal, and `1 === 1` is a deliberate constant. */
const NAMES = new Set(['identifier', 'this', 'super', 'property_identifier', 'private_property_identifier']);

/** `x !== x` is the classic NaN test; these names say the function is one (`isNaN`, `sameValueZero`, `Object.is` polyfills). */
const NAN_FUNCTION_NAME = /nan|same_?value|^is$/i;
/** A mention of NaN on the comparison's lines or the line before: `NaN`, `isNaN`, `// nan`. */
const mentionsNan = (text: string) => /NaN/.test(text) || /\bnan\b|isnan|is_nan/i.test(text);

function functionName(fn: SyntaxNode): string | undefined {
  const own = fn.field('name');
  if (own) return own.text;
  // `const isNaNValue = (v) => v !== v`
  const holder = fn.parent;
  if (holder?.type === 'variable_declarator') return holder.field('name')?.text;
  if (holder?.type === 'pair') return holder.field('key')?.text;
  return undefined;
}

/** The name of the function around the comparison, its own or the one it is stored under. */
function enclosingFunctionName(node: SyntaxNode): string | undefined {
  const fn = node.closest(FUNCTION_DEFINITION_TYPES);
  return fn && functionName(fn);
}

const JS_SYNTAX: SelfComparisonSyntax = {
  outcomes: OUTCOMES,
  equality: EQUALITY,
  mayDiffer: MAY_DIFFER,
  names: NAMES,
  logicalOperators: ['&&', '||'],
  mentionsNan,
  nanFunctionName: NAN_FUNCTION_NAME,
  enclosingFunctionName,
  nan: { name: 'NaN', test: 'Number.isNaN' },
};

export default defineCodeRule(
  {
    id: 'javascript/self-comparison',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'bug',
    summary: 'Flag comparisons of an expression with itself.',
    provenance: 'ESLint no-self-compare',
    docs: selfComparisonDocs(
      'if (order.total === order.total) {\n  ship(order);\n}',
      'if (order.total === invoice.total) {\n  ship(order);\n}\n// for a NaN test: Number.isNaN(order.total)',
    ),
  },
  (context) => selfComparisonVisitor(context, JS_SYNTAX),
);
