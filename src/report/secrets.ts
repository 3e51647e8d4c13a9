import { shannonEntropy, TOKEN_FORMATS } from '../secret-formats.js';
import type { Finding, SourceFile } from '../types.js';

/**
 * Secrets in reports: what a hard-coded secret looks like, and how it is shown (masked). The
 * `hardcoded-secret` rules detect with these functions, and the report layer masks with them, so a
 * value the rules flag never appears in full in any format: not in a message, not in evidence, not
 * in a Markdown excerpt of the line that holds it.
 */

/** The part of a token that names its format and is safe to show. */
const KNOWN_PREFIX = new RegExp(`^(?:${TOKEN_FORMATS.flatMap((format) => (format.prefix ? [format.prefix] : [])).join('|')})`);

/** Documentation's sample credentials (AWS's `AKIAIOSFODNN7EXAMPLE`) and obvious stand-ins. */
const PLACEHOLDER = /example|dummy|placeholder|changeme|change[_-]me|redacted|your[_-]|xxxx|\*\*\*|<[^>]*>|\$\{|\{\{|%\(|%s/i;

export interface KnownToken {
  kind: string;
  /** The token itself, as it appears in the text. */
  value: string;
  /** Offset of the token in the searched text. */
  index: number;
}

/** Known-format tokens in a text (a string literal's content, a source file), placeholders left out. */
export function knownTokens(text: string): KnownToken[] {
  const found: KnownToken[] = [];
  for (const { label: kind, pattern } of TOKEN_FORMATS) {
    if (!kind) continue;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      if (match[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      if (!PLACEHOLDER.test(match[0])) found.push({ kind, value: match[0], index: match.index });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** Words, lower case, of a name in any convention: `AWS_SECRET_ACCESS_KEY`, `apiKey`, `self.db-password`. */
function nameWords(name: string): string[] {
  const last = name.split(/[.[\]'"]+/).filter(Boolean).pop() ?? name;
  return last
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const PASSWORD_WORDS = new Set(['password', 'passwd', 'passphrase', 'pwd', 'pass']);
const SECRET_WORDS = new Set(['secret', 'token', 'apikey', 'credential', 'credentials']);
const KEY_QUALIFIERS = new Set(['api', 'access', 'private', 'secret', 'signing', 'auth', 'encryption', 'master', 'app', 'client', 'license']);

/**
 * What a name says about the value it holds: `password` for password-like names, `secret` for
 * tokens and keys, undefined otherwise. Only the name's last word counts, so `password_field`,
 * `token_url` and `secret_name` (names of secrets, not secrets) are left alone.
 */
export function secretNameKind(name: string): 'password' | 'secret' | undefined {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (!last) return undefined;
  if (PASSWORD_WORDS.has(last) && !(last === 'pass' && words.length === 1)) return 'password';
  if (SECRET_WORDS.has(last)) return 'secret';
  if (last === 'key' && words.length > 1 && KEY_QUALIFIERS.has(words[words.length - 2])) return 'secret';
  return undefined;
}

/**
 * Whether a literal assigned to (or compared with) a name is a hard-coded secret: any real-looking
 * value for a password name, a high-entropy value for a token or key name. Words, sentences, paths,
 * URLs, environment references and placeholders are not.
 */
export function isSecretValue(name: string, value: string): boolean {
  const kind = secretNameKind(name);
  if (!kind) return false;
  if (PLACEHOLDER.test(value) || /\s/.test(value) || /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^[./~$]/.test(value)) return false;
  if (/^(.)\1*$/.test(value)) return false;
  const words = new Set(nameWords(name));
  if (nameWords(value).every((w) => words.has(w) || PASSWORD_WORDS.has(w) || SECRET_WORDS.has(w) || w === 'key')) return false;
  if (kind === 'password') return value.length >= 6;
  return value.length >= 16 && /[A-Za-z]/.test(value) && /[0-9]/.test(value) && shannonEntropy(value) >= 3;
}

/**
 * How a secret is shown: the prefix that names its format, then only its last four characters, e.g.
 * `ghp_****...a1b2`. Short values show nothing of themselves; a private key shows only its header.
 */
export function maskSecret(value: string): string {
  const key = /^-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----/.exec(value);
  if (key) return `-----BEGIN ${key[1]}-----****`;
  const prefix = KNOWN_PREFIX.exec(value)?.[0] ?? '';
  const rest = value.length - prefix.length;
  return rest < 16 ? `${prefix}****` : `${prefix}****...${value.slice(-4)}`;
}

/** The same masking, keeping the text's length and line breaks, so offsets and columns stay valid. */
function maskInPlace(value: string): string {
  const key = /^-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/.exec(value);
  if (key) {
    const end = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----$/.exec(value);
    const body = value.slice(key[0].length, end ? value.length - end[0].length : value.length);
    return key[0] + body.replace(/[^\r\n]/g, '*') + (end?.[0] ?? '');
  }
  const prefix = KNOWN_PREFIX.exec(value)?.[0] ?? '';
  const keep = value.length - prefix.length >= 16 ? 4 : 0;
  return prefix + value.slice(prefix.length, value.length - keep).replace(/[^\r\n]/g, '*') + value.slice(value.length - keep);
}

/** `name = "value"`, `"name": "value"`, `name == 'value'`, `name: 'value'` on one line. */
// The lookbehind starts a match only at the beginning of a name: without it, a long identifier costs quadratic time.
const ASSIGNED = /(?<![\w$.-])(?<name>[A-Za-z_$][\w$.-]*)["']?\]?\s*(?:[:=]=?=?|=>)\s*(?<quote>["'`])(?<value>[^"'`\r\n]+)\k<quote>/g;

/**
 * A source text with every secret masked in place: known token formats anywhere, and values assigned
 * to secret names; plus the exact ranges the secret rules reported (which may span lines, or sit on a
 * line of their own below the name). Same length and lines as the input.
 */
export function maskSecretsInSource(text: string, secretRanges: Array<{ start: number; end: number }> = []): string {
  const spans: Array<{ start: number; end: number }> = [];
  for (const range of secretRanges) {
    // A reported string literal: mask what lies between its quotes (after any prefix such as `b` or `r`).
    const literal = /^([A-Za-z]{0,2})("""|'''|["'`])([\s\S]*)\2$/.exec(text.slice(range.start, range.end));
    const open = literal ? literal[1].length + literal[2].length : 0;
    const close = literal ? literal[2].length : 0;
    spans.push({ start: range.start + open, end: range.end - close });
  }
  for (const token of knownTokens(text)) spans.push({ start: token.index, end: token.index + token.value.length });
  ASSIGNED.lastIndex = 0;
  for (let match = ASSIGNED.exec(text); match; match = ASSIGNED.exec(text)) {
    const { name, value } = match.groups!;
    if (!isSecretValue(name, value)) continue;
    const start = match.index + match[0].length - 1 - value.length;
    spans.push({ start, end: start + value.length });
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let cursor = 0;
  for (const span of spans) {
    const start = Math.max(span.start, cursor);
    if (span.end <= start) continue;
    out += text.slice(cursor, start) + maskInPlace(text.slice(start, span.end));
    cursor = span.end;
  }
  return out + text.slice(cursor);
}

/** Known-format tokens in finished report text, masked: the last line of defence for every format. */
export function maskKnownTokens(output: string): string {
  const tokens = knownTokens(output);
  if (tokens.length === 0) return output;
  let out = '';
  let cursor = 0;
  for (const token of tokens) {
    if (token.index < cursor) continue;
    out += output.slice(cursor, token.index) + maskSecret(token.value);
    cursor = token.index + token.value.length;
  }
  return out + output.slice(cursor);
}

/** Offsets of a finding's range in a text (1-based lines and UTF-16 columns; lines end at `\r\n`, `\n` or `\r`). */
function rangeOffsets(text: string, finding: Finding): { start: number; end: number } | undefined {
  const starts = [0];
  const terminator = /\r\n?|\n/g;
  while (terminator.exec(text)) starts.push(terminator.lastIndex);
  const at = (line: number, column: number) => (starts[line - 1] === undefined ? undefined : Math.min(text.length, starts[line - 1] + column - 1));
  const start = at(finding.range.start.line, finding.range.start.column);
  const end = at(finding.range.end.line, finding.range.end.column);
  return start === undefined || end === undefined || end < start ? undefined : { start, end };
}

/**
 * Report input sources with secrets masked, for formatters that quote code (Markdown excerpts and fix
 * diffs, SARIF snippets). A file is masked when a formatter first reads it: JSON, text and annotation
 * reports quote no code, and masking every file with a finding took a tenth of a cached run.
 */
export function maskedSources(sources: Map<string, SourceFile>, findings: Finding[]): Map<string, SourceFile> {
  const reported = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.ruleId.endsWith('/hardcoded-secret')) continue;
    const list = reported.get(f.path) ?? [];
    list.push(f);
    reported.set(f.path, list);
  }
  return new MaskedSources(sources, (path, source) => {
    const ranges = (reported.get(path) ?? []).map((f) => rangeOffsets(source.text, f)).filter((r): r is { start: number; end: number } => r !== undefined);
    return { ...source, text: maskSecretsInSource(source.text, ranges) };
  });
}

/** A map of sources whose entries are masked on first read, by any way of reading them. */
class MaskedSources extends Map<string, SourceFile> {
  constructor(
    private readonly originals: Map<string, SourceFile>,
    private readonly mask: (path: string, source: SourceFile) => SourceFile,
  ) {
    super();
  }

  override get(path: string): SourceFile | undefined {
    if (!super.has(path)) {
      const original = this.originals.get(path);
      if (!original) return undefined;
      super.set(path, this.mask(path, original));
    }
    return super.get(path);
  }

  override has(path: string): boolean {
    return this.originals.has(path);
  }

  override get size(): number {
    return this.originals.size;
  }

  override set(): this {
    throw new Error('masked sources are read-only');
  }

  override *entries(): MapIterator<[string, SourceFile]> {
    for (const path of this.originals.keys()) yield [path, this.get(path)!];
  }

  override keys(): MapIterator<string> {
    return this.originals.keys();
  }

  override *values(): MapIterator<SourceFile> {
    for (const path of this.originals.keys()) yield this.get(path)!;
  }

  override [Symbol.iterator](): MapIterator<[string, SourceFile]> {
    return this.entries();
  }

  override forEach(callback: (value: SourceFile, key: string, map: Map<string, SourceFile>) => void, thisArg?: unknown): void {
    for (const [path, source] of this.entries()) callback.call(thisArg, source, path, this);
  }
}
