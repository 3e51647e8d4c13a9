import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { descendantsInScope, isAttributeName, isKeywordName, parameterNames, SCOPE_TYPES, targetNames } from '../../src/rule-helpers/python/python-scopes.js';

/** Methods that keep their argument for later. */
const STORING_METHODS = new Set(['append', 'appendleft', 'add', 'insert', 'setdefault']);
/** Keyword arguments that GUI and event libraries keep as callbacks (`Button(command=...)`). */
const CALLBACK_KEYWORDS = new Set(['command', 'callback']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension']);
/** Containers a function can sit in while the container itself is what gets stored. */
const WRAPPERS = new Set(['tuple', 'list', 'pair', 'dictionary', 'parenthesized_expression', 'expression_list']);

interface LoopVariable {
  name: string;
  loop: SyntaxNode;
}

/** Variables of the `for` loops and comprehensions around `node`, up to the enclosing function. */
function enclosingLoopVariables(node: SyntaxNode): LoopVariable[] {
  const found: LoopVariable[] = [];
  let child = node;
  for (const ancestor of node.ancestors()) {
    if (SCOPE_TYPES.has(ancestor.type)) break;
    if (ancestor.type === 'for_statement' && child === ancestor.field('body')) {
      for (const n of targetNames(ancestor.field('left')!)) found.push({ name: n.text, loop: ancestor });
    }
    if (COMPREHENSIONS.has(ancestor.type) && child === ancestor.field('body')) {
      for (const clause of ancestor.namedChildren.filter((c) => c.type === 'for_in_clause')) {
        for (const n of targetNames(clause.field('left')!)) found.push({ name: n.text, loop: ancestor });
      }
    }
    child = ancestor;
  }
  return found;
}

/** Free names a function body reads: identifiers that are not its parameters or bound inside it. */
function freeNamesRead(definition: SyntaxNode): Set<string> {
  const body = definition.field('body');
  const names = new Set<string>();
  if (!body) return names;
  const local = new Set(parameterNames(definition));
  for (const d of body.descendants()) {
    if (d.type === 'for_in_clause' || d.type === 'for_statement') for (const n of targetNames(d.field('left')!)) local.add(n.text);
    if ((d.type === 'assignment' || d.type === 'augmented_assignment') && d.field('left')) for (const n of targetNames(d.field('left')!)) local.add(n.text);
    if (d.type === 'lambda' || d.type === 'function_definition') for (const p of parameterNames(d)) local.add(p);
  }
  for (const d of body.descendants()) {
    if (d.type === 'identifier' && !isAttributeName(d) && !isKeywordName(d) && !local.has(d.text)) names.add(d.text);
  }
  return names;
}

/** How `expression` is kept for later, e.g. "stored by `handlers.append(...)`"; undefined when it is used at once. */
function storage(expression: SyntaxNode): string | undefined {
  let current = expression;
  while (current.parent && WRAPPERS.has(current.parent.type)) current = current.parent;
  const parent = current.parent;
  if (!parent) return undefined;
  if (COMPREHENSIONS.has(parent.type) && current === parent.field('body')) return `collected by the comprehension`;
  if (parent.type === 'assignment' && current.fieldName === 'right') {
    const left = parent.field('left');
    if (left?.type === 'subscript') return `stored in \`${left.text}\``;
    return undefined;
  }
  if (parent.type === 'keyword_argument' && CALLBACK_KEYWORDS.has(parent.field('name')?.text ?? '')) {
    return `registered as \`${parent.field('name')!.text}=\``;
  }
  if (parent.type !== 'argument_list') return undefined;
  const callee = parent.parent?.field('function');
  const method = callee?.type === 'attribute' ? callee.field('attribute')?.text : undefined;
  if (method && STORING_METHODS.has(method)) return `stored by \`${callee!.text}(...)\``;
  return undefined;
}

/** For `def handler(): ...` inside a loop: how the loop body later stores `handler`, if it does. */
function storageOfNamedFunction(definition: SyntaxNode, loop: SyntaxNode): string | undefined {
  const name = definition.field('name')?.text;
  const body = loop.type === 'for_statement' ? loop.field('body') : undefined;
  if (!name || !body) return undefined;
  for (const d of descendantsInScope(body)) {
    if (d.type !== 'identifier' || d.text !== name || d.startIndex < definition.endIndex) continue;
    const kept = storage(d);
    if (kept) return kept;
  }
  return undefined;
}

/**
 * A `break`, `return` or `raise` after the function is created, in its block or an enclosing block
 * of the loop body: only one function is kept, and the variable keeps the value it saw.
 */
function leavesLoopAfter(definition: SyntaxNode, loop: SyntaxNode): boolean {
  let crossedInnerLoop = false;
  for (let current: SyntaxNode | null = definition; current && current !== loop; current = current.parent) {
    const block = current.parent;
    if (block?.type === 'block') {
      for (let i = current.indexInParent + 1; i < block.children.length; i++) {
        const t = block.children[i].type;
        if (t === 'return_statement' || t === 'raise_statement' || (t === 'break_statement' && !crossedInnerLoop)) return true;
      }
    }
    if (current !== definition && (current.type === 'for_statement' || current.type === 'while_statement')) crossedInnerLoop = true;
  }
  return false;
}

export default defineCodeRule(
  {
    id: 'python/late-binding-closure',
    languages: ['python'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag lambdas and nested functions created in a loop, kept for later, that read the loop variable.',
    provenance: 'flake8-bugbear B023 / Ruff B023, pylint cell-var-from-loop (W0640)',
    docs: {
      what: 'A `lambda` or nested `def` created inside a `for` loop or comprehension that reads the loop variable and is kept for later: appended or added to a collection, stored under a key, collected by a list/set/dict comprehension, or passed as a `command=`/`callback=` argument. Functions that bind the variable as a default argument (`lambda i=i: ...`) or are called immediately are not flagged.',
      why: 'A closure looks the variable up when it is called, not when it is created. By then the loop has finished, so every stored function sees the last value: all buttons open the last file, all handlers use the last key.',
      example: 'handlers = []\nfor name in ("save", "load", "quit"):\n    handlers.append(lambda: run(name))',
      useInstead: 'handlers = []\nfor name in ("save", "load", "quit"):\n    handlers.append(lambda name=name: run(name))\n# or functools.partial(run, name)',
    },
  },
  (context) => {
    const check = (definition: SyntaxNode, kind: string, kept: (loop: SyntaxNode) => string | undefined) => {
      const variables = enclosingLoopVariables(definition);
      if (variables.length === 0) return;
      const free = freeNamesRead(definition);
      const captured = variables.find((v) => free.has(v.name));
      if (!captured) return;
      const how = kept(captured.loop);
      if (!how) return;
      if (captured.loop.type === 'for_statement' && leavesLoopAfter(definition, captured.loop)) return;
      const loopLine = captured.loop.startRow + 1;
      const loopKind = captured.loop.type === 'for_statement' ? `\`for\` loop at line ${loopLine}` : `comprehension at line ${loopLine}`;
      context.report({
        node: definition,
        message: `The ${kind} ${how} reads loop variable \`${captured.name}\` when it is called, not when it is created: after the ${loopKind} moves on, every kept function sees the latest value.`,
        evidence: { loopVariable: captured.name, loopLine: String(loopLine), kept: how },
      });
    };
    return {
      lambda(node) {
        check(node, 'lambda', () => storage(node));
      },
      function_definition(node) {
        const name = node.field('name')?.text ?? 'function';
        check(node, `function \`${name}\``, (loop) => storageOfNamedFunction(node, loop));
      },
    };
  },
);
