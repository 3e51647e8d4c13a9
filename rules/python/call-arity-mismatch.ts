import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { brief, closestNames } from '../../src/analysis/types/common.js';
import { matchCall, type ArityProblem } from '../../src/analysis/types/relations.js';
import { pythonCallTarget, pythonTypes, pythonErrorHandled } from '../../src/analysis/types/rule-support.js';

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export default defineCodeRule(
  {
    id: 'python/call-arity-mismatch',
    languages: ['python'],
    severity: 'error',
    category: 'type',
    summary: 'Flag calls whose arguments do not fit the known signature: too many or too few, unknown or repeated keywords.',
    provenance: 'pylint E1120/E1121/E1123/E1124, mypy call-arg',
    docs: {
      what:
        'A call of a function, method, class or builtin whose signature is known (defined in the analysed code, ' +
        'or a builtin stub) that passes more positional arguments than it takes, leaves out a required argument, ' +
        'passes a keyword it has no parameter for, passes one argument twice (positionally and by keyword, or the ' +
        'same keyword twice), or passes a positional-only parameter by keyword. Calls with `*args`/`**kwargs`, and ' +
        'callees behind an unknown decorator, are not checked. Through `self` or an annotated value, which may hold a ' +
        'subclass instance whose override accepts more, only missing or repeated arguments are reported.',
      why: 'Python raises `TypeError` when the call runs; the signature and the call site usually drifted apart in a refactoring.',
      example: 'def area(width, height):\n    return width * height\n\narea(3)\narea(3, 4, 5)\narea(3, hieght=4)',
      useInstead: 'area(3, 4)\narea(3, height=4)',
    },
  },
  (context) => {
    const describeProblem = (problem: ArityProblem, call: string, target: string, names: string[]): string => {
      switch (problem.kind) {
        case 'too-many':
          return `\`${call}\` passes ${plural(problem.given, 'positional argument')}, but ${target} takes ${problem.max === 0 ? 'none' : `at most ${problem.max}`}`;
        case 'missing':
          return `\`${call}\` does not pass the required ${problem.names.length === 1 ? 'argument' : 'arguments'} ${problem.names.map((n) => `\`${n}\``).join(', ')} of ${target}`;
        case 'unknown-keyword': {
          const similar = closestNames(problem.name, names, 1);
          return `\`${call}\` passes keyword \`${problem.name}\`, but ${target} has no parameter of that name${similar.length ? ` (did you mean \`${similar[0]}\`?)` : ''}`;
        }
        case 'duplicate':
          return `\`${call}\` passes \`${problem.name}\` twice`;
        case 'positional-only-keyword':
          return `\`${call}\` passes positional-only parameter \`${problem.name}\` of ${target} by keyword`;
      }
    };
    return {
      call(node: SyntaxNode) {
        const call = brief(node.text, 50);
        // `f(a=1, a=2)` is wrong whatever f is.
        const keywords = (node.field('arguments')?.namedChildren ?? []).filter((c) => c.type === 'keyword_argument').map((k) => k.field('name')?.text);
        const repeated = keywords.find((k, i) => k && keywords.indexOf(k) !== i);
        if (repeated) {
          context.report({ node, message: `\`${call}\` passes keyword \`${repeated}\` twice; Python rejects the call.`, evidence: { keyword: repeated } });
          return;
        }
        const types = pythonTypes(context);
        const record = types?.call(node);
        if (!types || !record) return;
        const target = pythonCallTarget(types, record.callee.type);
        if (!target) return;
        const callee = record.callee.type;
        // Builtin special methods called through the class (`dict.__init__(self, ...)`) forward anything.
        if (target.builtin && /^__\w+__$/.test(target.display.split('.').pop() ?? '')) return;
        // Through `self` or an annotated value the object may be a subclass whose override takes more
        // arguments; only a missing or repeated argument is certain then, and only for a real body.
        const inexact = callee.kind === 'function' && callee.bound?.kind === 'instance' && !callee.bound.exact;
        const matches = target.signatures.map((s) => matchCall(undefined, s, record.shape, target.skip));
        if (matches.some((m) => m.arity.length === 0)) return;
        const best = matches.reduce((a, b) => (b.arity.length < a.arity.length ? b : a));
        if (pythonErrorHandled(node, ['TypeError'])) return;
        const problem = best.arity[0];
        if (inexact && (callee.kind !== 'function' || callee.fn.placeholder || (problem.kind !== 'missing' && problem.kind !== 'duplicate'))) return;
        const signature = target.signatures[matches.indexOf(best)];
        const names = signature.params.slice(target.skip).map((p) => p.name);
        const targetText = target.builtin ? `builtin \`${target.display}\`` : `\`${target.display}\` (${target.where})`;
        const shownParams = signature.params.slice(target.skip).map((p) => (p.kind === 'varargs' ? `*${p.name}` : p.kind === 'kwargs' ? `**${p.name}` : p.optional ? `${p.name}=...` : p.name));
        context.report({
          node,
          message: `${describeProblem(problem, call, targetText, names)}; Python raises TypeError.`,
          evidence: {
            callee: `${target.display}${target.where ? ` (${target.where})` : ''}`,
            signature: `(${shownParams.join(', ')})`,
            passed: `${record.shape.positional.length} positional${record.shape.keywords.length ? `, keywords ${record.shape.keywords.map((k) => k.name).join(', ')}` : ''}`,
          },
        });
      },
    };
  },
);
