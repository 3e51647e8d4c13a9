import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { brief } from '../../src/analysis/types/common.js';
import { members, type Type, type Typed } from '../../src/analysis/types/lattice.js';
import { documentedOnly, javaScriptTypes, shown, unparenthesized } from '../../src/analysis/types/rule-support.js';

const NAN_OPERATORS = new Set(['-', '*', '/', '%', '**']);
/** Builtin objects whose `valueOf` is not a number: converting them gives NaN. */
const NAN_OBJECTS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Promise', 'RegExp', 'Error']);

/** Why converting a value of this type to a number gives NaN; undefined when it may not. */
function nanReason(t: Type): string | undefined {
  const parts = members(t);
  if (parts.length === 0) return undefined;
  const reasons = parts.map((m) => {
    if (m.kind === 'undefined') return 'undefined';
    if (m.kind === 'object') return 'a plain object';
    if (m.kind === 'function' || m.kind === 'class') return 'a function';
    if (m.kind === 'builtin' && NAN_OBJECTS.has(m.name) && !m.abstract) return `a ${m.name}`;
    if (m.kind === 'builtin' && m.name === 'string' && typeof m.literal === 'string' && Number.isNaN(Number(m.literal))) return 'a non-numeric string';
    return undefined;
  });
  return reasons.every((r) => r) ? [...new Set(reasons)].join(' or ') : undefined;
}

const isUndefined = (t: Type) => members(t).every((m) => m.kind === 'undefined');
const numberLike = (t: Type) => members(t).every((m) => m.kind === 'undefined' || m.kind === 'null' || (m.kind === 'builtin' && (m.name === 'number' || m.name === 'boolean')));

export default defineCodeRule(
  {
    id: 'javascript/nan-arithmetic',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'type',
    summary: 'Flag arithmetic on values known not to be numbers, which silently produces NaN (`undefined + 1`, `{} * 2`).',
    provenance: 'TypeScript 2362/2532 (operand types), no direct ESLint rule',
    docs: {
      what:
        'An arithmetic operation (`- * / % **`, unary `-`/`+`, `++`/`--`, `+` between non-strings, and their `x op= y` ' +
        'forms) with an operand whose inferred type always converts to NaN: `undefined` (a variable declared without a ' +
        'value, a missing return), a plain object, a function, a Map/Set/Promise/RegExp, or a string that is not a number.',
      why: 'JavaScript does not throw: the result is NaN, which then spreads through every later computation and comparison (`NaN > 0` is false) until something displays "NaN" or a total silently stays wrong.',
      example: 'function lineTotal(item) {\n  let total;\n  total += item.price * item.quantity;\n  return total;\n}',
      useInstead: 'function lineTotal(item) {\n  let total = 0;\n  total += item.price * item.quantity;\n  return total;\n}',
    },
  },
  (context) => {
    const report = (node: SyntaxNode, operand: SyntaxNode, value: Typed, reason: string) => {
      context.report({
        node,
        message: `\`${brief(node.text, 50)}\` is NaN: ${shown(operand, value, 'javascript')} is ${reason}, which converts to NaN.`,
        evidence: { operand: shown(operand, value, 'javascript'), converts: `${reason} → NaN` },
      });
    };
    const typeOf = (node: SyntaxNode | undefined) => {
      if (!node) return undefined;
      const { inference } = javaScriptTypes(context);
      const t = inference?.typeOf(unparenthesized(node));
      return t && !documentedOnly(t) ? t : undefined;
    };
    const checkOperator = (node: SyntaxNode, op: string, left: SyntaxNode, right: SyntaxNode) => {
      const l = typeOf(left);
      const r = typeOf(right);
      if (op === '+') {
        // Only `undefined + number-like` is NaN; anything with a string or object concatenates.
        if (l && r && isUndefined(l.type) && numberLike(r.type)) report(node, unparenthesized(left), l, 'undefined');
        else if (l && r && isUndefined(r.type) && numberLike(l.type)) report(node, unparenthesized(right), r, 'undefined');
        return;
      }
      if (!NAN_OPERATORS.has(op)) return;
      for (const [side, t] of [[left, l], [right, r]] as const) {
        const reason = t ? nanReason(t.type) : undefined;
        if (t && reason) {
          report(node, unparenthesized(side), t, reason);
          return;
        }
      }
    };
    return {
      binary_expression(node) {
        const left = node.field('left');
        const right = node.field('right');
        const op = node.field('operator')?.type ?? '';
        if (left && right) checkOperator(node, op, left, right);
      },
      augmented_assignment_expression(node) {
        const left = node.field('left');
        const right = node.field('right');
        const op = (node.field('operator')?.type ?? '').replace(/=$/, '');
        if (left && right) checkOperator(node, op, left, right);
      },
      unary_expression(node) {
        const op = node.field('operator')?.type;
        const argument = node.field('argument');
        if ((op !== '-' && op !== '+') || !argument) return;
        const t = typeOf(argument);
        const reason = t ? nanReason(t.type) : undefined;
        if (t && reason) report(node, unparenthesized(argument), t, reason);
      },
      update_expression(node) {
        const argument = node.field('argument');
        const t = typeOf(argument);
        const reason = t ? nanReason(t.type) : undefined;
        if (argument && t && reason) report(node, argument, t, reason);
      },
    };
  },
);
