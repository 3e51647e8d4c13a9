import type { SyntaxNode } from '../../parse/syntax-node.js';
import type { ParameterDescription, SignatureDescription, SymbolCategory, TypeDescription, TypeProvider } from '../type-provider.js';
import type { JavaScriptTypes } from './javascript.js';
import { isUnknown, members, typeNames, type Flavor, type Type, type Typed } from './lattice.js';
import { NOT_ITERABLE } from './relations.js';
import type { PythonTypes } from './python.js';

export type FileInference = PythonTypes | JavaScriptTypes;

/**
 * The tree-sitter engine's answers behind the rules' `TypeProvider` interface. Rules that need more
 * than the interface (call records, where a None came from, the stubs) reach the analysis itself with
 * {@link inferenceOf}.
 */
export class TreeSitterTypeProvider implements TypeProvider {
  readonly engine = 'tree-sitter' as const;

  constructor(readonly inference: FileInference) {}

  private get flavor(): Flavor {
    return this.inference.flavor;
  }

  private describe(t: Typed | undefined): TypeDescription | undefined {
    if (!t) return undefined;
    const names = typeNames(t.type, this.flavor);
    return names.length ? { names, origin: t.origin } : undefined;
  }

  typeOf(node: SyntaxNode): TypeDescription | undefined {
    return this.describe(this.inference.typeOf(node));
  }

  isPromiseLike(node: SyntaxNode): boolean | undefined {
    const t = this.inference.typeOf(node)?.type;
    if (!t || isUnknown(t)) return undefined;
    const promise = (m: Type) => m.kind === 'builtin' && (m.name === 'Promise' || m.name === 'coroutine');
    if (members(t).every(promise)) return true;
    if (members(t).every((m) => m.kind === 'none' || m.kind === 'undefined' || m.kind === 'null' || (m.kind === 'builtin' && !m.abstract && !promise(m)))) return false;
    return undefined;
  }

  isArrayLike(node: SyntaxNode): boolean | undefined {
    const t = this.inference.typeOf(node)?.type;
    if (!t || isUnknown(t)) return undefined;
    const array = (m: Type) => m.kind === 'builtin' && !m.abstract && ['Array', 'list', 'tuple'].includes(m.name);
    if (members(t).every(array)) return true;
    if (members(t).every((m) => m.kind === 'none' || m.kind === 'undefined' || m.kind === 'null' || (m.kind === 'builtin' && !m.abstract))) return false;
    return undefined;
  }

  elementType(node: SyntaxNode): TypeDescription | undefined {
    const t = this.inference.typeOf(node);
    if (!t) return undefined;
    const element = this.inference.relations.elementType(t.type);
    if (!element || element === NOT_ITERABLE) return undefined;
    return this.describe({ type: element, origin: `element of ${t.origin}` });
  }

  callSignatures(node: SyntaxNode): SignatureDescription[] | undefined {
    const t = this.inference.typeOf(node)?.type;
    if (!t || t.kind !== 'function' || !t.fn.signatures) return undefined;
    const skip = t.bound && t.fn.methodKind && t.fn.methodKind !== 'static' && !t.fn.builtin ? 1 : 0;
    return t.fn.signatures.map((s) => ({
      parameters: s.params.slice(skip).map((p): ParameterDescription => ({
        name: p.name,
        optional: p.optional,
        rest: p.kind === 'varargs',
        keywordOnly: p.kind === 'keyword' || undefined,
        keywords: p.kind === 'kwargs' || undefined,
        type: p.type ? this.describe({ type: p.type, origin: 'signature' }) : undefined,
      })),
      returns: this.describe({ type: s.returns, origin: 'signature' }),
    }));
  }

  symbolCategory(node: SyntaxNode): SymbolCategory | undefined {
    const t = this.inference.typeOf(node)?.type;
    if (!t) return undefined;
    switch (t.kind) {
      case 'function':
        return 'function';
      case 'class':
      case 'builtin-class':
        return 'class';
      case 'module':
        return 'module';
      case 'unknown':
        return undefined;
      default:
        return 'variable';
    }
  }
}

/** The tree-sitter analysis behind a provider, when that engine answered for the file. */
export function inferenceOf(provider: TypeProvider | undefined): FileInference | undefined {
  return provider instanceof TreeSitterTypeProvider || (provider && 'inference' in provider) ? (provider as TreeSitterTypeProvider).inference : undefined;
}

export function pythonInference(provider: TypeProvider | undefined): PythonTypes | undefined {
  const inference = inferenceOf(provider);
  return inference?.flavor === 'python' ? inference : undefined;
}

export function javaScriptInference(provider: TypeProvider | undefined): JavaScriptTypes | undefined {
  const inference = inferenceOf(provider);
  return inference?.flavor === 'javascript' ? inference : undefined;
}
