import type { SyntaxNode } from '../../parse/syntax-node.js';
import { codeChildren, FUNCTION_TYPES, literalTruthiness, unparenthesize } from './js-expressions.js';

/**
 * Small, conservative control-flow questions about one function body. "Conservative" means that
 * when the answer is unclear the helpers say the body may end without a value, and the callers
 * (rules that flag missing returns) then look for stronger evidence before reporting.
 */

/** Every node of the subtree that belongs to this function, not to a nested function or class. */
export function* ownNodes(body: SyntaxNode): Generator<SyntaxNode> {
  const stack: SyntaxNode[] = [...body.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    if (FUNCTION_TYPES.has(node.type)) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
}

/** `return <value>;` statements of the function (not of nested functions). */
export function valueReturns(body: SyntaxNode): SyntaxNode[] {
  return [...ownNodes(body)].filter((n) => n.type === 'return_statement' && codeChildren(n).length > 0);
}

/** `return;` statements of the function (not of nested functions). */
export function bareReturns(body: SyntaxNode): SyntaxNode[] {
  return [...ownNodes(body)].filter((n) => n.type === 'return_statement' && codeChildren(n).length === 0);
}

/**
 * The value expressions a function can return, in source order: an arrow's expression body or its
 * own `return`s, through `?:` and the last operand of `,`.
 */
export function returnedValues(fn: SyntaxNode): SyntaxNode[] {
  const body = fn.field('body');
  if (!body) return [];
  const roots: SyntaxNode[] = body.type === 'statement_block' ? valueReturns(body).map((r) => codeChildren(r)[0]) : [body];
  const values: SyntaxNode[] = [];
  while (roots.length > 0) {
    const value = unparenthesize(roots.pop()!);
    if (value.type === 'ternary_expression') {
      for (const branch of [value.field('consequence'), value.field('alternative')]) if (branch) roots.push(branch);
    } else if (value.type === 'sequence_expression') {
      const last = codeChildren(value).at(-1);
      if (last) roots.push(last);
    } else values.push(value);
  }
  return values.sort((a, b) => a.startIndex - b.startIndex);
}

const LOOP_TYPES: ReadonlySet<string> = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);
const BREAKABLE_TYPES: ReadonlySet<string> = new Set([...LOOP_TYPES, 'switch_statement']);

/**
 * Calls that by their name never come back: `process.exit()`, `assertNever(x)`, `fail("...")`,
 * `throwNotFound()`. Treating them as ending the path keeps exhaustive-switch idioms silent.
 */
const NEVER_RETURNING_NAME = /^(assert_?never|assert_?unreachable|unreachable|exhaustive\w*|fail|panic|abort|throw\w*|raise\w*)$/i;

function isNeverReturningCall(statement: SyntaxNode): boolean {
  const expression = codeChildren(statement)[0];
  if (!expression) return false;
  const call = unparenthesize(expression);
  if (call.type !== 'call_expression') return false;
  const callee = call.field('function');
  if (!callee) return false;
  if (callee.type === 'identifier') return NEVER_RETURNING_NAME.test(callee.text);
  if (callee.type === 'member_expression') {
    if (/^process\.(exit|abort)$/.test(callee.text)) return true;
    const property = callee.field('property')?.text ?? '';
    return NEVER_RETURNING_NAME.test(property);
  }
  return false;
}

/** Whether a `break` (or `continue`, when asked) inside `target` leaves `target`. */
function exitsVia(target: SyntaxNode, kinds: ReadonlySet<string>): boolean {
  for (const node of ownNodes(target)) {
    if (!kinds.has(node.type)) continue;
    const label = node.field('label');
    if (label) {
      // A label declared inside the target keeps the jump inside; any other label leaves it.
      const declaredInside = firstAncestor(node, (a) => a !== target && target.contains(a) && a.type === 'labeled_statement' && a.field('label')?.text === label.text);
      if (!declaredInside) return true;
      continue;
    }
    const nearest = firstAncestor(node, (a) => (node.type === 'continue_statement' ? LOOP_TYPES : BREAKABLE_TYPES).has(a.type));
    if (nearest === target) return true;
  }
  return false;
}

const BREAK: ReadonlySet<string> = new Set(['break_statement']);
const BREAK_OR_CONTINUE: ReadonlySet<string> = new Set(['break_statement', 'continue_statement']);

/** Whether running the statements in order always leaves by `return`, `throw` or a never-returning call. */
export function statementsTerminate(statements: SyntaxNode[]): boolean {
  return statements.some((s) => terminates(s));
}

/** Whether the statement never completes normally (every path returns, throws or loops forever). */
export function terminates(statement: SyntaxNode): boolean {
  switch (statement.type) {
    case 'return_statement':
    case 'throw_statement':
      return true;
    case 'expression_statement':
      return isNeverReturningCall(statement);
    case 'statement_block':
      return statementsTerminate(codeChildren(statement));
    case 'if_statement': {
      const consequence = statement.field('consequence');
      const alternative = statement.field('alternative');
      if (!consequence || !alternative) return false;
      const elseBody = codeChildren(alternative)[0];
      return terminates(consequence) && elseBody !== undefined && terminates(elseBody);
    }
    case 'try_statement': {
      const finalizer = statement.field('finalizer')?.field('body');
      if (finalizer && terminates(finalizer)) return true;
      const body = statement.field('body');
      const handler = statement.field('handler')?.field('body');
      return body !== undefined && terminates(body) && (statement.field('handler') === undefined || (handler !== undefined && terminates(handler)));
    }
    case 'switch_statement': {
      const clauses = codeChildren(statement.field('body') ?? statement);
      if (!clauses.some((c) => c.type === 'switch_default')) return false;
      if (exitsVia(statement, BREAK)) return false;
      const last = clauses[clauses.length - 1];
      return statementsTerminate(last.fieldAll('body'));
    }
    case 'while_statement':
    case 'for_statement': {
      const condition = statement.field('condition');
      const alwaysTrue = !condition || condition.type === 'empty_statement' || literalTruthiness(condition) === true;
      return alwaysTrue && !exitsVia(statement, BREAK);
    }
    case 'do_statement': {
      const body = statement.field('body');
      return body !== undefined && terminates(body) && !exitsVia(statement, BREAK_OR_CONTINUE);
    }
    case 'labeled_statement': {
      const body = statement.field('body');
      const label = statement.field('label')?.text;
      if (!body || !label) return false;
      const leaves = [...ownNodes(body)].some((n) => n.type === 'break_statement' && n.field('label')?.text === label);
      return !leaves && terminates(body);
    }
    default:
      return false;
  }
}

/** Whether the function body can run off its end (or hit a bare `return;`) and so produce `undefined`. */
export function mayEndWithoutValue(body: SyntaxNode): boolean {
  return !terminates(body) || bareReturns(body).length > 0;
}

/** Whether no path reaches the end: every path throws, calls a never-returning function or loops forever. */
export function neverCompletes(body: SyntaxNode): boolean {
  return valueReturns(body).length === 0 && bareReturns(body).length === 0 && terminates(body);
}

function firstAncestor(node: SyntaxNode, accept: (ancestor: SyntaxNode) => boolean): SyntaxNode | undefined {
  for (const ancestor of node.ancestors()) if (accept(ancestor)) return ancestor;
  return undefined;
}
