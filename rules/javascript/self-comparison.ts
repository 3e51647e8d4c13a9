import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import { selfComparisonDocs } from '../shared/self-comparison.js';

/** What `x OP x` evaluates to for any value but NaN, and whether NaN changes it. */
const OUTCOMES: Record<string, { result: 'true' | 'false'; nanDiffers: boolean }> = {
  '==': { result: 'true', nanDiffers: true },
  '===': { result: 'true', nanDiffers: true },
  '<=': { result: 'true', nanDiffers: true },
  '>=': { result: 'true', nanDiffers: true },
  '!=': { result: 'false', nanDiffers: true },
  '!==': { result: 'false', nanDiffers: true },
  '<': { result: 'false', nanDiffers: false },
  '>': { result: 'false', nanDiffers: false },
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

const FUNCTIONS = new Set([
  'function_declaration',
  'function_expression',
  'function',
  'generator_function_declaration',
  'generator_function',
  'arrow_function',
  'method_definition',
]);

/** `x !== x` is the classic NaN test; these names say the function is one (`isNaN`, `sameValueZero`, `Object.is` polyfills). */
const NAN_FUNCTION_NAME = /nan|same_?value|^is$/i;
/** A mention of NaN on the comparison's lines or the line before: `NaN`, `isNaN`, `// nan`. */
const mentionsNan = (text: string) => /NaN/.test(text) || /\bnan\b|isnan|is_nan/i.test(text);

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

function isSelfComparison(node: SyntaxNode | undefined): boolean {
  if (node?.type !== 'binary_expression') return false;
  const left = node.field('left');
  const right = node.field('right');
  const operator = node.field('operator')?.type;
  return Boolean(left && right && operator && EQUALITY.has(operator) && sameSyntax(left, right));
}

function functionName(fn: SyntaxNode): string | undefined {
  const own = fn.field('name');
  if (own) return own.text;
  // `const isNaNValue = (v) => v !== v`
  const holder = fn.parent;
  if (holder?.type === 'variable_declarator') return holder.field('name')?.text;
  if (holder?.type === 'pair') return holder.field('key')?.text;
  return undefined;
}

/** Signs that an equality self-comparison is a deliberate NaN test rather than a typo. */
function looksLikeNanTest(node: SyntaxNode, lines: string[]): boolean {
  const nearby = lines.slice(Math.max(0, node.startRow - 1), node.endRow + 1).join('\n');
  if (mentionsNan(nearby)) return true;
  // `x !== x && y !== y` (Object.is / SameValue polyfills)
  const parent = node.parent;
  if (parent?.type === 'binary_expression' && ['&&', '||'].includes(parent.field('operator')?.type ?? '')) {
    const other = parent.field('left') === node ? parent.field('right') : parent.field('left');
    if (isSelfComparison(other)) return true;
  }
  const fn = node.closest(FUNCTIONS);
  const name = fn && functionName(fn);
  return Boolean(name && NAN_FUNCTION_NAME.test(name));
}

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
  (context) => {
    let lines: string[] | undefined;
    return {
      binary_expression(node) {
        const left = node.field('left');
        const right = node.field('right');
        const operator = node.field('operator')?.type;
        if (!left || !right || !operator || !(operator in OUTCOMES)) return;
        if (!sameSyntax(left, right) || mayDiffer(left) || !namesSomething(left)) return;
        lines ??= context.source.split(/\r\n|\r|\n/);
        if (EQUALITY.has(operator) && looksLikeNanTest(node, lines)) return;
        const { result, nanDiffers } = OUTCOMES[operator];
        const caveat = nanDiffers ? ` unless it is NaN (write \`Number.isNaN(${oneLine(left.text)})\` if that is the intent)` : ', even for NaN';
        context.report({
          node,
          message: `\`${oneLine(left.text)}\` is compared with itself using \`${operator}\`: the result is always \`${result}\`${caveat}.`,
          evidence: { left: left.text, operator, right: right.text, alwaysEvaluatesTo: result },
        });
      },
    };
  },
);
