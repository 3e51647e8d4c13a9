import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { code, codeChildren, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';
import { functionTypeReturns, lineOf, snippet, TYPE_AWARE_LANGUAGES, typeEvidence, typeText } from '../../src/rule-helpers/typescript/ts-rules.js';

const LOGICAL = new Set(['&&', '||']);

/** The operands whose truthiness decides a condition: through `!`, `&&`, `||` and parentheses. */
function deciding(condition: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack = [condition];
  while (stack.length > 0) {
    const node = unparenthesize(stack.pop()!);
    if (node.type === 'unary_expression' && node.field('operator')?.type === '!') {
      const argument = node.field('argument');
      if (argument) stack.push(argument);
    } else if (node.type === 'binary_expression' && LOGICAL.has(node.field('operator')?.type ?? '')) {
      const right = node.field('right');
      const left = node.field('left');
      if (right) stack.push(right);
      if (left) stack.push(left);
    } else out.push(node);
  }
  return out;
}

/** A `throw` statement, or a block holding only one. */
function throwsOnly(statement: SyntaxNode | undefined): boolean {
  if (!statement) return false;
  if (statement.type === 'throw_statement') return true;
  const inner = statement.type === 'statement_block' ? codeChildren(statement) : [];
  return inner.length === 1 && inner[0].type === 'throw_statement';
}

function describeStatement(owner: SyntaxNode): string {
  const kind = { if_statement: '`if`', while_statement: '`while` loop', do_statement: '`do...while` loop', for_statement: '`for` loop', ternary_expression: '`? :`' }[owner.type] ?? 'condition';
  return `the ${kind} at line ${lineOf(owner)}`;
}

export default defineCodeRule(
  {
    id: 'typescript/unnecessary-condition',
    languages: TYPE_AWARE_LANGUAGES,
    severity: 'warning',
    category: 'suspicious',
    summary: 'Flag conditions whose type proves them always truthy or always falsy.',
    provenance: 'typescript-eslint no-unnecessary-condition',
    docs: {
      what: 'An operand deciding an `if`, loop or `? :` condition (directly, or through `!`, `&&`, `||`) whose type the TypeScript checker proves always truthy (an object or function type no primitive fits, a non-empty string literal type, `true`) or always falsy (`null`, `undefined`, `false`, `0`, `""`). Only under `strictNullChecks`; `let`/`var` variables, parameters and properties are judged by their declared type (a call in between may have changed them, which narrowing ignores); array elements and array destructuring, index signatures, optional chains, `let x: T;` without an initialiser, definitely-assigned (`!`) fields, names and properties some write forces with `!` or a cast (`x = null!`), and globals or properties declared by libraries (feature detection) are never judged, nor are guard clauses that only `throw` (validation for untyped callers). Literal conditions (`if (0)`) are `javascript/constant-condition`\'s. Needs an engine that can prove truthiness (the TypeScript checker): silent otherwise.',
      why: 'A condition that cannot change is dead code or a mistake: most often a function tested instead of called (`if (user.isAdmin)`), or a check the types already rule out, which hides the real question the code meant to ask.',
      example: 'if (user.isAdmin) {\n  // isAdmin is a method: always truthy\n  grantAll();\n}',
      useInstead: 'if (user.isAdmin()) {\n  grantAll();\n}',
    },
  },
  (context) => {
    function check(owner: SyntaxNode, condition: SyntaxNode | undefined) {
      if (!condition || condition.type === 'empty_statement') return;
      // `if (!input) throw new TypeError(...)`: validation for callers the types do not reach (JavaScript, `any`).
      if (owner.type === 'if_statement' && throwsOnly(owner.field('consequence'))) return;
      const types = context.types();
      if (!types?.truthiness) return;
      for (const operand of deciding(condition)) {
        const verdict = types.truthiness(operand);
        if (!verdict) continue;
        const type = types.typeOf(operand);
        const isFunction = verdict === 'truthy' && (types.symbolCategory(operand) === 'function' || (type?.names.length === 1 && functionTypeReturns(type.names[0]) !== undefined));
        const hint = isFunction ? '; it is a function, was it meant to be called?' : '.';
        context.report({
          node: operand,
          message: `${code(operand.text, 50)} is always ${verdict} in ${describeStatement(owner)}: its type is \`${typeText(type)}\`${hint}`,
          evidence: { operand: snippet(operand), value: `always ${verdict}`, ...typeEvidence('type', type), condition: `line ${lineOf(owner)}` },
        });
      }
    }
    return {
      if_statement: (node) => check(node, node.field('condition')),
      while_statement: (node) => check(node, node.field('condition')),
      do_statement: (node) => check(node, node.field('condition')),
      for_statement: (node) => check(node, node.fieldAll('condition').find((c) => c.isNamed)),
      ternary_expression: (node) => check(node, node.field('condition')),
    };
  },
);
