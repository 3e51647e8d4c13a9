import { createHash } from 'node:crypto';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Whitespace-insensitive form of a line, so re-indentation does not change a fingerprint. */
export function normalizeLine(line: string): string {
  return line.replace(/\s+/g, ' ').trim();
}

/**
 * A finding's identity across unrelated edits: the rule, the normalized text of the flagged line,
 * the enclosing symbol and how many identical (rule, text, symbol) triples came before it.
 * Line numbers are deliberately absent, so moving code does not change it.
 */
export function findingFingerprint(ruleId: string, lineText: string, enclosingSymbol: string, occurrence: number): string {
  return sha256(`${ruleId}\u0000${normalizeLine(lineText)}\u0000${enclosingSymbol}\u0000${occurrence}`).slice(0, 32);
}

/** GitHub code scanning's `primaryLocationLineHash`: a hash of the line's content plus its occurrence index. */
export function lineHash(lineText: string, occurrence: number): string {
  return `${sha256(normalizeLine(lineText)).slice(0, 16)}:${occurrence}`;
}
