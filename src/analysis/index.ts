import type { ParsedFile } from '../parse/parser.js';

/**
 * The analyze stage's product for one file: scopes, symbols and references (and, later, types).
 * Built by one walk of the file, on first use by a rule, and shared by every rule of that file.
 */
export interface SemanticModel {
  readonly language: ParsedFile['file']['language'];
}

/** Builds the semantic model of a file, or undefined when the language has no analyser yet. */
export function buildSemanticModel(_parsed: ParsedFile): SemanticModel | undefined {
  return undefined;
}
