import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { isBytes, stringParts } from '../../src/rule-helpers/python/literal-strings.js';
import { BUILTIN_NAMES, descendantsInScope, enclosingScope, moduleStatements, parameterNames, targetNames } from '../../src/rule-helpers/python/python-scopes.js';

/** The Python type name of a value that visibly cannot be called, or undefined when it might be callable. */
function nonCallableType(value: SyntaxNode | undefined): string | undefined {
  if (!value) return undefined;
  switch (value.type) {
    case 'list':
    case 'list_comprehension':
      return 'list';
    case 'dictionary':
    case 'dictionary_comprehension':
      return 'dict';
    case 'set':
    case 'set_comprehension':
      return 'set';
    case 'tuple':
    case 'expression_list':
      return 'tuple';
    case 'generator_expression':
      return 'generator';
    case 'string':
    case 'concatenated_string':
      return stringParts(value)?.some(isBytes) ? 'bytes' : 'str';
    case 'integer':
      return 'int';
    case 'float':
      return 'float';
    case 'true':
    case 'false':
    case 'comparison_operator':
    case 'not_operator':
      return 'bool';
    case 'none':
      return 'NoneType';
    case 'parenthesized_expression':
      return nonCallableType(value.namedChildren.find((c) => c.type !== 'comment'));
    case 'conditional_expression': {
      const [whenTrue, , whenFalse] = value.namedChildren.filter((c) => c.type !== 'comment');
      const type = nonCallableType(whenTrue);
      return type && type === nonCallableType(whenFalse) ? type : undefined;
    }
    case 'binary_operator': {
      const type = nonCallableType(value.field('left'));
      return type && type === nonCallableType(value.field('right')) && type !== 'NoneType' ? type : undefined;
    }
    case 'call': {
      const callee = value.field('function');
      return callee?.type === 'identifier' ? BUILTIN_RESULTS[callee.text] : undefined;
    }
  }
  return undefined;
}

/** Builtins whose result type is fixed and not callable: `max = len(word)` holds an `int`. */
const BUILTIN_RESULTS: Record<string, string> = {
  len: 'int', int: 'int', ord: 'int', hash: 'int', id: 'int', float: 'float', str: 'str', repr: 'str', chr: 'str', hex: 'str',
  oct: 'str', bin: 'str', ascii: 'str', bool: 'bool', list: 'list', sorted: 'list', dict: 'dict', set: 'set', tuple: 'tuple',
};

interface Binding {
  name: SyntaxNode;
  /** Type name when every binding in the scope is a visibly non-callable value; undefined otherwise. */
  type: string | undefined;
}

/**
 * What one scope's statements hold that can bind a name: the identifiers in the scope (nested
 * functions, lambdas and classes excluded) in source order, grouped by name, and the names of the
 * functions and classes defined there. Built in one walk per scope, since every builtin called in
 * the scope asks about its own name.
 */
interface ScopeNames {
  identifiers: Map<string, SyntaxNode[]>;
  definitions: Set<string>;
}

function scopeNames(statements: readonly SyntaxNode[]): ScopeNames {
  const identifiers = new Map<string, SyntaxNode[]>();
  const definitions = new Set<string>();
  for (const statement of statements) {
    const definition = statement.type === 'decorated_definition' ? statement.field('definition') : statement;
    if (definition && (definition.type === 'function_definition' || definition.type === 'class_definition')) {
      const name = definition.field('name')?.text;
      if (name !== undefined) definitions.add(name);
      continue;
    }
    for (const node of descendantsInScope(statement)) {
      if (node.type === 'identifier') {
        const text = node.text;
        const list = identifiers.get(text);
        if (list) list.push(node);
        else identifiers.set(text, [node]);
      } else if (node.type === 'function_definition' || node.type === 'class_definition') {
        const name = node.field('name')?.text;
        if (name !== undefined) definitions.add(name);
      }
    }
  }
  return { identifiers, definitions };
}

/**
 * How a scope (a function body or the module) binds `name`: the first binding, and the value type if
 * all bindings are plain non-callable values. `x += 1` keeps the type; loop targets, unpacking,
 * imports, `def`, `global` and the like make it unknown.
 */
function bindingIn(names: ScopeNames, name: string, parameters: string[]): Binding | undefined | 'unknown' {
  if (parameters.includes(name)) return 'unknown';
  let first: SyntaxNode | undefined;
  const types = new Set<string>();
  let unknown = names.definitions.has(name);
  for (const node of names.identifiers.get(name) ?? []) {
    const parent = node.parent;
    if (!parent) continue;
    if (parent.type === 'assignment' && node.fieldName === 'left') {
      first ??= node;
      const type = parent.field('type') ? undefined : nonCallableType(parent.field('right'));
      if (type) types.add(type);
      else unknown = true;
    } else if (parent.type === 'augmented_assignment' && node.fieldName === 'left') {
      continue;
    } else if (isOtherBinding(node)) {
      unknown = true;
    }
  }
  if (!first && !unknown) return undefined;
  if (unknown || !first || types.size !== 1) return 'unknown';
  return { name: first, type: [...types][0] };
}

/** Bindings other than `name = value`: loop and `with` targets, unpacking, walrus, imports, `global`, `del`, `except ... as`. */
function isOtherBinding(identifier: SyntaxNode): boolean {
  let node = identifier;
  for (const ancestor of identifier.ancestors()) {
    switch (ancestor.type) {
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'as_pattern_target':
      case 'aliased_import':
      case 'global_statement':
      case 'nonlocal_statement':
      case 'delete_statement':
      case 'import_statement':
      case 'import_from_statement':
      case 'list_splat_pattern':
        return true;
      case 'for_statement':
      case 'for_in_clause':
        return node.fieldName === 'left';
      case 'named_expression':
        return identifier.fieldName === 'name' && identifier.parent === ancestor;
      case 'assignment':
        return node.fieldName === 'left';
      case 'tuple':
      case 'list':
      case 'parenthesized_expression':
      case 'expression_list':
        node = ancestor;
        continue;
      default:
        return false;
    }
  }
  return false;
}

const calledName = (call: SyntaxNode): string | undefined => {
  const callee = call.field('function');
  return callee?.type === 'identifier' ? callee.text : undefined;
};

export default defineCodeRule(
  {
    id: 'python/builtin-shadowing',
    languages: ['python'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag a builtin name (`list`, `max`, `str`, ...) assigned a non-callable value and then called as if it were still the builtin.',
    provenance: 'pylint redefined-builtin (W0622) / Ruff A001, narrowed to the cases that break',
    docs: {
      what: 'A module-level or function-level variable named like a builtin function or type (`list`, `dict`, `str`, `id`, `type`, `input`, `max`, `min`, `sum`, `len`, `open`, `filter`, `map`, ...) that is only ever assigned plain non-callable values (a number, string, list, dict, comprehension, ...), while the same scope also calls that name: `max = 0` and later `max(a, b)`. Shadowing on its own is not flagged: parameters (a caller-facing name, often a callable passed in, or the `len=len` speed idiom), loop variables, class attributes (`id = Column(...)`), attributes, aliases such as `input = raw_input`, and names that are never called in the scope.',
      why: 'The call reaches the local value instead of the builtin and fails with `TypeError: \'int\' object is not callable` (or `\'list\' object ...`), usually in a code path far from the assignment that caused it.',
      example: 'def longest(words):\n    max = 0\n    for word in words:\n        if len(word) > max:\n            max = len(word)\n    return max, max(words, key=len)',
      useInstead: 'def longest(words):\n    longest_length = 0\n    for word in words:\n        if len(word) > longest_length:\n            longest_length = len(word)\n    return longest_length, max(words, key=len)',
    },
  },
  (context) => {
    const reported = new Set<SyntaxNode>();
    const report = (binding: Binding, call: SyntaxNode, where: string) => {
      if (reported.has(binding.name)) return;
      reported.add(binding.name);
      const name = binding.name.text;
      const before = call.startIndex < binding.name.startIndex;
      const failure = before
        ? `refers to that local variable instead of the builtin and raises \`UnboundLocalError\` (or \`TypeError\` once the assignment has run)`
        : `calls that value instead of the builtin and raises \`TypeError: '${binding.type}' object is not callable\``;
      context.report({
        node: binding.name,
        message: `\`${name}\` is assigned ${/^[aeiou]/i.test(binding.type!) ? 'an' : 'a'} \`${binding.type}\` in ${where}, so the call \`${call.text.split('\n')[0]}\` at line ${call.startRow + 1} ${failure}.`,
        evidence: { name, valueType: binding.type!, callLine: String(call.startRow + 1) },
      });
    };
    /** Caches per scope, and per scope and name, since every call of `len(...)` asks the same question. */
    const names = new Map<number, ScopeNames>();
    const cache = new Map<string, Binding | undefined | 'unknown'>();
    const scopeBinding = (scope: SyntaxNode | undefined, name: string, at: SyntaxNode) => {
      const scopeKey = scope?.startIndex ?? -1;
      const key = `${scopeKey}:${name}`;
      if (!cache.has(key)) {
        let inScope = names.get(scopeKey);
        if (!inScope) {
          inScope = scopeNames(scope ? [scope.field('body')].filter((b): b is SyntaxNode => Boolean(b)) : moduleStatements(at));
          names.set(scopeKey, inScope);
        }
        cache.set(key, bindingIn(inScope, name, scope ? parameterNames(scope) : []));
      }
      return cache.get(key);
    };
    return {
      call(node) {
        const name = calledName(node);
        if (!name || !BUILTIN_NAMES.has(name)) return;
        // Resolve the name the way Python does: the innermost function binding it, else the module.
        for (let scope = enclosingScope(node); ; scope = enclosingScope(scope)) {
          if (scope?.type === 'class_definition' || scope?.type === 'lambda') continue;
          const binding = scopeBinding(scope, name, node);
          if (binding === 'unknown') return;
          if (binding) {
            // At module level only an assignment above the call has happened when the call runs.
            if (!scope && !enclosingScope(node) && binding.name.startIndex > node.startIndex) return;
            report(binding, node, scope ? `\`${scope.field('name')?.text ?? 'this function'}\`` : 'this module');
            return;
          }
          if (!scope) return;
        }
      },
    };
  },
);
