import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import { brief } from '../../src/analysis/types/common.js';
import { javaScriptTypes, unparenthesized } from '../../src/analysis/types/rule-support.js';

export default defineCodeRule(
  {
    id: 'javascript/new-non-constructor',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'type',
    summary: 'Flag `new` applied to something that is not a constructor: an arrow, async or generator function, a method, `Symbol`, `Math`.',
    provenance: 'ESLint no-new-native-nonconstructor / no-obj-calls, TypeScript 7009',
    docs: {
      what:
        '`new f()` where `f` is known to be an arrow function, an async or generator function, an object or class method, ' +
        'a builtin function such as `parseInt`, a builtin that must be called without `new` (`Symbol`, `BigInt`), or a ' +
        'namespace object (`Math`, `JSON`, an imported module namespace).',
      why: 'These values have no `[[Construct]]`: `new` throws `TypeError: f is not a constructor` when the line runs.',
      example: 'const Point = (x, y) => ({ x, y });\nconst origin = new Point(0, 0);\nconst id = new Symbol("id");',
      useInstead: 'function Point(x, y) {\n  this.x = x;\n  this.y = y;\n}\nconst origin = new Point(0, 0);\nconst id = Symbol("id");',
    },
  },
  (context) => ({
    new_expression(node) {
      const { inference } = javaScriptTypes(context);
      const constructor = node.field('constructor');
      if (!inference || !constructor) return;
      const target = unparenthesized(constructor);
      const t = inference.typeOf(target);
      if (!t) return;
      let why: string | undefined;
      if (t.type.kind === 'function' && t.type.fn.notConstructible) why = `${t.type.fn.notConstructible}${t.type.fn.where ? ` (${t.type.fn.where})` : ''}`;
      else if (t.type.kind === 'builtin-class' && !inference.stubs.constructorKinds(t.type.name).new && inference.stubs.constructorKinds(t.type.name).call) why = `the builtin \`${t.type.name}\`, which is called without \`new\``;
      else if (t.type.kind === 'module') why = `a namespace object (${t.origin})`;
      if (!why) return;
      context.report({
        node,
        message: `\`${brief(node.text, 50)}\`: \`${brief(target.text, 30)}\` is ${why}, not a constructor, so \`new\` throws TypeError.`,
        evidence: { constructor: `${brief(target.text, 30)}: ${why}` },
      });
    },
  }),
);
