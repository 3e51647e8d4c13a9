import type { ParameterDescription, SignatureDescription, TypeProvider } from '../../src/analysis/type-provider.js';
import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import asyncForeachCallback from '../javascript/async-foreach-callback.js';
import asyncPromiseExecutor from '../javascript/async-promise-executor.js';
import { callArguments, CALLBACK_TYPES, code, isAsyncFunction } from '../../src/rule-helpers/javascript/js-expressions.js';
import { functionTypeReturns, snippet, syntacticReports, TYPE_AWARE_LANGUAGES, typeText } from '../../src/rule-helpers/typescript/ts-rules.js';

const PROMISE_NAME = /^(Promise|PromiseLike)<.*>$/;

/** Whether the argument is an async function: an `async` function literal, or a reference whose every signature returns a promise. */
function asyncArgument(argument: SyntaxNode, types: TypeProvider): string | undefined {
  if (CALLBACK_TYPES.has(argument.type)) return isAsyncFunction(argument) ? 'an `async` function' : undefined;
  if (argument.type !== 'identifier' && argument.type !== 'member_expression') return undefined;
  const category = types.symbolCategory(argument);
  if (category !== 'function') return undefined;
  const signatures = types.callSignatures(argument);
  if (!signatures || signatures.length === 0) return undefined;
  const returns = signatures.map((s) => s.returns?.names ?? []);
  if (!returns.every((names) => names.length > 0 && names.every((n) => PROMISE_NAME.test(n)))) return undefined;
  return `\`${argument.text}\`, which returns \`${returns[0].join(' | ')}\`,`;
}

/** The parameter a signature binds the argument at `index` to; undefined past the end, or for a rest parameter. */
function parameterAt(signature: SignatureDescription, index: number): ParameterDescription | undefined {
  const parameter = signature.parameters[index];
  return parameter && !parameter.rest ? parameter : undefined;
}

/** The printed function type when every non-`undefined` member of the parameter's type is a function returning `void`. */
function voidCallbackType(parameter: ParameterDescription): string | undefined {
  const members = (parameter.type?.names ?? []).filter((n) => n !== 'undefined');
  if (members.length === 0) return undefined;
  for (const member of members) {
    const returns = functionTypeReturns(member);
    if (!returns || !returns.includes('void') || !returns.every((r) => r === 'void' || r === 'undefined')) return undefined;
  }
  return members.join(' | ');
}

export default defineCodeRule(
  {
    id: 'typescript/async-void-callback',
    languages: TYPE_AWARE_LANGUAGES,
    severity: 'warning',
    category: 'bug',
    summary: 'Flag async functions passed where the callee\'s parameter type expects a callback returning `void`.',
    provenance: 'typescript-eslint no-misused-promises (checksVoidReturn)',
    docs: {
      what: 'An argument that is an `async` function (or a function whose every signature returns a promise) passed to a parameter whose type, in every signature of the callee, is a function type returning `void`: `emitter.on("data", async (chunk) => ...)`, `setTimeout(async () => ...)`, `items.forEach(save)` with `async function save`. Needs the callee\'s signatures from the type engine: silent without them. `arr.forEach(async ...)` and `new Promise(async ...)` written out literally are reported by `javascript/async-foreach-callback` and `javascript/async-promise-executor`, so this rule leaves those to them.',
      why: 'A callee that expects `void` ignores what the callback returns, so it never waits for the promise: work overlaps where the caller assumed order, the caller continues before it finishes, and a rejection becomes an unhandled rejection instead of an error the caller can catch.',
      example: 'stream.on("data", async (chunk) => {\n  await db.insert(parse(chunk)); // rejections are unhandled, inserts overlap\n});',
      useInstead: 'stream.on("data", (chunk) => {\n  queue.push(chunk); // hand the work to something that awaits it\n});\n// or iterate: for await (const chunk of stream) await db.insert(parse(chunk));',
    },
  },
  (context) => {
    const syntactic = syntacticReports(context, [asyncForeachCallback, asyncPromiseExecutor]);
    function check(call: SyntaxNode, callee: SyntaxNode | undefined) {
      const args = callArguments(call);
      if (!callee || args.length === 0) return;
      const named = (argument: SyntaxNode) => argument.type === 'identifier' || argument.type === 'member_expression';
      const written = args.map((argument, index) => ({ argument, index })).filter(({ argument }) => (CALLBACK_TYPES.has(argument.type) ? isAsyncFunction(argument) : named(argument)));
      if (written.length === 0) return;
      const types = context.types();
      if (!types) return;
      // Names of functions only (one symbol lookup each) before the callee's signatures are described.
      const candidates = written.filter(({ argument }) => !named(argument) || types.symbolCategory(argument) === 'function');
      if (candidates.length === 0) return;
      const signatures = types.callSignatures(callee);
      if (!signatures || signatures.length === 0) return;
      const deferred = new Set(syntactic(call.type, call).map((d) => d.node));
      for (const { argument, index } of candidates) {
        if (deferred.has(argument)) continue;
        const expected = signatures.map((s) => parameterAt(s, index));
        if (expected.some((p) => p === undefined)) continue;
        const callbackTypes = expected.map((p) => voidCallbackType(p!));
        if (callbackTypes.some((t) => t === undefined)) continue;
        const what = asyncArgument(argument, types);
        if (!what) continue;
        const parameter = expected[0]!;
        context.report({
          node: argument,
          message: `${what[0].toUpperCase()}${what.slice(1)} is passed to ${code(callee.text, 40)} as \`${parameter.name}\`, typed \`${callbackTypes[0]}\`: the callee ignores the promise, so nothing waits for it and its rejection goes unhandled.`,
          evidence: {
            callee: snippet(callee, 40),
            parameter: parameter.name,
            expected: callbackTypes[0]!,
            ...(parameter.type ? { expectedFrom: parameter.type.origin } : {}),
            argument: snippet(argument, 40),
            ...(CALLBACK_TYPES.has(argument.type) ? {} : { argumentReturns: typeText(types.callSignatures(argument)?.[0]?.returns) }),
          },
        });
      }
    }
    return {
      call_expression: (call) => check(call, call.field('function')),
      new_expression: (call) => check(call, call.field('constructor')),
    };
  },
);
