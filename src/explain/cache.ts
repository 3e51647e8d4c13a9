import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';
import { sha256 } from '../engine/fingerprint.js';
import { ANSWER_SCHEMA_VERSION } from './schema.js';

export function answerCacheKey(model: string, promptHash: string): string {
  return sha256(JSON.stringify([ANSWER_SCHEMA_VERSION, model, promptHash]));
}

/**
 * Model answers on disk, one file per (schema version, model, prompt hash), so re-running on
 * unchanged code sends nothing. Entries carry a checksum; a torn or edited entry is deleted and
 * the prompt is sent again. Only answers that validated are stored.
 */
export class AnswerCache {
  constructor(readonly dir: string) {}

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key.slice(2)}.json`);
  }

  get(key: string): string | undefined {
    const path = this.path(key);
    let raw: string;
    try {
      raw = readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(raw) as { checksum: string; answer: string };
      if (typeof entry.answer !== 'string' || sha256(entry.answer) !== entry.checksum) throw new Error('checksum mismatch');
      return entry.answer;
    } catch {
      rmSync(path, { force: true });
      return undefined;
    }
  }

  set(key: string, answer: string): void {
    try {
      writeFileAtomic(this.path(key), JSON.stringify({ checksum: sha256(answer), answer }));
    } catch {
      // A cache that cannot be written only costs a request next time.
    }
  }
}
