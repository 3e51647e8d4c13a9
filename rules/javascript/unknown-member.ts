import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import { closestNames } from '../../src/analysis/types/common.js';
import { describe, members, type Type } from '../../src/analysis/types/lattice.js';
import { assignedPropertyNames, documentedOnly, isPropertyProbe, javaScriptTypes, shown, unparenthesized } from '../../src/analysis/types/rule-support.js';


const OPERATORS = new Set(['binary_expression', 'unary_expression', 'update_expression', 'assignment_expression', 'augmented_assignment_expression', 'ternary_expression', 'as_expression', 'satisfies_expression']);
const CLOSED = new Set(['String', 'Number', 'Boolean', 'BigInt', 'Symbol', 'Array', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Promise', 'RegExp', 'Date']);

export default defineCodeRule(
  {
    id: 'javascript/unknown-member',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'type',
    summary: 'Flag properties and methods the known builtin type does not have (`str.lenght`, `arr.contains`), with a did-you-mean.',
    provenance: 'TypeScript 2339/2551 (property does not exist, did you mean)',
    docs: {
      what:
        'A property read or method call on a value whose inferred type is a builtin — string, number, boolean, Array, ' +
        'Map, Set, Promise, RegExp, Date — naming a member that type does not have. The stubs list every member ' +
        'of these types, so a missing name is a typo or a method from another language (`contains` → `includes`, ' +
        '`size` → `length`). A name the file assigns as a property anywhere (`x.name = ...`, prototype patches) and ' +
        'types that only JSDoc claims are left alone.',
      why: 'Reading a missing property gives `undefined` silently (`str.lenght` is never a number); calling one throws `TypeError: arr.contains is not a function`.',
      example: 'const tags = ["a", "b"];\nif (tags.contains("a")) {\n  console.log(title.lenght);\n}',
      useInstead: 'const tags = ["a", "b"];\nif (tags.includes("a")) {\n  console.log(title.length);\n}',
    },
  },
  (context) => {
    let patched: Set<string> | undefined;
    return {
      member_expression(node) {
        const object = node.field('object');
        const property = node.field('property');
        if (!object || !property || property.type !== 'property_identifier') return;
        const parent = node.parent;
        // Writing a property creates it.
        if ((parent?.type === 'assignment_expression' || parent?.type === 'augmented_assignment_expression') && parent.field('left') === node) return;
        if (isPropertyProbe(node)) return;
        const { inference } = javaScriptTypes(context);
        if (!inference) return;
        // An operator expression can only be a member's object inside parentheses; without them it is a
        // grammar quirk (tree-sitter-typescript reads `a - b!.c` as `(a - b!).c`).
        if (OPERATORS.has(object.type) || (object.type === 'non_null_expression' && OPERATORS.has(object.namedChildren[0]?.type ?? ''))) return;
        const target = unparenthesized(object);
        const t = inference.typeOf(target);
        if (!t || documentedOnly(t)) return;
        const name = property.text;
        // Errors, functions and plain objects routinely carry extra properties: only closed builtins are judged.
        const classOf = (m: Type) => (m.kind === 'builtin' && !m.abstract && !m.items && CLOSED.has(inference.stubs.className(m.name)) ? m.name : undefined);
        const classes = members(t.type).map(classOf);
        if (classes.length === 0 || classes.some((c) => !c)) return;
        if (classes.some((c) => inference.stubs.hasMember(c!, name))) return;
        patched ??= new Set([...assignedPropertyNames(context.source), ...(inference.options.prototypePatches?.() ?? [])]);
        if (patched.has(name)) return;
        const first = classes[0]!;
        const hint = inference.stubs.hints(first)[name];
        const similar = hint ? [] : closestNames(name, inference.stubs.memberNames(first).filter((n) => !n.startsWith('__')), 1);
        const suggestion = hint ?? similar[0];
        const typeText = describe(t.type, 'javascript');
        context.report({
          node,
          message: `${typeText} has no property \`${name}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ''} (${shown(target, t, 'javascript')}).`,
          evidence: { object: shown(target, t, 'javascript'), property: name, ...(suggestion ? { suggestion } : {}) },
        });
      },
    };
  },
);
