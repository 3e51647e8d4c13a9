import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { excerpt, isBytes, isFString, isRaw, literalValue } from '../../src/rule-helpers/python/literal-strings.js';
import { descendantsInScope, enclosingScope, parameterNames, targetNames } from '../../src/rule-helpers/python/python-scopes.js';

/** `{name}`, `{name.attr}`, `{name[0]}`, `{name!r}`, `{name:>10}`: what an f-string placeholder for a variable looks like. */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*|\[[^\]{}]*\])*)(?:![rsa])?(?::[^{}]*)?\}/g;

/** The variable names of the placeholders, or undefined when some brace is not such a placeholder (JSON, `{}`, `{0}`, `{{`). */
function placeholderNames(value: string): string[] | undefined {
  const names: string[] = [];
  let covered = '';
  let last = 0;
  for (const match of value.matchAll(PLACEHOLDER)) {
    names.push(match[1]);
    covered += value.slice(last, match.index);
    last = match.index! + match[0].length;
  }
  covered += value.slice(last);
  if (names.length === 0 || /[{}]/.test(covered)) return undefined;
  return names;
}

/** Climbs from a string through concatenation, `+` and parentheses to the expression that is used as a whole. */
function wholeExpression(node: SyntaxNode): SyntaxNode {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return current;
    const joins = parent.type === 'concatenated_string' || parent.type === 'parenthesized_expression' || (parent.type === 'binary_operator' && parent.field('operator')?.type === '+');
    if (!joins) return current;
    current = parent;
  }
}

/**
 * Places where a string is final text that nobody formats later: printed, raised, returned,
 * or an assertion message. A string anywhere else (a `.format` receiver, a logging call, a
 * translation, a `.replace` pattern) may be a template on purpose.
 */
function sinkOf(expression: SyntaxNode): string | undefined {
  const parent = expression.parent;
  if (!parent) return undefined;
  if (parent.type === 'return_statement') return 'returned';
  if (parent.type === 'assert_statement' && parent.namedChildren.filter((c) => c.type !== 'comment')[1] === expression) return 'used as the assertion message';
  if (parent.type !== 'argument_list') return undefined;
  const call = parent.parent;
  if (call?.type !== 'call') return undefined;
  if (call.field('function')?.type === 'identifier' && call.field('function')!.text === 'print') return 'printed';
  if (call.parent?.type === 'raise_statement' && call.parent.namedChildren[0] === call) return 'raised';
  return undefined;
}

/**
 * A call that also receives the values: `Error("{brand} invalid", {"brand": brand})`,
 * `t("{name}", name=name)`, `f("{x}", **values)`. The callee formats the template itself.
 */
function passesValuesAlong(expression: SyntaxNode, names: string[]): boolean {
  const args = expression.parent;
  if (args?.type !== 'argument_list') return false;
  for (const arg of args.namedChildren) {
    if (arg === expression) continue;
    if (arg.type === 'dictionary_splat' || arg.type === 'dictionary' || arg.type === 'dictionary_comprehension') return true;
    if (arg.type === 'call' && arg.field('function')?.text === 'dict') return true;
    if (arg.type === 'keyword_argument' && names.includes(arg.field('name')?.text ?? '')) return true;
  }
  return false;
}

/** Names a function has bound before `position`: parameters, assignments, loop and `with` targets, imports. */
function namesBoundBefore(definition: SyntaxNode, position: number): Set<string> {
  const names = new Set(parameterNames(definition));
  const body = definition.field('body');
  if (!body) return names;
  for (const node of descendantsInScope(body)) {
    if (node.startIndex >= position) continue;
    let targets: SyntaxNode[] = [];
    switch (node.type) {
      case 'assignment':
      case 'augmented_assignment':
      case 'for_statement':
        targets = node.field('left') ? targetNames(node.field('left')!) : [];
        break;
      case 'named_expression':
        targets = node.field('name') ? [node.field('name')!] : [];
        break;
      case 'as_pattern_target':
        targets = targetNames(node);
        break;
      case 'aliased_import':
        targets = node.field('alias') ? [node.field('alias')!] : [];
        break;
      case 'function_definition':
      case 'class_definition':
        if (node !== definition && node.field('name')) targets = [node.field('name')!];
        break;
    }
    for (const t of targets) names.add(t.text);
  }
  return names;
}

/** For `msg = "..."`: the sink of every later use of `msg`, or undefined when some use is not a sink (e.g. `msg.format(...)`). */
function sinkThroughVariable(assignment: SyntaxNode, definition: SyntaxNode): string | undefined {
  const target = assignment.field('left');
  const body = definition.field('body');
  if (target?.type !== 'identifier' || !body || assignment.parent?.type !== 'expression_statement') return undefined;
  let sink: string | undefined;
  for (const node of descendantsInScope(body)) {
    if (node.type !== 'identifier' || node.text !== target.text || node.startIndex <= assignment.endIndex) continue;
    // Rebinding ends the string's life; uses after it are about another value.
    if (node.parent?.type === 'assignment' && node.fieldName === 'left') break;
    const use = sinkOf(wholeExpression(node));
    if (!use) return undefined;
    sink ??= use;
  }
  return sink;
}

export default defineCodeRule(
  {
    id: 'python/missing-f-prefix',
    languages: ['python'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag plain strings with `{name}` placeholders for local variables that are printed, raised or returned as-is.',
    provenance: 'Ruff RUF027 (missing-f-string-syntax)',
    docs: {
      what: 'A string literal without the `f` prefix inside a function, whose every brace is a placeholder such as `{name}` or `{user.id!r}` naming a parameter or a variable assigned earlier in that function, and which is printed, raised in an exception, returned, used as an assertion message, or stored in a variable used only in those ways. Strings passed anywhere else (`.format`, `format_map`, `string.Template`, logging calls, translations) and docstrings are left alone.',
      why: 'Without the prefix the braces are not replaced: the user sees `Invalid value {value}` instead of the value, typically in an error message that was supposed to explain a failure.',
      example: 'def check(value, limit):\n    if value > limit:\n        raise ValueError("value {value} exceeds {limit}")',
      useInstead: 'def check(value, limit):\n    if value > limit:\n        raise ValueError(f"value {value} exceeds {limit}")',
    },
  },
  (context) => ({
    string(node) {
      if (isFString(node) || isBytes(node) || isRaw(node)) return;
      const value = literalValue(node);
      if (value === undefined) return;
      const names = placeholderNames(value);
      if (!names) return;
      const definition = enclosingScope(node);
      if (definition?.type !== 'function_definition') return;
      const whole = wholeExpression(node);
      if (passesValuesAlong(whole, names)) return;
      let sink = sinkOf(whole);
      if (!sink && whole.parent?.type === 'assignment' && whole.fieldName === 'right') sink = sinkThroughVariable(whole.parent, definition);
      if (!sink) return;
      const bound = namesBoundBefore(definition, node.startIndex);
      if (!names.every((n) => bound.has(n))) return;
      const functionName = definition.field('name')?.text ?? 'this function';
      const unique = [...new Set(names)];
      context.report({
        node,
        message: `\`${excerpt(node.text)}\` has ${unique.length === 1 ? 'a placeholder' : 'placeholders'} for ${unique.map((n) => `\`${n}\``).join(', ')}, ${unique.length === 1 ? 'a variable' : 'variables'} of \`${functionName}\`, but no \`f\` prefix: it is ${sink} with the braces as literal text.`,
        evidence: { placeholders: unique.join(', '), function: functionName, use: sink },
      });
    },
  }),
);
