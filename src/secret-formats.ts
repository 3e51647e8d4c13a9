/**
 * Credential formats recognisable by their shape alone: the one list that the `hardcoded-secret`
 * rules and the report masking (`src/report/secrets.ts`) and the redaction of text sent to an LLM
 * (`src/explain/redact.ts`) all read, so a format added here is found, masked and redacted alike.
 *
 * The two uses weigh mistakes differently. A finding must be a fact, so `pattern` is precise. A
 * secret sent to a model cannot be taken back, so redaction casts a wider net: `redactionPattern`
 * where it is wider than `pattern`, and formats without a `label` are redacted only, never reported.
 */
export interface TokenFormat {
  /** The kind a redaction placeholder names: `<redacted:github-token>`. */
  id: string;
  /** How findings and reports name the format; undefined for a format that is only redacted. */
  label?: string;
  /** The token. Global: callers reset `lastIndex`. */
  pattern: RegExp;
  /** What redaction removes instead of `pattern`, where it is wider. Global. */
  redactionPattern?: RegExp;
  /** Source of a regular expression for the start of the token that names its format and is safe to show. */
  prefix?: string;
}

/** In the order redaction applies them: a token that holds another is removed whole. */
export const TOKEN_FORMATS: readonly TokenFormat[] = [
  {
    id: 'private-key',
    label: 'private key',
    // A report masks a key cut off before its end line too; redaction removes whole blocks.
    pattern: /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?(?:-----END \1-----|$)/g,
    redactionPattern: /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?-----END \1-----/g,
  },
  { id: 'aws-access-key', label: 'AWS access key id', pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g, prefix: 'AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA' },
  {
    id: 'github-token',
    label: 'GitHub token',
    // GitHub tokens are at most 255 characters long.
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{30,255})\b/g,
    redactionPattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})\b/g,
    prefix: 'gh[pousr]_|github_pat_',
  },
  { id: 'gitlab-token', label: 'GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g, prefix: 'glpat-' },
  { id: 'slack-token', label: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, prefix: 'xox[abposr]-' },
  { id: 'google-api-key', label: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, prefix: 'AIza' },
  {
    id: 'stripe-key',
    label: 'Stripe key',
    pattern: /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}\b/g,
    // Publishable keys (`pk_`) are meant to be public: redacted, not reported.
    redactionPattern: /\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{16,}\b/g,
    prefix: '(?:sk|rk)_(?:live|test)_',
  },
  { id: 'openai-key', pattern: /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}/g },
  { id: 'npm-token', label: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, prefix: 'npm_' },
  {
    id: 'jwt',
    label: 'JWT',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    // An unsigned token still carries its claims.
    redactionPattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
    prefix: 'eyJ',
  },
  { id: 'bearer-token', pattern: /(?<=\bBearer\s+)[A-Za-z0-9._~+/-]{20,}=*/g },
  { id: 'azure-account-key', pattern: /(?<=\b(?:AccountKey|SharedAccessKey)=)[A-Za-z0-9+/]{20,}={0,2}/g },
  // `scheme://user:password@host`: only the password goes.
  { id: 'password', pattern: /(?<=\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/'"`]+:)[^\s@/'"`]+(?=@)/gi },
  // ADO.NET / JDBC style `Password=...;`
  { id: 'password', pattern: /(?<=\b(?:password|pwd)=)[^;'"`\s]{3,}/gi },
];

/** Bits of information per character: random tokens score about 4 and more, words about 2.5 to 3. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}
