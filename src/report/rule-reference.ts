import type { RuleMeta } from '../engine/rule.js';
import { inlineCode } from './markdown-escape.js';
import { ruleHelpMarkdown } from './rule-docs.js';

const LANGUAGE_GROUPS: Array<{ title: string; prefix: string }> = [
  { title: 'Python', prefix: 'python/' },
  { title: 'JavaScript and TypeScript', prefix: 'javascript/' },
  { title: 'TypeScript (checker types)', prefix: 'typescript/' },
  { title: 'C++', prefix: 'cpp/' },
  { title: 'Engine', prefix: 'revisor/' },
];

function anchor(id: string): string {
  return id.replace(/[^a-z0-9-]/g, '');
}

/** The Markdown rule reference (`docs/rules.md`): an index table per language, then each rule's docs. */
export function formatRuleReference(rules: RuleMeta[]): string {
  const out = ['# revisor rule reference', '', 'Generated from the rule files by `npm run docs` (`revisor rules --markdown`); a test keeps it current.', ''];
  const counts = LANGUAGE_GROUPS.map((g) => `${g.title}: ${rules.filter((r) => r.id.startsWith(g.prefix)).length}`).join(' · ');
  out.push(`${rules.length} rules. ${counts}.`, '');
  const grouped = LANGUAGE_GROUPS.map((group) => ({ ...group, rules: rules.filter((r) => r.id.startsWith(group.prefix)) }));
  const other = rules.filter((r) => !LANGUAGE_GROUPS.some((g) => r.id.startsWith(g.prefix)));
  if (other.length > 0) grouped.push({ title: 'Other', prefix: '', rules: other });
  for (const group of grouped) {
    if (group.rules.length === 0) continue;
    out.push(`## ${group.title}`, '', '| rule | severity | category | languages | fix | summary |', '| --- | --- | --- | --- | --- | --- |');
    for (const rule of group.rules) {
      out.push(`| [${rule.id}](#${anchor(rule.id)}) | ${rule.severity} | ${rule.category} | ${rule.languages.join(', ')} | ${rule.fixable ? 'yes' : ''} | ${rule.summary.replace(/\|/g, '\\|')} |`);
    }
    out.push('');
    for (const rule of group.rules) {
      out.push(`### ${rule.id}`, '');
      out.push(`${inlineCode(rule.severity)} · ${inlineCode(rule.category)} · ${rule.languages.join(', ')}${rule.fixable ? ' · has a verified fix' : ''}${rule.provenance ? ` · mirrors ${rule.provenance}` : ''}`, '');
      out.push(ruleHelpMarkdown(rule, 4), '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
