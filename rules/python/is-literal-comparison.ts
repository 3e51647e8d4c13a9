import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { brief } from '../../src/rule-helpers/shared/text.js';
import { comparisonLinks, linkRange, linkText, replaceOperatorFix } from '../../src/rule-helpers/python/comparisons.js';

const REPLACEMENTS: Record<string, string> = { is: '==', 'is not': '!=' };

/** Displays build a new object every time they run, so nothing else can be that object. */
const DISPLAYS: Record<string, string> = { list: 'list', dictionary: 'dict', set: 'set' };

function unwrap(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = current.namedChildren.filter((c) => c.type !== 'comment');
    if (inner.length !== 1) break;
    current = inner[0];
  }
  return current;
}

/** A plain string or bytes literal (f-strings are built at run time and are left out). */
function isPlainString(node: SyntaxNode): boolean {
  if (node.type === 'concatenated_string') return node.namedChildren.every((c) => c.type === 'comment' || isPlainString(c));
  if (node.type !== 'string') return false;
  const prefix = node.children[0]?.type === 'string_start' ? node.children[0].text.replace(/['"]+$/, '') : '';
  return !/[ft]/i.test(prefix);
}

/** The kind of constant CPython folds this expression to, e.g. `str`, `int`, `tuple`; undefined if it is not one. */
function constantKind(node: SyntaxNode): string | undefined {
  const expression = unwrap(node);
  switch (expression.type) {
    case 'string':
    case 'concatenated_string':
      if (!isPlainString(expression)) return undefined;
      return /b/i.test(expression.text.slice(0, expression.text.search(/['"]/))) ? 'bytes' : 'str';
    case 'integer':
    case 'float':
      return /[jJ]$/.test(expression.text) ? 'complex' : expression.type === 'integer' ? 'int' : 'float';
    case 'unary_operator': {
      const argument = expression.field('argument');
      return argument && (argument.type === 'integer' || argument.type === 'float') ? constantKind(argument) : undefined;
    }
    case 'tuple': {
      const elements = expression.namedChildren.filter((c) => c.type !== 'comment');
      const constant = elements.every((e) => ['none', 'true', 'false', 'ellipsis'].includes(unwrap(e).type) || constantKind(e) !== undefined);
      return constant ? 'tuple' : undefined;
    }
    default:
      return undefined;
  }
}

interface Literal {
  kind: string;
  /** Constants may be shared by interning or caching; displays are always new objects. */
  fresh: boolean;
}

function literalOf(node: SyntaxNode): Literal | undefined {
  const expression = unwrap(node);
  if (Object.hasOwn(DISPLAYS, expression.type)) return { kind: DISPLAYS[expression.type], fresh: true };
  const constant = constantKind(expression);
  if (constant) return { kind: constant, fresh: false };
  // A tuple with a non-constant element is built afresh, like a list.
  if (expression.type === 'tuple') return { kind: 'tuple', fresh: true };
  return undefined;
}

export default defineCodeRule(
  {
    id: 'python/is-literal-comparison',
    languages: ['python'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag `is` / `is not` comparisons with a str, bytes, number, tuple, list, dict or set literal.',
    fixable: true,
    provenance: 'Pyflakes F632 (is-literal)',
    docs: {
      what:
        'An identity test against a literal: `x is "abc"`, `x is 1`, `x is not ()`, `x is []`, `x is {}`. Comparisons ' +
        'with the singletons `None`, `True`, `False` and `...` are correct and are not flagged.',
      why:
        '`is` asks whether both sides are the same object, not whether they are equal. For string, bytes, number and ' +
        'constant-tuple literals the answer depends on CPython\'s interning and small-int caching, so the same code can ' +
        'pass in a test and fail on other input or another interpreter; CPython 3.8+ warns with `SyntaxWarning: "is" with ' +
        'a literal`. A list, dict or set display (or a tuple containing variables) creates a new object right there, so ' +
        '`is` against it is always false and `is not` always true.',
      example: 'if status is "done":\n    archive(job)\nif retries is not 0:\n    backoff()\nif items is []:\n    return',
      useInstead: 'if status == "done":\n    archive(job)\nif retries != 0:\n    backoff()\nif items == []:  # or: if not items:\n    return',
    },
  },
  (context) => ({
    comparison_operator(node) {
      for (const link of comparisonLinks(node)) {
        const { left, operator, right } = link;
        const replacement = REPLACEMENTS[operator.type];
        if (!replacement) continue;
        const literalSide = literalOf(right) ? right : literalOf(left) ? left : undefined;
        if (!literalSide) continue;
        const literal = literalOf(literalSide)!;
        const written = linkText(link);
        const outcome = operator.type === 'is' ? 'False' : 'True';
        const fact = literal.fresh
          ? `compares identity with a new \`${literal.kind}\` built right there, so it is always \`${outcome}\``
          : `compares identity with the \`${literal.kind}\` literal \`${brief(literalSide.text)}\`, so the result depends on CPython's interning and caching, not on the value`;
        context.report({
          node,
          range: linkRange(link),
          message: `\`${brief(written)}\` ${fact}; use \`${replacement}\` to compare values.`,
          evidence: {
            comparison: written,
            literal: literalSide.text,
            literalKind: literal.kind,
            operator: operator.type,
            suggestion: linkText(link, replacement),
          },
          fix: replaceOperatorFix(link, replacement),
        });
      }
    },
  }),
);
