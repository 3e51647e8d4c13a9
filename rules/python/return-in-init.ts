import { defineCodeRule } from '../../src/engine/rule.js';
import { descendantsInScope, owningClass } from '../../src/rule-helpers/python/python-scopes.js';

/** Values that are certainly not `None`. */
const LITERALS = new Set(['true', 'false', 'integer', 'float', 'string', 'concatenated_string', 'list', 'tuple', 'dictionary', 'set', 'list_comprehension', 'dictionary_comprehension', 'set_comprehension', 'lambda']);

export default defineCodeRule(
  {
    id: 'python/return-in-init',
    languages: ['python'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag `return <value>` and `yield` inside `__init__`.',
    provenance: 'pylint return-in-init (E0101) / Ruff PLE0101',
    docs: {
      what: 'A `return` with a value other than `None`, or a `yield`, in the `__init__` method of a class. A bare `return` (or `return None`) to leave early is fine.',
      why: 'Python requires `__init__` to return `None`: returning anything else raises `TypeError: __init__() should return None` when the object is created, and a `yield` turns `__init__` into a generator, which fails the same way. The value was usually meant for a factory function or `__new__`.',
      example: 'class Connection:\n    def __init__(self, url):\n        self.url = url\n        return self.connect()',
      useInstead: 'class Connection:\n    def __init__(self, url):\n        self.url = url\n        self.session = self.connect()',
    },
  },
  (context) => ({
    function_definition(node) {
      if (node.field('name')?.text !== '__init__') return;
      const owner = owningClass(node);
      const body = node.field('body');
      if (!owner || !body) return;
      const className = owner.field('name')?.text ?? 'class';
      for (const d of descendantsInScope(body)) {
        if (d.type === 'return_statement') {
          const value = d.namedChildren.find((c) => c.type !== 'comment');
          if (!value || value.type === 'none') continue;
          // `return super().__init__(...)` passes on the parent's `None`: odd, but it works.
          const callee = value.type === 'call' ? value.field('function') : undefined;
          if (callee?.type === 'attribute' && callee.field('attribute')?.text === '__init__') continue;
          const certain = LITERALS.has(value.type);
          context.report({
            node: d,
            message: certain
              ? `\`__init__\` of \`${className}\` returns a value with \`${d.text.split('\n')[0]}\`: creating a \`${className}\` raises \`TypeError: __init__() should return None\`.`
              : `\`__init__\` of \`${className}\` returns \`${value.text.split('\n')[0]}\`: unless that is \`None\`, creating a \`${className}\` raises \`TypeError: __init__() should return None\`.`,
            evidence: { class: className, returned: value.text },
          });
        } else if (d.type === 'yield') {
          context.report({
            node: d,
            message: `\`__init__\` of \`${className}\` contains \`${d.text.split('\n')[0]}\`, which makes it a generator: creating a \`${className}\` raises \`TypeError: __init__() should return None\`.`,
            evidence: { class: className, yield: d.text.split('\n')[0] },
          });
          return;
        }
      }
    },
  }),
);
