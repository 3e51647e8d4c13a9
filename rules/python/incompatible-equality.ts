import { defineCodeRule } from '../../src/engine/rule.js';
import { brief } from '../../src/analysis/types/common.js';
import { describe, members, type Type } from '../../src/analysis/types/lattice.js';
import { isConcrete } from '../../src/analysis/types/relations.js';
import { pythonErrorHandled, pythonTypes, shown, unparenthesized } from '../../src/analysis/types/rule-support.js';

/** Builtin types whose values can compare equal to each other. */
const FAMILIES: Record<string, string> = {
  int: 'number', bool: 'number', float: 'number', complex: 'number',
  str: 'str', bytes: 'bytes', bytearray: 'bytes', memoryview: 'bytes',
  list: 'list', tuple: 'tuple', dict: 'dict', 'collections.OrderedDict': 'dict', 'collections.defaultdict': 'dict', 'collections.Counter': 'dict',
  set: 'set', frozenset: 'set', dict_keys: 'set', dict_items: 'set', range: 'range',
};

function family(t: Type): string | undefined {
  if (t.kind === 'none') return 'None';
  if (t.kind === 'builtin' && !t.abstract) return FAMILIES[t.name];
  return undefined;
}

export default defineCodeRule(
  {
    id: 'python/incompatible-equality',
    languages: ['python'],
    severity: 'warning',
    category: 'type',
    summary: 'Flag `==` / `!=` between values whose inferred types can never be equal (`"1" == 1`).',
    provenance: 'mypy comparison-overlap (strict equality), pyright reportUnnecessaryComparison',
    docs: {
      what:
        'An equality comparison whose two operands have inferred builtin types from families that never compare ' +
        'equal: numbers, str, bytes, None, list, tuple, dict, set. `"1" == 1` and `[1] == (1,)` are always False.',
      why: 'Python does not convert between these types for `==`, so the condition is constant: the branch never (or always) runs. The usual cause is a value read as text (input, environment, query string) compared with a number.',
      example: 'port = os.environ.get("PORT", "80")\nif port == 80:\n    use_http()',
      useInstead: 'port = int(os.environ.get("PORT", "80"))\nif port == 80:\n    use_http()',
    },
  },
  (context) => ({
    comparison_operator(node) {
      const types = pythonTypes(context);
      if (!types) return;
      const operands = node.namedChildren.filter((c) => c.type !== 'comment' && c.fieldName !== 'operators');
      const operators = node.children.filter((c) => c.fieldName === 'operators');
      if (operators.length !== operands.length - 1) return;
      operators.forEach((operator, i) => {
        if (operator.type !== '==' && operator.type !== '!=') return;
        const [left, right] = [unparenthesized(operands[i]), unparenthesized(operands[i + 1])];
        if (left.type === 'none' || right.type === 'none') return;
        const l = types.typeOf(left);
        const r = types.typeOf(right);
        if (!l || !r || !isConcrete(l.type) || !isConcrete(r.type)) return;
        const lf = members(l.type).map(family);
        const rf = members(r.type).map(family);
        if (lf.some((f) => !f) || rf.some((f) => !f)) return;
        if (lf.some((f) => rf.includes(f))) return;
        if (pythonErrorHandled(node, ['AssertionError', 'TypeError', 'ValueError'])) return;
        const always = operator.type === '==' ? 'False' : 'True';
        context.report({
          node,
          message: `\`${brief(node.text, 50)}\` compares ${describe(l.type, 'python')} with ${describe(r.type, 'python')}, which are never equal, so it is always ${always}; ${shown(left, l, 'python')}, ${shown(right, r, 'python')}.`,
          evidence: { left: shown(left, l, 'python'), right: shown(right, r, 'python'), result: `always ${always}` },
        });
      });
    },
  }),
);
