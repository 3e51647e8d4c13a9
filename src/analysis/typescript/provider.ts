import type { SyntaxNode } from '../../parse/syntax-node.js';
import type { SignatureDescription, SymbolCategory, TypeDescription, TypeProvider } from '../type-provider.js';
import { describeSignature, describeType, isErrorType, isNullish, isOpaque, typeNames, unionParts, CHECKER_ORIGIN } from './describe.js';
import { typescript, type TS } from './load.js';
import type { NodeMapper } from './node-map.js';

/**
 * Answers type questions about one file from its project's checker. Every tree-sitter node is
 * mapped to the TypeScript node spanning the same range; a node with no counterpart (tree-sitter's
 * `arguments`, a keyword) gets undefined, never a guess.
 */
export class TypeScriptTypeProvider implements TypeProvider {
  readonly engine = 'typescript';

  constructor(
    private readonly checker: TS.TypeChecker,
    private readonly sourceFile: TS.SourceFile,
    private readonly mapper: NodeMapper,
    private readonly strictNullChecks: boolean,
    private readonly strictPropertyInitialization: boolean,
    private readonly noUncheckedIndexedAccess = false,
  ) {}

  /** The TypeScript node at the same range as a tree-sitter node (its inner expression for a parenthesised condition). */
  tsNode(node: SyntaxNode): TS.Node | undefined {
    const found = this.mapper.nodeAt(node.startIndex, node.endIndex);
    if (found) return found;
    // `if (x)`: tree-sitter's condition includes the parentheses, TypeScript's does not.
    if (node.type === 'parenthesized_expression') {
      const inner = node.namedChildren.filter((c) => c.type !== 'comment');
      if (inner.length === 1) return this.tsNode(inner[0]);
    }
    // `export class C {}`: tree-sitter's declaration starts after `export`, TypeScript's at it (a modifier).
    if (node.parent?.type === 'export_statement' && node.fieldName === 'declaration') {
      const declaration = this.mapper.nodeAt(node.parent.startIndex, node.endIndex);
      if (declaration) return declaration;
    }
    return undefined;
  }

  private typeAt(node: SyntaxNode): { type: TS.Type; at: TS.Node } | undefined {
    const at = this.tsNode(node);
    if (!at || at.kind === typescript().SyntaxKind.SourceFile) return undefined;
    const type = this.checker.getTypeAtLocation(at);
    return isErrorType(type) ? undefined : { type, at };
  }

  typeOf(node: SyntaxNode): TypeDescription | undefined {
    const found = this.typeAt(node);
    return found ? describeType(this.checker, found.type, found.at) : undefined;
  }

  /** The return type of a function, method or arrow (declared or inferred), for `revisor types`. */
  returnTypeOf(fn: SyntaxNode): TypeDescription | undefined {
    const ts = typescript();
    const at = this.tsNode(fn);
    if (!at || !ts.isFunctionLike(at)) return undefined;
    const signature = this.checker.getSignatureFromDeclaration(at);
    return signature ? describeType(this.checker, this.checker.getReturnTypeOfSignature(signature), at) : undefined;
  }

  isPromiseLike(node: SyntaxNode): boolean | undefined {
    const found = this.typeAt(node);
    if (!found) return undefined;
    return this.allParts(found.type, (part) => this.isThenable(part, found.at));
  }

  isArrayLike(node: SyntaxNode): boolean | undefined {
    const found = this.typeAt(node);
    if (!found) return undefined;
    return this.allParts(found.type, (part) => this.checker.isArrayLikeType(part));
  }

  elementType(node: SyntaxNode): TypeDescription | undefined {
    const found = this.typeAt(node);
    if (!found) return undefined;
    const names: string[] = [];
    for (const part of unionParts(this.checker, found.type)) {
      if (isNullish(part)) continue;
      const element = this.elementOf(part);
      if (!element) return undefined;
      for (const name of typeNames(this.checker, element, found.at)) if (!names.includes(name)) names.push(name);
    }
    return names.length > 0 ? { names, origin: CHECKER_ORIGIN } : undefined;
  }

  callSignatures(node: SyntaxNode): SignatureDescription[] | undefined {
    const found = this.typeAt(node);
    if (!found) return undefined;
    const type = this.checker.getNonNullableType(found.type);
    if (isOpaque(this.checker, type)) return undefined;
    const constructed = node.parent?.type === 'new_expression' && node.fieldName === 'constructor';
    const signatures = constructed ? type.getConstructSignatures() : type.getCallSignatures();
    return signatures.map((signature) => describeSignature(this.checker, signature, found.at));
  }

  symbolCategory(node: SyntaxNode): SymbolCategory | undefined {
    const ts = typescript();
    const at = this.tsNode(node);
    if (!at) return undefined;
    let symbol = this.checker.getSymbolAtLocation(ts.isPropertyAccessExpression(at) ? at.name : at);
    if (!symbol) return undefined;
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const flags = symbol.flags;
    if (flags & ts.SymbolFlags.Enum) return 'enum';
    if (flags & ts.SymbolFlags.Class) return 'class';
    if (flags & ts.SymbolFlags.Constructor) return 'constructor';
    if (flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Method)) return 'function';
    if (flags & ts.SymbolFlags.Module) return 'module';
    if (flags & (ts.SymbolFlags.Variable | ts.SymbolFlags.Property | ts.SymbolFlags.Accessor)) {
      const type = this.checker.getNonNullableType(this.checker.getTypeOfSymbol(symbol));
      if (isOpaque(this.checker, type)) return 'variable';
      if (type.getConstructSignatures().length > 0 && type.getCallSignatures().length === 0) return 'constructor';
      if (type.getCallSignatures().length > 0) return 'function';
      return 'variable';
    }
    return undefined;
  }

  /**
   * Proven from the type, with two guards against the checker's optimism: a mutable variable or a
   * property is judged by its declared type, not the type narrowed at this point (TypeScript does
   * not undo narrowing when a call in between could have changed the value), and array or
   * index-signature reads are never judged (their declared type omits `undefined`).
   */
  truthiness(node: SyntaxNode): 'truthy' | 'falsy' | undefined {
    if (!this.strictNullChecks) return undefined;
    const ts = typescript();
    let at = this.tsNode(node);
    while (at && (ts.isParenthesizedExpression(at) || ts.isNonNullExpression(at))) at = at.expression;
    if (!at || !ts.isExpression(at)) return undefined;
    if (ts.isElementAccessExpression(at) || ts.isLiteralExpression(at) || at.kind === ts.SyntaxKind.TrueKeyword || at.kind === ts.SyntaxKind.FalseKeyword) return undefined;
    if (hasOptionalChain(at)) return undefined;
    const type = this.conditionType(at);
    if (!type || isErrorType(type)) return undefined;
    let verdict: 'truthy' | 'falsy' | undefined;
    for (const part of unionParts(this.checker, type)) {
      const value = this.partTruthiness(part);
      if (!value || (verdict && verdict !== value)) return undefined;
      verdict = value;
    }
    return verdict;
  }

  /**
   * The type a condition is judged by: declared for `let`/`var`/parameters and properties,
   * flow-narrowed for `const`. Undefined (not judged) where the declared type is known to lie:
   * ambient declarations (feature detection of globals), `let x: T;` without an initialiser (undefined
   * until a closure assigns it), array destructuring (an element may be missing), and names or
   * properties some write in this file forces with `!` or a cast (`subscriptions = null!`).
   */
  private conditionType(at: TS.Expression): TS.Type | undefined {
    const ts = typescript();
    if (ts.isIdentifier(at)) {
      const symbol = this.checker.getSymbolAtLocation(at);
      const declaration = symbol?.valueDeclaration;
      if (!symbol || !declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
      if (ts.isVariableDeclaration(declaration)) {
        const list = declaration.parent;
        const isConst = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
        if (isConst) return this.mayBeMissing(declaration.initializer) ? undefined : this.checker.getTypeAtLocation(at);
        const loopHead = ts.isVariableDeclarationList(list) && (ts.isForOfStatement(list.parent) || ts.isForInStatement(list.parent));
        if ((!declaration.initializer && !loopHead) || this.mayBeMissing(declaration.initializer)) return undefined;
        if (this.forcedWrites().has(`name:${at.text}`)) return undefined;
        return this.checker.getTypeOfSymbol(symbol);
      }
      if (ts.isBindingElement(declaration) && ts.isArrayBindingPattern(declaration.parent)) return undefined;
      if (ts.isParameter(declaration) || ts.isBindingElement(declaration)) {
        if (this.forcedWrites().has(`name:${at.text}`)) return undefined;
        return this.checker.getTypeOfSymbol(symbol);
      }
      if (ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration) || ts.isEnumDeclaration(declaration)) return this.checker.getTypeAtLocation(at);
      return undefined;
    }
    if (ts.isPropertyAccessExpression(at)) {
      const objectType = this.checker.getTypeAtLocation(at.expression);
      const parts = unionParts(this.checker, this.checker.getNonNullableType(objectType));
      if (parts.length !== 1) return undefined;
      const property = this.checker.getApparentType(parts[0]).getProperty(at.name.text);
      // From an index signature, or a library object (feature detection: `if (navigator.clipboard)`).
      if (!property || property.declarations?.some((d) => d.getSourceFile().isDeclarationFile)) return undefined;
      if (property.flags & ts.SymbolFlags.Optional) return undefined;
      // `el!: HTMLElement`, or a field nothing must initialise: undefined until someone assigns it.
      const field = property.valueDeclaration;
      if (field && ts.isPropertyDeclaration(field) && !field.initializer && (field.exclamationToken || !this.strictPropertyInitialization)) return undefined;
      if (this.forcedWrites().has(`property:${at.name.text}`)) return undefined;
      return this.checker.getTypeOfSymbol(property);
    }
    if (ts.isCallExpression(at) || ts.isNewExpression(at) || ts.isAwaitExpression(at)) return this.checker.getTypeAtLocation(at);
    if (ts.isArrowFunction(at) || ts.isFunctionExpression(at) || ts.isObjectLiteralExpression(at) || ts.isArrayLiteralExpression(at) || ts.isClassExpression(at)) return this.checker.getTypeAtLocation(at);
    return undefined;
  }

  private forced: Set<string> | undefined;

  /**
   * Without `noUncheckedIndexedAccess`, `xs[0]` and `record.key` (an index signature) are typed as if
   * the element always existed: a value that may come from one is not judged. Follows `? :`, `??`,
   * `||`, `&&`, parentheses and casts to where the value comes from.
   */
  private mayBeMissing(value: TS.Expression | undefined): boolean {
    if (!value || this.noUncheckedIndexedAccess) return false;
    const ts = typescript();
    const stack: TS.Expression[] = [value];
    while (stack.length > 0) {
      const expression = stack.pop()!;
      if (ts.isElementAccessExpression(expression)) return true;
      if (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression) || ts.isTypeAssertionExpression(expression)) stack.push(expression.expression);
      else if (ts.isConditionalExpression(expression)) stack.push(expression.whenTrue, expression.whenFalse);
      else if (ts.isBinaryExpression(expression) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(expression.operatorToken.kind)) stack.push(expression.left, expression.right);
      else if (ts.isPropertyAccessExpression(expression)) {
        const objectType = this.checker.getNonNullableType(this.checker.getTypeAtLocation(expression.expression));
        if (!this.checker.getApparentType(objectType).getProperty(expression.name.text) && !isOpaque(this.checker, objectType)) return true;
      }
    }
    return false;
  }

  /**
   * Names (`name:x`) and property names (`property:x`) that some initialiser or assignment in this file
   * gives a value through `!`, `as` or `<T>` from something that may be falsy: their declared type
   * does not describe every value they hold. One walk per file, on first need.
   */
  private forcedWrites(): Set<string> {
    if (this.forced) return this.forced;
    const ts = typescript();
    const forced = new Set<string>();
    const lies = (value: TS.Expression | undefined): boolean => {
      if (this.mayBeMissing(value)) return true;
      let expression = value;
      while (expression && ts.isParenthesizedExpression(expression)) expression = expression.expression;
      if (!expression || !(ts.isNonNullExpression(expression) || ts.isAsExpression(expression) || ts.isTypeAssertionExpression(expression))) return false;
      let inner: TS.Expression = expression;
      while (ts.isNonNullExpression(inner) || ts.isAsExpression(inner) || ts.isTypeAssertionExpression(inner) || ts.isParenthesizedExpression(inner)) inner = inner.expression;
      const type = this.checker.getTypeAtLocation(inner);
      return unionParts(this.checker, type).some((part) => isOpaque(this.checker, part) || this.partTruthiness(part) !== 'truthy');
    };
    const record = (target: TS.Node, value: TS.Expression | undefined) => {
      if (!lies(value)) return;
      if (ts.isIdentifier(target)) forced.add(`name:${target.text}`);
      else if (ts.isPropertyAccessExpression(target)) forced.add(`property:${target.name.text}`);
      else if ((ts.isPropertyDeclaration(target) || ts.isPropertyAssignment(target)) && ts.isIdentifier(target.name)) forced.add(`property:${target.name.text}`);
    };
    const visit = (node: TS.Node): void => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) record(node.left, node.right);
      else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) record(node.name, node.initializer);
      else if (ts.isPropertyDeclaration(node)) record(node, node.initializer);
      ts.forEachChild(node, visit);
    };
    visit(this.sourceFile);
    this.forced = forced;
    return forced;
  }

  private partTruthiness(part: TS.Type): 'truthy' | 'falsy' | undefined {
    const ts = typescript();
    const { TypeFlags } = ts;
    if (isOpaque(this.checker, part)) return undefined;
    if (isNullish(part)) return 'falsy';
    if (part.flags & TypeFlags.BooleanLiteral) return (part as { intrinsicName?: string }).intrinsicName === 'true' ? 'truthy' : 'falsy';
    if (part.isStringLiteral()) return part.value === '' ? 'falsy' : 'truthy';
    if (part.isNumberLiteral()) return part.value === 0 ? 'falsy' : 'truthy';
    if (part.flags & TypeFlags.BigIntLiteral) return (part as TS.BigIntLiteralType).value.base10Value === '0' ? 'falsy' : 'truthy';
    if (part.flags & (TypeFlags.ESSymbol | TypeFlags.UniqueESSymbol)) return 'truthy';
    if (part.flags & TypeFlags.NonPrimitive) return 'truthy';
    if (part.flags & (TypeFlags.Object | TypeFlags.Intersection)) {
      // Structural types admit primitives (`{ length: number }` accepts ""): an object type proves
      // truthiness only when no string, number, bigint or boolean can be one.
      const primitives = [this.checker.getStringType(), this.checker.getNumberType(), this.checker.getBigIntType(), this.checker.getBooleanType()];
      const generic = this.dependsOnTypeParameters(part);
      const excluded = (primitive: TS.Type) => this.namesExclude(primitive, part) || (!generic && !this.checker.isTypeAssignableTo(primitive, part));
      return primitives.every(excluded) ? 'truthy' : undefined;
    }
    return undefined;
  }

  /** A primitive cannot be of this type whatever its type arguments: the type is callable, or requires a property the primitive lacks. */
  private namesExclude(primitive: TS.Type, part: TS.Type): boolean {
    if (part.getCallSignatures().length > 0 || part.getConstructSignatures().length > 0) return true;
    const apparent = this.checker.getApparentType(primitive);
    const ts = typescript();
    return this.checker.getPropertiesOfType(part).some((property) => !(property.flags & ts.SymbolFlags.Optional) && !apparent.getProperty(property.getName()));
  }

  /** `Iterable<R>` inside a generic function: R may be `string`, and then `""` is one. */
  private dependsOnTypeParameters(part: TS.Type): boolean {
    const ts = typescript();
    const variable = (t: TS.Type): boolean => (t.flags & (ts.TypeFlags.TypeParameter | ts.TypeFlags.IndexedAccess | ts.TypeFlags.Conditional | ts.TypeFlags.Substitution)) !== 0 || (t.isUnionOrIntersection() && t.types.some(variable));
    if (part.isIntersection()) return part.types.some((t) => variable(t) || this.dependsOnTypeParameters(t));
    if ((part as TS.ObjectType).objectFlags & ts.ObjectFlags.Reference) return this.checker.getTypeArguments(part as TS.TypeReference).some(variable);
    return false;
  }

  /** True when every non-nullish part satisfies the test, false when none does; undefined when mixed or unknowable. */
  private allParts(type: TS.Type, test: (part: TS.Type) => boolean): boolean | undefined {
    let yes = 0;
    let no = 0;
    for (const part of unionParts(this.checker, type)) {
      if (isNullish(part)) continue;
      if (isOpaque(this.checker, part)) return undefined;
      if (test(part)) yes++;
      else no++;
    }
    if (yes > 0 && no === 0) return true;
    if (no > 0 && yes === 0) return false;
    return undefined;
  }

  /** Has a callable `then`, as `await` and Promise resolution see it. */
  private isThenable(part: TS.Type, at: TS.Node): boolean {
    const then = this.checker.getApparentType(part).getProperty('then');
    if (!then) return false;
    const type = this.checker.getTypeOfSymbolAtLocation(then, at);
    return unionParts(this.checker, type).some((t) => t.getCallSignatures().length > 0);
  }

  private elementOf(part: TS.Type): TS.Type | undefined {
    const ts = typescript();
    if (this.checker.isArrayLikeType(part)) return this.checker.getIndexTypeOfType(part, ts.IndexKind.Number);
    if (part.flags & ts.TypeFlags.StringLike) return this.checker.getStringType();
    // Iterables: the first type argument of what `[Symbol.iterator]()` returns (Iterator<T>, SetIterator<T>, Generator<T>...).
    const iterator = this.checker.getApparentType(part).getProperties().find((p) => String(p.escapedName).startsWith('__@iterator@'));
    if (!iterator) return undefined;
    const signature = this.checker.getTypeOfSymbol(iterator).getCallSignatures()[0];
    const returned = signature?.getReturnType() as TS.TypeReference | undefined;
    if (!returned || !((returned as TS.ObjectType).objectFlags & ts.ObjectFlags.Reference)) return undefined;
    return this.checker.getTypeArguments(returned)[0];
  }
}

function hasOptionalChain(node: TS.Node): boolean {
  return (node.flags & typescript().NodeFlags.OptionalChain) !== 0;
}
