import type { TypeProvider } from '../../src/analysis/type-provider.js';
import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import awaitInLoop from '../javascript/await-in-loop.js';
import { calleeName, code, codeChildren, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';
import { innermostLoop, iterationLocals, ownNodes, patternNames, referencesAny } from '../../src/rule-helpers/javascript/js-loops.js';
import { lineOf, snippet, syntacticReports, TYPE_AWARE_LANGUAGES, typeEvidence, typeText } from '../../src/rule-helpers/typescript/ts-rules.js';

/** Names whose calls change state or depend on order: writes, steps, queues, locks, output. */
const ORDERED_CALLEE = /^(?:.*(?:And|Or)[A-Z].*|.*(?:create|insert|update|upsert|delete|remove|save|store|set|put|post|patch|write|send|emit|publish|dispatch|submit|commit|rollback|increment|decrement|lock|unlock|acquire|release|claim|consume|pop|shift|take|next|enqueue|dequeue|push|append|run|exec|execute|process|handle|apply|migrate|install|deploy|retry|wait|sleep|delay|pause|throttle|log|print|flush|close|open|connect|disconnect|start|stop|kill|spawn|read(?:Line)?)\w*)$/i;

/** Already concurrent: awaiting one batch per iteration is deliberate throttling. */
const COMBINATOR = /^Promise\.(all|allSettled|race|any)$/;

const VOID_RESULT = /^(Promise|PromiseLike)<(void|undefined)>$/;

/** The array a loop walks: `for (const x of xs)`, or `for (let i = 0; i < xs.length; i++)`. */
function iteratedArray(loop: SyntaxNode): SyntaxNode | undefined {
  if (loop.type === 'for_in_statement') {
    if (loop.field('operator')?.type !== 'of' || loop.children.some((c) => !c.isNamed && c.type === 'await')) return undefined;
    return loop.field('right');
  }
  const condition = loop.fieldAll('condition').find((c) => c.isNamed && c.type !== 'empty_statement');
  const test = condition ? unparenthesize(condition) : undefined;
  if (test?.type !== 'binary_expression' || !['<', '<='].includes(test.field('operator')?.type ?? '')) return undefined;
  const bound = test.field('right');
  if (bound?.type !== 'member_expression' || bound.field('property')?.text !== 'length') return undefined;
  const increment = loop.field('increment');
  const counter = test.field('left');
  if (counter?.type !== 'identifier' || increment?.type !== 'update_expression' || increment.field('argument')?.text !== counter.text) return undefined;
  return bound.field('object');
}

/**
 * State one iteration leaves for the next: a write to an outer variable (`total += …`, `last = …`),
 * or to a property of an outer object other than at a per-iteration key (`out[id] = …` is fine).
 */
function carriesState(body: SyntaxNode, locals: ReadonlySet<string>, counter: string | undefined): boolean {
  for (const node of ownNodes(body)) {
    let target: SyntaxNode | undefined;
    if (node.type === 'assignment_expression' || node.type === 'augmented_assignment_expression') target = node.field('left');
    else if (node.type === 'update_expression') target = node.field('argument');
    if (!target) continue;
    if (target.type === 'subscript_expression') {
      const index = target.field('index');
      if (node.type === 'assignment_expression' && index && referencesAny(index, locals)) continue;
      return true;
    }
    if (target.type === 'member_expression') return true;
    if (patternNames(target).some((name) => !locals.has(name) || name === counter)) return true;
  }
  return false;
}

function resultIsUsed(awaited: SyntaxNode): boolean {
  let node = awaited;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  return node.parent !== null && node.parent.type !== 'expression_statement';
}

interface Candidate {
  awaited: SyntaxNode;
  call: SyntaxNode;
}

/**
 * The awaits of an independent loop, or undefined when any of them could depend on order: every
 * awaited call must return a promise of a value (the checker says so), take the element, have its
 * result used, and not look like a write or a step by its name.
 */
function independentAwaits(loop: SyntaxNode, body: SyntaxNode, types: TypeProvider): Candidate[] | undefined {
  const awaits = [...ownNodes(body)].filter((n) => n.type === 'await_expression');
  if (awaits.length === 0 || awaits.some((a) => innermostLoop(a, loop) !== loop)) return undefined;
  for (const node of ownNodes(body)) {
    if (node.type === 'return_statement' || node.type === 'throw_statement' || node.type === 'yield_expression' || node.type === 'break_statement') return undefined;
    if (node.type === 'continue_statement' && node.field('label')) return undefined;
  }
  const locals = iterationLocals(loop);
  const counter = loop.type === 'for_statement' ? [...locals].find((n) => loop.field('increment')?.text.includes(n)) : undefined;
  if (carriesState(body, locals, counter)) return undefined;
  const candidates: Candidate[] = [];
  for (const awaited of awaits) {
    const operand = codeChildren(awaited)[0];
    const call = operand ? unparenthesize(operand) : undefined;
    if (call?.type !== 'call_expression') return undefined;
    const callee = call.field('function');
    const name = calleeName(call);
    if (!callee || !name || COMBINATOR.test(callee.text) || ORDERED_CALLEE.test(name)) return undefined;
    // `await step.run()`: the element is the operation, and such lists run in order.
    if (referencesAny(callee, locals)) return undefined;
    const args = call.field('arguments');
    if (!args || !referencesAny(args, locals) || !resultIsUsed(awaited)) return undefined;
    if (types.isPromiseLike(call) !== true) return undefined;
    // Only calls into an API (an interface member, a library): a function implemented in the project may
    // be async yet busy the CPU, and then running the calls together saves nothing.
    const signatures = types.callSignatures(callee);
    if (!signatures || signatures.length === 0 || !signatures.every((s) => s.external === true)) return undefined;
    const type = types.typeOf(call);
    if (!type || type.names.some((n) => VOID_RESULT.test(n))) return undefined;
    candidates.push({ awaited, call });
  }
  return candidates;
}

export default defineCodeRule(
  {
    id: 'typescript/sequential-await-in-loop',
    languages: TYPE_AWARE_LANGUAGES,
    severity: 'warning',
    category: 'performance',
    summary: 'Flag loops over an array that await one independent, value-returning call per element.',
    provenance: 'ESLint no-await-in-loop (narrowed by types)',
    docs: {
      what: 'A `for...of` loop over a value the type engine proves is an array (or a counting `for` loop up to `xs.length`) whose every `await` is a call into an API (a function the types declare but the project does not implement: an interface member, a library) that takes the element, returns a promise of a value (not `Promise<void>`, by its type), and whose result is used, while nothing carries over from one iteration to the next: no write to an outer variable, no `break`, `return` or `throw`, and no callee named like a write, a step or a pause (`save`, `insert`, `send`, `run`, `next`, `sleep`...). Loops `javascript/await-in-loop` already reports (read-named calls such as `fetch`, `getX`, `loadX`) are left to it; this rule covers the calls that only their types show to be independent reads, such as `await api.user(id)` returning `Promise<User>`.',
      why: 'Each iteration waits for its call before the next one starts, so n calls take the sum of their latencies. Started together and awaited with `Promise.all`, they take about as long as the slowest one.',
      example: 'const users: User[] = [];\nfor (const id of ids) {\n  users.push(await api.user(id)); // Promise<User>, one at a time\n}',
      useInstead: 'const users = await Promise.all(ids.map((id) => api.user(id)));\n// for long lists, run a bounded number at a time (chunks of 10 with Promise.all)',
    },
  },
  (context) => {
    const syntactic = syntacticReports(context, [awaitInLoop]);
    function check(loop: SyntaxNode) {
      const collection = iteratedArray(loop);
      const body = loop.field('body');
      if (!collection || !body) return;
      if (![...ownNodes(body)].some((n) => n.type === 'await_expression')) return;
      const types = context.types();
      if (!types || types.isArrayLike(unparenthesize(collection)) !== true) return;
      const candidates = independentAwaits(loop, body, types);
      if (!candidates || candidates.length === 0) return;
      if (syntactic(loop.type, loop).length > 0) return;
      const { awaited, call } = candidates[0];
      const awaitedType = types.typeOf(call);
      const collectionType = types.typeOf(unparenthesize(collection));
      const complexity = `O(n) sequential waits: \`${snippet(awaited)}\` (line ${lineOf(awaited)}) finishes before the next iteration of the loop at line ${lineOf(loop)} starts`;
      context.report({
        node: awaited,
        message: `${complexity}; it returns \`${typeText(awaitedType)}\` for each element of ${code(collection.text, 40)} (\`${typeText(collectionType)}\`) and no iteration depends on another, so start the calls together and await \`Promise.all\`.`,
        evidence: {
          complexity,
          loop: `line ${lineOf(loop)}`,
          awaited: snippet(awaited),
          ...typeEvidence('awaitedType', awaitedType),
          collection: snippet(collection, 40),
          ...typeEvidence('collectionType', collectionType),
          awaitsInBody: String(candidates.length),
        },
      });
    }
    return { for_in_statement: check, for_statement: check };
  },
);
