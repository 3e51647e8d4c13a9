import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { decoratorsOf, mentionsName } from '../../src/rule-helpers/python/python-scopes.js';

const DEFINITIONS = new Set(['function_definition', 'class_definition']);

/** The function or class a statement defines, looking through decorators. */
function definitionOf(statement: SyntaxNode): SyntaxNode | undefined {
  if (DEFINITIONS.has(statement.type)) return statement;
  if (statement.type === 'decorated_definition') {
    const inner = statement.field('definition');
    return inner && DEFINITIONS.has(inner.type) ? inner : undefined;
  }
  return undefined;
}

/** Parts of a definition evaluated when it is defined: decorators, defaults, annotations, base classes. */
function headerMentions(definition: SyntaxNode, name: string): boolean {
  for (const decorator of decoratorsOf(definition)) if (mentionsName(decorator, name)) return true;
  for (const field of ['parameters', 'superclasses', 'return_type', 'type_parameters']) {
    const part = definition.field(field);
    if (part && mentionsName(part, name)) return true;
  }
  return false;
}

function describe(definition: SyntaxNode): string {
  if (definition.type === 'class_definition') return 'class';
  const block = (definition.parent?.type === 'decorated_definition' ? definition.parent : definition).parent;
  return block?.parent?.type === 'class_definition' ? 'method' : 'function';
}

export default defineCodeRule(
  {
    id: 'python/redefined-before-use',
    languages: ['python'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag a function or class defined twice in the same block with no use of the first definition in between.',
    provenance: 'pyflakes F811 (redefinition of unused name) / pylint function-redefined (E0102)',
    docs: {
      what: 'Two `def` or `class` statements with the same name directly in the same block (module, class body or function body), where nothing between them mentions the name and the first one has no decorator. Decorated first definitions (`@property` with `@x.setter`, `@overload`, registration decorators such as `@app.route`) and definitions in different branches of an `if`/`try` are not flagged.',
      why: 'The second definition silently replaces the first, so the first body is dead code. In a test class the first `test_...` method never runs; in a module a copy-pasted helper shadows the one the callers were written for.',
      example: 'class TestParser:\n    def test_empty(self):\n        assert parse("") == []\n\n    def test_empty(self):\n        assert parse("  ") == []',
      useInstead: 'class TestParser:\n    def test_empty(self):\n        assert parse("") == []\n\n    def test_blank(self):\n        assert parse("  ") == []',
    },
  },
  (context) => {
    const checkBlock = (block: SyntaxNode) => {
      const statements = block.namedChildren.filter((c) => c.type !== 'comment');
      const latest = new Map<string, number>();
      statements.forEach((statement, index) => {
        const definition = definitionOf(statement);
        const name = definition?.field('name')?.text;
        if (!definition || !name || name === '_') return;
        const previousIndex = latest.get(name);
        latest.set(name, index);
        if (previousIndex === undefined) return;
        const previous = definitionOf(statements[previousIndex])!;
        // A decorator may register the first definition somewhere, which is a use we cannot see.
        if (decoratorsOf(previous).length > 0) return;
        if (headerMentions(definition, name)) return;
        for (let i = previousIndex + 1; i < index; i++) if (mentionsName(statements[i], name)) return;
        const firstLine = previous.startRow + 1;
        const kind = describe(definition);
        context.report({
          node: definition.field('name')!,
          message: `${kind[0].toUpperCase()}${kind.slice(1)} \`${name}\` is defined again here, replacing the definition at line ${firstLine} before anything used it: the first definition is dead code.`,
          evidence: { name, firstDefinitionLine: String(firstLine), kind },
        });
      });
    };
    return { module: checkBlock, block: checkBlock };
  },
);
