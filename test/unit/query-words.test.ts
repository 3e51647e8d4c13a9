import { describe, expect, it } from 'vitest';
import { requiredWords } from '../../src/engine/query-constraints.js';

describe('words a query pattern requires', () => {
  it('are the quoted keyword tokens every match contains, per top-level pattern', () => {
    const query = [
      '(binary_expression',
      '  left: (unary_expression operator: "typeof" argument: (_) @operand)',
      '  operator: ["==" "===" "!=" "!=="] @operator',
      '  right: (string) @value',
      '  (#not-match? @value "^(undefined|object)$")) @report',
      '; a comment with "quotes" in it',
      '(if_statement "if" consequence: (_)) @report',
      '(call_expression function: (identifier) @f (#eq? @f "eval"))',
    ].join('\n');
    expect(requiredWords(query)).toEqual([['typeof'], ['if'], []]);
  });

  it('leave out optional and repeated tokens, alternatives, predicates, MISSING nodes and punctuation', () => {
    expect(requiredWords('(function_definition "async"? name: (identifier))')).toEqual([[]]);
    expect(requiredWords('(block ("return" (_))* )')).toEqual([[]]);
    expect(requiredWords('(block ("return" (_))+ )')).toEqual([['return']]);
    expect(requiredWords('["await" "yield"] @x')).toEqual([[]]);
    expect(requiredWords('[(await_expression "await") (for_statement "await" "for")]')).toEqual([['await']]);
    expect(requiredWords('(MISSING "return")')).toEqual([[]]);
    expect(requiredWords('(expression_statement ";" "\\"")')).toEqual([[]]);
    expect(requiredWords('(lambda "lambda" (#match? @x "def")) (class_definition "class" name: (identifier) @n)')).toEqual([['lambda'], ['class']]);
  });

  it('stop at an unbalanced bracket instead of looping', () => {
    expect(requiredWords('(a "x")) (b "y")')).toEqual([['x']]);
    expect(requiredWords('')).toEqual([]);
  });
});
