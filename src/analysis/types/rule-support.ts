import type { RuleContext } from '../../engine/rule.js';
import type { SyntaxNode } from '../../parse/syntax-node.js';
import type { TypeProvider } from '../type-provider.js';
import { brief } from './common.js';
import { JavaScriptTypes } from './javascript.js';
import { describe, type Flavor, type Typed } from './lattice.js';
import { javaScriptInference, pythonInference } from './provider.js';
import { classFullyKnown, lookupClassMember, PythonTypes } from './python.js';
import type { ClassInfo } from './lattice.js';

/**
 * What the type rules use: the file's tree-sitter analysis. Inside a run it comes from the type session
 * (`context.types()`); when a caller runs rules without a session (rule fixtures, `revisor test-rules`),
 * the file is analysed on its own, without following imports.
 */

const standalone = new WeakMap<object, PythonTypes | JavaScriptTypes>();

export function pythonTypes(context: RuleContext): PythonTypes | undefined {
  // Stub files (`.pyi`) are declarations, never run: nothing in them raises.
  if (context.language !== 'python' || context.path.endsWith('.pyi')) return undefined;
  const provider = context.types();
  if (provider) return pythonInference(provider);
  const model = context.semantic();
  if (!model) return undefined;
  let types = standalone.get(context.parsed);
  if (!types) {
    types = new PythonTypes(context.parsed, model, { label: context.path });
    standalone.set(context.parsed, types);
  }
  return types as PythonTypes;
}

/** The JavaScript analysis, or the provider of another engine (the TypeScript checker) for the generic questions. */
export function javaScriptTypes(context: RuleContext): { inference?: JavaScriptTypes; provider?: TypeProvider } {
  if (context.language === 'python' || context.language === 'cpp') return {};
  const provider = context.types();
  if (provider) return { inference: javaScriptInference(provider), provider };
  const model = context.semantic();
  if (!model) return {};
  let types = standalone.get(context.parsed);
  if (!types) {
    types = new JavaScriptTypes(context.parsed, model, { label: context.path });
    standalone.set(context.parsed, types);
  }
  return { inference: types as JavaScriptTypes };
}

/** "`count`: int (assigned at line 3)" for evidence and messages. */
export function shown(node: SyntaxNode, value: Typed, flavor: Flavor): string {
  return `\`${brief(node.text)}\`: ${describe(value.type, flavor)} (${value.origin})`;
}

/** Just the type: "int", "str | None". */
export function typeText(value: Typed, flavor: Flavor): string {
  return describe(value.type, flavor);
}

/** Innermost expression inside parentheses. */
export function unparenthesized(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildren.length === 1) n = n.namedChildren[0];
  return n;
}

/** Plain words for protocol types in messages. */
const PROTOCOL_WORDS: Record<string, string> = {
  Sized: 'a sized object (one with `__len__`)',
  Iterable: 'an iterable',
  Iterator: 'an iterator',
  SupportsIndex: 'an integer (an object with `__index__`)',
  SupportsInt: 'a number or numeric string',
  SupportsFloat: 'a number',
  Callable: 'a callable',
};

/** What a parameter expects, in words: `an iterable of str`, `int`. */
export function expectedText(t: import('./lattice.js').Type, flavor: Flavor): string {
  if (t.kind === 'builtin' && t.abstract && PROTOCOL_WORDS[t.name]) {
    const word = PROTOCOL_WORDS[t.name];
    const arg = t.args[0];
    const argText = arg ? describe(arg, flavor) : 'unknown';
    return argText !== 'unknown' && t.name === 'Iterable' ? `an iterable of ${argText}` : word;
  }
  return describe(t, flavor);
}

export interface CallTarget {
  /** `f`, `Cart.add`, `Cart.__init__`, `str.join`. */
  display: string;
  /** `line 4`, or undefined for builtins. */
  where?: string;
  signatures: readonly import('./lattice.js').Signature[];
  /** Leading parameters already bound (`self`). */
  skip: number;
  builtin: boolean;
}

/** The signatures a Python call is checked against; undefined when the callee is not known exactly. */
export function pythonCallTarget(types: PythonTypes, callee: import('./lattice.js').Type): CallTarget | undefined {
  switch (callee.kind) {
    case 'function': {
      const fn = callee.fn;
      if (!fn.signatures || fn.signatures.length === 0) return undefined;
      const skip = !fn.builtin && callee.bound && (fn.methodKind === 'instance' || fn.methodKind === 'class') ? 1 : 0;
      return { display: fn.name, where: fn.where, signatures: fn.signatures, skip, builtin: fn.builtin };
    }
    case 'class': {
      const cls = callee.cls;
      if (cls.rewritten || lookupClassMember(cls, '__new__') || lookupClassMember(cls, '__call__')) return undefined;
      const init = lookupClassMember(cls, '__init__');
      if (init?.type.kind === 'function') {
        const fn = init.type.fn;
        if (!fn.signatures || fn.builtin) return undefined;
        return { display: `${cls.name}`, where: fn.where, signatures: fn.signatures, skip: 1, builtin: false };
      }
      if (init || declaresMember(cls, '__init__') || !classFullyKnown(cls)) return undefined;
      return { display: cls.name, where: cls.where, signatures: [{ params: [], returns: { kind: 'instance', cls } }], skip: 0, builtin: false };
    }
    case 'builtin-class': {
      const signatures = types.stubs.constructorSignatures(callee.name, 'call');
      if (!signatures) return undefined;
      return { display: callee.name, signatures, skip: 0, builtin: true };
    }
    default:
      return undefined;
  }
}

const COMPAT_GUARD = /\b(PY2|PY3|PY3K|PY34|PY35|PY36|PY37|PY38|PY39|PYTHON2|PYTHON3|IS_PY\w*|version_info|hexversion|six\.\w+|TYPE_CHECKING)\b|sys\.version/;

/**
 * Whether a Python node runs inside a `try` whose handlers catch one of `exceptions` (or `Exception`,
 * `BaseException`, a bare `except`): the code expects the error a rule would predict.
 */
export function pythonErrorHandled(node: SyntaxNode, exceptions: readonly string[]): boolean {
  let child = node;
  for (const ancestor of node.ancestors()) {
    // Version-compatibility branches (`if six.PY2:`, `if sys.version_info < (3,):`) may never run.
    if ((ancestor.type === 'if_statement' || ancestor.type === 'elif_clause') && child.fieldName !== 'condition') {
      const condition = ancestor.field('condition')?.text ?? '';
      if (COMPAT_GUARD.test(condition)) return true;
    }
    if (ancestor.type === 'else_clause' && ancestor.parent?.type === 'if_statement' && COMPAT_GUARD.test(ancestor.parent.field('condition')?.text ?? '')) return true;
    if (ancestor.type === 'function_definition' || ancestor.type === 'lambda' || ancestor.type === 'class_definition') return false;
    if (ancestor.type === 'try_statement' && child.fieldName === 'body') {
      for (const clause of ancestor.namedChildren) {
        if (clause.type !== 'except_clause') continue;
        const value = clause.namedChildren.find((c) => c.type !== 'block' && c.type !== 'comment');
        if (!value) return true;
        const caught = value.type === 'as_pattern' ? value.namedChildren[0] : value;
        const names = (caught?.text ?? '').split(/[\s,()]+/).map((n) => n.split('.').pop()!);
        if (names.some((n) => n === 'Exception' || n === 'BaseException' || exceptions.includes(n))) return true;
      }
    }
    child = ancestor;
  }
  return false;
}

/** Whether the class or a base defines the name, whatever its type. */
function declaresMember(cls: ClassInfo, name: string, depth = 0): boolean {
  if (depth > 12) return true;
  if (cls.memberNames().includes(name)) return true;
  return cls.bases().some((b) => !b || (b.kind === 'class' && declaresMember(b.cls, name, depth + 1)));
}

/**
 * A type that only documentation claims (JSDoc `@param`, `@type`, `@returns`): comments are not checked by
 * anything, so rules that predict a runtime failure do not act on them alone.
 */
export function documentedOnly(value: Typed): boolean {
  return Boolean(value.documented) || /(^|; )@(param|type|returns?)\b/.test(value.origin);
}

/** A JavaScript member access that only probes for the property (`typeof x.p`, `if (x.p)`, `x.p === undefined`). */
export function isPropertyProbe(member: SyntaxNode): boolean {
  let node = member;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'unary_expression' && ['typeof', '!', 'delete'].includes(parent.field('operator')?.type ?? '')) return true;
  if (parent.type === 'binary_expression' && ['&&', '||', '??', '===', '!==', '==', '!=', 'in'].includes(parent.field('operator')?.type ?? '')) return true;
  if ((parent.type === 'if_statement' || parent.type === 'while_statement' || parent.type === 'ternary_expression') && node.fieldName === 'condition') return true;
  return false;
}

/** Names assigned as properties anywhere in the file (`x.name = ...`): such objects carry extra members. */
export function assignedPropertyNames(source: string): Set<string> {
  const names = new Set<string>();
  for (const m of source.matchAll(/\.\s*([A-Za-z_$][\w$]*)\s*=(?!=)/g)) names.add(m[1]);
  for (const m of source.matchAll(/prototype\s*,\s*['"]([A-Za-z_$][\w$]*)['"]/g)) names.add(m[1]);
  return names;
}
