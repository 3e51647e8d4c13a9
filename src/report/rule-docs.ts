import type { RuleMeta } from '../engine/rule.js';
import { fence } from './markdown-escape.js';

/** The rule's documentation under its four fixed headings, as plain text. */
export function ruleHelpText(rule: RuleMeta): string {
  return [
    `What it flags: ${rule.docs.what}`,
    `Why it matters: ${rule.docs.why}`,
    `Example:\n${rule.docs.example}`,
    `Use instead:\n${rule.docs.useInstead}`,
  ].join('\n\n');
}

export function ruleHelpMarkdown(rule: RuleMeta, headingLevel = 3, codeTag = ''): string {
  const h = '#'.repeat(headingLevel);
  const tag = codeTag || markdownTagFor(rule);
  return [
    `${h} What it flags\n\n${rule.docs.what}`,
    `${h} Why it matters\n\n${rule.docs.why}`,
    `${h} Example\n\n${fence(rule.docs.example, tag)}`,
    `${h} Use instead\n\n${looksLikeCode(rule.docs.useInstead) ? fence(rule.docs.useInstead, tag) : rule.docs.useInstead}`,
  ].join('\n\n');
}

function markdownTagFor(rule: RuleMeta): string {
  const language = rule.id.split('/')[0];
  return ['python', 'javascript', 'typescript', 'cpp'].includes(language) ? language : '';
}

function looksLikeCode(text: string): boolean {
  return text.includes('\n') || /[;{}()=]/.test(text) && !/[.!?]$/.test(text.trim());
}
