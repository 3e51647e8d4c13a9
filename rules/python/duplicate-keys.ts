import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { duplicateKeysDocs } from '../shared/duplicate-keys.js';
import { brief } from '../../src/rule-helpers/shared/text.js';

/**
 * The value a key expression hashes and compares as, written so that two keys are equal exactly
 * when Python's dict would treat them as one key; undefined when that cannot be decided from the text.
 * Numbers share one form (`n:1` for `1`, `1.0` and `True`) because equal numbers hash equal.
 */
function keyValue(node: SyntaxNode, allowNames: boolean): string | undefined {
  switch (node.type) {
    case 'parenthesized_expression': {
      const inner = node.namedChildren.filter((c) => c.type !== 'comment');
      return inner.length === 1 ? keyValue(inner[0], allowNames) : undefined;
    }
    case 'string':
    case 'concatenated_string': {
      const literal = stringValue(node);
      return literal && `${literal.bytes ? 'b' : 's'}:${literal.value}`;
    }
    case 'integer':
    case 'float':
      return numberKey(node.type, node.text);
    case 'true':
      return 'n:1';
    case 'false':
      return 'n:0';
    case 'none':
      return 'None';
    case 'ellipsis':
      return 'Ellipsis';
    case 'unary_operator':
      return signedNumberKey(node);
    case 'tuple': {
      const parts: string[] = [];
      for (const element of node.namedChildren) {
        if (element.type === 'comment') continue;
        const part = keyValue(element, allowNames);
        if (part === undefined) return undefined;
        parts.push(part);
      }
      return `t:${JSON.stringify(parts)}`;
    }
    case 'identifier':
      // The same variable read twice is the same object, and a dict checks identity before equality.
      return allowNames ? `v:${node.text}` : undefined;
    default:
      return undefined;
  }
}

/** `1`, `0x1`, `1.0`, `1e0` and `True` are one key; complex literals (`1j`) are left out rather than reasoned about. */
function numberKey(type: string, text: string): string | undefined {
  const digits = text.replace(/_/g, '');
  if (/[jJ]$/.test(digits)) return undefined;
  if (type === 'integer') {
    try {
      return `n:${BigInt(digits).toString()}`;
    } catch {
      return undefined;
    }
  }
  const value = Number(digits);
  if (Number.isNaN(value)) return undefined;
  // A float equals an int only when it is exactly integral (`1e23` is not 10**23).
  return Number.isInteger(value) ? `n:${BigInt(value).toString()}` : `f:${String(value)}`;
}

function signedNumberKey(node: SyntaxNode): string | undefined {
  const sign = node.field('operator')?.type;
  const argument = node.field('argument');
  if ((sign !== '-' && sign !== '+') || !argument || (argument.type !== 'integer' && argument.type !== 'float')) return undefined;
  const key = numberKey(argument.type, argument.text);
  if (key === undefined || sign === '+') return key;
  if (key.startsWith('n:')) return `n:${(-BigInt(key.slice(2))).toString()}`;
  return `f:${String(-Number(key.slice(2)))}`;
}

interface StringLiteral {
  bytes: boolean;
  value: string;
}

/** The runtime value of a plain (non-f) string or bytes literal, or of adjacent ones concatenated. */
function stringValue(node: SyntaxNode): StringLiteral | undefined {
  const parts = node.type === 'concatenated_string' ? node.namedChildren.filter((c) => c.type !== 'comment') : [node];
  let bytes: boolean | undefined;
  let value = '';
  for (const part of parts) {
    if (part.type !== 'string') return undefined;
    const start = part.children[0];
    const end = part.children[part.children.length - 1];
    if (start?.type !== 'string_start' || end?.type !== 'string_end') return undefined;
    if (part.children.some((c) => c.type === 'interpolation')) return undefined;
    const prefix = start.text.replace(/['"]+$/, '').toLowerCase();
    if (/[^rbu]/.test(prefix)) return undefined;
    const isBytes = prefix.includes('b');
    if (bytes !== undefined && bytes !== isBytes) return undefined;
    bytes = isBytes;
    // The tokenizer turns every line ending inside a literal into `\n`.
    const body = part.source.slice(start.endIndex, end.startIndex).replace(/\r\n?/g, '\n');
    const decoded = prefix.includes('r') ? body : decodeEscapes(body, isBytes);
    if (decoded === undefined) return undefined;
    value += decoded;
  }
  return bytes === undefined ? undefined : { bytes, value };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Python's escape rules; anything uncertain (`\N{...}`, surrogate code points) gives up rather than guess. */
function decodeEscapes(body: string, bytes: boolean): string | undefined {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) return undefined;
    i++;
    if (Object.hasOwn(SIMPLE_ESCAPES, next)) {
      out += SIMPLE_ESCAPES[next];
    } else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      const code = parseInt(octal, 8);
      if (bytes && code > 0xff) return undefined;
      out += String.fromCharCode(code);
      i += octal.length - 1;
    } else if (next === 'x') {
      const hex = body.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 2;
    } else if (!bytes && (next === 'u' || next === 'U')) {
      const length = next === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + length);
      if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) return undefined;
      const code = parseInt(hex, 16);
      // Python keeps lone surrogates as code points where JavaScript strings would pair them up.
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
      out += String.fromCodePoint(code);
      i += length;
    } else if (!bytes && next === 'N') {
      return undefined;
    } else {
      // Unknown escapes keep their backslash.
      out += `\\${next}`;
    }
  }
  return out;
}

export default defineCodeRule(
  {
    id: 'python/duplicate-keys',
    languages: ['python'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag dict literals that define the same key twice.',
    provenance: 'Pyflakes F601 / pylint W0109 (duplicate-key)',
    docs: duplicateKeysDocs(
      "HEADERS = {\n    'Accept': 'application/json',\n    'Content-Type': 'application/json',\n    \"Accept\": 'text/html',\n}",
      "HEADERS = {\n    'Accept': 'application/json',\n    'Content-Type': 'application/json',\n}",
    ),
  },
  (context) => ({
    dictionary(node) {
      // A walrus in a key or value can rebind a name between two reads of it.
      const hasNameKeys = node.namedChildren.some((c) => c.type === 'pair' && c.field('key')?.type === 'identifier');
      const allowNames = hasNameKeys && ![...node.descendants()].some((d) => d.type === 'named_expression');
      const seen = new Map<string, SyntaxNode>();
      for (const pair of node.namedChildren) {
        if (pair.type !== 'pair') continue;
        const key = pair.field('key');
        if (!key) continue;
        const value = keyValue(key, allowNames);
        if (value === undefined) continue;
        const previous = seen.get(value);
        seen.set(value, key);
        if (!previous) continue;
        const earlierLine = previous.startRow + 1;
        const relation = previous.text === key.text ? `is already defined at line ${earlierLine}` : `equals key \`${brief(previous.text)}\` at line ${earlierLine}`;
        context.report({
          node: key,
          message: `Key \`${brief(key.text)}\` ${relation} of this dict literal, so the earlier value is silently replaced.`,
          evidence: { key: key.text, earlierKey: previous.text, earlierLine: String(earlierLine) },
        });
      }
    },
  }),
);
