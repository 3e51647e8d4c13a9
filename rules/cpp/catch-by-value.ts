import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { normalizeType } from '../../src/rule-helpers/cpp/cpp.js';

/** Standard exception classes (all polymorphic classes, so a by-value catch slices them). */
const STD_EXCEPTIONS = new Set([
  'exception', 'logic_error', 'invalid_argument', 'domain_error', 'length_error', 'out_of_range', 'future_error',
  'runtime_error', 'range_error', 'overflow_error', 'underflow_error', 'regex_error', 'system_error', 'format_error',
  'bad_typeid', 'bad_cast', 'bad_any_cast', 'bad_optional_access', 'bad_expected_access', 'bad_weak_ptr',
  'bad_function_call', 'bad_alloc', 'bad_array_new_length', 'bad_exception', 'bad_variant_access', 'nested_exception',
  'ios_base::failure', 'filesystem::filesystem_error', 'tx_exception',
]);

/** Uses of the caught object that work the same through a const reference. */
const CONST_METHODS = new Set(['what', 'code']);

interface Candidate {
  parameter: SyntaxNode;
  typeNode: SyntaxNode;
  type: string;
  name?: SyntaxNode;
  body?: SyntaxNode;
}

function isConstOnlyUse(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (parent?.type === 'field_expression' && parent.field('argument') === identifier) {
    const call = parent.parent;
    return call?.type === 'call_expression' && call.field('function') === parent && CONST_METHODS.has(parent.field('field')?.text ?? '');
  }
  // `std::cerr << e` and `throw;`-free logging read the object.
  return parent?.type === 'binary_expression' && parent.field('operator')?.text === '<<' && parent.field('right') === identifier;
}

export default defineCodeRule(
  {
    id: 'cpp/catch-by-value',
    languages: ['cpp'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag exceptions of class type caught by value instead of by reference.',
    fixable: true,
    provenance: 'clang-tidy misc-throw-by-value-catch-by-reference, GCC -Wcatch-value',
    docs: {
      what: 'A `catch` clause that takes a class-type exception by value, such as `catch (std::exception e)` or `catch (ParseError e)` where `ParseError` is a class defined in the same file.',
      why: 'Catching by value copies the exception and slices it to the declared type: a `std::runtime_error` caught as `std::exception e` loses its derived part, so overridden members and extra data are gone and a later `throw e;` rethrows the sliced copy. The copy can also throw while an exception is being handled.',
      example: 'try {\n  parse(input);\n} catch (std::exception e) {\n  log(e.what());\n}',
      useInstead: 'try {\n  parse(input);\n} catch (const std::exception& e) {\n  log(e.what());\n}',
    },
  },
  (context) => {
    const classes = new Set<string>();
    const candidates: Candidate[] = [];
    const collectClass = (node: SyntaxNode) => {
      const name = node.field('name');
      if (name && node.field('body')) classes.add(name.text);
    };
    return {
      class_specifier: collectClass,
      struct_specifier: collectClass,
      catch_clause(node) {
        const parameter = node.field('parameters')?.namedChildren.find((c) => c.type === 'parameter_declaration');
        const typeNode = parameter?.field('type');
        if (!parameter || !typeNode) return;
        const declarator = parameter.field('declarator');
        if (declarator && declarator.type !== 'identifier') return;
        if (typeNode.type !== 'qualified_identifier' && typeNode.type !== 'type_identifier') return;
        candidates.push({ parameter, typeNode, type: normalizeType(typeNode.text), name: declarator, body: node.field('body') });
      },
      'file:exit'() {
        for (const candidate of candidates) {
          const { parameter, typeNode, type, name, body } = candidate;
          const std = /^(::)?std::(.+)$/.exec(type);
          const isException = std ? STD_EXCEPTIONS.has(std[2]) : STD_EXCEPTIONS.has(type) || classes.has(type) || /Exception$/.test(type);
          if (!isException) continue;
          const isConst = parameter.children.some((c) => c.type === 'type_qualifier' && c.text === 'const');
          const uses = name && body ? [...body.descendants()].filter((d) => d.type === 'identifier' && d.text === name.text) : [];
          const fixable = uses.every(isConstOnlyUse);
          const edits = [{ startOffset: typeNode.endIndex, endOffset: typeNode.endIndex, text: '&' }];
          if (!isConst) edits.unshift({ startOffset: typeNode.startIndex, endOffset: typeNode.startIndex, text: 'const ' });
          context.report({
            node: parameter,
            message: `\`catch (${parameter.text})\` catches by value: the exception is copied, and one of a class derived from \`${type}\` is sliced to \`${type}\`, losing its data and overrides; catch it by reference instead.`,
            evidence: { caughtType: type, declaration: parameter.text },
            fix: fixable ? { title: 'Catch by const reference', edits } : undefined,
          });
        }
      },
    };
  },
);
