/**
 * A small structural reader of the Markdown revisor writes, following CommonMark's rules for fenced
 * code blocks and code spans: what lies outside code is what GitHub would interpret.
 */
export interface MarkdownStructure {
  /** Lines outside fenced code blocks, with code spans removed. */
  prose: string[];
  /** The bodies of fenced code blocks, with their info strings. */
  fences: Array<{ info: string; body: string }>;
  /** True when the document ends inside an open fence. */
  unclosedFence: boolean;
}

export function readMarkdown(markdown: string): MarkdownStructure {
  const prose: string[] = [];
  const fences: MarkdownStructure['fences'] = [];
  let open: { char: string; length: number; info: string; body: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    if (open) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1][0] === open.char && close[1].length >= open.length) {
        fences.push({ info: open.info, body: open.body.join('\n') });
        open = undefined;
      } else {
        open.body.push(line);
      }
      continue;
    }
    const start = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (start && !(start[1][0] === '`' && start[2].includes('`'))) {
      open = { char: start[1][0], length: start[1].length, info: start[2].trim(), body: [] };
      continue;
    }
    prose.push(stripCodeSpans(line));
  }
  return { prose, fences, unclosedFence: open !== undefined };
}

/** Removes code spans: a backtick run up to the next run of the same length. Unmatched runs stay. */
export function stripCodeSpans(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] === '\\' && i + 1 < line.length) {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (line[i] !== '`') {
      out += line[i++];
      continue;
    }
    const run = /^`+/.exec(line.slice(i))![0];
    let j = i + run.length;
    let closed = -1;
    while (j < line.length) {
      if (line[j] === '`') {
        const other = /^`+/.exec(line.slice(j))![0];
        if (other.length === run.length) {
          closed = j;
          break;
        }
        j += other.length;
      } else {
        j++;
      }
    }
    if (closed < 0) {
      out += run;
      i += run.length;
    } else {
      out += '⟨code⟩';
      i = closed + run.length;
    }
  }
  return out;
}

/** The HTML revisor writes on purpose; anything else outside code would be injected. */
const ALLOWED_TAGS = /<!-- revisor-report -->|<\/?details>|<\/?summary>|<a id="[a-z0-9-]+"><\/a>/g;

/** Problems a hostile string could cause outside code: raw HTML, links, images, mentions. */
export function injectionProblems(markdown: string): string[] {
  const problems: string[] = [];
  const structure = readMarkdown(markdown);
  if (structure.unclosedFence) problems.push('a code fence is never closed');
  for (const line of structure.prose) {
    const withoutAllowed = line.replace(ALLOWED_TAGS, '');
    if (/<[a-zA-Z!/?]/.test(withoutAllowed)) problems.push(`raw HTML: ${line}`);
    // revisor's own links: to a finding's anchor, and to the full report of a bounded comment.
    const ownLinks = line.replace(/^\s*- \[⟨code⟩\]\(#[a-z0-9-]+\)/, '').replace(/the full report is \[here\]\(https?:\/\/[^\s()]+\)/, '');
    if (/(?<!\\)\]\(/.test(ownLinks)) problems.push(`link: ${line}`);
    if (/(?<!\\)!\[/.test(line)) problems.push(`image: ${line}`);
    if (/(^|[^\w&;])@[A-Za-z0-9]/.test(line)) problems.push(`mention: ${line}`);
    if (/^\s{0,3}(`{3,}|~{3,})/.test(line)) problems.push(`stray fence: ${line}`);
  }
  return problems;
}
