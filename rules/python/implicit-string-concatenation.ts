import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { isFString, literalValue } from '../../src/rule-helpers/python/literal-strings.js';

const DISPLAYS: Record<string, string> = { list: 'list', set: 'set', tuple: 'tuple', argument_list: 'argument list' };

/** `"--verbose"`, `"en_US"`, `"a/b.txt"`: a word, flag or path with no whitespace, the kind of item a list of options holds. */
function isTokenLike(value: string): boolean {
  return value.length > 0 && !/\s/.test(value);
}

/**
 * Wrapped sentences are joined on purpose, on one line too (formatters such as Black pull the pieces
 * of `"Owner name " "[default: user]"` onto one line). A missing comma shows when every piece and
 * every other element is a single word, flag or name (`"c_void" "i8"`, `"!=" "=="`).
 */
function looksLikeMissingComma(parts: SyntaxNode[], neighbours: string[]): boolean {
  const values = parts.map((p) => literalValue(p));
  if (values.some((v) => v === undefined)) return false;
  if (!values.every((v) => isTokenLike(v!)) || !neighbours.every(isTokenLike)) return false;
  // An escape such as `\n` in a piece marks text meant to be joined (markup, protocol lines).
  if (parts.some((p) => p.text.includes('\\'))) return false;
  // A URL or path wrapped at a separator (`".../api/"` then `"v2/users"`) is one value split on purpose.
  // Operators such as `"!="` have no letters and are never halves of a wrapped word.
  const wordy = (v: string) => /[A-Za-z0-9]/.test(v);
  for (let i = 0; i + 1 < values.length; i++) {
    const [before, after] = [values[i]!, values[i + 1]!];
    if (wordy(before) && CONTINUES.test(before.slice(-1))) return false;
    if (wordy(after) && CONTINUES.test(after.slice(0, 1).replace('-', ''))) return false;
  }
  return true;
}

const CONTINUES = /[\/\\._=&?:,;+|(]/;

export default defineCodeRule(
  {
    id: 'python/implicit-string-concatenation',
    languages: ['python'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag adjacent string literals inside a list, tuple, set or argument list of strings: a comma is probably missing.',
    provenance: 'pylint implicit-str-concat (W1404) / Ruff ISC001',
    docs: {
      what: 'Two or more adjacent string literals that form one element of a list, tuple, set or call argument list whose other elements are all single string literals. Only pieces and elements that are single words, flags or names (no whitespace, no escapes) count, because wrapped sentences and URLs are joined on purpose, on one line or across lines.',
      why: 'Python joins adjacent literals at compile time, so `["lint" "test", "build"]` is a two-element list containing `"linttest"`. A forgotten comma silently merges two entries: one option disappears and a nonsense one appears, with no error.',
      example: 'STEPS = [\n    "lint",\n    "test"\n    "build",\n]',
      useInstead: 'STEPS = [\n    "lint",\n    "test",\n    "build",\n]',
    },
  },
  (context) => ({
    concatenated_string(node) {
      const display = node.parent;
      if (!display || !(display.type in DISPLAYS)) return;
      const parts = node.namedChildren.filter((c) => c.type === 'string');
      if (parts.length < 2 || parts.some(isFString)) return;
      // The other elements must all be single plain literals: in a mixed tuple such as
      // `(header, "<a>" "<b>", body)` the concatenation is one deliberate piece. In a call,
      // `help="..." "..."` is a keyword value, and a keyword argument makes the call mixed too.
      const others = display.namedChildren.filter((c) => c !== node && c.type !== 'comment');
      if (others.length === 0 || others.some((c) => c.type !== 'string' || isFString(c))) return;
      const neighbours = others.map((c) => literalValue(c));
      if (neighbours.some((v) => v === undefined)) return;
      if (!looksLikeMissingComma(parts, neighbours as string[])) return;
      const joined = parts.map((p) => literalValue(p)).join('');
      // Escapes were decoded to placeholders; show the joined value only when it is plain text.
      const printable = /^[^\u0000-\u001f"\\]*$/.test(joined);
      const into = printable ? `the single element \`"${joined}"\`` : 'a single element';
      context.report({
        node,
        message: `Adjacent literals ${parts.map((p) => `\`${p.text}\``).join(' and ')} in this ${DISPLAYS[display.type]} are joined into ${into}: a comma is probably missing.`,
        evidence: { parts: String(parts.length), container: DISPLAYS[display.type], ...(printable ? { joined } : {}) },
      });
    },
  }),
);
