import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { callArguments, isStdMove, lineOf, outerParentheses, resolveVariable, type Variable } from '../../src/rule-helpers/cpp/cpp.js';

const STATEMENT = /(_statement|^declaration)$/;
const JUMPS = new Set(['return_statement', 'break_statement', 'continue_statement', 'goto_statement', 'co_return_statement']);
/** Methods that give a moved-from object a known state again. */
const REINITIALISING_METHODS = new Set(['clear', 'assign', 'reset', 'swap', 'emplace']);
const UNEVALUATED = new Set(['sizeof_expression', 'alignof_expression', 'decltype', 'noexcept']);
const CONDITIONAL_OPERATORS = new Set(['&&', '||']);

/** The statement directly inside a block that evaluates the move unconditionally, else undefined. */
function movingStatement(call: SyntaxNode): SyntaxNode | undefined {
  let child = call;
  for (const ancestor of call.ancestors()) {
    if (ancestor.type === 'lambda_expression' || ancestor.type === 'function_definition') return undefined;
    if (ancestor.type === 'conditional_expression' && ancestor.field('condition') !== child) return undefined;
    if (ancestor.type === 'binary_expression' && CONDITIONAL_OPERATORS.has(ancestor.field('operator')?.text ?? '') && ancestor.field('right') === child) return undefined;
    if (STATEMENT.test(ancestor.type)) return ancestor.parent?.type === 'compound_statement' ? ancestor : undefined;
    child = ancestor;
  }
  return undefined;
}

/** Whether the move's result is actually consumed by something that takes ownership (not discarded or bound to a reference). */
function resultIsConsumed(call: SyntaxNode): boolean {
  const node = outerParentheses(call);
  const parent = node.parent;
  if (!parent || parent.type === 'expression_statement') return false;
  // `Base::operator=(std::move(other))` moves only the base part; the derived members are moved next.
  if (parent.type === 'argument_list' && /operator\s*=$/.test(parent.parent?.field('function')?.text ?? '')) return false;
  if (parent.type === 'init_declarator') {
    let declarator = parent.field('declarator');
    while (declarator?.type === 'parenthesized_declarator') declarator = declarator.namedChildren[0];
    return declarator?.type !== 'reference_declarator';
  }
  return true;
}

type Occurrence = { kind: 'use' | 'reinit' | 'unknown' | 'unevaluated'; node: SyntaxNode };

/** What an occurrence of the moved variable inside `statement` does to it. */
function classify(identifier: SyntaxNode, statement: SyntaxNode): Occurrence {
  for (const ancestor of identifier.ancestors()) {
    if (UNEVALUATED.has(ancestor.type)) return { kind: 'unevaluated', node: identifier };
    // A lambda body runs whenever the lambda is called, which may be never or after a reassignment.
    if (ancestor.type === 'lambda_expression') return { kind: 'unknown', node: identifier };
    if (ancestor === statement) break;
  }
  const node = outerParentheses(identifier);
  const parent = node.parent;
  if (parent?.type === 'assignment_expression' && parent.field('left') === node) {
    return { kind: parent.field('operator')?.text === '=' ? 'reinit' : 'use', node: identifier };
  }
  if (parent?.type === 'field_expression' && parent.field('argument') === node) {
    // Writing a member (`x.ptr = p;`) gives the moved-from object new contents.
    const grand = parent.parent;
    if (grand?.type === 'assignment_expression' && grand.field('left') === parent && grand.field('operator')?.text === '=') return { kind: 'reinit', node: identifier };
    const method = parent.field('field')?.text ?? '';
    const call = parent.parent?.type === 'call_expression' && parent.parent.field('function') === parent;
    return { kind: call && REINITIALISING_METHODS.has(method) ? 'reinit' : 'use', node: identifier };
  }
  // Passed to a function or by address: it may be an out-parameter that refills it.
  if (parent?.type === 'argument_list') {
    const call = parent.parent;
    if (call?.type === 'call_expression' && isStdMove(call)) return { kind: 'use', node: identifier };
    return { kind: 'unknown', node: identifier };
  }
  if (parent?.type === 'pointer_expression' && parent.field('operator')?.text === '&') return { kind: 'unknown', node: identifier };
  return { kind: 'use', node: identifier };
}

function movedFromState(v: Variable): string {
  if (/^(::)?(std::)?(unique_ptr|shared_ptr|weak_ptr)</.test(v.type)) return 'it is null';
  return 'it is in a valid but unspecified (typically empty) state';
}

function isMovableType(v: Variable): boolean {
  if (v.pointerDepth > 0 || v.array || v.isConst) return false;
  const typeNode = v.typeNode;
  if (!typeNode) return false;
  return typeNode.type !== 'primitive_type' && typeNode.type !== 'sized_type_specifier' && typeNode.type !== 'enum_specifier';
}

export default defineCodeRule(
  {
    id: 'cpp/use-after-move',
    languages: ['cpp'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag reads of a local variable after `std::move` handed its contents away in the same block.',
    provenance: 'clang-tidy bugprone-use-after-move',
    docs: {
      what: 'A local variable or by-value parameter that is read in a statement following `std::move(x)` in the same block, with no assignment, `clear()`, `assign()` or `reset()` in between. Only straight-line code is followed: moves inside conditions, branches or lambdas and uses after a call that might refill the variable are not flagged.',
      why: 'After a move the source is in a "valid but unspecified" state: a moved-from `std::string` or `std::vector` is usually empty and a moved-from `std::unique_ptr` is null. Reading it afterwards silently works with empty data or dereferences null.',
      example: 'records.push_back(std::move(record));\nlog("stored", record.name);  // usually empty now',
      useInstead: 'log("stored", record.name);\nrecords.push_back(std::move(record));',
    },
  },
  (context) => ({
    call_expression(node) {
      if (!isStdMove(node)) return;
      const args = callArguments(node);
      if (args.length !== 1 || args[0].type !== 'identifier') return;
      const moved = args[0];
      const variable = resolveVariable(moved);
      if (!variable || variable.kind === 'member' || variable.isStatic || !isMovableType(variable)) return;
      if (!resultIsConsumed(node)) return;
      const statement = movingStatement(node);
      if (!statement || JUMPS.has(statement.type)) return;
      // `x = f(std::move(x));` moves from `x` and then gives it a new value.
      for (const d of statement.descendants()) {
        if (d.type === 'assignment_expression' && d.field('left')?.type === 'identifier' && d.field('left')?.text === variable.name) return;
      }
      for (let next = statement.nextSibling; next; next = next.nextSibling) {
        if (next.type === 'comment' || !next.isNamed) continue;
        if (next.type === 'labeled_statement') return;
        const occurrences: Occurrence[] = [];
        for (const d of next.descendants()) {
          if (d.type === 'labeled_statement') return;
          if (d.type === 'identifier' && d.text === variable.name) {
            // Another variable of the same name declared here: stop rather than guess which one is meant.
            if (resolveVariable(d) !== variable) return;
            const occurrence = classify(d, next);
            if (occurrence.kind !== 'unevaluated') occurrences.push(occurrence);
          }
        }
        if (occurrences.some((o) => o.kind === 'reinit')) return;
        const first = occurrences[0];
        if (first?.kind === 'unknown') return;
        if (first?.kind === 'use') {
          context.report({
            node: first.node,
            message: `\`${variable.name}\` is used after \`${node.text}\` on line ${lineOf(node)} moved its contents away, so ${movedFromState(variable)} here.`,
            evidence: { variable: variable.name, movedAt: `line ${lineOf(node)}`, usedAt: `line ${lineOf(first.node)}` },
          });
          return;
        }
        if (JUMPS.has(next.type) || (next.type === 'expression_statement' && next.namedChildren[0]?.type === 'throw_expression')) return;
      }
    },
  }),
);
