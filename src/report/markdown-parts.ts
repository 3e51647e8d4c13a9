/**
 * Pieces of the Markdown report that `revisor review` adds: the summary list, the category chart,
 * the changed-files table, GitHub suggestions, safe prose, and assembly under a length bound.
 */
import { linesInside } from '../collect/diff/filter.js';
import type { FileOutcome, ReviewSummary } from '../collect/diff/types.js';
import { applyEdits } from '../fix/apply.js';
import type { RuleMeta } from '../engine/rule.js';
import type { Finding, TextEdit } from '../types.js';
import { plural, type ReportInput } from './context.js';
import { inlineCode } from './markdown-escape.js';

/** GitHub's limit on the body of an issue or pull-request comment. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** Explanations longer than this collapse under `<details>`. */
export const LONG_EXPLANATION = 280;

function escapeText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\*_[\]|~])/g, '\\$1')
    .replace(/!(?=\\\[)/g, '\\!')
    // A mention in a bot's comment notifies people: a zero-width space keeps the text and drops the ping.
    .replace(/@(?=[A-Za-z0-9])/g, '@&#8203;');
}

/**
 * Text from code, rules or a model, made safe for one Markdown paragraph: outside inline code spans,
 * HTML and Markdown syntax are escaped (no tags, links, images, emphasis, tables, mentions); code spans
 * are kept as they are, since nothing inside them is interpreted. Newlines become spaces, so the text
 * cannot start a heading, a list, a quote or a code fence.
 */
export function safeProse(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ');
  let out = '';
  let i = 0;
  while (i < flat.length) {
    const tick = flat.indexOf('`', i);
    if (tick < 0) {
      out += escapeText(flat.slice(i));
      break;
    }
    out += escapeText(flat.slice(i, tick));
    const run = /^`+/.exec(flat.slice(tick))![0];
    // A code span closes at the next backtick run of exactly the same length.
    const closer = new RegExp(`(?<!\`)${run}(?!\`)`, 'g');
    closer.lastIndex = tick + run.length;
    const close = closer.exec(flat);
    if (!close) {
      out += run.replace(/`/g, '\\`');
      i = tick + run.length;
      continue;
    }
    out += flat.slice(tick, close.index + run.length);
    i = close.index + run.length;
  }
  // What is left at the start could still open a block: `#`, `>`, a list marker, `=`/`-` underlines, indentation.
  return out.replace(/^\s+/, '').replace(/^([#>+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

const ruleIndexes = new WeakMap<RuleMeta[], Map<string, RuleMeta>>();

function ruleFor(input: ReportInput, id: string): RuleMeta | undefined {
  let index = ruleIndexes.get(input.rules);
  if (!index) {
    index = new Map(input.rules.map((r) => [r.id, r]));
    ruleIndexes.set(input.rules, index);
  }
  return index.get(id);
}

/**
 * A finding's explanation. The offline one restates the message and evidence, which the report shows
 * already, so only the rule's "why it matters" is kept; a model's is shown whole. Long text collapses
 * under `<details>`.
 */
export function explanationBlock(finding: Finding, input: ReportInput): string[] {
  const explanation = finding.explanation!;
  const rule = explanation.source === 'offline' ? ruleFor(input, finding.ruleId) : undefined;
  const why = rule?.docs.why;
  const [summary, body] = why ? ['Why it matters', safeProse(why)] : ['Explanation', safeProse(explanation.text)];
  const out = body.length <= LONG_EXPLANATION ? [why ? `Why it matters: ${body}` : body] : [`<details><summary>${summary}</summary>`, '', body, '', '</details>'];
  // Advice that is one sentence rather than an example: the report has no other place for it.
  const advice = rule?.docs.useInstead;
  if (advice && !finding.fix && !explanation.suggestedFix && !advice.includes('\n')) out.push('', `What to do instead: ${safeProse(advice)}`);
  return out;
}

/** A Mermaid pie chart of findings by category (GitHub renders `mermaid` blocks). */
export function categoryChart(categories: Array<[string, number]>): string[] {
  if (categories.length < 2) return [];
  return ['```mermaid', 'pie showData', '    title Findings by category', ...categories.map(([name, count]) => `    "${name.replace(/["\\]/g, '')}" : ${count}`), '```'];
}

const FILTER_DESCRIPTION: Record<ReviewSummary['filterMode'], (n: number) => string> = {
  added: () => 'findings on added or changed lines',
  context: (n) => `findings within ${plural(n, 'line')} of a change`,
  file: () => 'findings anywhere in the changed files',
  all: () => 'every finding in the project',
};

const OUTCOME_LABEL: Record<FileOutcome, string> = {
  analysed: 'analysed',
  deleted: 'deleted',
  binary: 'binary',
  submodule: 'submodule',
  symlink: 'symbolic link',
  unsupported: 'not a supported language',
  ignored: 'ignored by configuration',
  unmerged: 'unmerged',
  'not analysed': 'not analysed',
};

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The summary under the verdict: what was compared, files, lines, filters, time, LLM. */
export function summaryLines(input: ReportInput): string[] {
  const out: string[] = [];
  const review = input.review;
  if (review) {
    out.push(`- **Compared:** ${escapeLabel(review.head)} with ${inlineCode(review.base)} (merge-base ${inlineCode(review.mergeBase)})`);
    const outcomes = new Map<FileOutcome, number>();
    for (const f of review.files) outcomes.set(f.outcome, (outcomes.get(f.outcome) ?? 0) + 1);
    const parts = [...outcomes].sort((a, b) => (a[0] === 'analysed' ? -1 : b[0] === 'analysed' ? 1 : a[0] < b[0] ? -1 : 1)).map(([outcome, count]) => `${count} ${OUTCOME_LABEL[outcome]}`);
    out.push(`- **Files reviewed:** ${plural(review.files.length, 'changed file')}${parts.length ? ` (${parts.join(', ')})` : ''}`);
    out.push(`- **Lines changed:** +${review.linesAdded} −${review.linesRemoved}`);
    const hidden = review.hiddenByFilter > 0 ? `; ${plural(review.hiddenByFilter, 'other finding')} in the analysed files not shown` : '';
    out.push(`- **Shown:** ${FILTER_DESCRIPTION[review.filterMode](review.contextLines)} (\`--filter-mode ${review.filterMode}\`)${hidden}`);
    if (review.baseline !== undefined) out.push(`- **Baseline:** ${plural(review.hiddenByBaseline, 'known finding')} hidden (${inlineCode(review.baseline)})`);
  }
  if (input.elapsedMs !== undefined) out.push(`- **Analysis time:** ${formatSeconds(input.elapsedMs)}`);
  if (input.llm) out.push(`- **LLM:** ${inlineCode(input.llm.model)}, ${plural(input.llm.explained, 'finding')} explained, ${input.llm.tokensIn + input.llm.tokensOut} tokens (see LLM usage below)`);
  return out;
}

function escapeLabel(text: string): string {
  return safeProse(text);
}

const MAX_TABLE_ROWS = 200;

/** The changed files with their status and what became of them, collapsed. */
export function changedFilesSection(review: ReviewSummary): string[] {
  if (review.files.length === 0) return ['## Changed files', '', 'No file changed.', ''];
  const rows = review.files.slice(0, MAX_TABLE_ROWS).map((f) => {
    const status = f.oldPath !== undefined ? `${f.status} from ${cell(f.oldPath)}` : f.status;
    const outcome = f.reason ? `${OUTCOME_LABEL[f.outcome]}: ${safeProse(f.reason).replace(/\|/g, '\\|')}` : OUTCOME_LABEL[f.outcome];
    const lines = f.outcome === 'binary' || f.outcome === 'submodule' ? '—' : `+${f.linesAdded} −${f.linesRemoved}`;
    return `| ${cell(f.path)} | ${status} | ${lines} | ${outcome} |`;
  });
  const more = review.files.length > MAX_TABLE_ROWS ? ['', `… and ${review.files.length - MAX_TABLE_ROWS} more.`] : [];
  return [`<details><summary>Changed files (${review.files.length})</summary>`, '', '| file | change | lines | review |', '| --- | --- | ---: | --- |', ...rows, ...more, '', '</details>', ''];
}

/** A path as inline code inside a table cell, where `|` must be escaped even in code. */
function cell(path: string): string {
  return inlineCode(path).replace(/\|/g, '\\|');
}

/** The whole lines a fix replaces and their new text, for a GitHub `suggestion` block. */
export function fixAsLines(text: string, edits: TextEdit[]): { startLine: number; endLine: number; replacement: string; original: string } | undefined {
  if (edits.length === 0) return undefined;
  let fixed: string;
  try {
    fixed = applyEdits(text, edits);
  } catch {
    return undefined;
  }
  const start = Math.min(...edits.map((e) => e.startOffset));
  const end = Math.max(...edits.map((e) => e.endOffset));
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1) + 1, 0);
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  if (lineEnd > lineStart && text[lineEnd - 1] === '\r') lineEnd--;
  const delta = fixed.length - text.length;
  const lineOfOffset = (offset: number) => text.slice(0, offset).split('\n').length;
  return {
    startLine: lineOfOffset(lineStart),
    endLine: lineOfOffset(lineEnd),
    original: text.slice(lineStart, lineEnd),
    replacement: fixed.slice(lineStart, lineEnd + delta),
  };
}

/**
 * Whether a verified fix of lines `start..end` may be shown as a GitHub suggestion: in a review, only
 * when all those lines were added or changed (GitHub applies suggestions to lines of the diff); outside
 * a review there is no diff to respect.
 */
export function suggestionAllowed(input: ReportInput, path: string, start: number, end: number): boolean {
  if (!input.review) return true;
  return linesInside(input.review.addedLines[path], start, end);
}

/** A minimal diff of whole lines. */
export function linesDiff(startLine: number, original: string, replacement: string): string {
  const removed = original.split(/\r\n|\r|\n/).map((l) => `-${l}`);
  const added = replacement === '' ? [] : replacement.split(/\r\n|\r|\n/).map((l) => `+${l}`);
  return [`@@ line ${startLine} @@`, ...removed, ...added].join('\n');
}

/** A file's findings, each already rendered as lines. */
export interface FileSection {
  heading: string[];
  findings: string[][];
}

function block(lines: string[]): string {
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').replace(/^\n+|\n+$/g, '');
}

/**
 * Joins head, file sections and trailer. With `input.maxLength`, whole findings are dropped from the
 * end until the report fits, and a paragraph says how many were left out and where the full report
 * is; nothing is ever cut inside a block.
 */
export function assembleMarkdown(head: string[], sections: FileSection[], trailer: string[], input: ReportInput): string {
  const headBlock = block(head);
  const trailerBlock = block(trailer);
  const items: Array<{ section: number; text: string; heading?: string }> = [];
  sections.forEach((section, index) => {
    section.findings.forEach((finding, i) => items.push({ section: index, text: block(finding), ...(i === 0 ? { heading: block(section.heading) } : {}) }));
  });
  const render = (count: number, withTrailer: boolean, overflow?: string): string => {
    const blocks = [headBlock];
    let lastSection = -1;
    for (const item of items.slice(0, count)) {
      if (item.section !== lastSection) {
        blocks.push(block(sections[item.section].heading));
        lastSection = item.section;
      }
      blocks.push(item.text);
    }
    if (overflow) blocks.push(overflow);
    if (withTrailer && trailerBlock) blocks.push(trailerBlock);
    return `${blocks.filter((b) => b !== '').join('\n\n')}\n`;
  };
  const full = render(items.length, true);
  const limit = input.maxLength;
  if (!limit || full.length <= limit) return full;

  const overflowFor = (shown: number, trailerDropped: boolean) => overflowNote(sections, items.slice(shown).map((i) => i.section), trailerDropped, input);
  // Largest prefix of findings that fits with its overflow note, with the trailer if possible.
  for (const withTrailer of [true, false]) {
    let low = 0;
    let high = items.length - 1;
    let best = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (render(mid, withTrailer, overflowFor(mid, !withTrailer)).length <= limit) {
        best = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (best >= 0 && (withTrailer ? best > 0 || items.length === 0 : true)) return render(best, withTrailer, overflowFor(best, !withTrailer));
  }
  return render(0, false, overflowFor(0, true));
}

const MAX_OVERFLOW_FILES = 20;

function limitText(limit: number | undefined): string {
  const n = String(limit ?? GITHUB_COMMENT_LIMIT).replace(/\B(?=(\d{3})+$)/g, ',');
  return limit === undefined || limit === GITHUB_COMMENT_LIMIT ? `GitHub's ${n}-character comment limit` : `${n} characters`;
}

function overflowNote(sections: FileSection[], omittedSections: number[], trailerDropped: boolean, input: ReportInput): string {
  const perSection = new Map<number, number>();
  for (const s of omittedSections) perSection.set(s, (perSection.get(s) ?? 0) + 1);
  const total = omittedSections.length;
  const where = input.fullReport?.url
    ? `the full report is [here](${encodeURI(input.fullReport.url).replace(/\(/g, '%28').replace(/\)/g, '%29')})${input.fullReport.path ? ` (${inlineCode(input.fullReport.path)})` : ''}`
    : input.fullReport?.path
      ? `the full report is in ${inlineCode(input.fullReport.path)}`
      : 'write the full report with `--output FILE`';
  const lines = [
    '---',
    '',
    total > 0
      ? `**${plural(total, 'more finding')} in ${plural(perSection.size, 'file')} not shown** to keep this report under ${limitText(input.maxLength)}; ${where}.`
      : `**Changed files, notes and LLM usage are not shown** to keep this report under ${limitText(input.maxLength)}; ${where}.`,
  ];
  if (total > 0) {
    lines.push('');
    const entries = [...perSection].slice(0, MAX_OVERFLOW_FILES);
    for (const [section, count] of entries) lines.push(`- ${sections[section].heading[0].replace(/^## /, '')}: ${plural(count, 'finding')}`);
    if (perSection.size > MAX_OVERFLOW_FILES) lines.push(`- … and ${plural(perSection.size - MAX_OVERFLOW_FILES, 'more file')}`);
    if (trailerDropped) lines.push('', 'Changed files, notes and LLM usage are in the full report too.');
  }
  return block(lines);
}
