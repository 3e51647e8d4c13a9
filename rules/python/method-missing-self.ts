import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { decoratorName, decoratorsOf, mentionsName, owningClass } from '../../src/rule-helpers/python/python-scopes.js';

/** Decorators that keep the normal calling convention, so the first positional parameter still receives the instance or class. */
const TRANSPARENT = /^(?:(?:abc\.)?abstractmethod|(?:functools\.)?cached_property|property|(?:typing(?:_extensions)?\.)?(?:override|overload|final)|[A-Za-z_][\w.]*\.(?:setter|getter|deleter))$/;

/** The first parameter that can be passed positionally, if any (`*args` also receives the instance). */
function firstPositional(definition: SyntaxNode): SyntaxNode | undefined {
  const parameters = definition.field('parameters');
  if (!parameters) return undefined;
  for (const p of parameters.namedChildren) {
    if (p.type === 'comment') continue;
    if (p.type === 'keyword_separator' || p.type === 'dictionary_splat_pattern') return undefined;
    return p;
  }
  return undefined;
}

/** Whether the class body has a plain method that does take the instance as its first parameter. */
function hasInstanceMethod(classBody: SyntaxNode): boolean {
  for (const statement of classBody.namedChildren) {
    const definition = statement.type === 'decorated_definition' ? statement.field('definition') : statement;
    if (definition?.type !== 'function_definition') continue;
    const decorators = decoratorsOf(definition).map(decoratorName);
    if (decorators.some((d) => /(?:^|\.)(?:staticmethod|classmethod)$/.test(d))) continue;
    if (firstPositional(definition)) return true;
  }
  return false;
}

export default defineCodeRule(
  {
    id: 'python/method-missing-self',
    languages: ['python'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag methods (and class methods) that declare no positional parameter to receive `self` or `cls`.',
    provenance: 'pylint no-method-argument (E0211)',
    docs: {
      what: 'A `def` directly in a class body that has no positional parameter at all (`def reset():` or `def configure(*, level):`), is not a `@staticmethod`, and carries no decorator other than `@classmethod`, `@property`/`.setter`, `@abstractmethod`, `@overload` or `@override`. Any parameter name is accepted as the receiver; only its absence is flagged. Functions the class body itself calls (`_default()` used to compute a class attribute), classes without any ordinary instance method (namespaces of functions called through the class) and classes deriving from zope-style `Interface` are not flagged.',
      why: 'Python passes the instance (or, for `@classmethod`, the class) as the first positional argument. A method that cannot accept it fails on every call through an instance with `TypeError: reset() takes 0 positional arguments but 1 was given`.',
      example: 'class Counter:\n    def reset():\n        Counter.value = 0',
      useInstead: 'class Counter:\n    def reset(self):\n        self.value = 0\n\n    # or, when no instance is needed:\n    @staticmethod\n    def zero():\n        return 0',
    },
  },
  (context) => ({
    function_definition(node) {
      const owner = owningClass(node);
      const name = node.field('name');
      if (!owner || !name) return;
      const decorators = decoratorsOf(node).map(decoratorName);
      if (decorators.some((d) => d === 'staticmethod' || d.endsWith('.staticmethod'))) return;
      const isClassMethod = decorators.some((d) => d === 'classmethod' || d.endsWith('.classmethod'));
      if (decorators.some((d) => d !== 'classmethod' && !TRANSPARENT.test(d))) return;
      if (firstPositional(node)) return;
      // zope.interface declares methods without `self` on purpose.
      if (/Interface\b/.test(owner.field('superclasses')?.text ?? '')) return;
      // A helper called while the class body runs (`retries = _default()`) is a plain function there.
      const body = owner.field('body');
      if (body) {
        for (const statement of body.namedChildren) {
          const holder = node.parent?.type === 'decorated_definition' ? node.parent : node;
          if (statement !== holder && mentionsName(statement, name.text)) return;
        }
      }
      // A class without any ordinary instance method is used as a namespace of functions called through
      // the class (`Tools.helper()`), where a missing `self` is deliberate.
      if (!body || !hasInstanceMethod(body)) return;
      const receiver = isClassMethod ? 'cls' : 'self';
      const className = owner.field('name')?.text ?? 'class';
      context.report({
        node: name,
        message: `${isClassMethod ? 'Class method' : 'Method'} \`${name.text}\` of \`${className}\` has no positional parameter for \`${receiver}\`: every call through ${isClassMethod ? 'the class' : 'an instance'} raises \`TypeError\`.`,
        evidence: { class: className, method: name.text, expectedReceiver: receiver },
      });
    },
  }),
);
