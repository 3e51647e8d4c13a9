import { defineCodeRule } from '../../src/engine/rule.js';
import { brief } from '../../src/analysis/types/common.js';
import { matchCall } from '../../src/analysis/types/relations.js';
import { expectedText, pythonCallTarget, pythonTypes, shown, pythonErrorHandled } from '../../src/analysis/types/rule-support.js';

const MUTABLE = new Set(['list', 'dict', 'set', 'bytearray', 'collections.deque', 'collections.OrderedDict', 'collections.defaultdict', 'collections.Counter']);

export default defineCodeRule(
  {
    id: 'python/wrong-argument-type',
    languages: ['python'],
    severity: 'error',
    category: 'type',
    summary: 'Flag builtin calls given an argument of a type they cannot accept (`len(5)`, `"".join([1, 2])`, `int([])`).',
    provenance: 'mypy arg-type, pyright reportArgumentType',
    docs: {
      what:
        'A call of a builtin function, builtin method or builtin class whose argument has an inferred type that no ' +
        'overload of the builtin accepts: a number passed to `len()`, a list of ints joined as strings, a list ' +
        'converted with `int()`. Only concrete types are judged; an argument of unknown type never fires.',
      why: 'Python raises `TypeError` inside the builtin (`object of type \'int\' has no len()`, `sequence item 0: expected str instance, int found`).',
      example: 'ids = [1, 2, 3]\nlabel = ", ".join(ids)\nsize = len(42)',
      useInstead: 'ids = [1, 2, 3]\nlabel = ", ".join(str(i) for i in ids)\nsize = len(str(42))',
    },
  },
  (context) => ({
    call(node) {
      const types = pythonTypes(context);
      const record = types?.call(node);
      if (!types || !record) return;
      const target = pythonCallTarget(types, record.callee.type);
      if (!target || !target.builtin) return;
      // A list/dict/set method's element parameter follows the container's inferred elements, which
      // other code may widen (`options = [("a", False)]` then `options.extend(pairs)`): not judged.
      const callee = record.callee.type;
      if (callee.kind === 'function' && callee.bound?.kind === 'builtin' && MUTABLE.has(callee.bound.name)) return;
      if ([...record.shape.positional, ...record.shape.keywords].some((a) => a.typed?.noneResult)) return;
      const matches = target.signatures.map((s) => matchCall(types.relations, s, record.shape, target.skip));
      const fitting = matches.filter((m) => m.arity.length === 0);
      if (fitting.length === 0 || fitting.some((m) => m.types.length === 0)) return;
      const problem = fitting[0].types[0];
      const argument = problem.argument;
      const argumentNode = problem.position !== undefined ? record.positionalNodes[problem.position] : record.keywordNodes[record.shape.keywords.indexOf(argument)];
      if (!argumentNode || !argument.typed || !problem.param.type) return;
      const valueNode = argumentNode.type === 'keyword_argument' ? (argumentNode.field('value') ?? argumentNode) : argumentNode;
      const expected = expectedText(problem.param.type, 'python');
      if (pythonErrorHandled(node, ['TypeError', 'ValueError'])) return;
      context.report({
        node: argumentNode,
        message: `\`${brief(node.text, 50)}\`: ${shown(valueNode, argument.typed, 'python')} is passed as \`${problem.param.name}\` of builtin \`${target.display}\`, which needs ${expected}; Python raises TypeError.`,
        evidence: { argument: shown(valueNode, argument.typed, 'python'), parameter: problem.param.name, expected, callee: target.display },
      });
    },
  }),
);
