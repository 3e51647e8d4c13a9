import { defineCodeRule } from '../../src/engine/rule.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import { enclosingLoop, excerpt, hasFixedIterationCount, lineOf } from '../../src/rule-helpers/python/local-facts.js';

/**
 * `var`, `var.a.b`, `var["k"]`, `var[0].id`: the loop variable and the steps that read a key from it,
 * or undefined when the expression calls anything or indexes with a non-constant.
 */
function keyPath(expression: SyntaxNode): { root: SyntaxNode; steps: number } | undefined {
  let node = expression;
  let steps = 0;
  for (;;) {
    if (node.type === 'identifier') return { root: node, steps };
    if (node.type === 'attribute') {
      node = node.field('object')!;
    } else if (node.type === 'subscript') {
      const index = node.fieldAll('subscript');
      if (index.length !== 1 || !['string', 'integer'].includes(index[0].type)) return undefined;
      if (index[0].type === 'string' && index[0].children.some((c) => c.type === 'interpolation')) return undefined;
      node = node.field('value')!;
    } else {
      return undefined;
    }
    steps++;
  }
}

/** The single statement of a block, ignoring comments; undefined when there are several. */
function onlyStatement(block: SyntaxNode | undefined): SyntaxNode | undefined {
  const statements = block?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  return statements.length === 1 ? statements[0] : undefined;
}

const mentions = (root: SyntaxNode, name: string) =>
  [...root.descendants()].some((d) => d.type === 'identifier' && d.text === name && !(d.parent?.type === 'attribute' && d.fieldName === 'attribute'));

export default defineCodeRule(
  {
    id: 'python/nested-loop-join',
    languages: ['python'],
    severity: 'warning',
    category: 'performance',
    summary: 'Flag nested loops that match elements of two collections by an equal key; index one side in a dict.',
    docs: {
      what:
        'A `for` loop nested in another `for` loop over a different collection whose whole body is `if inner.key == outer.key:` (or `outer` itself), i.e. a hand-written join of two collections on an equal key.',
      why:
        'For every element of the outer collection (n) the inner loop scans the whole inner collection (m), so the join costs O(n·m) comparisons. Building a dict from the inner collection keyed by the compared value takes O(m) once, after which each outer element finds its matches in O(1): O(n + m) in total. Keys must be hashable; if several inner elements can share a key, map the key to a list.',
      example: 'for order in orders:\n    for customer in customers:\n        if customer.id == order.customer_id:\n            order.customer = customer',
      useInstead: 'customers_by_id = {customer.id: customer for customer in customers}\nfor order in orders:\n    order.customer = customers_by_id.get(order.customer_id)',
    },
  },
  (context) => ({
    for_statement(inner) {
      const outer = enclosingLoop(inner);
      if (outer?.type !== 'for_statement') return;
      const outerVar = outer.field('left');
      const innerVar = inner.field('left');
      const outerCollection = outer.field('right');
      const innerCollection = inner.field('right');
      if (outerVar?.type !== 'identifier' || innerVar?.type !== 'identifier' || !outerCollection || !innerCollection) return;
      if (outerVar.text === innerVar.text || hasFixedIterationCount(outer) || hasFixedIterationCount(inner)) return;
      // The inner collection must exist independently of the outer element (not `outer.children`),
      // be a plain name or attribute (a call could return something new each time), and differ from the outer one.
      const innerPath = keyPath(innerCollection);
      if (!innerPath || mentions(innerCollection, outerVar.text) || sameSyntax(innerCollection, outerCollection)) return;
      if (inner.children.some((c) => c.type === 'else_clause')) return;

      const test = onlyStatement(inner.field('body'));
      if (test?.type !== 'if_statement' || test.field('alternative') || test.children.some((c) => c.type === 'elif_clause' || c.type === 'else_clause')) return;
      const condition = test.field('condition');
      if (condition?.type !== 'comparison_operator') return;
      const sides = condition.namedChildren.filter((c) => c.type !== 'comment');
      const operators = condition.children.filter((c) => !c.isNamed);
      if (sides.length !== 2 || operators.length !== 1 || operators[0].type !== '==') return;
      const paths = sides.map(keyPath);
      if (!paths[0] || !paths[1]) return;
      const innerSide = paths.findIndex((p) => p!.root.text === innerVar.text && p!.steps > 0);
      if (innerSide < 0) return;
      const outerSide = 1 - innerSide;
      if (paths[outerSide]!.root.text !== outerVar.text) return;

      // An index built once only helps if the outer loop leaves the inner collection alone: no other
      // mention of it (`customers.remove(c)`, `customers = ...`) in the outer body.
      for (const d of outer.field('body')!.descendants()) {
        if (d === innerCollection || innerCollection.contains(d)) continue;
        if (innerCollection.type === 'identifier' ? d.type === 'identifier' && d.text === innerCollection.text && !(d.parent?.type === 'attribute' && d.fieldName === 'attribute') : sameSyntax(d, innerCollection)) return;
      }

      const innerKey = sides[innerSide].text.slice(innerVar.text.length);
      const collection = excerpt(innerCollection.text, 40);
      context.report({
        node: inner,
        message: `O(n·m): the loop at line ${lineOf(inner)} scans \`${collection}\` for every element of \`${excerpt(outerCollection.text, 40)}\` (loop at line ${lineOf(outer)}) to find \`${excerpt(condition.text, 50)}\`; index \`${collection}\` by \`${excerpt(innerKey, 30)}\` in a dict once before the outer loop.`,
        evidence: {
          complexity: `O(n·m): \`${collection}\` is scanned once per element of \`${excerpt(outerCollection.text, 40)}\``,
          outerCollection: outerCollection.text,
          innerCollection: innerCollection.text,
          outerLoopLine: String(lineOf(outer)),
          innerLoopLine: String(lineOf(inner)),
          joinKey: sides[innerSide].text,
        },
      });
    },
  }),
);
