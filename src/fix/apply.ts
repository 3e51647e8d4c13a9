import type { TextEdit } from '../types.js';

/** Applies non-overlapping edits to a text; throws when two edits overlap. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.startOffset - b.startOffset || a.endOffset - b.endOffset);
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.startOffset < cursor) throw new Error(`overlapping edits at offset ${edit.startOffset}`);
    if (edit.endOffset < edit.startOffset || edit.endOffset > text.length) throw new Error(`edit out of range: ${edit.startOffset}-${edit.endOffset}`);
    out += text.slice(cursor, edit.startOffset) + edit.text;
    cursor = edit.endOffset;
  }
  return out + text.slice(cursor);
}

export function editsOverlap(a: TextEdit[], b: TextEdit[]): boolean {
  for (const x of a) for (const y of b) {
    if (x.startOffset < y.endOffset && y.startOffset < x.endOffset) return true;
    // Two insertions at the same point would depend on order: treat as a conflict.
    if (x.startOffset === y.startOffset && x.endOffset === x.startOffset && y.endOffset === y.startOffset) return true;
  }
  return false;
}

/** 1-based lines touched by edits, in the edited text's numbering. */
export function editedLines(original: string, edits: TextEdit[]): Set<number> {
  const lines = new Set<number>();
  const sorted = [...edits].sort((a, b) => a.startOffset - b.startOffset);
  let shift = 0;
  for (const edit of sorted) {
    const startLine = lineAt(original, edit.startOffset) + shift;
    const inserted = lineBreaks(edit.text);
    const removed = lineBreaks(original.slice(edit.startOffset, edit.endOffset));
    for (let l = startLine; l <= startLine + inserted; l++) lines.add(l);
    shift += inserted - removed;
  }
  return lines;
}

/** Line breaks as the parser and reporters count them: `\r\n`, `\n` or a lone `\r`. */
function lineBreaks(text: string): number {
  return text.match(/\r\n?|\n/g)?.length ?? 0;
}

function lineAt(text: string, offset: number): number {
  // An offset between the `\r` and `\n` of one break still belongs to the line the break ends.
  const split = offset > 0 && text[offset - 1] === '\r' && text[offset] === '\n' ? 1 : 0;
  return 1 + lineBreaks(text.slice(0, offset)) - split;
}

/** 1-based lines of the original text that the edits replace. */
export function replacedLines(original: string, edits: TextEdit[]): Set<number> {
  const lines = new Set<number>();
  for (const edit of edits) {
    const first = lineAt(original, edit.startOffset);
    const last = lineAt(original, Math.max(edit.startOffset, edit.endOffset - 1));
    for (let l = first; l <= last; l++) lines.add(l);
  }
  return lines;
}
