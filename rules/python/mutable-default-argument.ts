import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';

const DISPLAYS: Record<string, string> = {
  list: 'list',
  dictionary: 'dict',
  set: 'set',
  list_comprehension: 'list',
  dictionary_comprehension: 'dict',
  set_comprehension: 'set',
};

const MUTABLE_BUILTINS = new Set(['list', 'dict', 'set', 'bytearray']);
/** Mutable containers of `collections`; a bare name counts only when the file imports it from there. */
const MUTABLE_COLLECTIONS = new Set(['defaultdict', 'OrderedDict', 'deque', 'Counter']);

/** Methods of list, dict, set, bytearray, deque and Counter that change the object in place. */
const MUTATORS = new Set([
  'append', 'extend', 'insert', 'pop', 'remove', 'clear', 'sort', 'reverse',
  'update', 'setdefault', 'popitem', 'move_to_end', 'subtract',
  'add', 'discard', 'intersection_update', 'difference_update', 'symmetric_difference_update',
  'appendleft', 'extendleft', 'popleft', 'rotate',
]);

const NESTING_SCOPES: ReadonlySet<string> = new Set(['function_definition', 'lambda']);

/** A shared default that is meant to persist between calls says so in its name: `_seen`, `cache`, `memo`. */
const DELIBERATE_NAME = /^_|cache|memo/i;

/** Containers a name can sit in while being bound: `a, b = ...`, `for (a, b) in ...`. */
const PATTERNS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'parenthesized_expression', 'expression_list', 'tuple', 'list']);

/**
 * What the default builds. `needs` is the name that must be bound to `collections` (or one of its
 * members) for the call to be one: `deque` for `deque()`, `collections.` for `collections.deque()`.
 */
interface Default {
  kind: string;
  needs?: string;
}

function mutableDefault(value: SyntaxNode): Default | undefined {
  if (Object.hasOwn(DISPLAYS, value.type)) return { kind: DISPLAYS[value.type] };
  if (value.type !== 'call') return undefined;
  const callee = value.field('function');
  if (callee?.type === 'identifier') {
    if (MUTABLE_BUILTINS.has(callee.text)) return { kind: callee.text };
    return { kind: callee.text, needs: callee.text };
  }
  if (callee?.type === 'attribute') {
    const object = callee.field('object');
    const name = callee.field('attribute')?.text ?? '';
    if (object?.type === 'identifier' && MUTABLE_COLLECTIONS.has(name)) return { kind: name, needs: `${object.text}.` };
  }
  return undefined;
}

/** How the function body lets the shared default change: it mutates it, or hands it to code that may. */
interface SharingUse {
  /** The code that does it, e.g. `tags.append(tag)` or `return tags`. */
  node: SyntaxNode;
  effect: 'changes it' | 'returns it' | 'stores it';
}

/** The outermost node of a pattern the identifier sits in, and the field that pattern fills. */
function patternRoot(identifier: SyntaxNode): SyntaxNode {
  let node = identifier;
  while (node.parent && PATTERNS.has(node.parent.type)) node = node.parent;
  return node;
}

/** Whether this occurrence (re)binds the name, after which uses may refer to another object. */
function binds(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  if (['global_statement', 'nonlocal_statement', 'delete_statement', 'as_pattern_target', 'dotted_name', 'aliased_import'].includes(parent.type)) return true;
  if (parent.type === 'named_expression' && identifier.fieldName === 'name') return true;
  if ((parent.type === 'function_definition' || parent.type === 'class_definition') && identifier.fieldName === 'name') return true;
  if (identifier.closest('case_pattern')) return true;
  const root = patternRoot(identifier);
  const holder = root.parent;
  if (!holder) return false;
  if (holder.type === 'assignment' && root.fieldName === 'left') return true;
  if ((holder.type === 'for_statement' || holder.type === 'for_in_clause') && root.fieldName === 'left') return true;
  return false;
}

/** Names a nested function or lambda declares as its own parameters, which hide the outer one. */
function declaresParameter(fn: SyntaxNode, name: string): boolean {
  const parameters = fn.field('parameters');
  if (!parameters) return false;
  for (const parameter of parameters.namedChildren) {
    const declared = parameter.type === 'identifier' ? parameter : parameter.field('name') ?? parameter.namedChildren.find((c) => c.type === 'identifier');
    if (declared?.text === name) return true;
  }
  return false;
}

function classify(identifier: SyntaxNode): SharingUse | 'rebound' | undefined {
  if (binds(identifier)) return 'rebound';
  // `p[k]` and `p[k][j]` reach into the same shared object.
  let target = identifier;
  while (target.parent?.type === 'subscript' && target.fieldName === 'value') target = target.parent;
  const parent = target.parent;
  if (!parent) return undefined;
  if (parent.type === 'attribute' && target.fieldName === 'object' && parent.fieldName === 'function' && parent.parent?.type === 'call') {
    if (MUTATORS.has(parent.field('attribute')?.text ?? '')) return { node: parent.parent, effect: 'changes it' };
    return undefined;
  }
  if (parent.type === 'augmented_assignment' && target.fieldName === 'left') return { node: parent, effect: 'changes it' };
  if (target !== identifier) {
    const root = patternRoot(target);
    if (root.parent?.type === 'assignment' && root.fieldName === 'left') return { node: root.parent, effect: 'changes it' };
    if (root.parent?.type === 'delete_statement') return { node: root.parent, effect: 'changes it' };
    return undefined;
  }
  const root = patternRoot(identifier);
  const holder = root.parent;
  if (holder?.type === 'return_statement' || holder?.type === 'yield') return { node: holder, effect: 'returns it' };
  if (holder?.type === 'lambda' && root.fieldName === 'body') return { node: holder, effect: 'returns it' };
  if (holder?.type === 'assignment' && root.fieldName === 'right') return { node: holder, effect: 'stores it' };
  return undefined;
}

/**
 * The first place the body mutates the parameter or lets it escape. A body that rebinds the name
 * (`items = list(items)`) is left alone: later uses may be of a copy.
 */
function sharingUse(fn: SyntaxNode, name: string): SharingUse | undefined {
  const body = fn.field('body');
  if (!body) return undefined;
  let found: SharingUse | undefined;
  const stack = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if ((node.type === 'function_definition' || node.type === 'lambda') && declaresParameter(node, name)) continue;
    if (node.type === 'identifier' && node.text === name) {
      const isMember = node.parent?.type === 'attribute' && node.fieldName === 'attribute';
      const isKeyword = node.parent?.type === 'keyword_argument' && node.fieldName === 'name';
      if (!isMember && !isKeyword) {
        const use = classify(node);
        if (use === 'rebound') return undefined;
        found ??= use;
      }
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return found;
}

/**
 * A function defined inside another gets a fresh default each time the outer one runs, so sharing is
 * confined to one outer call; there it is the deliberate counter/cache idiom (`def reader(lnum=[lnum])`).
 */
function isNested(fn: SyntaxNode): boolean {
  return fn.closest(NESTING_SCOPES) !== undefined;
}

function brief(text: string, limit = 40): string {
  const line = text.split(/\r?\n/)[0].trim();
  return line.length > limit || line !== text.trim() ? `${line.slice(0, limit - 3)}...` : line;
}

export default defineCodeRule(
  {
    id: 'python/mutable-default-argument',
    languages: ['python'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag mutable parameter defaults (list, dict, set, collections containers) that the function changes or hands out.',
    provenance: 'Ruff B006 / pylint W0102 (dangerous-default-value)',
    docs: {
      what:
        'A parameter of a `def`, `async def` or `lambda` whose default is a list, dict or set display or comprehension, ' +
        'or a call to `list()`, `dict()`, `set()`, `bytearray()` or `collections`\' `defaultdict()`, `OrderedDict()`, ' +
        '`deque()` or `Counter()`, when the function changes that object (`append`, `update`, `x[k] = v`, `+=`, ...) or ' +
        'lets it out (returns, yields or stores it). Immutable defaults (tuples, `frozenset()`, strings, numbers, `None`) ' +
        'are fine; a default the function only reads is harmless and not reported; parameters named like a deliberate ' +
        'cache (`_seen`, `cache`, `memo`) and functions nested in another function (whose default is re-created on each ' +
        'outer call, the counter/cache idiom) are skipped.',
      why:
        'A default is evaluated once, when the function is defined, not on each call. Every call that omits the argument ' +
        'gets the same object, so an `append` or a key set in one call is still there in the next: results leak between ' +
        'calls, requests or tests, and the bug only shows up on the second call.',
      example: 'def add_tag(tag, tags=[]):\n    tags.append(tag)\n    return tags\n\nadd_tag("a")  # ["a"]\nadd_tag("b")  # ["a", "b"]',
      useInstead: 'def add_tag(tag, tags=None):\n    if tags is None:\n        tags = []\n    tags.append(tag)\n    return tags',
    },
  },
  (context) => {
    /** Local names bound to `collections` members (`deque`, or an alias `dq`) or to the module itself (`collections.`). */
    const collectionsNames = new Map<string, string>();
    const pending: Array<{ found: Default; parameter: SyntaxNode; name: SyntaxNode; value: SyntaxNode; use: SharingUse }> = [];

    function onParameter(parameter: SyntaxNode) {
      const list = parameter.parent;
      if (list?.type !== 'parameters' && list?.type !== 'lambda_parameters') return;
      const name = parameter.field('name');
      const value = parameter.field('value');
      if (!name || !value || DELIBERATE_NAME.test(name.text)) return;
      const found = mutableDefault(value);
      const fn = list.parent;
      if (!found || !fn || isNested(fn)) return;
      const use = sharingUse(fn, name.text);
      if (use) pending.push({ found, parameter, name, value, use });
    }

    return {
      default_parameter: onParameter,
      typed_default_parameter: onParameter,
      import_statement(node) {
        for (const imported of node.fieldAll('name')) {
          const module = imported.type === 'aliased_import' ? imported.field('name') : imported;
          if (module?.text !== 'collections') continue;
          const alias = imported.type === 'aliased_import' ? imported.field('alias')?.text : undefined;
          collectionsNames.set(`${alias ?? 'collections'}.`, 'collections');
        }
      },
      import_from_statement(node) {
        if (node.field('module_name')?.text !== 'collections') return;
        for (const imported of node.fieldAll('name')) {
          const original = imported.type === 'aliased_import' ? imported.field('name')?.text : imported.text;
          if (!original || !MUTABLE_COLLECTIONS.has(original)) continue;
          collectionsNames.set(imported.type === 'aliased_import' ? imported.field('alias')?.text ?? original : original, original);
        }
      },
      'file:exit'() {
        for (const { found, parameter, name, value, use } of pending) {
          if (found.needs !== undefined && !collectionsNames.has(found.needs)) continue;
          const kind = found.needs?.endsWith('.') === false ? collectionsNames.get(found.needs)! : found.kind;
          const owner = parameter.parent?.type === 'lambda_parameters' ? 'the lambda is created' : 'the `def` runs';
          const useLine = use.node.startRow + 1;
          const useText = brief(use.node.text, 50);
          context.report({
            node: parameter,
            message:
              `Parameter \`${name.text}\` defaults to \`${brief(value.text)}\`, ${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind} created once when ` +
              `${owner} and shared by every call that omits it; \`${useText}\` at line ${useLine} ${use.effect}.`,
            evidence: { parameter: name.text, default: value.text, kind, use: useText, useLine: String(useLine) },
          });
        }
      },
    };
  },
);
