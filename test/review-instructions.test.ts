import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingIdentity, helpfulModel, llmProject, LlmServer, runCliAsync, userPrompt } from './support/llm-server.js';

let server: LlmServer;
const env = () => ({ OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'test-key', REVISOR_MODEL: 'test-model' });

beforeAll(async () => {
  server = await LlmServer.start();
});
afterAll(async () => {
  await server.close();
});

describe('team review instructions for the LLM stage', () => {
  it('go into the system message, marked as configuration, per path, and change no finding or exit code', async () => {
    const dir = llmProject(
      { instructions: 'docs/review-guide.md', pathInstructions: [{ files: 'app/orders.py', text: 'Orders code: prefer early returns.' }] },
      { 'docs/review-guide.md': 'We log with structlog; mention it when logging is involved.\n' },
    );
    const offline = await runCliAsync(['check', '.', '--root', '.', '-f', 'json', '--no-llm'], dir, env());
    expect(offline.stderr).toBe('');
    server.reset((request) => ({ kind: 'answer', content: helpfulModel(request) }));
    const run = await runCliAsync(['check', '.', '--root', '.', '-f', 'json', '--llm', '--no-cache'], dir, env());
    expect(run.code).toBe(offline.code);
    expect(findingIdentity(JSON.parse(run.stdout).findings)).toEqual(findingIdentity(JSON.parse(offline.stdout).findings));

    const byFile = new Map(server.requests.map((r) => [userPrompt(r).split('\n')[0], r.body.messages[0].content as string]));
    const orders = byFile.get('File: app/orders.py')!;
    const users = byFile.get('File: app/users.py')!;
    for (const system of [orders, users]) {
      expect(system).toContain("Team review guidance (from the repository's revisor configuration");
      expect(system).toContain('We log with structlog');
      // The guidance never reaches the user message, where the code (data) lives.
    }
    expect(orders).toContain('Orders code: prefer early returns.');
    expect(users).not.toContain('Orders code');
    for (const request of server.requests) expect(userPrompt(request)).not.toContain('structlog');
  });

  it('an unreadable instructions file is a configuration error (exit 2) when the LLM is on', async () => {
    const dir = llmProject({ instructions: 'docs/missing.md' });
    const run = await runCliAsync(['check', '.', '--root', '.', '--llm'], dir, env());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('instructions file "docs/missing.md" cannot be read');
    const offline = await runCliAsync(['check', '.', '--root', '.', '--no-llm', '-f', 'json'], dir, env());
    expect(offline.code).toBe(1);
  });
});
