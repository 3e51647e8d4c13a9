import { describe, expect, it } from 'vitest';
import type { ReviewSummary } from '../src/collect/diff/types.js';
import type { RuleMeta } from '../src/engine/rule.js';
import { formatMarkdown } from '../src/report/markdown.js';
import { GITHUB_COMMENT_LIMIT, safeProse } from '../src/report/markdown-parts.js';
import type { ReportInput } from '../src/report/index.js';
import type { Finding, SourceFile } from '../src/types.js';
import { injectionProblems, readMarkdown } from './support/markdown-check.js';

const HOSTILE = [
  '</details><script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '![tracker](https://evil.example/t.png)',
  '[click me](javascript:alert(1))',
  '@octocat @org/team',
  '```` ``` ~~~',
  '<!-- revisor-report -->',
  '# heading',
  '| a | b |',
].join(' ');

const RULE: RuleMeta = {
  id: 'javascript/self-comparison',
  languages: ['javascript'],
  severity: 'error',
  category: 'bug',
  summary: `Flag ${HOSTILE}`,
  docs: { what: HOSTILE, why: `Because ${HOSTILE}`, example: HOSTILE, useInstead: `Do not ${HOSTILE}` },
};

function source(path: string, lines: string[]): SourceFile {
  return { path, absolutePath: `/nowhere/${path}`, language: 'javascript', text: `${lines.join('\n')}\n` };
}

function finding(path: string, line: number, overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: RULE.id,
    severity: 'error',
    category: 'bug',
    message: `\`a\` is compared with itself ${HOSTILE}`,
    path,
    range: { start: { line, column: 1 }, end: { line, column: 10 } },
    fingerprint: `fp-${path}-${line}`,
    ...overrides,
  };
}

function input(findings: Finding[], sources: SourceFile[], extra: Partial<ReportInput> = {}): ReportInput {
  return {
    findings,
    notes: [],
    summary: { filesAnalyzed: sources.length, filesSkipped: 0 },
    rules: [RULE],
    sources: new Map(sources.map((s) => [s.path, s])),
    toolVersion: '0.0.0',
    failOn: 'error',
    ...extra,
  };
}

describe('Markdown escaping', () => {
  it('keeps hostile code, messages and model text from breaking out of code or injecting HTML, links, images or mentions', () => {
    const code = source('web/evil.js', [
      'const a = 1;',
      'const s = "```` ``` ~~~~ </details><script>alert(1)</script>";',
      'if (a === a) { console.log("`` <b>@octocat</b> ![x](y)"); }',
      '````',
      '</details>',
    ]);
    const hostileFinding = finding('web/evil.js', 3, {
      evidence: { [`key ${HOSTILE}`]: `value \`\`\` ${HOSTILE}`, plain: '````' },
      explanation: {
        text: `Model says ${HOSTILE}\n\`\`\`\n</details>\n# not a heading`,
        source: 'hostile-model </details> @octocat',
        fix: { startLine: 3, endLine: 3, status: 'verified', replacement: 'if (a === b) { console.log("```` </details>"); }' },
        likelyFalsePositive: { reason: HOSTILE },
      },
      fix: { title: `Replace ${HOSTILE}`, edits: [{ startOffset: 0, endOffset: 5, text: 'let' }], verified: true },
    });
    const pathFinding = finding('web/`weird` <b>|name|.js', 1, { message: 'plain', explanation: { text: 'plain', source: 'offline' } });
    const llm = {
      model: 'hostile-model', requests: 1, cacheHits: 0, tokensIn: 1, tokensOut: 1, tokensEstimated: false, elapsedMs: 1, explained: 1,
      fellBack: [{ path: 'web/evil.js', line: 3, ruleId: RULE.id, fingerprint: 'x', reason: HOSTILE }],
      fixes: { verified: 1, unverified: 0, rejected: 0 }, fixMode: 'all' as const, demoted: 0,
    };
    const markdown = formatMarkdown(input([hostileFinding, pathFinding], [code, source('web/`weird` <b>|name|.js', ['x'])], {
      notes: [{ path: 'web/<i>.js', kind: 'skipped', message: HOSTILE }],
      llm,
    }));
    if (process.env.DEBUG_MD) console.log(markdown);
    expect(injectionProblems(markdown)).toEqual([]);
    const structure = readMarkdown(markdown);
    // The hostile code is quoted whole, inside fences long enough to hold its backtick runs.
    expect(structure.fences.some((f) => f.body.includes('> 3 | if (a === a) { console.log("`` <b>@octocat</b> ![x](y)"); }'))).toBe(true);
    expect(structure.fences.some((f) => f.body.includes('</details><script>alert(1)</script>'))).toBe(true);
    expect(markdown.startsWith('<!-- revisor-report -->\n')).toBe(true);
    // The marker CI looks for is a line of its own once, at the top; quoted in code it is inert.
    expect(markdown.split('\n').filter((l) => l === '<!-- revisor-report -->')).toHaveLength(1);
    // Every <details> that opens closes.
    const prose = structure.prose.join('\n');
    expect((prose.match(/<details>/g) ?? []).length).toBe((prose.match(/<\/details>/g) ?? []).length);
    expect((prose.match(/<details>/g) ?? []).length).toBeGreaterThan(1);
  });

  it('escapes prose outside code spans only, and leaves code spans exactly as written', () => {
    expect(safeProse('`a < b` is <b>bold</b>')).toBe('`a < b` is &lt;b&gt;bold&lt;/b&gt;');
    expect(safeProse('see [x](y) and ![i](j)')).toBe('see \\[x\\](y) and \\!\\[i\\](j)');
    expect(safeProse('ping @octocat, mail a@b')).toBe('ping @&#8203;octocat, mail a@&#8203;b');
    expect(safeProse('# title\n```\ncode')).toBe('\\# title \\`\\`\\` code');
    expect(safeProse('an `unclosed span')).toBe('an \\`unclosed span');
    expect(safeProse('``a ` b`` ok')).toBe('``a ` b`` ok');
  });
});

function manyFindings(count: number): { findings: Finding[]; sources: SourceFile[] } {
  const findings: Finding[] = [];
  const sources: SourceFile[] = [];
  for (let file = 0; file < count / 50; file++) {
    const path = `src/module${String(file).padStart(3, '0')}.js`;
    const lines = Array.from({ length: 60 }, (_, i) => `if (value${i} === value${i}) { run("\`\`\`\` ${'x'.repeat(40)}"); }`);
    sources.push(source(path, lines));
    for (let line = 1; line <= 50 && findings.length < count; line++) {
      findings.push(finding(path, line, { explanation: { text: `Long explanation ${'because '.repeat(60)}`, source: 'offline' } }));
    }
  }
  return { findings, sources };
}

function findingBlocks(markdown: string): string[] {
  return markdown.split(/\n(?=### )/).slice(1).map((b) => b.split(/\n(?=## |---\n)/)[0].trimEnd());
}

describe('the length bound', () => {
  const { findings, sources } = manyFindings(3000);
  const full = formatMarkdown(input(findings, sources));
  const bounded = formatMarkdown(input(findings, sources, { maxLength: GITHUB_COMMENT_LIMIT, fullReport: { path: 'reports/revisor.md', url: 'https://ci.example/runs/1?artifact=(report)' } }));

  it('stays under GitHub\'s comment limit with whole findings and a pointer to the full report', () => {
    expect(full.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT * 10);
    expect(bounded.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(bounded.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT * 0.9);
    const shown = findingBlocks(bounded);
    const match = /\*\*(\d+) more findings in (\d+) files not shown\*\* to keep this report under GitHub's 65,536-character comment limit; the full report is \[here\]\(https:\/\/ci\.example\/runs\/1\?artifact=%28report%29\) \(`reports\/revisor\.md`\)\./.exec(bounded);
    expect(match).not.toBeNull();
    expect(shown.length + Number(match![1])).toBe(3000);
    // Never cut inside a block: each finding shown is exactly as in the full report.
    const fullBlocks = findingBlocks(full);
    shown.forEach((block, i) => expect(block).toBe(fullBlocks[i]));
    expect(readMarkdown(bounded).unclosedFence).toBe(false);
    expect(injectionProblems(bounded)).toEqual([]);
    expect(bounded.startsWith('<!-- revisor-report -->\n# revisor review\n\n**Verdict: changes requested** — 3000 findings')).toBe(true);
  });

  it('leaves an unbounded report alone when it fits, and keeps a tiny bound with the verdict and the pointer', () => {
    const small = manyFindings(3);
    const plain = formatMarkdown(input(small.findings, small.sources));
    expect(formatMarkdown(input(small.findings, small.sources, { maxLength: GITHUB_COMMENT_LIMIT }))).toBe(plain);
    const tiny = formatMarkdown(input(findings, sources, { maxLength: 2000, fullReport: { path: 'full.md' } }));
    expect(tiny.length).toBeLessThanOrEqual(2000);
    expect(tiny).toContain('**Verdict: changes requested**');
    expect(tiny).toMatch(/\*\*3000 more findings in 60 files not shown\*\* to keep this report under 2,000 characters; the full report is in `full\.md`\./);
  });
});

describe('fixes in a review', () => {
  const code = source('app/a.js', ['const x = 1;', 'if (x === NaN) {}', 'if (y === NaN) {}', '']);
  const fix = (line: number) => ({ title: 'Use Number.isNaN', verified: true, edits: [{ startOffset: code.text.indexOf(line === 2 ? 'x === NaN' : 'y === NaN'), endOffset: code.text.indexOf(line === 2 ? 'x === NaN' : 'y === NaN') + 9, text: `Number.isNaN(${line === 2 ? 'x' : 'y'})` }] });
  const review: ReviewSummary = {
    base: 'main', head: 'working tree', mergeBase: 'abc1234', filterMode: 'file', contextLines: 3,
    files: [{ path: 'app/a.js', status: 'modified', linesAdded: 1, linesRemoved: 0, outcome: 'analysed' }],
    linesAdded: 1, linesRemoved: 0, hiddenByFilter: 0, hiddenByBaseline: 0,
    addedLines: { 'app/a.js': [{ start: 2, end: 2 }] },
  };

  it('are GitHub suggestions on changed lines and diffs elsewhere', () => {
    const markdown = formatMarkdown(input([finding('app/a.js', 2, { fix: fix(2) }), finding('app/a.js', 3, { fix: fix(3) })], [code], { review }));
    expect(markdown).toContain('Fix (verified), line 2: Use Number.isNaN\n\n```suggestion\nif (Number.isNaN(x)) {}\n```');
    expect(markdown).toContain('Fix (verified): Use Number.isNaN\n\n```diff\n@@ line 3 @@\n-if (y === NaN) {}\n+if (Number.isNaN(y)) {}\n```');
    // Outside a review there is no diff: fixes stay diffs, as `revisor check` always wrote them.
    const check = formatMarkdown(input([finding('app/a.js', 2, { fix: fix(2) })], [code]));
    expect(check).not.toContain('```suggestion');
  });

  it('draws a category chart only when there is more than one category', () => {
    const two = formatMarkdown(input([finding('app/a.js', 2), finding('app/a.js', 3, { category: 'performance' })], [code], { review }));
    expect(two).toContain('```mermaid\npie showData\n    title Findings by category\n    "bug" : 1\n    "performance" : 1\n```');
    expect(formatMarkdown(input([finding('app/a.js', 2)], [code], { review }))).not.toContain('mermaid');
  });
});
