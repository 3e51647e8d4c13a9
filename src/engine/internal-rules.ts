import type { RuleMeta } from './rule.js';

/** Findings the engine itself produces, described like rules so every reporter can document them. */
export const INTERNAL_RULES: RuleMeta[] = [
  {
    id: 'revisor/syntax-error',
    languages: ['python', 'javascript', 'typescript', 'tsx', 'cpp'],
    severity: 'info',
    category: 'bug',
    summary: 'Report regions of a file that the parser could not understand.',
    docs: {
      what: 'A region of the file that tree-sitter parsed into an ERROR or MISSING node.',
      why: 'No rule runs inside a broken region, so a finding-free report does not vouch for it. Either the code has a syntax error or it uses syntax the grammar does not know yet.',
      example: 'def f(:\n    return 1',
      useInstead: 'Fix the syntax error; if the code is valid, the grammar has a gap and the region is simply not reviewed.',
    },
  },
  {
    id: 'revisor/unused-ignore',
    languages: ['python', 'javascript', 'typescript', 'tsx', 'cpp'],
    severity: 'warning',
    category: 'style',
    summary: 'Report revisor-ignore comments that suppress nothing.',
    docs: {
      what: 'A `revisor-ignore` directive with no finding to suppress on its line or the next (reported with `--report-unused-ignores`).',
      why: 'Stale suppressions hide future findings on that line and mislead readers about the code.',
      example: '# revisor-ignore python/self-comparison -- fixed long ago\nx = 1',
      useInstead: 'Delete the directive.',
    },
  },
];
