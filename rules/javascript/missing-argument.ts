import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import { nextInSubtree, type SyntaxNode } from '../../src/parse/syntax-node.js';
import { brief } from '../../src/analysis/types/common.js';
import { javaScriptTypes } from '../../src/analysis/types/rule-support.js';

const ORDINALS = ['1st', '2nd', '3rd'];
const ordinal = (i: number) => ORDINALS[i] ?? `${i + 1}th`;

/**
 * How a parameter is used inside its function: `requires` when some use needs a value (`p.x`, `p()`,
 * `p * 2`), `guarded` when the code checks for a missing value (`typeof p`, `p ?? d`, `if (p)`,
 * comparisons, reassignment) — then leaving it out may be intended.
 */
/** Whether `node` runs every time its function body runs: not in a nested function, a branch or a loop. */
function unconditional(node: SyntaxNode, fn: SyntaxNode): boolean {
  let child = node;
  for (const ancestor of node.ancestors()) {
    if (ancestor === fn) return true;
    switch (ancestor.type) {
      case 'if_statement':
      case 'ternary_expression':
      case 'while_statement':
      case 'do_statement':
        if (child.fieldName !== 'condition') return false;
        break;
      case 'for_statement':
      case 'for_in_statement':
        if (child.fieldName === 'body') return false;
        break;
      case 'binary_expression':
        if (['&&', '||', '??'].includes(ancestor.field('operator')?.type ?? '') && child.fieldName === 'right') return false;
        break;
      case 'switch_case':
      case 'switch_default':
      case 'catch_clause':
      case 'try_statement':
      case 'function_declaration':
      case 'function_expression':
      case 'function':
      case 'arrow_function':
      case 'method_definition':
      case 'class_body':
        return false;
      default:
        break;
    }
    if (ancestor.type === 'member_expression' && ancestor.children.some((c) => c.type === 'optional_chain')) return false;
    child = ancestor;
  }
  return false;
}

function usage(references: SyntaxNode[]): { requires?: SyntaxNode; guarded: boolean } {
  let requires: SyntaxNode | undefined;
  let guarded = false;
  for (const ref of references) {
    let node = ref;
    while (node.parent?.type === 'parenthesized_expression') node = node.parent;
    const parent = node.parent;
    if (!parent) continue;
    switch (parent.type) {
      case 'member_expression':
        if (parent.field('object') === node) {
          if (parent.children.some((c) => c.type === 'optional_chain')) guarded = true;
          else requires ??= parent;
        }
        break;
      case 'subscript_expression':
        if (parent.field('object') === node) {
          if (parent.children.some((c) => c.type === 'optional_chain')) guarded = true;
          else requires ??= parent;
        }
        break;
      case 'call_expression':
        if (parent.field('function') === node) {
          // `callback?.(value)` is written for a callback that may be left out.
          if (parent.children.some((c) => c.type === 'optional_chain')) guarded = true;
          else requires ??= parent;
        }
        break;
      case 'for_in_statement':
        if (parent.field('right') === node) requires ??= parent;
        break;
      case 'spread_element':
        // `{ ...undefined }` is fine; `[...undefined]` and `f(...undefined)` throw.
        if (parent.parent?.type !== 'object') requires ??= parent;
        break;
      case 'unary_expression':
        if (['typeof', '!'].includes(parent.field('operator')?.type ?? '')) guarded = true;
        break;
      case 'binary_expression': {
        const op = parent.field('operator')?.type ?? '';
        if (['==', '===', '!=', '!==', '&&', '||', '??', 'instanceof', 'in'].includes(op)) guarded = true;
        break;
      }
      case 'ternary_expression':
      case 'if_statement':
      case 'while_statement':
        guarded = true;
        break;
      case 'assignment_expression':
      case 'augmented_assignment_expression':
        if (parent.field('left') === node) guarded = true;
        break;
      default:
        break;
    }
  }
  return { requires, guarded };
}

export default defineCodeRule(
  {
    id: 'javascript/missing-argument',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'type',
    summary: 'Flag calls of local functions that leave out a required parameter the function then uses as a value.',
    provenance: 'TypeScript 2554 (expected N arguments)',
    docs: {
      what:
        'A call of a function defined in the analysed code with fewer arguments than it has required parameters ' +
        '(no default, not `?`-optional, not `[optional]` in JSDoc), where the function uses a left-out parameter in a ' +
        'way that needs a value (`p.name`, `p()`, `p[0]`, `for (x of p)`) and never checks it (`typeof p`, `p ?? x`, ' +
        '`if (p)`, comparisons). Calls with a spread argument are not judged.',
      why: 'JavaScript passes `undefined` for the missing argument, and the use throws `TypeError: Cannot read properties of undefined` inside the callee, far from the call that forgot it.',
      example: 'function greet(user, greeting) {\n  return greeting.toUpperCase() + " " + user.name;\n}\ngreet(currentUser);',
      useInstead: 'function greet(user, greeting = "hello") {\n  return greeting.toUpperCase() + " " + user.name;\n}\ngreet(currentUser);',
    },
  },
  (context) => ({
    call_expression(node) {
      const { inference } = javaScriptTypes(context);
      const model = context.semantic();
      if (!inference || !model) return;
      const record = inference.call(node);
      const callee = record?.callee.type;
      if (!record || record.shape.starArgs || callee?.kind !== 'function' || callee.fn.builtin || !callee.fn.signatures) return;
      const fnNode = inference.functionNode(callee.fn);
      if (!fnNode) return;
      const params = callee.fn.signatures[0].params;
      const given = record.shape.positional.length;
      // Most calls pass every parameter: the function body is searched only when one is left out.
      if (given >= params.length) return;
      // `arguments` makes any arity legal.
      for (let d: SyntaxNode | undefined = fnNode; d; d = nextInSubtree(d, fnNode)) if (d.type === 'identifier' && d.text === 'arguments') return;
      const list = (fnNode.field('parameter') ? [fnNode.field('parameter')!] : (fnNode.field('parameters')?.namedChildren ?? []).filter((c) => c.type !== 'comment')).filter((p) => p.type !== 'this' && p.field('pattern')?.type !== 'this');
      for (let i = given; i < params.length; i++) {
        const param = params[i];
        if (param.optional || param.kind === 'varargs') return;
        const declaration = list[i];
        const pattern = declaration?.type === 'required_parameter' ? declaration.field('pattern') : declaration;
        if (pattern?.type !== 'identifier') return;
        const symbol = model.resolve(pattern);
        if (!symbol) return;
        const { requires, guarded } = usage(symbol.references.map((r) => r.node));
        if (guarded || !requires || !unconditional(requires, fnNode)) continue;
        context.report({
          node,
          message: `\`${brief(node.text, 50)}\` does not pass \`${param.name}\`, the ${ordinal(i)} parameter of \`${callee.fn.name}\` (${callee.fn.where}), which uses it without a default (\`${brief(requires.text, 40)}\` at line ${requires.startRow + 1}): it will be undefined.`,
          evidence: { callee: `${callee.fn.name} (${callee.fn.where})`, parameter: param.name, use: `${brief(requires.text, 40)} (line ${requires.startRow + 1})`, passed: `${given} argument${given === 1 ? '' : 's'}` },
        });
        return;
      }
    },
  }),
);
