import { describe, expect, it } from 'vitest';
import { eslintDisabled, hasNoqa, isDiscardedSelfUpdate, removeListItem, removeStatement, similarNames } from '../../src/analysis/helpers.js';
import { applyEdits } from '../../src/fix/apply.js';
import { analyse } from './support.js';

describe('suppression idioms of other tools', () => {
  it('reads # noqa with and without codes', async () => {
    const { parsed } = await analyse('python', 'import os  # noqa\nimport re  # noqa: E501, F401\nimport io  # noqa: E501\n');
    const [os, re, io] = parsed.root.namedChildren.filter((c) => c.type !== 'comment');
    expect(hasNoqa(parsed.file.text, os, 'F401')).toBe(true);
    expect(hasNoqa(parsed.file.text, re, 'F401')).toBe(true);
    expect(hasNoqa(parsed.file.text, io, 'F401')).toBe(false);
  });

  it('reads eslint-disable directives for the named rules only', async () => {
    const source = 'const a = 1; // eslint-disable-line no-unused-vars\n// eslint-disable-next-line no-undef\nconst b = 2;\nconst c = 3; // eslint-disable-line no-console\n';
    const { identifier } = await analyse('javascript', source);
    expect(eslintDisabled(source, identifier('a'), ['no-unused-vars'])).toBe(true);
    expect(eslintDisabled(source, identifier('b'), ['no-unused-vars'])).toBe(false);
    expect(eslintDisabled(source, identifier('b'), ['no-undef'])).toBe(true);
    expect(eslintDisabled(source, identifier('c'), ['no-unused-vars'])).toBe(false);
    expect(eslintDisabled(`/* eslint-disable */\n${source}`, identifier('c'), ['no-unused-vars'])).toBe(true);
  });
});

describe('name suggestions', () => {
  it('suggests close names from the scope chain and the given builtins', async () => {
    const { model, refs } = await analyse('python', 'def report(rows, total):\n    return len(row), totl, lenght\n');
    expect(similarNames('row', refs('row')[0].scope)).toEqual(['rows']);
    expect(similarNames('totl', refs('totl')[0].scope)).toEqual(['total']);
    expect(similarNames('lenght', model.globalScope, ['len', 'length'])).toEqual(['length']);
    expect(similarNames('x', model.globalScope, ['y'])).toEqual([]);
  });
});

describe('edits', () => {
  it('removes one item of a comma-separated list, or the whole statement', async () => {
    const source = 'import a, b, c\nfrom m import x\n';
    const { parsed } = await analyse('python', source);
    const [statement, single] = parsed.root.namedChildren;
    const names = statement.children.filter((c) => c.fieldName === 'name');
    expect(applyEdits(source, [removeListItem(names[0], names)!])).toBe('import b, c\nfrom m import x\n');
    expect(applyEdits(source, [removeListItem(names[2], names)!])).toBe('import a, b\nfrom m import x\n');
    expect(applyEdits(source, [removeStatement(single, source, new Set(['block']), 'pass')!])).toBe('import a, b, c\n');
  });

  it('keeps a block valid when its only statement goes, and refuses lines shared with other code', async () => {
    const source = 'if flag:\n    import os\nimport re; import io\n';
    const { parsed } = await analyse('python', source);
    const onlyInBlock = parsed.root.namedChildren[0].field('consequence')!.namedChildren[0];
    expect(applyEdits(source, [removeStatement(onlyInBlock, source, new Set(['block']), 'pass')!])).toBe('if flag:\n    pass\nimport re; import io\n');
    expect(removeStatement(parsed.root.namedChildren[1], source, new Set(['block']))).toBeUndefined();
  });

  it('recognises self-updates whose value is thrown away', async () => {
    const { refs } = await analyse('javascript', 'let n = 0;\nn++;\nn += 1;\nconst m = n++;\nfor (;; n++) {}\n');
    expect(refs('n').filter((r) => r.isRead).map((r) => isDiscardedSelfUpdate(r.node))).toEqual([true, true, false, true]);
  });
});
