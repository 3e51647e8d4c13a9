import type { SignatureDescription, TypeDescription } from '../type-provider.js';
import { typescript, type TS } from './load.js';

/** Evidence text for every answer of this engine. */
export const CHECKER_ORIGIN = 'TypeScript checker';

/** The checker's error type: what it answers for nodes that are not expressions. */
export function isErrorType(type: TS.Type): boolean {
  return (type.flags & typescript().TypeFlags.Any) !== 0 && (type as { intrinsicName?: string }).intrinsicName === 'error';
}

/** Types that say nothing about the value: `any`, `unknown`, `never`, unconstrained type parameters. */
export function isOpaque(checker: TS.TypeChecker, type: TS.Type): boolean {
  const { TypeFlags } = typescript();
  if (type.flags & (TypeFlags.Any | TypeFlags.Unknown | TypeFlags.Never)) return true;
  if (type.flags & (TypeFlags.TypeParameter | TypeFlags.Index | TypeFlags.IndexedAccess | TypeFlags.Conditional | TypeFlags.Substitution)) {
    const constraint = checker.getBaseConstraintOfType(type);
    return !constraint || constraint === type || isOpaque(checker, constraint);
  }
  return false;
}

/** `null`, `undefined` and `void`: the values a `?.` or a default skips. */
export function isNullish(type: TS.Type): boolean {
  const { TypeFlags } = typescript();
  return (type.flags & (TypeFlags.Null | TypeFlags.Undefined | TypeFlags.Void)) !== 0;
}

/** Union members (the type itself when it is not a union); type parameters replaced by their constraint. */
export function unionParts(checker: TS.TypeChecker, type: TS.Type): TS.Type[] {
  const { TypeFlags } = typescript();
  let resolved = type;
  if (resolved.flags & (TypeFlags.TypeParameter | TypeFlags.IndexedAccess)) resolved = checker.getBaseConstraintOfType(resolved) ?? resolved;
  return resolved.isUnion() ? [...resolved.types] : [resolved];
}

const NAME_FLAGS = () => typescript().TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;

/**
 * Names in the shape of `revisor types`: one per union member, as the checker prints them
 * (`Promise<string>`, `number[]`, `"a"`, `User`); `true | false` folds back into `boolean`, and an
 * enum stays one name.
 */
export function typeNames(checker: TS.TypeChecker, type: TS.Type, enclosing?: TS.Node, flags = NAME_FLAGS()): string[] {
  const { TypeFlags } = typescript();
  if (!type.isUnion() || type.flags & (TypeFlags.EnumLiteral | TypeFlags.Boolean)) return [checker.typeToString(type, enclosing, flags)];
  const names: string[] = [];
  const booleans = type.types.filter((t) => t.flags & TypeFlags.BooleanLiteral);
  // As the checker prints a union: `User | undefined`, nullish members last.
  const members = [...type.types.filter((t) => !isNullish(t)), ...type.types.filter(isNullish)];
  for (const member of members) {
    const name = booleans.length === 2 && member.flags & TypeFlags.BooleanLiteral ? 'boolean' : checker.typeToString(member, enclosing, flags);
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

export function describeType(checker: TS.TypeChecker, type: TS.Type, enclosing?: TS.Node, flags?: number): TypeDescription {
  return { names: typeNames(checker, type, enclosing, flags), origin: CHECKER_ORIGIN };
}

export function describeSignature(checker: TS.TypeChecker, signature: TS.Signature, enclosing: TS.Node): SignatureDescription {
  const ts = typescript();
  const last = signature.parameters.length - 1;
  return {
    parameters: signature.parameters.map((parameter, index) => {
      const declaration = parameter.valueDeclaration;
      const isParameter = declaration !== undefined && ts.isParameter(declaration);
      const type = checker.getTypeOfSymbol(parameter);
      // Function-typed parameters are printed structurally (`(value: T) => void`, not `Callback`):
      // what a caller may pass depends on the shape, and an alias name hides it.
      const flags = type.getCallSignatures().length > 0 ? NAME_FLAGS() | ts.TypeFormatFlags.InTypeAlias : undefined;
      return {
        name: parameter.getName(),
        optional: isParameter ? checker.isOptionalParameter(declaration) : (parameter.flags & ts.SymbolFlags.Optional) !== 0,
        rest: isParameter ? declaration.dotDotDotToken !== undefined : index === last && signatureHasRest(signature),
        type: describeType(checker, type, enclosing, flags),
      };
    }),
    returns: describeType(checker, signature.getReturnType(), enclosing),
    external: isExternal(signature),
  };
}

/** Declared without a body here: an interface or type member, an overload-only or ambient declaration, a .d.ts file. */
function isExternal(signature: TS.Signature): boolean | undefined {
  const ts = typescript();
  const declaration = signature.getDeclaration() as TS.SignatureDeclaration | undefined;
  if (!declaration) return undefined;
  if (declaration.getSourceFile().isDeclarationFile) return true;
  if (ts.isFunctionLike(declaration) && 'body' in declaration && declaration.body !== undefined) return false;
  // An overload signature of a function implemented in the same file is not external.
  const symbol = (declaration as { symbol?: TS.Symbol }).symbol;
  if (symbol?.declarations?.some((d) => ts.isFunctionLike(d) && 'body' in d && (d as { body?: unknown }).body !== undefined)) return false;
  if (ts.isArrowFunction(declaration) || ts.isFunctionExpression(declaration)) return false;
  return true;
}

function signatureHasRest(signature: TS.Signature): boolean {
  const declaration = signature.getDeclaration() as TS.SignatureDeclaration | undefined;
  const parameters = declaration?.parameters;
  return parameters !== undefined && parameters.length > 0 && parameters[parameters.length - 1].dotDotDotToken !== undefined;
}
