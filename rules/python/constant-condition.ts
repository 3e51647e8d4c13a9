import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { constantConditionDocs } from '../shared/constant-condition.js';
import { excerpt, literalValue, stringParts, unparenthesize } from '../../src/rule-helpers/python/literal-strings.js';

interface Constant {
  truthy: boolean;
  /** What makes it constant, for the message: "a non-empty string". */
  reason: string;
}

const DISPLAYS: Record<string, string> = { list: 'list', tuple: 'tuple', dictionary: 'dict', set: 'set' };

/** The truth value of a literal condition, or undefined when it is not a literal. */
function constantValue(node: SyntaxNode): Constant | undefined {
  const expression = unparenthesize(node);
  switch (expression.type) {
    case 'true':
      return { truthy: true, reason: 'a constant' };
    case 'false':
      return { truthy: false, reason: 'a constant' };
    case 'none':
      return { truthy: false, reason: 'a constant' };
    case 'integer':
    case 'float': {
      const digits = expression.text.replace(/_/g, '').toLowerCase();
      const zero = Number(digits.replace(/j$/, '')) === 0;
      return { truthy: !zero, reason: zero ? 'zero' : 'a non-zero number' };
    }
    case 'string':
    case 'concatenated_string': {
      // f-strings with placeholders are not constant; literalValue gives up on them.
      const parts = stringParts(expression);
      if (!parts || parts.some((p) => p.children.some((c) => c.type === 'interpolation'))) return undefined;
      const value = literalValue(expression);
      if (value === undefined) return undefined;
      return value.length > 0 ? { truthy: true, reason: 'a non-empty string' } : { truthy: false, reason: 'an empty string' };
    }
    case 'not_operator': {
      const inner = expression.field('argument');
      const value = inner ? constantValue(inner) : undefined;
      return value ? { truthy: !value.truthy, reason: `\`not\` of ${value.reason}` } : undefined;
    }
    default: {
      const kind = DISPLAYS[expression.type];
      if (!kind) return undefined;
      const empty = expression.namedChildren.filter((c) => c.type !== 'comment').length === 0;
      return { truthy: !empty, reason: `${empty ? 'an empty' : 'a non-empty'} ${kind}` };
    }
  }
}

/**
 * `if False:` around imports or annotated declarations is the pre-`TYPE_CHECKING` way to show names
 * to type checkers only (`elif False: Schema: TypeAlias = ...`).
 */
function onlyTypeCheckerDeclarations(block: SyntaxNode | undefined): boolean {
  const statements = block?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  const declares = (s: SyntaxNode) =>
    s.type === 'import_statement' ||
    s.type === 'import_from_statement' ||
    s.type === 'type_alias_statement' ||
    (s.type === 'expression_statement' && s.namedChildren[0]?.type === 'assignment' && s.namedChildren[0].field('type') !== undefined);
  return statements.length > 0 && statements.every(declares);
}

/**
 * A comment on the line above the `if`, on the `if` line or at the top of its body says the constant
 * is deliberate (`if False:  # disabled until v2`).
 */
function explained(statement: SyntaxNode, condition: SyntaxNode): boolean {
  if (statement.type === 'if_statement') {
    const source = statement.source;
    const lineStart = source.lastIndexOf('\n', statement.startIndex - 1);
    const previousLine = lineStart > 0 ? source.slice(source.lastIndexOf('\n', lineStart - 1) + 1, lineStart).trim() : '';
    // Revisor's own fixture annotations and suppressions talk about the finding, not the code.
    if (previousLine.startsWith('#') && !/^#\s*(ruleid|ok):|revisor-ignore/.test(previousLine)) return true;
  }
  const body = statement.field('consequence') ?? statement.field('body');
  for (const c of statement.children) {
    if (c.type === 'comment' && (c.startRow === condition.endRow || (body && c.startIndex < body.startIndex))) return true;
  }
  return false;
}

export default defineCodeRule(
  {
    id: 'python/constant-condition',
    languages: ['python'],
    severity: 'warning',
    category: 'suspicious',
    summary: 'Flag `if`, `elif` and conditional expressions whose condition is a literal constant.',
    provenance: 'pylint using-constant-test (W0125) / SonarPython S5797',
    docs: {
      ...constantConditionDocs(
        'if "false":\n    enable_cache()\nif 0:\n    migrate()\nmode = "debug" if True else "release"',
        'if settings.cache_enabled:\n    enable_cache()\nif args.migrate:\n    migrate()\nmode = "debug" if args.debug else "release"',
      ),
      what: 'An `if`, `elif` or conditional expression whose condition is a literal: a number, a string, `True`/`False`/`None`, a list/tuple/dict/set display, or `not` of one of these. `while True:`, `if __debug__:`, `if TYPE_CHECKING:`, `if False:` around imports or annotated declarations only (the old type-checking idiom) and constants explained by a comment on the line above or on the `if` line are not flagged.',
    },
  },
  (context) => {
    const check = (statement: SyntaxNode, condition: SyntaxNode | undefined, keyword: string) => {
      if (!condition) return;
      const value = constantValue(condition);
      if (!value) return;
      if (keyword !== 'conditional expression') {
        if (!value.truthy && onlyTypeCheckerDeclarations(statement.field('consequence'))) return;
        if (explained(statement, condition)) return;
      }
      const effect = value.truthy
        ? keyword === 'conditional expression'
          ? 'the `else` value is never used'
          : 'its body always runs and any later `elif`/`else` branch is dead'
        : keyword === 'conditional expression'
          ? 'the first value is never used'
          : 'its body never runs';
      context.report({
        node: condition,
        message: `The ${keyword} condition \`${excerpt(condition.text)}\` is ${value.reason}, so it is always ${value.truthy ? 'true' : 'false'}: ${effect}.`,
        evidence: { condition: condition.text, alwaysTrue: String(value.truthy) },
      });
    };
    return {
      if_statement(node) {
        check(node, node.field('condition'), '`if`');
      },
      elif_clause(node) {
        check(node, node.field('condition'), '`elif`');
      },
      conditional_expression(node) {
        const parts = node.namedChildren.filter((c) => c.type !== 'comment');
        if (parts.length === 3) check(node, parts[1], 'conditional expression');
      },
    };
  },
);
