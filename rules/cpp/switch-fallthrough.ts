import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';

/**
 * How control leaves a statement: `exits` (break, return, throw, ...), `marked` (an explicit
 * `[[fallthrough]]` or FALLTHROUGH macro), `falls` into whatever follows, or `unknown` when this
 * rule cannot tell (macros, infinite loops, preprocessor branches) and so stays silent.
 */
type Flow = 'exits' | 'marked' | 'unknown' | 'falls';

const EXITS = new Set(['break_statement', 'continue_statement', 'return_statement', 'goto_statement', 'throw_statement', 'co_return_statement']);

/** Functions the standard library declares `[[noreturn]]`. */
const NORETURN = new Set([
  'exit',
  'abort',
  '_Exit',
  'quick_exit',
  'terminate',
  'unreachable',
  'longjmp',
  'siglongjmp',
  'rethrow_exception',
  'throw_with_nested',
  '__builtin_unreachable',
  '__builtin_trap',
  '__builtin_abort',
]);

/** Project functions that by their name probably do not return (`fatal_error`, `die`, `panic`): stay silent. */
const NORETURN_LIKE = /abort|exit|terminate|unreachable|fatal|panic|\bdie\b|^die|crash|throw|raise|trap|halt|longjmp|not_?reached/i;
/** `FALLTHROUGH;`, `ABSL_FALLTHROUGH_INTENDED;`, `Q_FALLTHROUGH();`, `[[clang::fallthrough]]`. */
const FALLTHROUGH_NAME = /fall_?thr(ough|u)/i;
/**
 * The comments GCC's -Wimplicit-fallthrough accepts (`// fall through`, `// FALLTHRU`,
 * `// Intentional fallthrough`, `// no break`) and looser variants. A word glued on by `-` or `/`
 * is a name such as a rule id or `-Wimplicit-fallthrough`, not a statement of intent.
 */
const FALLTHROUGH_COMMENT = /(^|[^\w/-])(fall(s|ing)?[\s_-]*(through|thru|thro)|fallthr(ough|u)|no[\s_-]?break)/i;
const MACRO_NAME = /^[A-Z][A-Z0-9_]*$/;

const STATEMENT_LIST_EXTRAS = new Set(['comment', '{', '}']);

/** The statements under a label or inside braces, without the label's value and comments. */
function statementsOf(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((c) => c.isNamed && c.fieldName !== 'value' && !STATEMENT_LIST_EXTRAS.has(c.type));
}

function calleeName(call: SyntaxNode): string | undefined {
  const fn = call.field('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') return fn.text;
  // `std::exit`, `::abort`
  if (fn.type === 'qualified_identifier') {
    const scope = fn.field('scope')?.text;
    const name = fn.field('name');
    if ((scope === undefined || scope === 'std') && name?.type === 'identifier') return name.text;
  }
  return undefined;
}

/**
 * Whether the statement may leave the case through something this rule cannot see into: a macro
 * statement (`UNREACHABLE();`, `RETURN_IF_ERROR(s);`, `LOG(FATAL) << ...`) or a call named like
 * `die()` / `fatal_error()`.
 */
function callsOpaqueCode(expression: SyntaxNode): boolean {
  let head = expression;
  while (head.type === 'binary_expression' && head.field('operator')?.type === '<<') head = head.field('left') ?? head;
  const headCallee = head.type === 'call_expression' ? head.field('function') : undefined;
  if (headCallee?.type === 'identifier' && MACRO_NAME.test(headCallee.text)) return true;
  for (const d of expression.descendants()) {
    if (d.type === 'call_expression' && NORETURN_LIKE.test(d.field('function')?.text ?? '')) return true;
  }
  return false;
}

/** `assert(false)`, `assert(0)`, `assert(!"unreachable")`: aborts in debug builds, so the author meant "cannot happen". */
function isAssertFalse(call: SyntaxNode): boolean {
  const args = call.field('arguments')?.namedChildren ?? [];
  const first = args[0]?.text.replace(/\s+/g, '');
  return Boolean(first && (first === 'false' || first === '0' || first.startsWith('!"') || first.startsWith('false&&') || first.startsWith('0&&')));
}

function expressionFlow(statement: SyntaxNode): Flow {
  const expression = statement.firstNamedChild;
  if (!expression) return 'falls';
  if (expression.type === 'throw_expression') return 'exits';
  if (expression.type === 'identifier') {
    if (FALLTHROUGH_NAME.test(expression.text)) return 'marked';
    return MACRO_NAME.test(expression.text) ? 'unknown' : 'falls';
  }
  if (expression.type === 'call_expression') {
    const fullCallee = expression.field('function')?.text ?? '';
    if (FALLTHROUGH_NAME.test(fullCallee)) return 'marked';
    const name = calleeName(expression);
    if (name && NORETURN.has(name)) return 'exits';
    if (name === 'assert' && isAssertFalse(expression)) return 'unknown';
  }
  return callsOpaqueCode(expression) ? 'unknown' : 'falls';
}

/** Both ways out of a branch: it exits only if every path exits. */
function combine(flows: Flow[]): Flow {
  if (flows.includes('falls')) return 'falls';
  if (flows.includes('unknown')) return 'unknown';
  if (flows.includes('marked')) return 'marked';
  return 'exits';
}

function isConstantTrue(condition: SyntaxNode | undefined): boolean {
  if (!condition) return true;
  const value = condition.type === 'condition_clause' ? condition.field('value') : condition;
  const text = value?.text.replace(/[\s()]/g, '');
  return text === 'true' || text === '1';
}

function attributeNames(statement: SyntaxNode): string[] {
  const names: string[] = [];
  for (const declaration of statement.children.filter((c) => c.type === 'attribute_declaration')) {
    for (const attribute of declaration.namedChildren) if (attribute.type === 'attribute') names.push(attribute.field('name')?.text ?? '');
  }
  return names;
}

function listFlow(statements: SyntaxNode[]): Flow {
  if (statements.length === 0) return 'falls';
  const flows = statements.map(statementFlow);
  // Code after an unconditional exit is unreachable, unless a label makes it a jump target.
  const exitAt = flows.indexOf('exits');
  if (exitAt !== -1 && !statements.slice(exitAt + 1).some((s) => s.type === 'labeled_statement')) return 'exits';
  return flows[flows.length - 1];
}

function statementFlow(statement: SyntaxNode): Flow {
  if (EXITS.has(statement.type)) return 'exits';
  switch (statement.type) {
    case 'expression_statement':
      return expressionFlow(statement);
    case 'attributed_statement': {
      if (attributeNames(statement).some((name) => FALLTHROUGH_NAME.test(name))) return 'marked';
      const inner = statement.namedChildren.find((c) => c.type !== 'attribute_declaration');
      return inner ? statementFlow(inner) : 'falls';
    }
    case 'compound_statement':
      return listFlow(statementsOf(statement));
    case 'labeled_statement': {
      const inner = statement.namedChildren.find((c) => c.fieldName !== 'label' && c.type !== 'comment');
      return inner ? statementFlow(inner) : 'falls';
    }
    case 'if_statement': {
      const consequence = statement.field('consequence');
      const alternative = statement.field('alternative');
      const elseBranch = alternative?.namedChildren.find((c) => c.type !== 'comment');
      if (!consequence) return 'unknown';
      if (!elseBranch) return combine([statementFlow(consequence), 'falls']);
      return combine([statementFlow(consequence), statementFlow(elseBranch)]);
    }
    case 'try_statement': {
      const body = statement.field('body');
      const handlers = statement.namedChildren.filter((c) => c.type === 'catch_clause').map((c) => c.field('body'));
      if (!body || handlers.some((h) => !h)) return 'unknown';
      return combine([statementFlow(body), ...handlers.map((h) => statementFlow(h!))]);
    }
    case 'while_statement':
    case 'for_statement':
      // `for (;;)` / `while (true)` leave only through break or return inside: too deep to follow.
      return isConstantTrue(statement.field('condition')) ? 'unknown' : 'falls';
    case 'do_statement':
      return isConstantTrue(statement.field('condition')) ? 'unknown' : 'falls';
    case 'for_range_loop':
    case 'declaration':
    case 'alias_declaration':
    case 'type_definition':
    case 'static_assert_declaration':
      return 'falls';
    default:
      // Nested switches, preprocessor branches, ERROR regions and anything unfamiliar.
      return 'unknown';
  }
}

/** `case 3:` / `default:`: the label itself, without the statements under it. */
function labelText(label: SyntaxNode): string {
  const colon = label.token(':');
  return label.source.slice(label.startIndex, colon ? colon.endIndex : label.startIndex + 1).replace(/\s+/g, ' ');
}

function labelEnd(label: SyntaxNode): { line: number; column: number } {
  const colon = label.token(':') ?? label;
  return { line: colon.endRow + 1, column: colon.endColumn + 1 };
}

/** Whether a comment between the body's statements and the next label says the fallthrough is intended. */
function hasFallthroughComment(label: SyntaxNode, next: SyntaxNode): boolean {
  for (const d of label.descendants()) if (d.type === 'comment' && FALLTHROUGH_COMMENT.test(d.text)) return true;
  for (let s = label.nextSibling; s && s !== next; s = s.nextSibling) {
    if (s.type === 'comment' && FALLTHROUGH_COMMENT.test(s.text)) return true;
  }
  return false;
}

/**
 * Falling into labels that run nothing (`case 2: }` at the end, or `default: break;`) changes
 * nothing, so only a target with real statements counts.
 */
function fallsIntoCode(labels: SyntaxNode[], from: number): boolean {
  for (let i = from; i < labels.length; i++) {
    const statements = statementsOf(labels[i]);
    if (statements.length === 0) continue;
    return !(statements.length === 1 && statements[0].type === 'break_statement');
  }
  return false;
}

export default defineCodeRule(
  {
    id: 'cpp/switch-fallthrough',
    languages: ['cpp'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag `case` bodies that fall through into the next label without `break` or `[[fallthrough]]`.',
    provenance: 'GCC/Clang -Wimplicit-fallthrough',
    docs: {
      what: 'A `case` or `default` label with statements that do not end in `break`, `return`, `throw`, `continue`, `goto`, a call to a no-return function such as `std::exit`, or an explicit `[[fallthrough]];` (or a `// fallthrough` comment), so execution continues into the next label\'s statements.',
      why: 'Forgetting `break` is one of the most common C and C++ bugs: the next case\'s code runs too, silently doing work meant for another value. When falling through is intended, `[[fallthrough]];` (C++17) says so to readers and to the compiler\'s `-Wimplicit-fallthrough`; labels grouped with no statements between them are not affected.',
      example: 'switch (command) {\n  case Command::Save:\n    save(document);\n  case Command::Close:\n    close(document);\n    break;\n}',
      useInstead: 'switch (command) {\n  case Command::Save:\n    save(document);\n    break;\n  case Command::Close:\n    close(document);\n    break;\n}\n// or, when both should run:\n  case Command::Save:\n    save(document);\n    [[fallthrough]];\n  case Command::Close:',
    },
  },
  (context) => ({
    switch_statement(node) {
      const body = node.field('body');
      if (body?.type !== 'compound_statement') return;
      const labels = body.children.filter((c) => c.type === 'case_statement');
      // The last label has nothing to fall into.
      for (let i = 0; i + 1 < labels.length; i++) {
        const label = labels[i];
        const statements = statementsOf(label);
        if (statements.length === 0 || label.hasError) continue;
        if (listFlow(statements) !== 'falls') continue;
        const next = labels[i + 1];
        if (hasFallthroughComment(label, next) || !fallsIntoCode(labels, i + 1)) continue;
        const from = labelText(label);
        const into = labelText(next);
        const last = statements[statements.length - 1];
        context.report({
          node: label,
          range: { start: { line: label.startRow + 1, column: label.startColumn + 1 }, end: labelEnd(label) },
          message: `\`${from}\` falls through into \`${into}\` (line ${next.startRow + 1}): its statements end without \`break\`, \`return\`, \`throw\` or \`[[fallthrough]];\`.`,
          evidence: {
            label: from,
            fallsInto: into,
            fallsIntoLine: String(next.startRow + 1),
            lastStatement: last.text.replace(/\s+/g, ' ').slice(0, 120),
          },
        });
      }
    },
  }),
);
