import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';
import { loadRules, type LoadedRules, type RuleLoadError, type RuleSources } from '../engine/load-rules.js';
import type { RuleMeta } from '../engine/rule.js';
import { packageRoot } from '../package-root.js';
import { analyserIdentity } from './cache.js';

/** What a run knows about its rules without their code: enough for cache keys, reports and explanations. */
export interface RuleCatalog {
  metas: RuleMeta[];
  errors: RuleLoadError[];
}

export function ruleCatalogOf(loaded: LoadedRules): RuleCatalog {
  return { metas: loaded.rules.map((rule) => rule.meta), errors: loaded.errors };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The rules' metadata. Importing the rule modules is a large part of a run's start-up, and the main
 * thread needs only their metadata when worker threads analyse or every file comes from the result
 * cache; so the built-in rules' metadata is kept in the cache folder, under the identity of revisor's
 * code (which hashes every rule file), and read from there. Custom rule folders and packages are not
 * part of that identity: with them, rules are always loaded.
 */
export async function loadRuleCatalog(sources: RuleSources, cacheDir?: string): Promise<RuleCatalog> {
  const builtinOnly = (sources.dirs?.length ?? 0) === 0 && (sources.packages?.length ?? 0) === 0;
  if (!cacheDir || !builtinOnly) return ruleCatalogOf(await loadRules(sources));
  const path = join(cacheDir, 'rule-catalog', `${analyserIdentity()}.catalog`);
  const stored = readCatalog(path);
  if (stored) return stored;
  const catalog = ruleCatalogOf(await loadRules(sources));
  if (catalog.errors.length === 0) writeCatalog(path, catalog);
  return catalog;
}

/** Rule sources are stored relative to revisor's package, so a moved installation reads correct paths. */
function readCatalog(path: string): RuleCatalog | undefined {
  try {
    const entry = JSON.parse(readFileSync(path, 'utf8')) as { checksum: string; payload: string };
    if (typeof entry.payload !== 'string' || sha256(entry.payload) !== entry.checksum) return undefined;
    const metas = JSON.parse(entry.payload) as RuleMeta[];
    const base = packageRoot();
    return { metas: metas.map((meta) => (meta.source === undefined ? meta : { ...meta, source: join(base, meta.source) })), errors: [] };
  } catch {
    return undefined;
  }
}

function writeCatalog(path: string, catalog: RuleCatalog): void {
  const base = packageRoot();
  const portable = catalog.metas.map((meta) => (meta.source !== undefined && isAbsolute(meta.source) ? { ...meta, source: relative(base, meta.source) } : meta));
  const payload = JSON.stringify(portable);
  try {
    writeFileAtomic(path, JSON.stringify({ checksum: sha256(payload), payload }));
  } catch {
    // A catalog that cannot be written only costs start-up time.
  }
}
