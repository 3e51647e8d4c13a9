import { existsSync, readFileSync } from 'node:fs';
import type { Finding } from '../types.js';

export const BASELINE_VERSION = 1;
export const DEFAULT_BASELINE_PATH = '.revisor/baseline.json';

export interface BaselineEntry {
  path: string;
  ruleId: string;
  fingerprint: string;
}

/**
 * The findings a project has accepted for now. Only path, rule and fingerprint are stored: no line
 * numbers, messages or timestamps, so the file changes only when findings come or go, and a finding
 * keeps matching when unrelated edits move it.
 */
export interface Baseline {
  version: number;
  tool: 'revisor';
  findings: BaselineEntry[];
}

export class BaselineError extends Error {}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0;
}

export function createBaseline(findings: Finding[]): Baseline {
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  for (const f of findings) {
    const key = `${f.path}\u0000${f.fingerprint}`;
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push({ path: f.path, ruleId: f.ruleId, fingerprint: f.fingerprint });
  }
  return { version: BASELINE_VERSION, tool: 'revisor', findings: entries.sort(compareEntries) };
}

export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const record = data as Partial<Baseline> | null;
  if (!record || typeof record !== 'object' || record.tool !== 'revisor' || !Array.isArray(record.findings)) {
    throw new BaselineError(`${file}: not a revisor baseline (expected { "tool": "revisor", "findings": [...] }; create one with \`revisor baseline create\`)`);
  }
  if (record.version !== BASELINE_VERSION) throw new BaselineError(`${file}: baseline version ${String(record.version)} is not supported (expected ${BASELINE_VERSION}); re-create it with \`revisor baseline create\``);
  for (const [i, entry] of record.findings.entries()) {
    if (!entry || typeof entry.path !== 'string' || typeof entry.fingerprint !== 'string' || typeof entry.ruleId !== 'string') {
      throw new BaselineError(`${file}: findings[${i}] needs string fields path, ruleId and fingerprint`);
    }
  }
  return record as Baseline;
}

export function loadBaseline(absolutePath: string, displayPath: string): Baseline {
  if (!existsSync(absolutePath)) throw new BaselineError(`${displayPath}: baseline file not found (create it with \`revisor baseline create\`)`);
  return parseBaseline(readFileSync(absolutePath, 'utf8'), displayPath);
}

/**
 * Removes the findings the baseline lists. A finding matches an entry with the same path (or, for a
 * renamed file, the path it had before) and the same fingerprint.
 */
export function applyBaseline(findings: Finding[], baseline: Baseline, renamedFrom: Map<string, string> = new Map()): { kept: Finding[]; hidden: number } {
  const known = new Set(baseline.findings.map((e) => `${e.path}\u0000${e.fingerprint}`));
  const kept = findings.filter((f) => {
    if (known.has(`${f.path}\u0000${f.fingerprint}`)) return false;
    const oldPath = renamedFrom.get(f.path);
    return !(oldPath !== undefined && known.has(`${oldPath}\u0000${f.fingerprint}`));
  });
  return { kept, hidden: findings.length - kept.length };
}
