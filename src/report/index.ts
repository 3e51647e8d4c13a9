import type { ReportInput } from './context.js';
import { formatGithub } from './github.js';
import { formatGitlab } from './gitlab.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';
import { printableInput } from './printable.js';
import { maskedSources, maskKnownTokens } from './secrets.js';

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
  // Reports quote code: secrets are masked in the sources before any formatter sees them, and
  // known token formats once more in the finished output (a message of another rule may quote one).
  const safe: ReportInput = { ...input, sources: maskedSources(input.sources, input.findings) };
  return maskKnownTokens(FORMATTERS[format](format === 'text' ? printableInput(safe) : safe));
}

export type { ReportInput } from './context.js';
