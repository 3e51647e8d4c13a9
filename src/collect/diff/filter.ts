import type { Finding } from '../../types.js';
import type { ChangedFile, FilterMode, LineRange } from './types.js';

function intersects(start: number, end: number, ranges: LineRange[]): boolean {
  return ranges.some((r) => r.start <= end && start <= r.end);
}

/** Whether a finding passes the filter mode, given the changes of its file (undefined: the file did not change). */
export function keepFinding(finding: Finding, change: ChangedFile | undefined, mode: FilterMode, contextLines: number): boolean {
  if (mode === 'all') return true;
  if (!change) return false;
  if (mode === 'file') return true;
  const start = finding.range.start.line;
  const end = Math.max(start, finding.range.end.line);
  if (mode === 'added') return intersects(start, end, change.added);
  // `context`: within N lines of an added line, or of a place where lines were removed.
  const near: LineRange[] = [
    ...change.added.map((r) => ({ start: r.start - contextLines, end: r.end + contextLines })),
    ...change.removedAfter.map((line) => ({ start: line - contextLines + 1, end: line + contextLines })),
  ];
  return intersects(start, end, near);
}

/** Splits findings into those the filter mode shows and the number it hides. */
export function filterByChanges(findings: Finding[], changes: ChangedFile[], mode: FilterMode, contextLines: number): { kept: Finding[]; hidden: number } {
  const byPath = new Map(changes.map((c) => [c.path, c]));
  const kept = findings.filter((f) => keepFinding(f, byPath.get(f.path), mode, contextLines));
  return { kept, hidden: findings.length - kept.length };
}

/** Whether every line from `start` to `end` was added or changed: a fix there can be a GitHub suggestion. */
export function linesInside(ranges: LineRange[] | undefined, start: number, end: number): boolean {
  if (!ranges) return false;
  for (let line = start; line <= end; line++) if (!ranges.some((r) => r.start <= line && line <= r.end)) return false;
  return true;
}
