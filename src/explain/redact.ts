import picomatch from 'picomatch';
import { shannonEntropy, TOKEN_FORMATS } from '../secret-formats.js';

/**
 * Secrets are replaced before any text leaves the machine. The placeholders are deterministic, so
 * redacted prompts still hash the same from run to run and the cache keeps working.
 */
const placeholder = (kind: string): string => `<redacted:${kind}>`;
export const PLACEHOLDER_PATTERN = /<redacted:[a-z-]+>/;

/** A quoted value assigned to (or compared with) a name that says it is secret. */
const ASSIGNED_SECRET =
  /(?<name>[A-Za-z_$][\w$.-]*)(?<sep>["']?\s*(?::=|=>|==|[:=])\s*)(?<quote>["'`])(?<value>[^"'`\r\n]{4,}?)\k<quote>/g;
const PASSWORD_NAME = /pass(?:word|wd|phrase)?|pwd/i;
const SECRET_NAME = /secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|signing[_-]?key|encryption[_-]?key|credential|client[_-]?secret|(?:^|[_.-])key$/i;
/** Values that look like references to a secret, not the secret itself. */
const REFERENCE_VALUE = /^\$\{[^}]*\}$|^<[^>]*>$|^%\(?[\w]+\)?s?$|^\{\{.*\}\}$|^process\.env|^os\.environ/;

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
    for (const { id: kind, pattern, redactionPattern } of TOKEN_FORMATS) {
      out = out.replace(redactionPattern ?? pattern, (match) => {
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
