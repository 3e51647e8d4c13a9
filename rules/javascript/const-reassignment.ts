import { eslintDisabled } from '../../src/analysis/helpers.js';
import type { Declaration, Reference } from '../../src/analysis/index.js';
import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';

const ESLINT_RULES = ['no-const-assign', 'no-import-assign'];

/** The whole write (`x = 1`, `x += 1`, `x++`, `[x] = pair`), so the finding shows what was attempted. */
function writeExpression(identifier: SyntaxNode): SyntaxNode {
  let node = identifier;
  for (let parent = node.parent; parent; parent = node.parent) {
    if (['parenthesized_expression', 'object_pattern', 'array_pattern', 'pair_pattern', 'object_assignment_pattern', 'assignment_pattern', 'rest_pattern', 'non_null_expression'].includes(parent.type)) {
      node = parent;
      continue;
    }
    if (['assignment_expression', 'augmented_assignment_expression', 'update_expression'].includes(parent.type)) return parent;
    if (parent.type === 'for_in_statement') return identifier;
    break;
  }
  return identifier;
}

function immutableDeclaration(declarations: readonly Declaration[]): Declaration | undefined {
  return declarations.find((d) => d.form === 'const' || d.form === 'using' || d.kind === 'import');
}

export default defineCodeRule(
  {
    id: 'javascript/const-reassignment',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'bug',
    summary: 'Flag assignments, compound assignments and increments of `const` and import bindings.',
    provenance: 'ESLint no-const-assign, no-import-assign',
    docs: {
      what: 'A write to a name declared with `const` (or `using`) or bound by an `import`: `x = ...`, `x += ...`, `x ||= ...`, `x++`, a destructuring assignment or a `for (x of ...)` head that targets it.',
      why: 'Such a write throws `TypeError: Assignment to constant variable` when it runs (imports are read-only views of the exporting module), so the code path fails at run time; TypeScript rejects it at compile time, plain JavaScript only when the line executes.',
      example: "import { retries } from './config.js';\n\nexport function poll() {\n  const delay = 100;\n  while (!ready()) {\n    delay *= 2;\n    retries--;\n  }\n}",
      useInstead: "import { retries as maxRetries } from './config.js';\n\nexport function poll() {\n  let delay = 100;\n  let retries = maxRetries;\n  while (!ready() && retries > 0) {\n    delay *= 2;\n    retries--;\n  }\n}",
    },
  },
  (context) => ({
    'file:exit'() {
      const model = context.semantic();
      if (!model) return;
      for (const symbol of model.symbols) {
        const declaration = immutableDeclaration(symbol.declarations);
        if (!declaration || model.namesInErrors.has(symbol.name)) continue;
        // `var x` elsewhere makes the binding something this rule cannot vouch for (a redeclaration error).
        if (symbol.declarations.some((d) => d.form === 'var' || d.form === 'let')) continue;
        for (const reference of symbol.references) {
          if (!reference.isWrite || reference.isInit || model.isDynamic(reference.scope)) continue;
          if (eslintDisabled(context.source, reference.node, ESLINT_RULES)) continue;
          report(reference, declaration);
        }
      }

      function report(reference: Reference, declaration: Declaration) {
        const line = declaration.name.startRow + 1;
        const what = declaration.kind === 'import' ? `an import binding (line ${line})` : `declared \`${declaration.form}\` on line ${line}`;
        const node = writeExpression(reference.node);
        context.report({
          node,
          message: `\`${reference.name}\` is ${what}, so this ${describeWrite(node)} throws a TypeError when it runs.`,
          evidence: { name: reference.name, declaredAs: declaration.kind === 'import' ? 'import' : declaration.form, declarationLine: String(line) },
        });
      }
    },
  }),
);

function describeWrite(node: SyntaxNode): string {
  if (node.type === 'update_expression') return `\`${node.text}\``;
  if (node.type === 'augmented_assignment_expression') return 'compound assignment';
  return 'assignment';
}
