import type { ReportInput } from './context.js';
import { formatGithub } from './github.js';
import { formatGitlab } from './gitlab.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export const FORMATS = ['text', 'json', 'sarif', 'markdown', 'github', 'gitlab'] as const;
export type Format = (typeof FORMATS)[number];

const FORMATTERS: Record<Format, (input: ReportInput) => string> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  markdown: formatMarkdown,
  github: formatGithub,
  gitlab: formatGitlab,
};

export function formatReport(format: Format, input: ReportInput): string {
  return FORMATTERS[format](input);
}

export type { ReportInput } from './context.js';
