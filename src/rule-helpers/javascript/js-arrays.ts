import type { SyntaxNode } from '../../parse/syntax-node.js';
import type { SemanticModel } from '../../analysis/index.js';
import { callArguments, codeChildren, isNumericLiteral, unparenthesize } from './js-expressions.js';

/**
 * What a local name is known to hold, read from its one declaration and every assignment to it
 * (through the file's semantic model). Deliberately narrow: anything unusual (a second declaration,
 * destructuring, `eval`/`with` nearby, an assignment of something else) gives `undefined`, and the
 * rules asking then stay silent.
 */
export interface ArrayBinding {
  /** The declarator or parameter that introduces the name. */
  declaration: SyntaxNode;
  /** True when every value the name is given (and its declared type) is an array of numbers. */
  numbers: boolean;
  /** How we know: `array literal`, `new Array`, `type number[]`, ... */
  evidence: string;
}

/** Declaration forms whose single value (or type annotation) tells what the name holds. */
const VARIABLE_FORMS: ReadonlySet<string> = new Set(['var', 'let', 'const', 'parameter']);

/**
 * Finds how `identifier` is bound and whether that binding is certainly an array: one declaration,
 * not destructured, and every later assignment (nested callbacks included) stores an array too.
 */
export function arrayBinding(identifier: SyntaxNode, model: SemanticModel | undefined): ArrayBinding | undefined {
  const symbol = model?.resolve(identifier);
  if (!model || !symbol || symbol.declarations.length !== 1 || model.isDynamic(symbol.scope)) return undefined;
  const declaration = symbol.declarations[0];
  if (!VARIABLE_FORMS.has(declaration.form) || declaration.inPattern || declaration.ambient) return undefined;
  const declared = describeDeclaration(declaration.node);
  if (!declared) return undefined;
  let numbers = declared.numbers;
  for (const reference of symbol.references) {
    if (!reference.isWrite || reference.isInit) continue;
    // `x += ...`, `for (x of ...)` and destructuring writes have no single value to check.
    const assigned = reference.writeValue ? describeValue(reference.writeValue) : undefined;
    if (!assigned) return undefined;
    numbers &&= assigned.numbers;
  }
  return { declaration: declaration.node, numbers, evidence: declared.evidence };
}

function describeDeclaration(declaration: SyntaxNode): { numbers: boolean; evidence: string } | undefined {
  const annotation = declaration.field('type');
  if (annotation) return describeType(annotation);
  if (declaration.type !== 'variable_declarator') return undefined;
  const value = declaration.field('value');
  return value ? describeValue(value) : undefined;
}

/** `T[]`, `Array<T>`, `ReadonlyArray<T>`; `numbers` when `T` is `number`. */
function describeType(annotation: SyntaxNode): { numbers: boolean; evidence: string } | undefined {
  const type = codeChildren(annotation)[0];
  if (!type) return undefined;
  if (type.type === 'array_type') {
    const element = codeChildren(type)[0];
    return { numbers: element?.type === 'predefined_type' && element.text === 'number', evidence: `type \`${type.text}\`` };
  }
  if (type.type === 'generic_type' && ['Array', 'ReadonlyArray'].includes(type.field('name')?.text ?? '')) {
    const args = codeChildren(type.field('type_arguments') ?? type);
    const numbers = args.length === 1 && args[0].type === 'predefined_type' && args[0].text === 'number';
    return { numbers, evidence: `type \`${type.text}\`` };
  }
  return undefined;
}

function describeValue(value: SyntaxNode): { numbers: boolean; evidence: string } | undefined {
  const bare = unparenthesize(value);
  if (bare.type === 'array') {
    const elements = codeChildren(bare);
    return { numbers: elements.length > 0 && elements.every((e) => isNumericLiteral(e)), evidence: 'an array literal' };
  }
  const isArrayConstructor = (callee: SyntaxNode | undefined) => callee?.type === 'identifier' && callee.text === 'Array';
  if (bare.type === 'new_expression' && isArrayConstructor(bare.field('constructor'))) return { numbers: false, evidence: '`new Array(...)`' };
  if (bare.type === 'call_expression') {
    const callee = bare.field('function');
    if (isArrayConstructor(callee)) return { numbers: false, evidence: '`Array(...)`' };
    if (callee?.type === 'member_expression' && isArrayConstructor(callee.field('object')) && ['from', 'of'].includes(callee.field('property')?.text ?? '')) {
      const numbers = callee.field('property')!.text === 'of' && callArguments(bare).length > 0 && callArguments(bare).every((a) => isNumericLiteral(a));
      return { numbers, evidence: `\`${callee.text}(...)\`` };
    }
  }
  return undefined;
}
