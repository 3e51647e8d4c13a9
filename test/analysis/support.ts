import { buildSemanticModel, type Reference, type SemanticModel } from '../../src/analysis/index.js';
import { parseSource, type ParsedFile } from '../../src/parse/parser.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import type { LanguageId } from '../../src/types.js';

const EXTENSIONS: Record<string, string> = { python: 'py', javascript: 'js', typescript: 'ts', tsx: 'tsx' };

export interface Analysed {
  parsed: ParsedFile;
  model: SemanticModel;
  /** The references named `name`, in source order. */
  refs(name: string): Reference[];
  /** The n-th (0-based) identifier node with this text, in source order. */
  identifier(name: string, index?: number): SyntaxNode;
}

export async function analyse(language: LanguageId, text: string, path = `sample.${EXTENSIONS[language]}`): Promise<Analysed> {
  const parsed = await parseSource({ path, absolutePath: `/virtual/${path}`, language, text });
  const model = buildSemanticModel(parsed);
  if (!model) throw new Error(`no semantic model for ${language}`);
  const identifiers: SyntaxNode[] = [];
  for (const node of parsed.root.descendants()) {
    if (node.type === 'identifier' || node.type === 'type_identifier' || node.type.startsWith('shorthand_property_identifier')) identifiers.push(node);
  }
  return {
    parsed,
    model,
    refs: (name) => model.references.filter((r) => r.name === name).sort((a, b) => a.node.startIndex - b.node.startIndex),
    identifier: (name, index = 0) => {
      const found = identifiers.filter((n) => n.text === name)[index];
      if (!found) throw new Error(`no identifier ${name}#${index}`);
      return found;
    },
  };
}

/** Where a reference resolved: `builtin`, `implicit`, `unresolved`, or `<scope kind>@<line>` of its symbol's scope. */
export function target(reference: Reference | undefined): string {
  if (!reference) return 'no reference';
  if (!reference.symbol) return reference.resolution;
  const scope = reference.symbol.scope;
  return `${scope.kind}@${scope.node.startRow + 1}`;
}

/** Python source from an indented template literal. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
