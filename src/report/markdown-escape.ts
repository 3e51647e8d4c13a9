/** A fenced code block whose fence is longer than any backtick run inside the code, so code cannot close it. */
export function fence(code: string, tag = ''): string {
  let longest = 0;
  for (const run of code.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const marks = '`'.repeat(Math.max(3, longest + 1));
  return `${marks}${tag}\n${code.replace(/\n$/, '')}\n${marks}`;
}

/** Escapes text for use in Markdown prose: no HTML, no accidental formatting. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // Backticks too: an unmatched run would otherwise pair with one in a later code span and expose what lies between.
    .replace(/([\\*_[\]|#`~])/g, '\\$1')
    // A mention in a bot's comment notifies people: a zero-width space keeps the text and drops the ping.
    .replace(/@(?=[A-Za-z0-9])/g, '@&#8203;')
    .replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks inside it. */
export function inlineCode(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const marks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${marks}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${marks}`;
}
