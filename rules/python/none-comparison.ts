import { defineCodeRule, type ReportDescriptor } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { brief } from '../../src/rule-helpers/shared/text.js';
import { comparisonLinks, linkRange, linkText, replaceOperatorFix } from '../../src/rule-helpers/python/comparisons.js';

const REPLACEMENTS: Record<string, string> = { '==': 'is', '!=': 'is not' };

/**
 * Libraries whose objects overload `==` to build something other than a bool: NumPy/pandas-style
 * element-wise arrays and SQL expression builders, where `column == None` means `IS NULL` on purpose.
 * A file that imports one is left alone: the operand's type cannot be told from the syntax.
 */
const OVERLOADING_LIBRARIES = new Set([
  'numpy', 'pandas', 'polars', 'torch', 'tensorflow', 'jax', 'xarray', 'dask', 'cupy', 'modin', 'pyspark', 'ibis',
  'sqlalchemy', 'sqlmodel', 'peewee', 'pony', 'flask_sqlalchemy', 'databases', 'piccolo', 'tortoise',
]);

/** Query-builder calls whose arguments are expressions to translate, not Python conditions. */
const QUERY_METHODS = new Set(['filter', 'filter_by', 'where', 'having', 'join', 'outerjoin', 'exclude', 'when', 'case', 'query', 'select', 'get_or_none']);
const QUERY_FUNCTIONS = new Set(['and_', 'or_', 'not_', 'case', 'select', 'when', 'where']);

/** Names that usually hold arrays, frames or masks (`df`, `arr`, `mask`, `values_array`), compared element-wise. */
const ARRAY_NAME = /^(df|arr|array|ndarray|mask|series|frame|matrix|tensor)s?(_|\d|$)|_(df|arr|array|ndarray|mask|series|frame|matrix|tensor)s?$/i;

const SCOPES = new Set(['lambda', 'function_definition', 'class_definition', 'module']);

/** The names along an operand's attribute/subscript chain: `self.df["a"].values` gives `self`, `df`, `values`. */
function chainNames(node: SyntaxNode): string[] {
  switch (node.type) {
    case 'identifier':
      return [node.text];
    case 'attribute': {
      const object = node.field('object');
      const attribute = node.field('attribute');
      return [...(object ? chainNames(object) : []), ...(attribute ? [attribute.text] : [])];
    }
    case 'subscript': {
      const value = node.field('value');
      return value ? chainNames(value) : [];
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren.find((c) => c.type !== 'comment');
      return inner ? chainNames(inner) : [];
    }
    default:
      return [];
  }
}

/** `User.deleted_at` (a class attribute, usually an ORM column) or a chain that names an array (`self.df.email`). */
function looksOverloaded(operand: SyntaxNode): boolean {
  if (operand.type === 'attribute') {
    const object = operand.field('object');
    if (object?.type === 'identifier' && /^[A-Z]/.test(object.text) && !/^[A-Z0-9_]+$/.test(object.text)) return true;
  }
  return chainNames(operand).some((name) => ARRAY_NAME.test(name));
}

/** Inside a boolean mask (`df[df.x == None]`), an element-wise `&`/`|`/`~`, or a query builder's arguments. */
function inOverloadingContext(comparison: SyntaxNode): boolean {
  let child = comparison;
  for (const ancestor of comparison.ancestors()) {
    if (SCOPES.has(ancestor.type)) return false;
    if (ancestor.type === 'binary_operator' && ['&', '|', '^'].includes(ancestor.field('operator')?.type ?? '')) return true;
    if (ancestor.type === 'unary_operator' && ancestor.field('operator')?.type === '~') return true;
    if (ancestor.type === 'subscript' && child.fieldName === 'subscript') return true;
    if (ancestor.type === 'argument_list' && ancestor.parent?.type === 'call') {
      const callee = ancestor.parent.field('function');
      if (callee?.type === 'identifier' && QUERY_FUNCTIONS.has(callee.text)) return true;
      if (callee?.type === 'attribute' && QUERY_METHODS.has(callee.field('attribute')?.text ?? '')) return true;
    }
    if (ancestor.type.endsWith('_statement')) return false;
    child = ancestor;
  }
  return false;
}

export default defineCodeRule(
  {
    id: 'python/none-comparison',
    languages: ['python'],
    severity: 'info',
    category: 'style',
    summary: 'Flag `== None` and `!= None`; test for None with `is` / `is not`.',
    fixable: true,
    provenance: 'pycodestyle E711',
    docs: {
      what: 'An equality comparison with `None`: `x == None`, `x != None`, or the same with `None` on the left.',
      why:
        '`==` asks the operand\'s `__eq__`, which any class may override, so `x == None` can be true for objects that are ' +
        'not `None` (or raise); `None` is a singleton, and `is` asks the one question that is meant: is this the `None` ' +
        'object. Caveat: NumPy arrays, pandas objects and SQL expression builders (SQLAlchemy `Column == None` means ' +
        '`IS NULL`) overload `==` on purpose, and there `is` would silently change the meaning. The rule therefore stays ' +
        'silent in files that import such a library, inside query-builder calls (`.filter(...)`, `.where(...)`, `and_(...)`), ' +
        'boolean masks (`df[...]`), element-wise `&`/`|`/`~`, and when the operand is a class attribute like `User.email` ' +
        'or is named like an array (`df`, `arr`, `mask`). The fix rewrites only the operator.',
      example: 'if user.manager == None:\n    escalate(user)\nif token != None:\n    refresh(token)',
      useInstead: 'if user.manager is None:\n    escalate(user)\nif token is not None:\n    refresh(token)',
    },
  },
  (context) => {
    const pending: ReportDescriptor[] = [];
    let importsOverloadingLibrary = false;
    const noteImport = (module: string | undefined) => {
      if (module && OVERLOADING_LIBRARIES.has(module.split('.')[0])) importsOverloadingLibrary = true;
    };
    return {
      import_statement(node) {
        for (const name of node.fieldAll('name')) noteImport((name.type === 'aliased_import' ? name.field('name') : name)?.text);
      },
      import_from_statement(node) {
        noteImport(node.field('module_name')?.text);
      },
      comparison_operator(node) {
        for (const link of comparisonLinks(node)) {
          const { left, operator, right } = link;
          const replacement = REPLACEMENTS[operator.type];
          if (!replacement) continue;
          const other = right.type === 'none' ? left : left.type === 'none' ? right : undefined;
          if (!other) continue;
          if (looksOverloaded(other) || inOverloadingContext(node)) return;
          const written = linkText(link);
          const suggested = linkText(link, replacement);
          pending.push({
            node,
            range: linkRange(link),
            message: `\`${brief(written)}\` tests for \`None\` with \`${operator.type}\`, which asks the operand's \`__eq__\` and can be overridden; \`${replacement} None\` checks identity.`,
            evidence: { comparison: written, operand: other.text, operator: operator.type, suggestion: suggested },
            fix: replaceOperatorFix(link, replacement),
          });
        }
      },
      'file:exit'() {
        if (importsOverloadingLibrary) return;
        for (const descriptor of pending) context.report(descriptor);
      },
    };
  },
);
