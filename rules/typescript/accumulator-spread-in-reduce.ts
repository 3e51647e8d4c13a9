import type { TypeProvider } from '../../src/analysis/type-provider.js';
import { defineCodeRule, type RuleContext } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import reduceSpreadAccumulator from '../javascript/reduce-spread-accumulator.js';
import { CALLBACK_TYPES, code, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';
import { returnedValues } from '../../src/rule-helpers/javascript/js-flow.js';
import { firstParameterName, ownNodes, patternNames } from '../../src/rule-helpers/javascript/js-loops.js';
import { accumulatorAdvice, reduceCall, spreadCopyOfAccumulator, type AccumulatorCopy } from '../../src/rule-helpers/javascript/js-reduce.js';
import { lineOf, snippet, syntacticReports, TYPE_AWARE_LANGUAGES, typeEvidence, typeText } from '../../src/rule-helpers/typescript/ts-rules.js';

/** The function a `reduce` callback argument is: written inline, or a local function or `const f = (...) => ...` it names. */
function callbackFunction(argument: SyntaxNode, context: RuleContext): { fn: SyntaxNode; named?: string } | undefined {
  if (CALLBACK_TYPES.has(argument.type)) return { fn: argument };
  if (argument.type !== 'identifier') return undefined;
  const symbol = context.semantic()?.resolve(argument);
  if (!symbol || symbol.declarations.length !== 1) return undefined;
  const declaration = symbol.declarations[0];
  if (declaration.node.type === 'function_declaration') return { fn: declaration.node, named: argument.text };
  // `const merge = (acc, x) => ...`, never reassigned.
  if (declaration.node.type === 'variable_declarator' && declaration.form === 'const' && declaration.value && CALLBACK_TYPES.has(unparenthesize(declaration.value).type)) {
    return { fn: unparenthesize(declaration.value), named: argument.text };
  }
  return undefined;
}

/** A spread copy of the whole accumulator, or `acc.concat(…)` on an accumulator the types prove is an array. */
function copyOfAccumulator(value: SyntaxNode, accumulator: string, types: TypeProvider): AccumulatorCopy | undefined {
  const spread = spreadCopyOfAccumulator(value, accumulator);
  if (spread || value.type !== 'call_expression') return spread;
  const callee = value.field('function');
  if (callee?.type === 'member_expression' && callee.field('property')?.text === 'concat') {
    const object = callee.field('object');
    if (object && unparenthesize(object).text === accumulator && types.isArrayLike(unparenthesize(object)) === true) return { value, shown: `${accumulator}.concat(…)`, kind: 'array' };
  }
  return undefined;
}

export default defineCodeRule(
  {
    id: 'typescript/accumulator-spread-in-reduce',
    languages: TYPE_AWARE_LANGUAGES,
    severity: 'warning',
    category: 'performance',
    summary: 'Flag `reduce` over an array whose callback copies the whole accumulator on each step.',
    provenance: 'Biome noAccumulatingSpread, oxc no-accumulating-spread (extended by types)',
    docs: {
      what: 'A `reduce`/`reduceRight` call on a value the type engine proves is an array, whose callback returns a fresh copy of its accumulator: `{ ...acc, [k]: v }`, `[...acc, x]`, `Object.assign({}, acc, …)`, or `acc.concat(x)` when the accumulator is an array. `javascript/reduce-spread-accumulator` reports the spreads it sees in an inline callback; this rule covers what needs types or a second look: callbacks passed by name (`items.reduce(merge, {})` with `merge` defined in the file) and `acc.concat(…)` on an accumulator typed as an array.',
      why: 'Each step copies every entry gathered so far, so reducing n elements copies 1 + 2 + … + n entries: O(n²) time and garbage. The accumulator is a value the `reduce` call created, so mutating it is safe.',
      example: 'const merge = (acc: Record<string, User>, u: User) => ({ ...acc, [u.id]: u });\nconst byId = users.reduce(merge, {});\nconst all = groups.reduce((acc: string[], g) => acc.concat(g.members), []);',
      useInstead: 'const byId = Object.fromEntries(users.map((u) => [u.id, u]));\nconst all = groups.flatMap((g) => g.members);',
    },
  },
  (context) => {
    const syntactic = syntacticReports(context, [reduceSpreadAccumulator]);
    return {
      call_expression(node) {
        const reduce = reduceCall(node);
        const receiver = reduce?.receiver;
        const argument = reduce?.callback;
        if (!reduce || !receiver || !argument) return;
        const { method } = reduce;
        const bareReceiver = unparenthesize(receiver);
        const callback = callbackFunction(argument, context);
        if (!callback) return;
        const accumulator = firstParameterName(callback.fn);
        if (!accumulator) return;
        // Rebinding the accumulator inside the callback would make the copy something else.
        const body = callback.fn.field('body');
        if (body && [...ownNodes(body)].some((d) => d.type === 'variable_declarator' && patternNames(d.field('name') ?? d).includes(accumulator))) return;
        const types = context.types();
        if (!types) return;
        const copies = returnedValues(callback.fn).map((v) => copyOfAccumulator(v, accumulator, types)).filter((c): c is AccumulatorCopy => c !== undefined);
        if (copies.length === 0) return;
        if (types.isArrayLike(bareReceiver) !== true) return;
        if (syntactic('call_expression', node).length > 0) return;
        const { value, shown, kind } = copies[0];
        const receiverType = types.typeOf(bareReceiver);
        const where = callback.named ? `\`${callback.named}\` (line ${lineOf(callback.fn)}), the \`${method}\` callback at line ${lineOf(node)},` : `the \`${method}\` callback at line ${lineOf(node)}`;
        const complexity = `O(n²): ${where} returns \`${shown}\`, copying the whole accumulator \`${accumulator}\` on each of the n steps over ${code(receiver.text, 30)} (\`${typeText(receiverType)}\`)`;
        context.report({
          node: callback.named ? argument : value,
          message: `${complexity}; ${accumulatorAdvice(kind, accumulator)}.`,
          evidence: { complexity, accumulator, copy: shown, reduceCall: `line ${lineOf(node)}`, ...(callback.named ? { callback: `${callback.named} (line ${lineOf(callback.fn)})` } : {}), receiver: snippet(receiver, 40), ...typeEvidence('receiverType', receiverType) },
        });
      },
    };
  },
);
