import type { RuleDocs } from '../../src/engine/rule.js';
import { isSecretValue, knownTokens, maskSecret, secretNameKind } from '../../src/report/secrets.js';

/** One doc for the rule in every language (the id stem `hardcoded-secret` is shared). */
export const hardcodedSecretDocs = (example: string, useInstead: string): RuleDocs => ({
  what:
    'A string literal that is a credential: a token in a known format anywhere (AWS access key id `AKIA...`, GitHub `ghp_...`/`github_pat_...`, GitLab, Slack, Google, Stripe and npm tokens, a JWT, a `-----BEGIN ... PRIVATE KEY-----` block), or a value assigned to, passed as, keyed by or compared with a name such as `password`, `secret`, `token`, `api_key` or `access_key` that is a real-looking password or a high-entropy token. Placeholders (`changeme`, `<token>`, `${TOKEN}`, `xxxx`, documentation samples containing `EXAMPLE`), words, sentences, paths and URLs are not flagged. Reports show the value masked (`ghp_****...a1b2`), never in full.',
  why:
    'A secret in source code is readable by everyone who can read the repository, its forks, its CI logs and every clone, and stays in the history after it is removed; rotating it is the only fix once it has been pushed. Secrets belong in the environment or a secret manager, where they can be scoped, rotated and audited.',
  example,
  useInstead,
});

export interface SecretFinding {
  /** What the value is: `GitHub token`, `password`, `secret`. */
  kind: string;
  masked: string;
}

/**
 * Judges a literal's content: a known token format wherever it stands, else a secret value for a
 * secret name. `name` is the variable, key, parameter or compared name, when there is one.
 */
export function judgeSecret(value: string, name: string | undefined): SecretFinding | undefined {
  const token = knownTokens(value)[0];
  if (token) return { kind: token.kind, masked: maskSecret(token.value) };
  if (name && isSecretValue(name, value)) return { kind: secretNameKind(name) === 'password' ? 'password' : 'secret', masked: maskSecret(value) };
  return undefined;
}

/** The sentence every language's finding uses. */
export function secretMessage(secret: SecretFinding, name: string | undefined): string {
  const what = /^[AEIOU]/.test(secret.kind) ? `An ${secret.kind}` : `A ${secret.kind}`;
  const where = name ? ` for \`${name}\`` : '';
  return `${what}${where} is hard-coded (\`${secret.masked}\`): anyone who can read the code or its history can use it; read it from the environment or a secret manager.`;
}
