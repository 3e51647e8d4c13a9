import { defineCodeRule } from '../../src/engine/rule.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import { descendantsInScope, enclosingScope, moduleStatements, owningClass, parameterName, parameterNodes } from '../../src/rule-helpers/python/python-scopes.js';

type Kind = 'list' | 'dict' | 'set';

/**
 * Methods that remove or insert elements, per builtin type, with the argument counts the builtin
 * accepts (a `clear(domain, path)` with arguments is some other class's method). `append`/`extend`
 * are left out on purpose: appending to the list being iterated is the usual worklist idiom
 * (`for node in queue: queue.extend(children)`).
 */
const SIZE_CHANGING: Record<Kind, Record<string, [number, number]>> = {
  list: { remove: [1, 1], pop: [0, 1], insert: [2, 2], clear: [0, 0] },
  dict: { pop: [1, 2], popitem: [0, 0], clear: [0, 0] },
  set: { remove: [1, 1], pop: [0, 0], discard: [1, 1], add: [1, 1], clear: [0, 0] },
};
/** `for k in d.keys()` iterates over a live view of dict `d`. */
const VIEWS = new Set(['keys', 'values', 'items']);

const CONSTRUCTORS: Record<string, Kind> = {
  list: 'list', sorted: 'list', dict: 'dict', defaultdict: 'dict', OrderedDict: 'dict', Counter: 'dict', set: 'set',
};
const ANNOTATIONS: Record<string, Kind> = {
  list: 'list', List: 'list', dict: 'dict', Dict: 'dict', DefaultDict: 'dict', OrderedDict: 'dict', Counter: 'dict', set: 'set', Set: 'set',
};
const DISPLAY_KINDS: Record<string, Kind> = {
  list: 'list', list_comprehension: 'list', dictionary: 'dict', dictionary_comprehension: 'dict', set: 'set', set_comprehension: 'set',
};

/** The builtin collection a value expression creates, if it visibly creates one. */
function valueKind(value: SyntaxNode | undefined): Kind | undefined {
  if (!value) return undefined;
  if (DISPLAY_KINDS[value.type]) return DISPLAY_KINDS[value.type];
  if (value.type !== 'call') return undefined;
  const callee = value.field('function');
  const name = callee?.type === 'identifier' ? callee.text : callee?.type === 'attribute' ? callee.field('attribute')?.text : undefined;
  return name ? CONSTRUCTORS[name] : undefined;
}

/** `list[int]`, `typing.Dict[str, int]`, `set`: the builtin collection an annotation names. */
function annotationKind(annotation: SyntaxNode | undefined): Kind | undefined {
  let inner = annotation?.type === 'type' ? annotation.namedChildren[0] : annotation;
  if (inner?.type === 'generic_type') inner = inner.namedChildren[0];
  else if (inner?.type === 'subscript') inner = inner.field('value');
  if (!inner) return undefined;
  const last = inner.type === 'attribute' ? inner.field('attribute')?.text : inner.type === 'identifier' ? inner.text : undefined;
  return last ? ANNOTATIONS[last] : undefined;
}

/** The kind every binding in `bindings` agrees on; undefined when one is unknown or they disagree. */
function agreedKind(kinds: Array<Kind | undefined>): Kind | undefined {
  if (kinds.length === 0 || kinds.some((k) => k === undefined) || new Set(kinds).size !== 1) return undefined;
  return kinds[0];
}

/** Kinds of the assignments to `target` (a name or `self.x` text) directly in the statements of `root`'s scope. */
function assignedKinds(root: SyntaxNode, target: string): Array<Kind | undefined> | undefined {
  const kinds: Array<Kind | undefined> = [];
  for (const node of descendantsInScope(root)) {
    if (node.type === 'assignment' || node.type === 'augmented_assignment') {
      const left = node.field('left');
      if (!left) continue;
      if (left.text.replace(/\s+/g, '') === target) {
        if (node.type === 'augmented_assignment') continue;
        kinds.push(node.field('type') ? annotationKind(node.field('type')) ?? valueKind(node.field('right')) : valueKind(node.field('right')));
      } else if (left.type !== 'identifier' && left.type !== 'attribute' && left.type !== 'subscript' && left.text.includes(target)) {
        return undefined; // unpacking into the name: cannot follow
      }
    } else if ((node.type === 'for_statement' || node.type === 'named_expression' || node.type === 'as_pattern_target') && (node.field('left') ?? node.field('name') ?? node).text === target) {
      return undefined;
    }
  }
  return kinds;
}

/** What builtin collection `collection` (a name or `self.x`) is, judged from its visible bindings only. */
function collectionKind(collection: SyntaxNode, loop: SyntaxNode): Kind | undefined {
  const scope = enclosingScope(loop);
  if (collection.type === 'identifier') {
    if (scope?.type === 'function_definition') {
      const kinds: Array<Kind | undefined> = [];
      for (const parameter of parameterNodes(scope)) {
        if (parameterName(parameter)?.text === collection.text) kinds.push(annotationKind(parameter.field('type')));
      }
      const body = scope.field('body');
      const assigned = body ? assignedKinds(body, collection.text) : undefined;
      if (!assigned) return undefined;
      kinds.push(...assigned);
      if (kinds.length > 0) return agreedKind(kinds);
      for (const d of descendantsInScope(scope)) if (d.type === 'global_statement' || d.type === 'nonlocal_statement') return undefined;
    } else if (scope) {
      return undefined;
    }
    // A module-level collection used from a function or from the module itself.
    const kinds: Array<Kind | undefined> = [];
    for (const statement of moduleStatements(loop)) {
      const assignment = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
      if (assignment?.type !== 'assignment' || assignment.field('left')?.text !== collection.text) continue;
      kinds.push(annotationKind(assignment.field('type')) ?? valueKind(assignment.field('right')));
    }
    return agreedKind(kinds);
  }
  // `self.items`: what the class's own methods and body assign to it.
  const object = collection.field('object');
  if (object?.type !== 'identifier' || object.text !== 'self' || scope?.type !== 'function_definition') return undefined;
  const owner = owningClass(scope);
  const classBody = owner?.field('body');
  if (!classBody) return undefined;
  const attribute = collection.field('attribute')!.text;
  const kinds: Array<Kind | undefined> = [];
  for (const statement of classBody.namedChildren) {
    const definition = statement.type === 'decorated_definition' ? statement.field('definition') : statement;
    if (definition?.type === 'function_definition') {
      const body = definition.field('body');
      const assigned = body ? assignedKinds(body, `self.${attribute}`) : undefined;
      if (!assigned) return undefined;
      kinds.push(...assigned);
    } else if (statement.type === 'expression_statement' && statement.namedChildren[0]?.type === 'assignment') {
      const assignment = statement.namedChildren[0];
      if (assignment.field('left')?.text === attribute) kinds.push(annotationKind(assignment.field('type')) ?? valueKind(assignment.field('right')));
    }
  }
  return agreedKind(kinds);
}

/** `items`, `self.items`: the collection a loop iterates directly, or through a dict view. */
function iteratedCollection(iterable: SyntaxNode): { collection: SyntaxNode; view?: string } | undefined {
  const isReference = (n: SyntaxNode) => n.type === 'identifier' || (n.type === 'attribute' && n.field('object')?.type === 'identifier');
  if (isReference(iterable)) return { collection: iterable };
  if (iterable.type !== 'call') return undefined;
  const callee = iterable.field('function');
  const args = iterable.field('arguments');
  if (callee?.type !== 'attribute' || !args || args.namedChildren.length > 0) return undefined;
  const method = callee.field('attribute')?.text ?? '';
  const object = callee.field('object');
  if (!VIEWS.has(method) || !object || !isReference(object)) return undefined;
  return { collection: object, view: method };
}

/**
 * A `break`, `return` or `raise` after the change, in its block or an enclosing block inside the loop
 * body: the loop stops right after the change, which is safe. A `break` only counts when no inner
 * loop sits in between (it would leave that inner loop instead).
 */
function leavesLoopAfter(statement: SyntaxNode, loop: SyntaxNode): boolean {
  let crossedInnerLoop = false;
  for (let current: SyntaxNode | null = statement; current && current !== loop; current = current.parent) {
    const block = current.parent;
    if (block?.type === 'block') {
      for (let i = current.indexInParent + 1; i < block.children.length; i++) {
        const t = block.children[i].type;
        if (t === 'return_statement' || t === 'raise_statement' || (t === 'break_statement' && !crossedInnerLoop)) return true;
      }
    }
    if (current !== statement && (current.type === 'for_statement' || current.type === 'while_statement')) crossedInnerLoop = true;
  }
  return false;
}

/** The statement in some block that holds `node`. */
function statementOf(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent && current.parent.type !== 'block') current = current.parent;
  return current;
}

export default defineCodeRule(
  {
    id: 'python/modified-while-iterating',
    languages: ['python'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag removing from or inserting into a collection inside a `for` loop over that same collection.',
    provenance: 'pylint modified-iterating-list/dict/set (W4701, E4702, E4703) / Ruff B909',
    docs: {
      what: 'A `for` loop over a list, dict, set or dict view (`d.keys()`, `d.items()`) whose body removes or inserts elements of that same collection (`remove`, `pop`, `insert`, `clear`, `popitem`, `add`, `discard`, or `del items[i]`) without leaving the loop right after (`break`, `return`, `raise`). The collection must visibly be a builtin list, dict or set: every assignment to it in the function (or, for `self.x`, in the class) creates one, or its annotation says so; other classes may iterate over a copy. Loops over a copy (`list(items)`, `items[:]`, `items.copy()`) and `append`/`extend` (the worklist idiom) are not flagged.',
      why: 'For a list, the iterator keeps its index while the elements shift, so the element after each removed one is skipped and some items are never looked at. For a dict or set, Python raises `RuntimeError: dictionary changed size during iteration` on the next step.',
      example: 'for user in users:\n    if user.inactive:\n        users.remove(user)',
      useInstead: 'users = [user for user in users if not user.inactive]\n# or iterate over a copy: for user in list(users):',
    },
  },
  (context) => ({
    for_statement(loop) {
      const iterable = loop.field('right');
      const body = loop.field('body');
      if (!iterable || !body) return;
      const target = iteratedCollection(iterable);
      if (!target) return;
      const { collection, view } = target;
      // Cheap checks first: only work out the collection's type when the body touches it.
      let kind: Kind | undefined | null = null;
      const kindOf = () => (kind === null ? (kind = collectionKind(collection, loop)) : kind);
      const loopLine = loop.startRow + 1;
      for (const node of descendantsInScope(body)) {
        let change: SyntaxNode | undefined;
        let operation = '';
        if (node.type === 'call') {
          const callee = node.field('function');
          const method = callee?.type === 'attribute' ? callee.field('attribute')?.text ?? '' : '';
          const object = callee?.field('object');
          if (!method || !object || !sameSyntax(object, collection)) continue;
          const k = kindOf();
          const arity = k ? SIZE_CHANGING[k][method] : undefined;
          const args = node.field('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
          if (!arity || args.length < arity[0] || args.length > arity[1] || args.some((a) => a.type.includes('splat'))) continue;
          [change, operation] = [node, `.${method}()`];
        } else if (node.type === 'delete_statement') {
          const deleted = node.namedChildren.flatMap((c) => (c.type === 'expression_list' ? c.namedChildren : [c]));
          const hit = deleted.find((d) => d.type === 'subscript' && d.field('value') && sameSyntax(d.field('value')!, collection));
          if (!hit || (kindOf() !== 'list' && kindOf() !== 'dict')) continue;
          [change, operation] = [node, 'del'];
        }
        if (!change) continue;
        const k = kindOf()!;
        // Iterating a dict view needs a dict; iterating a dict directly is the same as its keys.
        if (view && k !== 'dict') continue;
        if (leavesLoopAfter(statementOf(change), loop)) continue;
        const over = view ? `\`${collection.text}.${view}()\`` : `${k} \`${collection.text}\``;
        const consequence =
          k === 'list'
            ? operation === '.insert()'
              ? 'the elements shift under the iterator, so some are visited twice'
              : 'the remaining elements shift under the iterator, so the one after each removal is skipped'
            : `Python raises \`RuntimeError\` because the ${k} changed size during iteration`;
        context.report({
          node: change,
          message: `\`${change.text.split('\n')[0]}\` changes \`${collection.text}\` while the \`for\` loop at line ${loopLine} iterates over ${over}: ${consequence}.`,
          evidence: { collection: collection.text, type: k, operation, loopLine: String(loopLine) },
        });
      }
    },
  }),
);
