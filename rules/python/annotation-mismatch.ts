import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { brief } from '../../src/analysis/types/common.js';
import { describe, isUnknown, members, type Type, type Typed } from '../../src/analysis/types/lattice.js';
import { isConcrete } from '../../src/analysis/types/relations.js';
import { hasTypeIgnore } from '../../src/analysis/types/python.js';
import { builtin } from '../../src/analysis/types/lattice.js';
import { pythonTypes, shown } from '../../src/analysis/types/rule-support.js';

export default defineCodeRule(
  {
    id: 'python/annotation-mismatch',
    languages: ['python'],
    severity: 'error',
    category: 'type',
    summary: 'Flag assignments and returns whose inferred type contradicts the annotation (`x: int = "a"`, `-> str` returning an int).',
    provenance: 'mypy assignment / return-value',
    docs: {
      what:
        'An assignment to an annotated variable (`x: int = "a"`, or a later `x = "a"`), or a `return` in a function ' +
        'with a return annotation, whose value has an inferred builtin type that the annotation does not admit. ' +
        'Numbers widen as Python\'s typing does (an int is a valid float). A `None` default of an annotated variable ' +
        '(`x: int = None`, the old implicit Optional) is left alone; a `None` returned from `-> str` is not.',
      why: 'Annotations are read by people and type checkers as a promise: code downstream trusts `-> str` and calls `.upper()` on an int. The mismatch is either a bug in the value or a stale annotation.',
      example: 'retries: int = "3"\n\ndef label(count: int) -> str:\n    return count * 2',
      useInstead: 'retries: int = 3\n\ndef label(count: int) -> str:\n    return str(count * 2)',
    },
  },
  (context) => {
    // Only the outer classes are compared (`list` against `dict`, `int` against `str`): element types
    // of containers are inferred from what is visible and may be narrower than the annotation meant.
    const outer = (t: Type): Type => {
      if (t.kind === 'union') return { kind: 'union', items: t.items.map(outer) };
      return t.kind === 'builtin' && !t.abstract ? builtin(t.name, t.args.map(() => ({ kind: 'unknown' }) as Type)) : t;
    };
    const contradicts = (value: Typed | undefined, declared: Type): boolean => {
      const types = pythonTypes(context);
      if (!types || !value || isUnknown(declared) || !isConcrete(value.type)) return false;
      return types.relations.assignable(outer(value.type), outer(declared)) === false;
    };
    const declaredOf = (target: SyntaxNode): { type: Type; line: number } | undefined => {
      const types = pythonTypes(context);
      const model = context.semantic();
      if (!types || !model || target.type !== 'identifier') return undefined;
      const symbol = model.resolve(target);
      const declaration = symbol?.declarations.find((d) => (d.form === 'annotated-assignment' || d.form === 'annotation') && d.node.field('type'));
      // Only assignments after the annotation (branches annotating one variable differently are left alone).
      if (!declaration || declaration.node.startIndex > target.startIndex) return undefined;
      return { type: types.annotationType(declaration.node.field('type')!), line: declaration.node.startRow + 1 };
    };
    return {
      assignment(node) {
        const types = pythonTypes(context);
        const left = node.field('left');
        const right = node.field('right');
        if (!types || !left || !right || left.type !== 'identifier' || right.type === 'none' || right.type === 'assignment' || hasTypeIgnore(node)) return;
        const declared = declaredOf(left);
        if (!declared) return;
        const value = types.typeOf(right);
        if (!value || members(value.type).some((m) => m.kind === 'none')) return;
        if (!contradicts(value, declared.type)) return;
        const annotation = describe(declared.type, 'python');
        context.report({
          node,
          message: `\`${brief(node.text, 50)}\` stores ${shown(right, value, 'python')} in \`${left.text}\`, annotated \`${annotation}\` at line ${declared.line}.`,
          evidence: { value: shown(right, value, 'python'), annotation: `${left.text}: ${annotation} (line ${declared.line})` },
        });
      },
      return_statement(node) {
        const types = pythonTypes(context);
        const fn = node.closest('function_definition');
        if (!types || !fn || fn.closest('lambda')?.startIndex !== undefined && fn.closest('lambda')!.startIndex > fn.startIndex) return;
        const info = types.functionOf(fn);
        if (!info || info.isGenerator) return;
        const declared = types.declaredReturn(fn);
        if (!declared || hasTypeIgnore(node)) return;
        const value = node.namedChildren.find((c) => c.type !== 'comment');
        const t: Typed | undefined = value ? types.typeOf(value) : { type: { kind: 'none' }, origin: 'bare return' };
        if (!contradicts(t, declared.type)) return;
        const annotation = describe(declared.type, 'python');
        const shownValue = value ? shown(value, t!, 'python') : '`return` without a value: None';
        context.report({
          node,
          message: `\`${info.name}\` is annotated \`-> ${annotation}\` (line ${fn.startRow + 1}) but returns ${shownValue}.`,
          evidence: { value: shownValue, annotation: `-> ${annotation} (line ${fn.startRow + 1})` },
        });
      },
    };
  },
);
