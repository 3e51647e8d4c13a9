import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { excerpt, literalValue, unparenthesize } from '../../src/rule-helpers/python/literal-strings.js';

interface PercentFormat {
  /** Values consumed by positional placeholders, counting `*` widths and precisions. */
  positional: number;
  /** Keys of `%(key)s` placeholders, in order. */
  names: string[];
  /** The first placeholder, for messages. */
  sample?: string;
}

const CONVERSIONS = new Set([...'diouxXeEfFgGcrsab%']);

/** Parses a printf-style format the way `str.__mod__` does; undefined when the format is invalid or unusual. */
function parsePercentFormat(format: string): PercentFormat | undefined {
  const result: PercentFormat = { positional: 0, names: [] };
  let i = 0;
  while (i < format.length) {
    if (format[i] !== '%') {
      i++;
      continue;
    }
    const start = i++;
    let name: string | undefined;
    if (format[i] === '(') {
      // Python allows nested parentheses inside the key.
      let depth = 1;
      const keyStart = ++i;
      while (i < format.length && depth > 0) {
        if (format[i] === '(') depth++;
        else if (format[i] === ')') depth--;
        i++;
      }
      if (depth !== 0) return undefined;
      name = format.slice(keyStart, i - 1);
    }
    let stars = 0;
    while ('#0- +'.includes(format[i] ?? 'x')) i++;
    if (format[i] === '*') (stars++, i++);
    else while (/[0-9]/.test(format[i] ?? '')) i++;
    if (format[i] === '.') {
      i++;
      if (format[i] === '*') (stars++, i++);
      else while (/[0-9]/.test(format[i] ?? '')) i++;
    }
    if ('hlL'.includes(format[i] ?? 'x')) i++;
    const conversion = format[i++];
    if (conversion === undefined || !CONVERSIONS.has(conversion)) return undefined;
    if (conversion === '%') {
      if (name !== undefined || stars > 0) return undefined;
      continue;
    }
    result.sample ??= format.slice(start, i);
    if (name !== undefined) {
      if (stars > 0) return undefined;
      result.names.push(name);
    } else {
      result.positional += 1 + stars;
    }
  }
  // Mixing `%(key)s` with `%s` is an error of its own that Python reports differently.
  if (result.names.length > 0 && result.positional > 0) return undefined;
  return result;
}

/** Right operands that are one value and certainly not a tuple. */
const SINGLE_VALUES = new Set(['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none', 'list', 'list_comprehension']);
/** Single values that are not mappings: unconsumed, they raise "not all arguments converted". */
const NON_MAPPINGS = new Set(['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none']);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export default defineCodeRule(
  {
    id: 'python/percent-format-mismatch',
    languages: ['python'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag `%`-formatting whose literal format string and literal arguments do not match.',
    provenance: 'pyflakes F501-F509 / pylint E1305, E1306, E1304',
    docs: {
      what: 'A `"..." % values` expression whose format string is a literal and whose right operand is a literal tuple, dict or single value that does not fit it: too few or too many values for the `%s`-style placeholders (`*` widths count, `%%` does not), a `%(key)s` placeholder whose key is missing from a literal dict, or named placeholders given a tuple.',
      why: 'The mismatch raises `TypeError` ("not enough arguments", "not all arguments converted") or `KeyError` when the line runs. Such lines are usually in error paths and log messages, so the crash replaces the message that should have explained a failure.',
      example: 'log.write("user %s failed %d times" % (user,))\nlog.write("%(user)s logged in" % {"name": user})',
      useInstead: 'log.write("user %s failed %d times" % (user, failures))\nlog.write("%(user)s logged in" % {"user": user})',
    },
  },
  (context) => ({
    binary_operator(node) {
      if (node.field('operator')?.type !== '%') return;
      const left = node.field('left');
      const rightRaw = node.field('right');
      if (!left || !rightRaw) return;
      const format = literalValue(left);
      if (format === undefined) return;
      const spec = parsePercentFormat(format);
      if (!spec) return;
      const right = unparenthesize(rightRaw);
      const shown = excerpt(left.text);
      const report = (message: string, evidence: Record<string, string>) =>
        context.report({ node, message, evidence: { format: shown, ...evidence } });

      if (spec.names.length > 0) {
        if (right.type === 'tuple' || NON_MAPPINGS.has(right.type)) {
          report(`\`${shown}\` uses named placeholders such as \`${spec.sample}\` but is given a ${right.type === 'tuple' ? 'tuple' : right.type}, not a mapping: this raises \`TypeError\`.`, {
            operand: right.type,
          });
          return;
        }
        if (right.type !== 'dictionary') return;
        const keys = new Set<string>();
        for (const entry of right.namedChildren) {
          if (entry.type === 'comment') continue;
          if (entry.type !== 'pair') return;
          const key = entry.field('key');
          const value = key ? literalValue(key) : undefined;
          if (value === undefined) return;
          keys.add(value);
        }
        const missing = [...new Set(spec.names.filter((n) => !keys.has(n)))];
        if (missing.length === 0) return;
        report(`\`${shown}\` uses ${missing.map((m) => `\`%(${m})\``).join(', ')} but the dict has no key ${missing.map((m) => `\`${JSON.stringify(m)}\``).join(', ')}: this raises \`KeyError\`.`, {
          missingKeys: missing.join(', '),
          dictKeys: [...keys].join(', '),
        });
        return;
      }

      const expected = spec.positional;
      let supplied: number;
      if (right.type === 'tuple') {
        const elements = right.namedChildren.filter((c) => c.type !== 'comment');
        if (elements.some((e) => e.type === 'list_splat')) return;
        supplied = elements.length;
      } else if (SINGLE_VALUES.has(right.type)) {
        supplied = 1;
        // An unconsumed list is taken as a mapping and silently ignored.
        if (expected === 0 && !NON_MAPPINGS.has(right.type)) return;
      } else {
        return;
      }
      if (supplied === expected) return;
      const outcome = supplied < expected ? 'not enough arguments for format string' : 'not all arguments converted during string formatting';
      report(`\`${shown}\` expects ${plural(expected, 'value')} but is given ${supplied}: this raises \`TypeError: ${outcome}\`.`, {
        expected: String(expected),
        supplied: String(supplied),
      });
    },
  }),
);
