import { hasNoqa, similarNames } from '../../src/analysis/helpers.js';
import type { Reference, Scope, SemanticModel } from '../../src/analysis/index.js';
import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';

/** Names type checkers understand without an import; at run time they only appear in checked-out code. */
const TYPE_CHECKER_INTRINSICS = new Set(['reveal_type', 'reveal_locals']);
/** Builtins that can create module names from strings. */
const NAME_CREATORS = new Set(['exec', 'globals', '__builtins__']);
const VERSION_GUARD = /\b(version_info|PY2|PY3|PY_2|PY_3|PY2K|IS_PY2|IS_PY3)\b/;

/**
 * Inside the `try:` body of a `try` that handles NameError (`try: unicode / except NameError: ...`), or a
 * `with self.assertRaises(NameError):` / `with pytest.raises(NameError):` block: the error is expected.
 */
function guardedByNameError(node: SyntaxNode): boolean {
  for (let n: SyntaxNode | null = node.parent, from: SyntaxNode = node; n; from = n, n = n.parent) {
    if (n.type === 'with_statement' && /\bNameError\b/.test(n.children.find((c) => c.type === 'with_clause')?.text ?? '')) return true;
    // Default values and decorators run where the function is defined; only its body runs later.
    if ((n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') && from.fieldName === 'body') return false;
    if (n.type === 'block' && n.fieldName === 'body' && n.parent?.type === 'try_statement') {
      for (const handler of n.parent.children) {
        if (handler.type !== 'except_clause') continue;
        const value = handler.field('value');
        if (!value || /\bNameError\b/.test(value.text)) return true;
      }
    }
  }
  return false;
}

/** Inside `if sys.version_info < (3,):` / `if PY2:`: code written for another interpreter. */
function underVersionCheck(node: SyntaxNode): boolean {
  for (let n: SyntaxNode | null = node.parent; n; n = n.parent) {
    if (n.type === 'if_statement' || n.type === 'elif_clause' || n.type === 'conditional_expression') {
      const condition = n.field('condition') ?? n.namedChildren[1];
      if (condition && VERSION_GUARD.test(condition.text)) return true;
      if (n.type === 'if_statement' && n.children.some((c) => c.type === 'elif_clause' && VERSION_GUARD.test(c.field('condition')?.text ?? ''))) return true;
    }
  }
  return false;
}

function fileCreatesNames(model: SemanticModel): boolean {
  if (model.hasStarImport) return true;
  return model.references.some(
    (r) =>
      (r.resolution === 'builtin' && NAME_CREATORS.has(r.name)) ||
      // `import builtins; builtins.x = ...` / `setattr(builtins, ...)`
      (r.name === 'builtins' && r.symbol?.kind === 'import') ||
      // `sys.modules[__name__].__dict__.update(...)` / `setattr(sys.modules[__name__], ...)`
      (r.name === '__name__' && r.node.parent?.type === 'subscript' && /\bmodules$/.test(r.node.parent.field('value')?.text ?? '')),
  );
}

/**
 * Names bound in the body of a decorated class: decorators such as `enum.global_enum` copy class
 * attributes into the module, so a bare use elsewhere may be defined at run time.
 */
function decoratedClassNames(model: SemanticModel): Set<string> {
  const names = new Set<string>();
  for (const scope of model.scopes) {
    if (scope.kind !== 'class' || scope.node.parent?.type !== 'decorated_definition') continue;
    for (const name of scope.symbols.keys()) names.add(name);
  }
  return names;
}

/** The class whose body binds the name, when the reference sits in code nested in that class body. */
function enclosingClassBinding(reference: Reference): string | undefined {
  for (let s: Scope | undefined = reference.scope.parent; s; s = s.parent) {
    if (s.kind === 'class' && s.symbols.has(reference.name)) return s.node.field('name')?.text;
  }
  return undefined;
}

function scopeDescription(reference: Reference): string | undefined {
  for (let s: Scope | undefined = reference.scope; s; s = s.parent) {
    if (s.kind !== 'function' && s.kind !== 'class') continue;
    const name = s.node.field('name')?.text;
    if (name) return `${s.kind} \`${name}\``;
  }
  return undefined;
}

export default defineCodeRule(
  {
    id: 'python/undefined-name',
    languages: ['python'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag names that are read but bound nowhere in scope and are not builtins.',
    provenance: 'Ruff/pyflakes F821',
    docs: {
      what: 'A name read (or deleted) where no enclosing scope binds it (no assignment, import, parameter, `def`, `class`, loop or `with` target) and that is not a Python builtin. Class attributes read from a method without `self.` count: a class body is not an enclosing scope of its methods.',
      why: 'Python only looks names up when the line runs, so the mistake stays hidden until that path executes and raises NameError: often in an error handler or a rarely taken branch, in production.',
      example: 'class Cart:\n    TAX = 0.2\n\n    def total(self, price):\n        return price * (1 + TAX)\n\ndef report(rows):\n    return len(row)',
      useInstead: 'class Cart:\n    TAX = 0.2\n\n    def total(self, price):\n        return price * (1 + self.TAX)\n\ndef report(rows):\n    return len(rows)',
    },
  },
  (context) => ({
    'file:exit'() {
      const model = context.semantic();
      if (!model || fileCreatesNames(model)) return;
      const builtinNames = knownBuiltins(model);
      const injected = decoratedClassNames(model);
      // `global x` promises a module variable that other code (another module, `setattr`) may create.
      for (const scope of model.scopes) for (const name of scope.globalNames) injected.add(name);
      for (const reference of model.unresolvedReferences) {
        if (!reference.isRead && !reference.isDelete) continue;
        const name = reference.name;
        if (TYPE_CHECKER_INTRINSICS.has(name) || model.namesInErrors.has(name) || injected.has(name)) continue;
        if (model.isDynamic(reference.scope)) continue;
        if (guardedByNameError(reference.node) || underVersionCheck(reference.node)) continue;
        if (hasNoqa(context.source, reference.node, 'F821')) continue;
        const owner = enclosingClassBinding(reference);
        if (owner) {
          context.report({
            node: reference.node,
            message: `\`${name}\` is an attribute of class \`${owner}\`, which code nested in the class body cannot read as a bare name: write \`self.${name}\` or \`${owner}.${name}\`.`,
            evidence: { name, class: owner },
          });
          continue;
        }
        const similar = similarNames(name, reference.scope, builtinNames);
        const hint = similar.length ? ` (did you mean ${similar.map((s) => `\`${s}\``).join(' or ')}?)` : '';
        const where = scopeDescription(reference);
        const places = where ? `${where}, its enclosing scopes` : 'the module';
        context.report({
          node: reference.node,
          message: `\`${name}\` is not defined: nothing in ${places} or the builtins binds it${hint}.`,
          evidence: { name, scope: where ?? 'module', ...(similar.length ? { similar: similar.join(', ') } : {}) },
        });
      }
    },
  }),
);

function knownBuiltins(model: SemanticModel): string[] {
  // The model answers membership; suggestions only need the common builtins a typo is likely to miss.
  return COMMON_BUILTINS.filter((n) => model.isBuiltin(n));
}

const COMMON_BUILTINS = ['print', 'len', 'range', 'enumerate', 'isinstance', 'str', 'int', 'float', 'list', 'dict', 'set', 'tuple', 'sorted', 'open', 'super', 'Exception', 'ValueError', 'TypeError', 'KeyError', 'None', 'True', 'False'];
