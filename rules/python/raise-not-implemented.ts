import { defineCodeRule } from '../../src/engine/rule.js';

export default defineCodeRule(
  {
    id: 'python/raise-not-implemented',
    languages: ['python'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag `raise NotImplemented`, which was meant to be `raise NotImplementedError`.',
    fixable: true,
    provenance: 'pyflakes F901 / Ruff F901',
    docs: {
      what: '`raise NotImplemented` or `raise NotImplemented(...)`.',
      why: '`NotImplemented` is the constant that binary operators such as `__eq__` return; it is not an exception. Raising it fails with `TypeError: exceptions must derive from BaseException` (or `\'NotImplementedType\' object is not callable` when called), so callers see a confusing error instead of the intended "not implemented" one, and `except NotImplementedError` handlers do not catch it.',
      example: 'class Storage:\n    def save(self, item):\n        raise NotImplemented("subclasses implement save")',
      useInstead: 'class Storage:\n    def save(self, item):\n        raise NotImplementedError("subclasses implement save")',
    },
  },
  (context) => ({
    raise_statement(node) {
      const raised = node.namedChildren.find((c) => c.type !== 'comment');
      const name = raised?.type === 'call' ? raised.field('function') : raised;
      if (name?.type !== 'identifier' || name.text !== 'NotImplemented') return;
      context.report({
        node,
        message: `\`${node.text.split('\n')[0]}\` raises \`TypeError\`, because \`NotImplemented\` is a constant for binary operators, not an exception: \`NotImplementedError\` was meant.`,
        evidence: { raised: raised!.text.split('\n')[0] },
        fix: { title: 'Raise `NotImplementedError`', edits: [{ startOffset: name.startIndex, endOffset: name.endIndex, text: 'NotImplementedError' }] },
      });
    },
  }),
);
