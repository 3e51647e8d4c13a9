import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { duplicateKeysDocs } from '../shared/duplicate-keys.js';
import { brief } from '../../src/rule-helpers/shared/text.js';

/** How a member defines its property: a getter and a setter for one name complete each other. */
type MemberKind = 'value' | 'get' | 'set';

interface Member {
  /** The property key as the runtime sees it (numbers are converted to their string form). */
  key: string;
  kind: MemberKind;
  /** The node that spells the key, where the finding is reported. */
  node: SyntaxNode;
}

function member(node: SyntaxNode): Member | undefined {
  switch (node.type) {
    case 'pair': {
      const keyNode = node.field('key');
      const key = keyNode && propertyKey(keyNode);
      return key === undefined ? undefined : { key, kind: 'value', node: keyNode! };
    }
    case 'shorthand_property_identifier':
      return node.text.includes('\\') ? undefined : { key: node.text, kind: 'value', node };
    case 'method_definition': {
      const name = node.field('name');
      const key = name && propertyKey(name);
      if (key === undefined) return undefined;
      const accessor = node.children.find((c) => !c.isNamed && (c.type === 'get' || c.type === 'set') && c.startIndex < name!.startIndex);
      return { key, kind: (accessor?.type as MemberKind | undefined) ?? 'value', node: name! };
    }
    default:
      return undefined;
  }
}

/** The property key a literal key denotes, or undefined when it is not a literal (`[name]`, `[f()]`). */
function propertyKey(node: SyntaxNode): string | undefined {
  switch (node.type) {
    case 'property_identifier':
      // `\u0061` spellings of identifiers are rare enough to leave alone.
      return node.text.includes('\\') ? undefined : node.text;
    case 'string':
      return decodeString(node.text.slice(1, -1));
    case 'number':
      return numberKey(node.text);
    case 'computed_property_name': {
      const inner = node.namedChildren.filter((c) => c.type !== 'comment');
      if (inner.length !== 1) return undefined;
      const expression = inner[0];
      if (expression.type === 'string' || expression.type === 'number') return propertyKey(expression);
      if (expression.type === 'template_string' && !expression.namedChildren.some((c) => c.type === 'template_substitution')) {
        return decodeString(expression.text.slice(1, -1).replace(/\r\n?/g, '\n'));
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** `1`, `1.0`, `0x1` and `1n` all name the property `"1"`: a number key is converted with ToString. */
function numberKey(text: string): string | undefined {
  const digits = text.replace(/_/g, '');
  if (digits.endsWith('n')) {
    try {
      return BigInt(digits.slice(0, -1)).toString();
    } catch {
      return undefined;
    }
  }
  // `010` is octal in sloppy mode and `019` decimal: not worth guessing.
  if (/^0[0-9]/.test(digits)) return undefined;
  const value = Number(digits);
  return Number.isNaN(value) ? undefined : String(value);
}

const SIMPLE_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const LINE_TERMINATORS = new Set(['\n', '\r', '\u2028', '\u2029']);

/** The cooked value of a string body; legacy octal escapes and malformed ones give up. */
function decodeString(body: string): string | undefined {
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
    if (LINE_TERMINATORS.has(next)) {
      if (next === '\r' && body[i + 1] === '\n') i++;
    } else if (Object.hasOwn(SIMPLE_ESCAPES, next)) {
      out += SIMPLE_ESCAPES[next];
    } else if (next === '0' && !/[0-9]/.test(body[i + 1] ?? '')) {
      out += '\0';
    } else if (/[0-9]/.test(next)) {
      return undefined;
    } else if (next === 'x') {
      const hex = body.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 2;
    } else if (next === 'u') {
      const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(body.slice(i + 1));
      const hex = braced ? braced[1] : body.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]+$/.test(hex) || (!braced && hex.length !== 4)) return undefined;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return undefined;
      out += String.fromCodePoint(code);
      i += braced ? braced[0].length : 4;
    } else {
      out += next;
    }
  }
  return out;
}

/** Defining an accessor replaces a data property and vice versa; only a getter plus a setter coexist. */
function overrides(earlier: MemberKind, later: MemberKind): boolean {
  return !((earlier === 'get' && later === 'set') || (earlier === 'set' && later === 'get'));
}

/** What a later definition throws away: `value`, `getter`, `setter`, or `getter and setter`. */
function describe(replaced: Member[]): string {
  const kinds = new Set(replaced.map((m) => m.kind));
  if (kinds.has('value')) return 'value';
  return [...kinds].sort().map((kind) => `${kind}ter`).join(' and ');
}

export default defineCodeRule(
  {
    id: 'javascript/duplicate-keys',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'bug',
    summary: 'Flag object literals that define the same key twice.',
    provenance: 'ESLint no-dupe-keys',
    docs: duplicateKeysDocs(
      "const headers = {\n  Accept: 'application/json',\n  'Content-Type': 'application/json',\n  'Accept': 'text/html',\n};",
      "const headers = {\n  Accept: 'application/json',\n  'Content-Type': 'application/json',\n};",
    ),
  },
  (context) => ({
    object(node) {
      // Per key, the members whose definition is still in effect at this point of the literal.
      const live = new Map<string, Member[]>();
      for (const child of node.namedChildren) {
        const current = member(child);
        // `__proto__: x` sets the prototype instead of defining a property; leave those to the engine's own error.
        if (!current || current.key === '__proto__') continue;
        const earlier = live.get(current.key) ?? [];
        const replaced = earlier.filter((m) => overrides(m.kind, current.kind));
        live.set(current.key, [...earlier.filter((m) => !replaced.includes(m)), current]);
        const previous = replaced[replaced.length - 1];
        if (!previous) continue;
        const earlierLine = previous.node.startRow + 1;
        const relation = previous.node.text === current.node.text
          ? `is already defined at line ${earlierLine}`
          : `names the same property as \`${brief(previous.node.text)}\` at line ${earlierLine}`;
        context.report({
          node: current.node,
          message: `Key \`${brief(current.node.text)}\` ${relation} of this object literal, so the earlier ${describe(replaced)} is silently replaced.`,
          evidence: { key: current.node.text, earlierKey: previous.node.text, earlierLine: String(earlierLine), property: current.key },
        });
      }
    },
  }),
);
