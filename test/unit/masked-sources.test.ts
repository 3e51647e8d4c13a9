import { describe, expect, it } from 'vitest';
import { maskedSources } from '../../src/report/secrets.js';
import type { SourceFile } from '../../src/types.js';

/** Built at run time from random characters: nothing secret-looking is committed. */
function token(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let body = '';
  for (let i = 0; i < 36; i++) body += alphabet[Math.floor(Math.random() * alphabet.length)];
  return `gh${'p'}_${body}`;
}

describe('masked report sources', () => {
  it('mask every file however a formatter reads them, and leave the originals alone', () => {
    const secret = token();
    const sources = new Map<string, SourceFile>([
      ['a.py', { path: 'a.py', absolutePath: '/x/a.py', language: 'python', text: `TOKEN = "${secret}"\n` }],
      ['b.js', { path: 'b.js', absolutePath: '/x/b.js', language: 'javascript', text: `const t = '${secret}';\n` }],
    ]);
    const masked = maskedSources(sources, []);
    expect(masked.size).toBe(2);
    expect(masked.has('b.js')).toBe(true);
    expect(masked.get('missing.py')).toBeUndefined();
    const texts = [
      masked.get('a.py')!.text,
      ...[...masked].map(([, source]) => source.text),
      ...[...masked.values()].map((source) => source.text),
      ...[...masked.entries()].map(([, source]) => source.text),
    ];
    masked.forEach((source) => texts.push(source.text));
    expect(texts).toHaveLength(9);
    for (const text of texts) {
      expect(text).not.toContain(secret);
      expect(text).toMatch(/\*{8}/);
    }
    expect([...masked.keys()]).toEqual(['a.py', 'b.js']);
    expect(sources.get('a.py')!.text).toContain(secret);
    expect(() => masked.set('c.py', sources.get('a.py')!)).toThrow(/read-only/);
  });
});
