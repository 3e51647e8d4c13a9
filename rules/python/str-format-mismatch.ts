import { defineCodeRule } from '../../src/engine/rule.js';
import { excerpt, isBytes, literalValue, stringParts } from '../../src/rule-helpers/python/literal-strings.js';

interface BraceFormat {
  /** Number of `{}` fields, each taking the next positional argument. */
  automatic: number;
  /** Explicit `{0}` indexes. */
  indexes: Set<number>;
  /** `{name}` keywords. */
  names: Set<string>;
}

/** Reads one replacement field's name (`0`, `name`, `` for automatic) and records it; false when invalid. */
function recordField(field: string, into: BraceFormat): boolean {
  // The field is `name[.attr|[key]]...[!conv][:spec]`; brackets may hide `!` and `:`.
  let end = 0;
  while (end < field.length && field[end] !== '!' && field[end] !== ':') {
    if (field[end] === '[') {
      const close = field.indexOf(']', end);
      if (close === -1) return false;
      end = close;
    }
    end++;
  }
  const name = field.slice(0, end);
  let rest = field.slice(end);
  if (rest.startsWith('!')) {
    if (!/^![rsa](?::|$)/.test(rest)) return false;
    rest = rest.slice(2);
  }
  const argName = /^[^.[]*/.exec(name)![0];
  if (argName === '') into.automatic++;
  else if (/^[0-9]+$/.test(argName)) into.indexes.add(Number(argName));
  else into.names.add(argName);
  if (rest.startsWith(':')) return parseBraceFormatInto(rest.slice(1), into, true);
  return true;
}

function parseBraceFormatInto(format: string, into: BraceFormat, nested: boolean): boolean {
  let i = 0;
  while (i < format.length) {
    const c = format[i];
    if (c === '{' && !nested && format[i + 1] === '{') {
      i += 2;
    } else if (c === '}' && !nested && format[i + 1] === '}') {
      i += 2;
    } else if (c === '{') {
      let depth = 1;
      let j = i + 1;
      while (j < format.length && depth > 0) {
        if (format[j] === '{') depth++;
        else if (format[j] === '}') depth--;
        j++;
      }
      if (depth !== 0) return false;
      const field = format.slice(i + 1, j - 1);
      // Fields nested in a nested spec exceed Python's recursion limit for format specs.
      if (nested && field.includes('{')) return false;
      if (!recordField(field, into)) return false;
      i = j;
    } else if (c === '}') {
      return false;
    } else {
      i++;
    }
  }
  return true;
}

function parseBraceFormat(format: string): BraceFormat | undefined {
  const result: BraceFormat = { automatic: 0, indexes: new Set(), names: new Set() };
  return parseBraceFormatInto(format, result, false) ? result : undefined;
}

const list = (items: string[]) => items.map((x) => `\`${x}\``).join(', ');

export default defineCodeRule(
  {
    id: 'python/str-format-mismatch',
    languages: ['python'],
    severity: 'error',
    category: 'bug',
    summary: 'Flag `"...".format(...)` calls whose placeholders and arguments do not match.',
    provenance: 'pyflakes F521-F525 / pylint W1303, W1304, W1305, E1305, E1306',
    docs: {
      what: 'A `.format(...)` call on a string literal, without `*args` or `**kwargs`, where a placeholder has no argument (`{}` beyond the positional arguments, `{2}` past the end, `{name}` with no `name=`), automatic `{}` and numbered `{0}` fields are mixed, or an argument is never used by any placeholder.',
      why: 'A missing argument raises `IndexError` or `KeyError`, and mixing numbering raises `ValueError`, at the moment the message is built, often on an error path that tests do not reach. An unused argument means a placeholder was forgotten or misspelt, so the text silently leaves out information.',
      example: 'msg = "{} of {} items copied to {dest}".format(done, dest=target)\nmsg = "Hello {name}".format(nam=user)',
      useInstead: 'msg = "{} of {} items copied to {dest}".format(done, total, dest=target)\nmsg = f"Hello {user}"',
    },
  },
  (context) => ({
    call(node) {
      const callee = node.field('function');
      if (callee?.type !== 'attribute' || callee.field('attribute')?.text !== 'format') return;
      const object = callee.field('object');
      const parts = object ? stringParts(object) : undefined;
      if (!object || !parts || parts.some(isBytes)) return;
      const format = literalValue(object);
      if (format === undefined) return;
      const spec = parseBraceFormat(format);
      const args = node.field('arguments');
      if (!spec || args?.type !== 'argument_list') return;
      const positional: string[] = [];
      const keywords: string[] = [];
      for (const arg of args.namedChildren) {
        if (arg.type === 'comment') continue;
        if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') return;
        if (arg.type === 'keyword_argument') keywords.push(arg.field('name')?.text ?? '');
        else positional.push(arg.text);
      }
      const shown = excerpt(object.text);
      const report = (message: string, evidence: Record<string, string>) => {
        const facts: Record<string, string> = { format: shown, positionalArguments: String(positional.length) };
        for (const [key, value] of Object.entries(evidence)) if (value) facts[key] = value;
        context.report({ node, message, evidence: facts });
      };

      if (spec.automatic > 0 && spec.indexes.size > 0) {
        report(`\`${shown}\` mixes automatic \`{}\` fields with numbered \`{${[...spec.indexes][0]}}\` fields: \`.format()\` raises \`ValueError\`.`, {});
        return;
      }
      if (spec.automatic > positional.length) {
        report(`\`${shown}\` has ${spec.automatic} \`{}\` placeholders but \`.format()\` gets ${positional.length} positional argument${positional.length === 1 ? '' : 's'}: this raises \`IndexError\`.`, {
          placeholders: String(spec.automatic),
        });
        return;
      }
      const outOfRange = [...spec.indexes].filter((i) => i >= positional.length).sort((a, b) => a - b);
      if (outOfRange.length > 0) {
        report(`\`${shown}\` refers to positional argument \`{${outOfRange[0]}}\` but \`.format()\` gets only ${positional.length}: this raises \`IndexError\`.`, {
          missingIndexes: outOfRange.join(', '),
        });
        return;
      }
      const missingNames = [...spec.names].filter((n) => !keywords.includes(n));
      if (missingNames.length > 0) {
        const given = keywords.length > 0 ? ` (given: ${list(keywords)})` : '';
        report(`\`${shown}\` uses ${list(missingNames.map((n) => `{${n}}`))} but \`.format()\` has no keyword argument ${list(missingNames)}${given}: this raises \`KeyError\`.`, {
          missingKeywords: missingNames.join(', '),
          keywords: keywords.join(', '),
        });
        return;
      }
      const used = spec.automatic > 0 ? spec.automatic : spec.indexes.size > 0 ? Math.max(...spec.indexes) + 1 : 0;
      const unusedPositional = positional.map((text, i) => ({ text, i })).filter(({ i }) => (spec.automatic > 0 ? i >= used : !spec.indexes.has(i)));
      const unusedKeywords = keywords.filter((k) => !spec.names.has(k));
      if (unusedPositional.length === 0 && unusedKeywords.length === 0) return;
      const what = [
        ...unusedPositional.map(({ text, i }) => `positional argument ${i} (\`${excerpt(text, 30)}\`)`),
        ...unusedKeywords.map((k) => `keyword argument \`${k}\``),
      ];
      report(`\`${shown}\` has no placeholder for ${what.join(', ')}: the value is silently left out of the text.`, {
        unusedPositional: unusedPositional.map(({ i }) => String(i)).join(', '),
        unusedKeywords: unusedKeywords.join(', '),
      });
    },
  }),
);
