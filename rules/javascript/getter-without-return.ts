import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { callArguments, CALLBACK_TYPES, code, codeChildren, plainStringValue } from '../../src/rule-helpers/javascript/js-expressions.js';
import { neverCompletes, valueReturns } from '../../src/rule-helpers/javascript/js-flow.js';

const DEFINE_PROPERTY: ReadonlySet<string> = new Set(['Object.defineProperty', 'Reflect.defineProperty']);

/**
 * Whether `object` is a property descriptor: the third argument of `Object.defineProperty(o, k, {...})`
 * or a value in the second argument of `Object.defineProperties(o, {...})` / `Object.create(p, {...})`.
 */
function isPropertyDescriptor(object: SyntaxNode): boolean {
  const directArgs = object.parent?.type === 'arguments' ? object.parent : undefined;
  if (directArgs?.parent?.type === 'call_expression') {
    const callee = directArgs.parent.field('function')?.text ?? '';
    return DEFINE_PROPERTY.has(callee) && callArguments(directArgs.parent)[2] === object;
  }
  const pair = object.parent;
  const descriptors = pair?.type === 'pair' && pair.field('value') === object ? pair.parent : undefined;
  const args = descriptors?.type === 'object' ? descriptors.parent : undefined;
  if (args?.type !== 'arguments' || args.parent?.type !== 'call_expression') return false;
  const callee = args.parent.field('function')?.text ?? '';
  return (callee === 'Object.defineProperties' || callee === 'Object.create') && callArguments(args.parent)[1] === descriptors;
}

export default defineCodeRule(
  {
    id: 'javascript/getter-without-return',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'bug',
    summary: 'Flag getters (`get x() {}` or a descriptor `get`) whose body never returns a value.',
    provenance: 'ESLint getter-return',
    docs: {
      what: 'A getter whose body contains no `return <value>`: `get name() { ... }` in a class or object literal, or the `get` function of a property descriptor passed to `Object.defineProperty`, `Object.defineProperties` or `Object.create`. Getters that always throw and empty stubs (`get: () => {}`) are not flagged.',
      why: 'Reading the property runs the getter and yields its return value, so a getter without one makes the property always `undefined`. It usually happens when the body computes the value but the `return` was forgotten, and the mistake surfaces far away, where the `undefined` is used.',
      example: 'class Invoice {\n  get total() {\n    this.items.reduce((sum, i) => sum + i.price, 0);\n  }\n}',
      useInstead: 'class Invoice {\n  get total() {\n    return this.items.reduce((sum, i) => sum + i.price, 0);\n  }\n}',
    },
  },
  (context) => {
    const check = (getter: SyntaxNode, name: string, body: SyntaxNode | undefined) => {
      if (body?.type !== 'statement_block') return;
      // `get: () => {}` is a stub that returns `undefined` on purpose (mocks, placeholders).
      if (codeChildren(body).length === 0) return;
      if (valueReturns(body).length > 0 || neverCompletes(body)) return;
      context.report({
        node: getter,
        message: `The getter for ${code(name)} never returns a value, so reading the property always gives \`undefined\`.`,
        evidence: { property: name },
      });
    };
    return {
      method_definition(method) {
        const name = method.field('name');
        if (!name) return;
        if (method.children.some((c) => !c.isNamed && c.type === 'get')) {
          check(method, name.text, method.field('body'));
          return;
        }
        // `{ get() { ... } }` as a descriptor.
        if (name.text === 'get' && method.parent?.type === 'object' && isPropertyDescriptor(method.parent)) {
          check(method, describedProperty(method.parent), method.field('body'));
        }
      },
      pair(pair) {
        // `{ get: function () { ... } }` or `{ get: () => { ... } }` as a descriptor.
        const key = pair.field('key');
        const value = pair.field('value');
        if (key?.text !== 'get' || !value || !CALLBACK_TYPES.has(value.type)) return;
        if (pair.parent?.type !== 'object' || !isPropertyDescriptor(pair.parent)) return;
        check(pair, describedProperty(pair.parent), value.field('body'));
      },
    };
  },
);

/** The property a descriptor defines, for the message: the key argument or the key of its pair. */
function describedProperty(descriptor: SyntaxNode): string {
  const key = descriptor.parent?.type === 'arguments' ? callArguments(descriptor.parent.parent!)[1] : descriptor.parent?.field('key');
  if (!key) return 'the property';
  return plainStringValue(key) ?? key.text;
}
