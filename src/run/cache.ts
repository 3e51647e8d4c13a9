import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../atomic-write.js';
import { packageRoot, revisorVersion } from '../package-root.js';
import type { Finding, Note } from '../types.js';

/** What the cache keeps per file: the outcome of parse + rules + fix verification. */
export interface CachedOutcome {
  analysed: boolean;
  findings: Finding[];
  notes: Note[];
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

let identity: string | undefined;

/**
 * Identifies the analysis code itself: the version plus a hash of every compiled module, rule and
 * grammar file, so a rebuilt revisor (or an edited rule) never reads results of an older one.
 */
export function analyserIdentity(): string {
  if (identity) return identity;
  const hash = createHash('sha256').update(revisorVersion());
  const codeRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const extension = extname(fileURLToPath(import.meta.url));
  const roots = [join(codeRoot, 'src'), join(codeRoot, 'rules'), join(packageRoot(), 'rules'), join(packageRoot(), 'grammars')];
  for (const root of [...new Set(roots)]) {
    const stack = [root];
    const files: string[] = [];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) stack.push(full);
        else if (entry.name.endsWith(extension) || /\.(ya?ml|json)$/.test(entry.name)) files.push(full);
      }
    }
    for (const file of files.sort()) hash.update(file.slice(root.length)).update(readFileSync(file));
  }
  identity = hash.digest('hex').slice(0, 24);
  return identity;
}

export function cacheKey(parts: { path: string; contentHash: string; rules: string; target: string; options: string }): string {
  return sha256(JSON.stringify([analyserIdentity(), parts.path, parts.contentHash, parts.rules, parts.target, parts.options]));
}

export function contentHash(text: string): string {
  return sha256(text);
}

/**
 * One JSON file per (file, content, analyser, configuration). Entries carry a checksum of their
 * payload: a torn or corrupted entry is discarded and recomputed, never trusted.
 */
export class ResultCache {
  hits = 0;
  misses = 0;
  corrupt = 0;

  constructor(readonly dir: string) {}

  private entryPath(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key.slice(2)}.json`);
  }

  get(key: string): CachedOutcome | undefined {
    const path = this.entryPath(key);
    let raw: string;
    try {
      raw = readFileSync(path, 'utf8');
    } catch {
      this.misses++;
      return undefined;
    }
    try {
      const entry = JSON.parse(raw) as { checksum: string; payload: string };
      if (typeof entry.payload !== 'string' || sha256(entry.payload) !== entry.checksum) throw new Error('checksum mismatch');
      this.hits++;
      return JSON.parse(entry.payload) as CachedOutcome;
    } catch {
      this.corrupt++;
      this.misses++;
      rmSync(path, { force: true });
      return undefined;
    }
  }

  set(key: string, outcome: CachedOutcome): void {
    const payload = JSON.stringify(outcome);
    const path = this.entryPath(key);
    try {
      // writeFileAtomic creates the folder (without Node's recursive mkdir, which can hang on /proc).
      writeFileAtomic(path, JSON.stringify({ checksum: sha256(payload), payload }));
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}

/** Number of entries on disk, for tests and `--verbose` style reporting. */
export function countCacheEntries(dir: string): number {
  let count = 0;
  try {
    for (const sub of readdirSync(dir)) {
      const full = join(dir, sub);
      if (statSync(full).isDirectory()) count += readdirSync(full).filter((n) => n.endsWith('.json')).length;
    }
  } catch {
    return 0;
  }
  return count;
}
