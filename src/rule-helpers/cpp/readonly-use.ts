/**
 * Decides whether one use of a string or standard container only reads it, so that the variable could
 * be a `const&` without changing behaviour or breaking compilation. Anything not known to be a read
 * (passing it to an unknown function, binding a non-const reference, calling an unknown method) counts
 * as a possible write: callers then stay silent.
 */
import type { SyntaxNode } from '../../parse/syntax-node.js';
import { calleeName, outerParentheses } from './cpp.js';

/** Methods that return a value unrelated to the object's storage. */
const VALUE_METHODS = new Set([
  'size', 'length', 'empty', 'c_str', 'substr', 'compare', 'starts_with', 'ends_with', 'contains', 'count',
  'capacity', 'max_size', 'cbegin', 'cend', 'crbegin', 'crend', 'bucket_count', 'load_factor',
]);
/** String search methods return positions, not iterators. */
const STRING_VALUE_METHODS = new Set(['find', 'rfind', 'find_first_of', 'find_last_of', 'find_first_not_of', 'find_last_not_of']);
/** Methods returning a reference to an element. */
const ELEMENT_METHODS = new Set(['at', 'front', 'back']);
/** Methods returning an iterator (or pointer) through which the object could be written. */
const ITERATOR_METHODS = new Set(['begin', 'end', 'rbegin', 'rend', 'find', 'lower_bound', 'upper_bound', 'equal_range', 'data']);

/** Standard algorithms that only read their input ranges (all iterator arguments are inputs). */
const READING_ALGORITHMS = new Set([
  'count', 'count_if', 'accumulate', 'reduce', 'all_of', 'any_of', 'none_of', 'equal', 'distance', 'binary_search',
  'is_sorted', 'includes', 'lexicographical_compare', 'find', 'find_if', 'find_if_not', 'min_element', 'max_element',
  'minmax_element', 'lower_bound', 'upper_bound', 'search', 'adjacent_find', 'mismatch', 'find_first_of', 'is_sorted_until',
]);
/** Algorithms whose first two arguments are an input range and whose later ones may be outputs. */
const COPYING_ALGORITHMS = new Set(['copy', 'copy_if', 'copy_n', 'transform']);
/** Algorithms whose result is a plain value rather than an iterator into the range. */
const VALUE_ALGORITHMS = new Set([
  'count', 'count_if', 'accumulate', 'reduce', 'all_of', 'any_of', 'none_of', 'equal', 'distance', 'binary_search',
  'is_sorted', 'includes', 'lexicographical_compare',
]);

type Kind = 'object' | 'element' | 'iterator';

export interface ReadOnlyOptions {
  /** The object is a string (its `find` returns a position). */
  isString: boolean;
  /** `x[k]` may insert (maps), so it is never a read. */
  subscriptInserts: boolean;
}

/** Whether this reference to the variable (an identifier node) only reads it. */
export function isReadOnlyUse(identifier: SyntaxNode, options: ReadOnlyOptions): boolean {
  const node = outerParentheses(identifier);
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'field_expression' && parent.field('argument') === node) {
    if (parent.field('operator')?.text !== '.') return false;
    const call = parent.parent;
    // A data member (`entry.first`) is part of the object: reading it is a read if its own use is.
    if (call?.type !== 'call_expression' || call.field('function') !== parent) return isReadContext(parent, 'element');
    const method = parent.field('field')?.text ?? '';
    if (VALUE_METHODS.has(method) || (options.isString && STRING_VALUE_METHODS.has(method))) return true;
    if (ELEMENT_METHODS.has(method)) return isReadContext(call, 'element');
    if (ITERATOR_METHODS.has(method)) return isReadContext(call, 'iterator');
    return false;
  }
  if (parent.type === 'subscript_expression' && parent.field('argument') === node) {
    return !options.subscriptInserts && isReadContext(parent, 'element');
  }
  return isReadContext(node, 'object');
}

function declaratorIsReference(declarator: SyntaxNode | undefined): boolean {
  let node = declarator;
  while (node?.type === 'parenthesized_declarator') node = node.namedChildren[0];
  return node?.type === 'reference_declarator';
}

function hasConst(declaration: SyntaxNode | undefined): boolean {
  return Boolean(declaration?.children.some((c) => c.type === 'type_qualifier' && c.text === 'const'));
}

function functionReturnsHandle(node: SyntaxNode): boolean {
  const fn = node.closest(new Set(['function_definition', 'lambda_expression']));
  if (!fn) return true;
  if (fn.type === 'lambda_expression') return true;
  const declarator = fn.field('declarator');
  return declarator?.type !== 'function_declarator';
}

/** Whether the value an expression produces (the object, one of its elements, or an iterator into it) is only read. */
function isReadContext(expression: SyntaxNode, kind: Kind): boolean {
  const node = outerParentheses(expression);
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case 'binary_expression': {
      const operator = parent.field('operator')?.text ?? '';
      // `std::cin >> s` writes its right operand.
      if (operator === '>>' && parent.field('right') === node) return false;
      // Iterator arithmetic yields another iterator into the same object.
      if (kind === 'iterator' && (operator === '+' || operator === '-')) return isReadContext(parent, 'iterator');
      return true;
    }
    case 'condition_clause':
      return true;
    case 'unary_expression':
      return true;
    case 'conditional_expression':
      return parent.field('condition') === node ? true : isReadContext(parent, kind);
    case 'expression_statement':
      return true;
    case 'field_expression': {
      if (parent.field('argument') !== node) return false;
      const operator = parent.field('operator')?.text;
      const call = parent.parent?.type === 'call_expression' && parent.parent.field('function') === parent ? parent.parent : undefined;
      if (kind === 'iterator') {
        // `it->second` is the element's member.
        return operator === '->' && !call ? isReadContext(parent, 'element') : false;
      }
      if (kind === 'element') {
        // Writing through a pointer element does not modify the container.
        if (operator === '->') return true;
        if (call) return VALUE_METHODS.has(parent.field('field')?.text ?? '');
        return isReadContext(parent, 'element');
      }
      return false;
    }
    case 'subscript_argument_list':
      // Used as an index or key: read (and copied for a map key).
      return kind !== 'iterator';
    case 'subscript_expression':
      if (parent.field('argument') !== node) return true;
      return kind === 'element' ? isReadContext(parent, 'element') : false;
    case 'pointer_expression':
      if (parent.field('operator')?.text === '*') return kind === 'iterator' ? isReadContext(parent, 'element') : false;
      return false;
    case 'argument_list': {
      const call = parent.parent;
      if (call?.type === 'field_initializer') return kind !== 'iterator';
      if (call?.type !== 'call_expression' || kind !== 'iterator') return false;
      const fn = call.field('function');
      if (fn?.type !== 'qualified_identifier') return false;
      const name = calleeName(call);
      if (!name) return false;
      const index = parent.namedChildren.filter((c) => c.type !== 'comment').indexOf(node);
      if (COPYING_ALGORITHMS.has(name)) return index <= 1 || (name === 'copy_n' && index === 0);
      if (!READING_ALGORITHMS.has(name)) return false;
      return VALUE_ALGORITHMS.has(name) ? true : isReadContext(call, 'iterator');
    }
    case 'init_declarator':
      if (parent.field('value') !== node) return false;
      if (kind === 'iterator') return false;
      return !declaratorIsReference(parent.field('declarator')) || hasConst(parent.parent ?? undefined);
    case 'declaration':
      if (parent.field('value') !== node || kind === 'iterator') return false;
      return !declaratorIsReference(parent.field('declarator')) || hasConst(parent);
    case 'assignment_expression':
      return parent.field('right') === node && kind !== 'iterator';
    case 'return_statement':
      return kind === 'element' && !functionReturnsHandle(parent);
    case 'for_range_loop': {
      if (parent.field('right') !== node) return false;
      return !declaratorIsReference(parent.field('declarator')) || hasConst(parent);
    }
    case 'initializer_list':
      return kind !== 'iterator';
    default:
      return false;
  }
}
