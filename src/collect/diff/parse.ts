import type { ChangeStatus, LineRange } from './types.js';

/** One record of `git diff --raw -z`. */
export interface RawEntry {
  oldMode: string;
  newMode: string;
  status: ChangeStatus;
  /** The new path (the old one for a deletion). */
  path: string;
  oldPath?: string;
}

const STATUS: Record<string, ChangeStatus> = { A: 'added', M: 'modified', R: 'renamed', C: 'copied', D: 'deleted', T: 'type-changed', U: 'unmerged' };

/** Parses `git diff --raw -z`: `:<mode> <mode> <sha> <sha> <status>\0<path>\0[<path>\0]`. */
export function parseRawZ(output: string): RawEntry[] {
  const tokens = output.split('\0');
  const entries: RawEntry[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const header = tokens[i];
    if (!header.startsWith(':')) continue;
    const [oldMode, newMode, , , statusField] = header.slice(1).split(' ');
    const letter = statusField?.[0] ?? 'X';
    const status = STATUS[letter] ?? 'modified';
    if (letter === 'R' || letter === 'C') {
      entries.push({ oldMode, newMode, status, oldPath: tokens[i + 1], path: tokens[i + 2] });
      i += 2;
    } else {
      entries.push({ oldMode, newMode, status, path: tokens[i + 1] });
      i += 1;
    }
  }
  return entries;
}

export interface NumstatEntry {
  path: string;
  /** Undefined for binary files, which git counts as `-`. */
  added?: number;
  removed?: number;
}

/** Parses `git diff --numstat -z`: `<added>\t<removed>\t<path>\0`, or `...\t\0<old>\0<new>\0` for renames. */
export function parseNumstatZ(output: string): NumstatEntry[] {
  const tokens = output.split('\0');
  const entries: NumstatEntry[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === '') continue;
    const first = token.indexOf('\t');
    const second = token.indexOf('\t', first + 1);
    if (first < 0 || second < 0) continue;
    const added = token.slice(0, first);
    const removed = token.slice(first + 1, second);
    let path = token.slice(second + 1);
    if (path === '') {
      path = tokens[i + 2] ?? '';
      i += 2;
    }
    entries.push({ path, added: added === '-' ? undefined : Number(added), removed: removed === '-' ? undefined : Number(removed) });
  }
  return entries;
}

/** The changed lines of one file, from a zero-context patch. */
export interface FileHunks {
  added: LineRange[];
  removedAfter: number[];
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Undoes git's C-style quoting of unusual paths: `"tab\there"`, octal-escaped UTF-8 bytes. */
export function unquoteGitPath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1];
    if (/[0-7]/.test(next ?? '')) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      bytes.push(parseInt(octal, 8));
      i += octal.length;
    } else {
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Changed lines per new path from `git diff -U0` output. Hunk bodies are skipped by their line counts,
 * so an added line that happens to start with `+++ ` or `diff --git` cannot be mistaken for a header.
 */
export function parseUnifiedZeroContext(patch: string): Map<string, FileHunks> {
  const files = new Map<string, FileHunks>();
  const lines = patch.split('\n');
  let current: FileHunks | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('diff --git ') || line.startsWith('diff --cc ')) {
      current = undefined;
      continue;
    }
    if (line.startsWith('+++ ')) {
      const target = line.slice(4).replace(/\t$/, '');
      if (target === '/dev/null') {
        current = undefined;
      } else {
        const path = unquoteGitPath(target);
        const withoutPrefix = path.startsWith('b/') ? path.slice(2) : path;
        current = { added: [], removedAfter: [] };
        files.set(withoutPrefix, current);
      }
      continue;
    }
    const hunk = HUNK.exec(line);
    if (!hunk) continue;
    const oldCount = hunk[2] === undefined ? 1 : Number(hunk[2]);
    const newStart = Number(hunk[3]);
    const newCount = hunk[4] === undefined ? 1 : Number(hunk[4]);
    if (current) {
      if (newCount > 0) current.added.push({ start: newStart, end: newStart + newCount - 1 });
      else if (oldCount > 0) current.removedAfter.push(newStart);
    }
    // Skip the hunk body: oldCount `-` lines and newCount `+` lines, plus any "\ No newline" markers.
    let remaining = oldCount + newCount;
    while (remaining > 0 && i + 1 < lines.length) {
      i++;
      if (!lines[i].startsWith('\\')) remaining--;
    }
    while (i + 1 < lines.length && lines[i + 1].startsWith('\\')) i++;
  }
  for (const hunks of files.values()) hunks.added = mergeRanges(hunks.added);
  return files;
}

/** Sorts ranges and merges the overlapping or touching ones. */
export function mergeRanges(ranges: LineRange[]): LineRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: LineRange[] = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last && range.start <= last.end + 1) last.end = Math.max(last.end, range.end);
    else out.push({ ...range });
  }
  return out;
}
