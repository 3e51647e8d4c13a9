import picomatch from 'picomatch';

/**
 * Secrets are replaced before any text leaves the machine. The placeholders are deterministic, so
 * redacted prompts still hash the same from run to run and the cache keeps working.
 */
const placeholder = (kind: string): string => `<redacted:${kind}>`;
export const PLACEHOLDER_PATTERN = /<redacted:[a-z-]+>/;

interface TokenPattern {
  kind: string;
  pattern: RegExp;
}

/** Tokens recognisable by their shape alone, wherever they appear. */
const TOKEN_PATTERNS: TokenPattern[] = [
  { kind: 'private-key', pattern: /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?-----END \1-----/g },
  { kind: 'aws-access-key', pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g },
  { kind: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})\b/g },
  { kind: 'gitlab-token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  { kind: 'slack-token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { kind: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'stripe-key', pattern: /\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{16,}\b/g },
  { kind: 'openai-key', pattern: /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}/g },
  { kind: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
  { kind: 'bearer-token', pattern: /(?<=\bBearer\s+)[A-Za-z0-9._~+/-]{20,}=*/g },
  { kind: 'azure-account-key', pattern: /(?<=\b(?:AccountKey|SharedAccessKey)=)[A-Za-z0-9+/]{20,}={0,2}/g },
  // `scheme://user:password@host`: only the password goes.
  { kind: 'password', pattern: /(?<=\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/'"`]+:)[^\s@/'"`]+(?=@)/gi },
  // ADO.NET / JDBC style `Password=...;`
  { kind: 'password', pattern: /(?<=\b(?:password|pwd)=)[^;'"`\s]{3,}/gi },
];

/** A quoted value assigned to (or compared with) a name that says it is secret. */
const ASSIGNED_SECRET =
  /(?<name>[A-Za-z_$][\w$.-]*)(?<sep>["']?\s*(?::=|=>|==|[:=])\s*)(?<quote>["'`])(?<value>[^"'`\r\n]{4,}?)\k<quote>/g;
const PASSWORD_NAME = /pass(?:word|wd|phrase)?|pwd/i;
const SECRET_NAME = /secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|signing[_-]?key|encryption[_-]?key|credential|client[_-]?secret|(?:^|[_.-])key$/i;
/** Values that look like references to a secret, not the secret itself. */
const REFERENCE_VALUE = /^\$\{[^}]*\}$|^<[^>]*>$|^%\(?[\w]+\)?s?$|^\{\{.*\}\}$|^process\.env|^os\.environ/;

/** Bits of information per character: random tokens score about 4 and more, words about 2.5 to 3. */
function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

function isSecretAssignment(name: string, value: string): boolean {
  if (REFERENCE_VALUE.test(value) || PLACEHOLDER_PATTERN.test(value)) return false;
  // A password is secret however guessable it is.
  if (PASSWORD_NAME.test(name)) return value.length >= 4;
  return SECRET_NAME.test(name) && value.length >= 8 && shannonEntropy(value) >= 3;
}

/** Keeps the line count: a multi-line secret becomes a placeholder followed by as many newlines. */
function replacement(match: string, kind: string): string {
  return placeholder(kind) + '\n'.repeat((match.match(/\n/g) ?? []).length);
}

/**
 * Redacts one file and everything said about it. The secret values found in the file are remembered,
 * so the same value is also removed where no pattern would recognise it (a finding's message that
 * quotes `"hunter2" == "hunter2"`, an evidence entry).
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  redact(text: string): string {
    let out = text;
    for (const { kind, pattern } of TOKEN_PATTERNS) {
      out = out.replace(pattern, (match) => {
        this.remember(match);
        return replacement(match, kind);
      });
    }
    out = out.replace(ASSIGNED_SECRET, (whole, ...args) => {
      const groups = args[args.length - 1] as { name: string; sep: string; quote: string; value: string };
      if (!isSecretAssignment(groups.name, groups.value)) return whole;
      this.remember(groups.value);
      return `${groups.name}${groups.sep}${groups.quote}${placeholder('secret')}${groups.quote}`;
    });
    return this.redactKnown(out);
  }

  /** Removes values already recognised as secret from text that no pattern would flag. */
  private redactKnown(text: string): string {
    let out = text;
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      out = out.replaceAll(secret, () => replacement(secret, 'secret'));
    }
    return out;
  }

  private remember(value: string) {
    // Very short values would redact ordinary words elsewhere in the text.
    if (value.length >= 4) this.secrets.add(value);
    // A multi-line secret also appears line by line once split into a numbered window.
    for (const line of value.split('\n')) if (line.trim().length >= 16) this.secrets.add(line.trim());
  }
}

/** The secret glob a path matches, if any: such files are never sent. */
export function matchSecretGlob(path: string, globs: string[]): string | undefined {
  const name = path.split('/').pop() ?? path;
  return globs.find((glob) => picomatch.isMatch(name, glob, { dot: true, nocase: true }) || picomatch.isMatch(path, glob, { dot: true, nocase: true }));
}
