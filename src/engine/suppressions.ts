import type { SyntaxNode } from '../parse/syntax-node.js';

/** A `revisor-ignore [rule-id...] [-- reason]` comment. */
export interface Suppression {
  /** 1-based line of the comment. */
  line: number;
  /** Lines it silences: its own line, and the next one when the comment stands on a line of its own. */
  lines: number[];
  column: number;
  /** Empty means every rule. */
  ruleIds: string[];
  reason?: string;
  used: Set<string>;
}

const DIRECTIVE = /revisor-ignore(?![\w-])([^\r\n]*)/;

/** Reads a suppression out of one comment node, or returns undefined when it holds none. */
export function parseSuppression(comment: SyntaxNode): Suppression | undefined {
  const match = DIRECTIVE.exec(comment.text);
  if (!match) return undefined;
  let body = match[1].replace(/\*\/\s*$/, '');
  let reason: string | undefined;
  const separator = body.indexOf('--');
  if (separator !== -1) {
    reason = body.slice(separator + 2).trim() || undefined;
    body = body.slice(0, separator);
  }
  const ruleIds = body.split(/[\s,]+/).filter((id) => id.length > 0);
  const line = comment.startRow + 1;
  // The column is counted from the line's start, whatever ended the previous line (`\n`, `\r\n` or `\r`).
  const lineStart = comment.startIndex - comment.startColumn;
  const trailing = comment.source.slice(lineStart, comment.startIndex).trim().length > 0;
  return { line, lines: trailing ? [line] : [line, line + 1], column: comment.startColumn + 1, ruleIds, reason, used: new Set() };
}

export class SuppressionIndex {
  private readonly byLine = new Map<number, Suppression[]>();

  constructor(readonly all: Suppression[]) {
    for (const suppression of all) {
      for (const line of suppression.lines) {
        const list = this.byLine.get(line) ?? [];
        list.push(suppression);
        this.byLine.set(line, list);
      }
    }
  }

  /** True when a directive covers this rule on this line; marks the directive as used. */
  suppresses(ruleId: string, line: number): boolean {
    for (const suppression of this.byLine.get(line) ?? []) {
      if (suppression.ruleIds.length === 0 || suppression.ruleIds.includes(ruleId)) {
        suppression.used.add(ruleId);
        return true;
      }
    }
    return false;
  }

  unused(): Suppression[] {
    return this.all.filter((s) => s.used.size === 0);
  }
}
