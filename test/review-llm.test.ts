import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GIT_ENV, commitAll, git, makeRepo, writeFiles } from './support/git-repo.js';
import { helpfulModel, LlmServer, promptFindings, runCliAsync } from './support/llm-server.js';

const MAIN = [
  'def same_customer(order, other):',
  '    if order.customer == other.customer:',
  '        return True',
  '    return False',
  '',
  '',
  'def same_total(order, other):',
  '    return order.total == order.total',
  '',
].join('\n');

let server: LlmServer;
beforeAll(async () => {
  server = await LlmServer.start();
});
afterAll(async () => {
  await server.close();
});

describe('revisor review --llm', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeRepo({ 'app/orders.py': MAIN });
    git(dir, 'checkout', '--quiet', '-b', 'feature');
    writeFiles(dir, { 'app/orders.py': MAIN.replace('order.customer == other.customer', 'order.customer == order.customer') });
    commitAll(dir, 'bug');
  });
  const review = (...args: string[]) =>
    runCliAsync(['review', '--no-cache', '--base', 'main', '--llm', '-f', 'markdown', '--no-timing', ...args], dir, {
      ...GIT_ENV,
      OPENAI_BASE_URL: server.url,
      OPENAI_API_KEY: 'test-key',
      REVISOR_MODEL: 'test-model',
    });

  it('asks the model only about the findings the review shows, and reports its usage in the summary', async () => {
    server.reset((request) => ({ kind: 'answer', content: helpfulModel(request) }));
    const run = await review();
    expect(run.code).toBe(1);
    expect(server.requests.flatMap((r) => promptFindings(r).map((f) => f.line))).toEqual([2]);
    expect(run.stdout).toMatch(/^- \*\*LLM:\*\* `test-model`, 1 finding explained, \d+ tokens \(see LLM usage below\)$/m);
    expect(run.stdout).toContain('_Explained by `test-model`._');
    // A verified fix of an added line is a suggestion.
    expect(run.stdout).toContain('```suggestion\n    if order.customer == other.customer:\n```');
    expect(run.stdout).toMatch(/## LLM usage\n\nLLM test-model: 1 request/);
  });

  it('shows a verified fix outside the diff as a diff, not a suggestion', async () => {
    server.reset((request) => ({ kind: 'answer', content: helpfulModel(request) }));
    const run = await review('--filter-mode', 'file');
    expect(server.requests.flatMap((r) => promptFindings(r).map((f) => f.line)).sort()).toEqual([2, 8]);
    expect(run.stdout).toContain('```diff\n@@ line 8 @@\n-    return order.total == order.total\n+    return order.total == other.total\n```');
    expect(run.stdout).not.toContain('```suggestion\n    return order.total == other.total');
  });
});
