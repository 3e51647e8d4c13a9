import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import type { TextEdit } from '../../src/types.js';
import { excerpt, stringPrefix } from '../../src/rule-helpers/python/literal-strings.js';

const isFString = (part: SyntaxNode) => stringPrefix(part).includes('f');
const hasPlaceholder = (part: SyntaxNode) => part.children.some((c) => c.type === 'interpolation');

/** Drops the `f` from the prefix and turns `{{`/`}}` back into the single braces they stood for. */
function plainStringEdits(part: SyntaxNode): TextEdit[] {
  const edits: TextEdit[] = [];
  const start = part.children.find((c) => c.type === 'string_start');
  if (!start) return edits;
  const at = start.text.search(/[fF]/);
  edits.push({ startOffset: start.startIndex + at, endOffset: start.startIndex + at + 1, text: '' });
  for (const d of part.descendants()) {
    if (d.type === 'escape_interpolation') edits.push({ startOffset: d.startIndex, endOffset: d.endIndex, text: d.text[0] });
  }
  return edits;
}

export default defineCodeRule(
  {
    id: 'python/f-string-without-placeholders',
    languages: ['python'],
    severity: 'info',
    category: 'suspicious',
    summary: 'Flag f-strings that contain no `{...}` placeholder.',
    fixable: true,
    provenance: 'pyflakes F541 / Ruff F541',
    docs: {
      what: 'A string with the `f` prefix that contains no replacement field, such as `f"Done"`. In an implicit concatenation (`f"a" f"{b}"`) it is flagged only when no piece has a placeholder, because prefixing every line of a wrapped f-string is a common style.',
      why: 'The prefix does nothing, so either a placeholder was forgotten (`f"Saved file"` where `f"Saved {path}"` was meant) or the prefix misleads readers into looking for interpolation. Doubled braces `{{` in such a string also read differently from the same text in a plain string.',
      example: 'print(f"Upload finished")\nlabel = f"{{draft}}"',
      useInstead: 'print("Upload finished")\nlabel = "{draft}"',
    },
  },
  (context) => {
    const report = (node: SyntaxNode, parts: SyntaxNode[]) => {
      const fParts = parts.filter(isFString);
      context.report({
        node,
        message: `\`${excerpt(node.text)}\` is an f-string without any \`{...}\` placeholder: the \`f\` prefix does nothing.`,
        evidence: { fStringPieces: String(fParts.length) },
        fix: { title: 'Remove the `f` prefix', edits: fParts.flatMap(plainStringEdits) },
      });
    };
    return {
      string(node) {
        if (node.parent?.type === 'concatenated_string') return;
        if (!isFString(node) || hasPlaceholder(node)) return;
        report(node, [node]);
      },
      concatenated_string(node) {
        const parts = node.namedChildren.filter((c) => c.type === 'string');
        if (!parts.some(isFString) || parts.some(hasPlaceholder)) return;
        report(node, parts);
      },
    };
  },
);
