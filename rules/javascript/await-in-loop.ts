import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { calleeName, codeChildren, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';
import { innermostLoop, iterationLocals, lineOf, LOOP_STATEMENT_TYPES, ownNodes, patternNames, referencesAny, shortText } from '../../src/rule-helpers/javascript/js-loops.js';

/** Reads that consume a stream or iterator: each call returns the next item, so they run in order. */
const CONSUMING_READ = /^(read|readLine|readline|next)$/;

/** A read-named call that also writes: `findOneAndUpdate`, `findOrCreate`, `getAndIncrement`, `getNextId`. */
const WRITE_WORD = /(And|Or)[A-Z]|Create|Insert|Update|Upsert|Delete|Remove|Save|Set|Put|Post|Patch|Write|Send|Increment|Decrement|Lock|Claim|Consume|Pop|Shift|Take|Next/;

/** Collections that are ordered pipelines by name: running their items together defeats the order. */
const ORDERED_COLLECTION = /(migration|step|command|stage|phase|script|patch)s?$/i;

/**
 * Calls that by name read data without changing it: `fetch(url)`, `db.users.findById(id)`,
 * `fs.readFile(path)`, `api.getUser(id)`. Only loops whose awaits are all such reads are reported:
 * reads of independent elements can overlap without changing what the program does, while writes,
 * runs of steps, hooks and output usually rely on their order.
 */
const READ_CALLEE = /^((fetch|get|load|read|find|query|request|lookup|resolve|stat|lstat|access|download|select|search|retrieve|list|describe|count|exists|head)([A-Z_0-9]\w*)?|readdir|readlink|realpath|axios|got)$/;

/** Promise combinators already run work concurrently: awaiting one per batch is deliberate throttling. */
const COMBINATORS: ReadonlySet<string> = new Set(['Promise.all', 'Promise.allSettled', 'Promise.race', 'Promise.any']);

/** Whether the subtree reads one of the names, counting `this` as the name `this`. */
function readsAny(node: SyntaxNode, names: ReadonlySet<string>): boolean {
  if (names.has('this') && [...node.descendants()].some((d) => d.type === 'this')) return true;
  return referencesAny(node, names);
}

/** Names the body writes that outlive one iteration: `x = ...`, `x += ...`, `x++`, and `x.y = ...` for an outer `x`. */
function carriedNames(body: SyntaxNode, locals: ReadonlySet<string>): Set<string> {
  const carried = new Set<string>();
  const rootName = (node: SyntaxNode): string | undefined => {
    let current = unparenthesize(node);
    while (current.type === 'member_expression' || current.type === 'subscript_expression') current = unparenthesize(current.field('object')!);
    return current.type === 'identifier' || current.type === 'this' ? current.text : undefined;
  };
  for (const node of ownNodes(body)) {
    let targets: string[] = [];
    if (node.type === 'assignment_expression' || node.type === 'augmented_assignment_expression') {
      const left = node.field('left');
      if (!left) continue;
      if (left.type === 'member_expression' || left.type === 'subscript_expression') {
        const root = rootName(left);
        targets = root ? [root] : [];
      } else {
        targets = patternNames(left);
      }
    } else if (node.type === 'update_expression') {
      const argument = node.field('argument');
      const root = argument ? rootName(argument) : undefined;
      targets = root ? [root] : [];
    }
    for (const name of targets) if (!locals.has(name)) carried.add(name);
  }
  return carried;
}

const SQL_WRITE = /^[\s(]*(insert|update|delete|merge|create|alter|drop|replace|upsert|truncate|grant|revoke|call|lock)\b/i;
const HTTP_READ_METHODS: ReadonlySet<string> = new Set(['get', 'head', 'options']);

/** A read-named call that changes state: `db.query("UPDATE ...")`, `fetch(url, { method: "POST" })`. */
function writesDespiteName(call: SyntaxNode): boolean {
  const args = codeChildren(call.field('arguments') ?? call);
  const first = args[0];
  if (first && (first.type === 'string' || first.type === 'template_string') && SQL_WRITE.test(first.text.slice(1))) return true;
  for (const arg of args) {
    if (arg.type !== 'object') continue;
    for (const pair of codeChildren(arg)) {
      if (pair.type !== 'pair' || !/^['"]?method['"]?$/.test(pair.field('key')?.text ?? '')) continue;
      const value = pair.field('value');
      if (!value || value.type !== 'string' || !HTTP_READ_METHODS.has(value.text.slice(1, -1).toLowerCase())) return true;
    }
  }
  return false;
}

function resultIsUsed(awaited: SyntaxNode): boolean {
  let node = awaited;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  if (!parent || parent.type === 'expression_statement') return false;
  return !(parent.type === 'unary_expression' && parent.field('operator')?.type === 'void');
}

/** Whether a `break` in the body leaves this loop (a `continue` only skips to the next element). */
function breaksOut(loop: SyntaxNode, body: SyntaxNode): boolean {
  for (const node of ownNodes(body)) {
    if (node.type !== 'break_statement') continue;
    if (node.field('label')) return true;
    const target = node.closest(new Set([...LOOP_STATEMENT_TYPES, 'switch_statement']));
    if (target === loop) return true;
  }
  return false;
}

/**
 * `while (i < n) { ...; i++; }`: the counter is the only thing the header reads that the body
 * writes, and it moves by a constant step, so the iterations are as independent as a `for` loop's.
 */
function whileCounter(loop: SyntaxNode, body: SyntaxNode): string | undefined {
  const condition = loop.field('condition');
  const test = condition ? unparenthesize(condition) : undefined;
  if (test?.type !== 'binary_expression' || !['<', '<=', '>', '>='].includes(test.field('operator')?.type ?? '')) return undefined;
  const counter = test.field('left');
  if (counter?.type !== 'identifier') return undefined;
  const steps = [...ownNodes(body)].filter((n) => {
    if (n.type === 'update_expression') return n.field('argument')?.text === counter.text;
    if (n.type === 'assignment_expression' || n.type === 'augmented_assignment_expression') return n.field('left')?.text === counter.text;
    return false;
  });
  const isConstantStep = (n: SyntaxNode) =>
    n.parent?.parent === body &&
    n.parent.type === 'expression_statement' &&
    (n.type === 'update_expression' || (n.type === 'augmented_assignment_expression' && n.field('right')?.type === 'number'));
  return steps.length === 1 && isConstantStep(steps[0]) ? counter.text : undefined;
}

export default defineCodeRule(
  {
    id: 'javascript/await-in-loop',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'performance',
    summary: 'Flag loops that await independent calls one iteration at a time.',
    provenance: 'ESLint no-await-in-loop',
    docs: {
      what: 'A `for`, `for...of`, `for...in` or counting `while` loop whose body awaits reads of the current element (calls named like `fetch`, `get…`, `find…`, `load…`, `read…`, `query`, `stat`) and uses their results, where nothing ties one iteration to the previous one: no value written by an earlier iteration feeds the next call or the loop condition, and the body has no `break`, `return`, `throw` or `yield`. Loops that await anything else (writes, hooks, steps, output, pacing, retries) are left alone, because those usually depend on running in order.',
      why: 'Each iteration waits for its call to finish before the next one starts, so n requests take the sum of their latencies. Started together and awaited with `Promise.all`, they take roughly as long as the slowest one: for 100 requests of 50 ms that is 5 s against about 50 ms.',
      example: 'for (const id of ids) {\n  const user = await db.users.findById(id);\n  results.push(user);\n}',
      useInstead: 'const results = await Promise.all(ids.map((id) => db.users.findById(id)));\n// or one batched query: db.users.findByIds(ids)\n// for very long lists, run a bounded number at a time (e.g. chunks of 10 with Promise.all)',
    },
  },
  (context) => {
    function check(loop: SyntaxNode) {
      if (loop.type === 'do_statement') return; // runs before testing: polling and retry loops
      if (loop.type === 'for_in_statement' && loop.children.some((c) => !c.isNamed && c.type === 'await')) return;
      const body = loop.field('body');
      if (!body) return;

      // Every await of the body counts for the checks (an inner loop of writes runs in parallel too
      // once the outer iterations do); only this loop's own awaits can be the one reported.
      const awaits = [...ownNodes(body)].filter((n) => n.type === 'await_expression');
      if (!awaits.some((n) => innermostLoop(n, loop) === loop)) return;

      const header = loop.type === 'for_in_statement' ? [] : loop.children.filter((c) => c.isNamed && (c.fieldName === 'condition' || c.fieldName === 'increment'));
      if (loop.type === 'for_statement' && !header.some((c) => c.fieldName === 'condition' && c.type !== 'empty_statement')) return;
      // Awaiting in the condition is polling: the next iteration depends on the answer.
      if (header.some((h) => [...ownNodes(h)].some((n) => n.type === 'await_expression'))) return;

      for (const node of ownNodes(body)) {
        if (node.type === 'return_statement' || node.type === 'throw_statement' || node.type === 'yield_expression') return;
      }
      if (breaksOut(loop, body)) return;

      const locals = iterationLocals(loop);
      const carried = carriedNames(body, locals);
      if (loop.type === 'while_statement') {
        const counter = whileCounter(loop, body);
        if (!counter) return;
        carried.delete(counter);
        locals.add(counter);
      }
      // The header or an awaited call reading state the previous iteration wrote: sequential on purpose.
      if (header.some((h) => readsAny(h, carried))) return;

      const collection = loop.type === 'for_in_statement' ? loop.field('right') : undefined;
      if (collection && ORDERED_COLLECTION.test(collection.text)) return;

      const started: Array<{ awaited: SyntaxNode; call: SyntaxNode }> = [];
      for (const awaited of awaits) {
        const operand = codeChildren(awaited)[0];
        if (!operand) return;
        if (readsAny(operand, carried)) return;
        const call = unparenthesize(operand);
        if (call.type !== 'call_expression') continue; // awaiting an already started promise costs nothing extra
        const callee = call.field('function');
        if (callee && COMBINATORS.has(callee.text)) return;
        const name = calleeName(call);
        // `await step.run()`, `await hook(ctx)`: the element is the operation, and such lists are run in order.
        if (callee && referencesAny(callee, locals)) return;
        if (!name || !READ_CALLEE.test(name) || CONSUMING_READ.test(name) || WRITE_WORD.test(name) || writesDespiteName(call)) return;
        started.push({ awaited, call });
      }
      for (const node of ownNodes(body)) {
        if (node.type === 'call_expression' && /^(setTimeout|sleep|delay)$/i.test(calleeName(node) ?? '')) return;
      }
      // Only work on the element can be started together; the same call repeated is a sequence of steps.
      // A read whose result is dropped (`await load(x);`) is there for its effect, so order may matter.
      const perElement = started.find(({ awaited, call }) => {
        const args = call.field('arguments');
        return innermostLoop(awaited, loop) === loop && args !== undefined && referencesAny(args, locals) && resultIsUsed(awaited);
      });
      if (!perElement) return;

      const { awaited } = perElement;
      const complexity = `O(n) sequential waits: \`${shortText(awaited)}\` (line ${lineOf(awaited)}) finishes before the next iteration of the loop at line ${lineOf(loop)} starts`;
      context.report({
        node: awaited,
        message: `${complexity}, so n independent reads take the sum of their latencies; start them together and await \`Promise.all\` (or batch them into one call).`,
        evidence: {
          complexity,
          loop: `line ${lineOf(loop)}`,
          awaited: shortText(awaited),
          awaitsInBody: String(awaits.length),
        },
      });
    }
    return {
      for_statement: check,
      for_in_statement: check,
      while_statement: check,
    };
  },
);
