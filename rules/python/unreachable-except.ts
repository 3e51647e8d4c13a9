import { defineCodeRule } from '../../src/engine/rule.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import { moduleStatements, targetNames } from '../../src/rule-helpers/python/python-scopes.js';

/** Parent of each builtin exception class (Python 3.8+). `ExceptionGroup` also derives from `Exception`. */
const PARENT: Record<string, string> = {
  SystemExit: 'BaseException', KeyboardInterrupt: 'BaseException', GeneratorExit: 'BaseException', Exception: 'BaseException',
  BaseExceptionGroup: 'BaseException', ExceptionGroup: 'BaseExceptionGroup',
  ArithmeticError: 'Exception', FloatingPointError: 'ArithmeticError', OverflowError: 'ArithmeticError', ZeroDivisionError: 'ArithmeticError',
  AssertionError: 'Exception', AttributeError: 'Exception', BufferError: 'Exception', EOFError: 'Exception',
  ImportError: 'Exception', ModuleNotFoundError: 'ImportError',
  LookupError: 'Exception', IndexError: 'LookupError', KeyError: 'LookupError',
  MemoryError: 'Exception', NameError: 'Exception', UnboundLocalError: 'NameError',
  OSError: 'Exception', BlockingIOError: 'OSError', ChildProcessError: 'OSError', ConnectionError: 'OSError',
  BrokenPipeError: 'ConnectionError', ConnectionAbortedError: 'ConnectionError', ConnectionRefusedError: 'ConnectionError',
  ConnectionResetError: 'ConnectionError', FileExistsError: 'OSError', FileNotFoundError: 'OSError', InterruptedError: 'OSError',
  IsADirectoryError: 'OSError', NotADirectoryError: 'OSError', PermissionError: 'OSError', ProcessLookupError: 'OSError', TimeoutError: 'OSError',
  ReferenceError: 'Exception', RuntimeError: 'Exception', NotImplementedError: 'RuntimeError', RecursionError: 'RuntimeError',
  StopAsyncIteration: 'Exception', StopIteration: 'Exception',
  SyntaxError: 'Exception', IndentationError: 'SyntaxError', TabError: 'IndentationError',
  SystemError: 'Exception', TypeError: 'Exception',
  ValueError: 'Exception', UnicodeError: 'ValueError', UnicodeDecodeError: 'UnicodeError', UnicodeEncodeError: 'UnicodeError', UnicodeTranslateError: 'UnicodeError',
  Warning: 'Exception', BytesWarning: 'Warning', DeprecationWarning: 'Warning', EncodingWarning: 'Warning', FutureWarning: 'Warning',
  ImportWarning: 'Warning', PendingDeprecationWarning: 'Warning', ResourceWarning: 'Warning', RuntimeWarning: 'Warning',
  SyntaxWarning: 'Warning', UnicodeWarning: 'Warning', UserWarning: 'Warning',
};
/** Old names that are the very same class. */
const ALIASES: Record<string, string> = { IOError: 'OSError', EnvironmentError: 'OSError' };

function canonical(name: string): string {
  return ALIASES[name] ?? name;
}

/** True when builtin `sub` is `base` or derives from it. */
function derivesFrom(sub: string, base: string): boolean {
  const lineage: string[] = [];
  for (let c: string | undefined = canonical(sub); c; c = PARENT[c]) lineage.push(c);
  if (lineage.includes('ExceptionGroup')) lineage.push('Exception');
  return lineage.includes(canonical(base));
}

const isBuiltinException = (name: string) => canonical(name) in PARENT || name === 'BaseException';

/** The type expressions an except clause names; undefined for a bare clause or a computed tuple. */
function caughtTypes(clause: SyntaxNode): SyntaxNode[] | undefined {
  let value = clause.field('value');
  if (!value) return undefined;
  if (value.type === 'as_pattern') value = value.namedChildren[0];
  while (value?.type === 'parenthesized_expression') value = value.namedChildren.find((c) => c.type !== 'comment');
  if (!value) return undefined;
  const types = value.type === 'tuple' ? value.namedChildren.filter((c) => c.type !== 'comment') : [value];
  return types.every((t) => t.type === 'identifier' || t.type === 'attribute') ? types : undefined;
}

/** Names the module binds itself (class, import, assignment): a local `TimeoutError` is not the builtin. */
function locallyBoundNames(node: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (const statement of moduleStatements(node)) {
    const definition = statement.type === 'decorated_definition' ? statement.field('definition') : statement;
    if (definition?.type === 'class_definition' && definition.field('name')) names.add(definition.field('name')!.text);
    if (statement.type === 'import_from_statement') {
      for (const n of statement.fieldAll('name')) names.add((n.field('alias') ?? n).text.split('.').pop()!);
    }
    if (statement.type === 'expression_statement' && statement.namedChildren[0]?.type === 'assignment') {
      for (const t of targetNames(statement.namedChildren[0].field('left')!)) names.add(t.text);
    }
  }
  return names;
}

export default defineCodeRule(
  {
    id: 'python/unreachable-except',
    languages: ['python'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag `except` clauses that can never run because an earlier clause of the same `try` catches the same exception or a base class of it.',
    provenance: 'pylint bad-except-order (E0701) / Ruff B014, B025',
    docs: {
      what: 'An `except` clause naming an exception type that an earlier clause of the same `try` already catches: the same type again (including aliases such as `IOError` for `OSError`), or a builtin subclass of a type caught earlier, such as `except ValueError` after `except Exception`. Only builtin exception classes are compared by hierarchy; other names only by being identical.',
      why: 'Python tries the clauses in order and runs the first that matches, so the later handler is dead code. The specific handling the author wrote (a retry, a clearer message) never happens; the generic handler runs instead.',
      example: 'try:\n    value = parse(text)\nexcept Exception:\n    value = None\nexcept ValueError:\n    raise BadInput(text)',
      useInstead: 'try:\n    value = parse(text)\nexcept ValueError:\n    raise BadInput(text)\nexcept Exception:\n    value = None',
    },
  },
  (context) => ({
    try_statement(node) {
      const clauses = node.children.filter((c) => c.type === 'except_clause' || c.type === 'except_group_clause');
      // `except*` clauses split exception groups, which changes the matching rules.
      if (clauses.some((c) => c.type !== 'except_clause' || c.children.some((t) => t.type === '*'))) return;
      let shadowed: Set<string> | undefined;
      const earlier: Array<{ type: SyntaxNode; clause: SyntaxNode }> = [];
      for (const clause of clauses) {
        const types = caughtTypes(clause);
        if (!types) return;
        for (const type of types) {
          const match = earlier.find(({ type: previous }) => {
            if (sameSyntax(previous, type)) return true;
            if (previous.type !== 'identifier' || type.type !== 'identifier') return false;
            if (!isBuiltinException(previous.text) || !isBuiltinException(type.text)) return false;
            shadowed ??= locallyBoundNames(node);
            if (shadowed.has(previous.text) || shadowed.has(type.text)) return false;
            return derivesFrom(type.text, previous.text);
          });
          if (!match) continue;
          const previousLine = match.clause.startRow + 1;
          const same = match.type.text === type.text;
          const relation = same
            ? `already catches \`${type.text}\``
            : canonical(match.type.text) === canonical(type.text)
              ? `already catches it under its other name \`${match.type.text}\``
              : `already catches it, because \`${type.text}\` is a subclass of \`${match.type.text}\``;
          context.report({
            node: types.length === 1 ? clause : type,
            message: `\`except ${type.text}\` can never run: the \`except\` clause at line ${previousLine} ${relation}.`,
            evidence: { exception: type.text, caughtBy: match.type.text, caughtAtLine: String(previousLine) },
          });
        }
        for (const type of types) earlier.push({ type, clause });
      }
    },
  }),
);
