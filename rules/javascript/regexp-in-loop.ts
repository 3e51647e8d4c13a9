import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { callArguments, codeChildren } from '../../src/rule-helpers/javascript/js-expressions.js';
import { enclosingLoop, shortText } from '../../src/rule-helpers/javascript/js-loops.js';

/** The text of a string or substitution-free template literal, undefined for anything computed. */
function constantString(node: SyntaxNode): string | undefined {
  if (node.type === 'string') return node.text.slice(1, -1);
  if (node.type === 'template_string' && !codeChildren(node).some((c) => c.type === 'template_substitution')) return node.text.slice(1, -1);
  return undefined;
}

/** String methods that reset (or save and restore) `lastIndex` of a global RegExp argument. */
const LAST_INDEX_SAFE_METHODS: ReadonlySet<string> = new Set(['replace', 'replaceAll', 'match', 'matchAll', 'split', 'search']);

function passedToLastIndexSafeMethod(regexp: SyntaxNode): boolean {
  const args = regexp.parent;
  const call = args?.type === 'arguments' && codeChildren(args)[0] === regexp ? args.parent : undefined;
  const callee = call?.type === 'call_expression' ? call.field('function') : undefined;
  return callee?.type === 'member_expression' && LAST_INDEX_SAFE_METHODS.has(callee.field('property')?.text ?? '');
}

export default defineCodeRule(
  {
    id: 'javascript/regexp-in-loop',
    languages: JS_FAMILY,
    severity: 'info',
    category: 'performance',
    summary: 'Flag `new RegExp("constant")` built again on every iteration of a loop.',
    docs: {
      what: 'A `new RegExp(...)` or `RegExp(...)` call whose pattern and flags are all string literals, inside a loop body or a per-element callback (`items.map(...)`, `forEach`, `filter`). A `g` flag is accepted only when the RegExp is passed straight to `replace`, `replaceAll`, `match`, `matchAll`, `split` or `search`; `y` never.',
      why: 'The pattern never changes, yet every iteration constructs a new RegExp object from it, which means parsing the pattern string, a compilation-cache lookup and an allocation. Built once outside the loop, the regular expression is reused. On Node 20 a 200,000-iteration `test` loop ran about 3 to 4 times slower with the constructor inside the loop. Other uses of `g` and `y` patterns are left alone: those keep `lastIndex` between calls, so hoisting one can change what `test` and `exec` match.',
      example: 'for (const line of lines) {\n  if (new RegExp("^\\\\s*#").test(line)) comments++;\n}',
      useInstead: 'const COMMENT = /^\\s*#/;\nfor (const line of lines) {\n  if (COMMENT.test(line)) comments++;\n}',
    },
  },
  (context) => {
    function check(node: SyntaxNode, callee: SyntaxNode | undefined) {
      if (callee?.type !== 'identifier' || callee.text !== 'RegExp') return;
      const args = callArguments(node);
      if (args.length < 1 || args.length > 2) return;
      const values = args.map(constantString);
      if (values.some((v) => v === undefined)) return;
      const flags = values[1] ?? '';
      // Stateful flags: one shared instance would carry lastIndex from one iteration to the next,
      // except where the string method resets or ignores it.
      if (flags.includes('y') || (flags.includes('g') && !passedToLastIndexSafeMethod(node))) return;
      const loop = enclosingLoop(node);
      if (!loop) return;
      const complexity = `O(n) constructions of one constant pattern: \`${shortText(node)}\` is rebuilt on each iteration of ${loop.description}`;
      context.report({
        node,
        message: `${complexity}; create it once before the loop.`,
        evidence: { complexity, pattern: values[0]!, flags, loop: `line ${loop.line}` },
      });
    }
    return {
      new_expression(node) {
        check(node, node.field('constructor'));
      },
      call_expression(node) {
        check(node, node.field('function'));
      },
    };
  },
);
