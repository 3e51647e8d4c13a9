import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { oneLine } from '../../src/rule-helpers/shared/text.js';
import { FUNCTION_DEFINITION_TYPES } from '../../src/rule-helpers/javascript/js-expressions.js';

/** Every comparison with NaN is false, so the negated equalities are always true. */
const OUTCOMES: Record<string, 'true' | 'false'> = {
  '==': 'false',
  '===': 'false',
  '<': 'false',
  '>': 'false',
  '<=': 'false',
  '>=': 'false',
  '!=': 'true',
  '!==': 'true',
};

const NEGATED = new Set(['!=', '!==']);
const EQUALITY = new Set(['==', '===', '!=', '!==']);

/**
 * Where an identifier declares a binding: parent type, and the field it must sit in (`*` for any
 * child). A file that declares its own `NaN` (a parameter, a destructured property, an import)
 * compares with that value, not the global.
 */
const BINDING_FIELDS: Record<string, string> = {
  variable_declarator: 'name',
  formal_parameters: '*',
  required_parameter: 'pattern',
  optional_parameter: 'pattern',
  assignment_pattern: 'left',
  object_assignment_pattern: 'left',
  array_pattern: '*',
  pair_pattern: 'value',
  rest_pattern: '*',
  function_declaration: 'name',
  function_expression: 'name',
  generator_function_declaration: 'name',
  generator_function: 'name',
  class_declaration: 'name',
  class: 'name',
  import_specifier: 'import',
  import_clause: '*',
  namespace_import: '*',
  catch_clause: 'parameter',
  arrow_function: 'parameter',
  for_in_statement: 'left',
  enum_declaration: 'name',
  internal_module: 'name',
  function_signature: 'name',
};

function declaresBinding(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  const field = BINDING_FIELDS[parent.type];
  // `import { NaN as x }` binds `x`; `import { NaN }` binds `NaN`.
  if (field === 'import') return identifier === (parent.field('alias') ?? parent.field('name'));
  return field === '*' || (field !== undefined && identifier.fieldName === field);
}

const FUNCTION_SCOPES: ReadonlySet<string> = new Set([...FUNCTION_DEFINITION_TYPES, 'program']);

/** Declarations whose name belongs to the surrounding scope rather than their own body. */
const OUTER_NAMED = new Set([
  'function_declaration',
  'generator_function_declaration',
  'class_declaration',
  'abstract_class_declaration',
  'enum_declaration',
  'internal_module',
  'function_signature',
]);

/**
 * The function (or file) in which a `NaN` binding is visible. Block-scoped `let`/`const` are
 * widened to their function: a rule that is unsure stays silent.
 */
function bindingScope(identifier: SyntaxNode): SyntaxNode | undefined {
  let start = identifier.parent;
  if (start && identifier.fieldName === 'name' && OUTER_NAMED.has(start.type)) start = start.parent;
  for (let node = start; node; node = node.parent) if (FUNCTION_SCOPES.has(node.type)) return node;
  return undefined;
}

/** `NaN` or `Number.NaN`. */
function isNanLiteral(node: SyntaxNode): boolean {
  if (node.type === 'identifier') return node.text === 'NaN';
  if (node.type !== 'member_expression') return false;
  const object = node.field('object');
  const property = node.field('property');
  return object?.type === 'identifier' && object.text === 'Number' && property?.text === 'NaN' && !node.token('?.');
}

/** `(a + b)` reads as `a + b` inside a call's parentheses; a comma expression keeps its own. */
function argumentText(node: SyntaxNode): string {
  const inner = node.type === 'parenthesized_expression' ? node.namedChildren : [];
  if (inner.length === 1 && inner[0].type !== 'sequence_expression' && inner[0].type !== 'comment') return inner[0].text;
  return node.text;
}

export default defineCodeRule(
  {
    id: 'javascript/nan-comparison',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'bug',
    summary: 'Flag comparisons with `NaN`, which are always false (or always true for `!==`).',
    fixable: true,
    provenance: 'ESLint use-isnan',
    docs: {
      what: 'A comparison such as `x === NaN`, `x !== Number.NaN` or `x < NaN`, where one operand is the global `NaN`.',
      why: 'NaN is the one value that is not equal to anything, itself included, and every ordering comparison with it is false. So `x === NaN` is `false` even when `x` is NaN, `x !== NaN` is always `true`, and the check it was meant to be never happens.',
      example: 'const ratio = hits / total;\nif (ratio === NaN) {\n  return 0;\n}',
      useInstead: 'const ratio = hits / total;\nif (Number.isNaN(ratio)) {\n  return 0;\n}',
    },
  },
  (context) => {
    const comparisons: Array<{ node: SyntaxNode; nan: SyntaxNode; other: SyntaxNode; operator: string }> = [];
    const shadowingScopes: SyntaxNode[] = [];
    const shadow = (binding: SyntaxNode) => {
      const scope = bindingScope(binding);
      if (scope) shadowingScopes.push(scope);
    };
    return {
      identifier(node) {
        if (node.text === 'NaN' && declaresBinding(node)) shadow(node);
      },
      // TypeScript names classes with `type_identifier`; a class is a value too.
      type_identifier(node) {
        if (node.text === 'NaN' && node.fieldName === 'name' && /class/.test(node.parent?.type ?? '')) shadow(node);
      },
      shorthand_property_identifier_pattern(node) {
        if (node.text === 'NaN') shadow(node);
      },
      binary_expression(node) {
        const left = node.field('left');
        const right = node.field('right');
        const operator = node.field('operator')?.type;
        if (!left || !right || !operator || !(operator in OUTCOMES)) return;
        if (isNanLiteral(right)) comparisons.push({ node, nan: right, other: left, operator });
        else if (isNanLiteral(left)) comparisons.push({ node, nan: left, other: right, operator });
      },
      'file:exit'() {
        for (const { node, nan, other, operator } of comparisons) {
          if (nan.type === 'identifier' && shadowingScopes.some((scope) => scope.contains(node))) continue;
          const result = OUTCOMES[operator];
          const test = `${NEGATED.has(operator) ? '!' : ''}Number.isNaN(${argumentText(other)})`;
          // A comment between the operands would be lost by the rewrite; leave that to the author.
          const hasComment = node.children.some((c) => c.type === 'comment');
          const fix = EQUALITY.has(operator) && !hasComment
            ? { title: `Replace with \`${oneLine(test)}\``, edits: [{ startOffset: node.startIndex, endOffset: node.endIndex, text: test }] }
            : undefined;
          const advice = EQUALITY.has(operator)
            ? `use \`${oneLine(test)}\``
            : `test \`Number.isNaN(${oneLine(argumentText(other))})\` separately if NaN must be handled`;
          context.report({
            node,
            message: `\`${oneLine(node.text)}\` is always \`${result}\` because NaN ${EQUALITY.has(operator) ? 'is not equal to any value, itself included' : 'is neither less than, greater than nor equal to any value'}: ${advice}.`,
            evidence: { operator, nanOperand: nan.text, comparedWith: other.text, alwaysEvaluatesTo: result },
            fix,
          });
        }
      },
    };
  },
);
