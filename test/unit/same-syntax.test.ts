import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/parse/parser.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import type { LanguageId } from '../../src/types.js';

async function operands(language: LanguageId, code: string): Promise<[SyntaxNode, SyntaxNode]> {
  const parsed = await parseSource({ path: 'x', absolutePath: 'x', language, text: code });
  const comparison = [...parsed.root.descendants()].find((n) => n.type === 'comparison_operator' || n.type === 'binary_expression')!;
  const named = comparison.namedChildren;
  return [named[0], named[named.length - 1]];
}

describe('sameSyntax', () => {
  it('ignores layout and comments', async () => {
    expect(sameSyntax(...(await operands('python', 'x = a.b  ==  a . b\n')))).toBe(true);
    expect(sameSyntax(...(await operands('javascript', 'x = f(a, /* c */ b) === f(a,b);\n')))).toBe(true);
  });

  it('tells apart strings whose text between escape sequences differs', async () => {
    expect(sameSyntax(...(await operands('python', "x = b'`\\nend' == b' \\nend'\n")))).toBe(false);
    expect(sameSyntax(...(await operands('python', "x = b'`\\nend' == b'`\\nend'\n")))).toBe(true);
    expect(sameSyntax(...(await operands('python', 'x = f"{v:>10}" == f"{v:<10}"\n')))).toBe(false);
    expect(sameSyntax(...(await operands('javascript', "x = 'a\\tb' === 'c\\tb';\n")))).toBe(false);
  });
});
