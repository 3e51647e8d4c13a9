import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitAll, git, makeRepo, writeFiles } from './git-repo.js';

// Binary content: a PNG header has NUL bytes.
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);

/**
 * A repository for review tests. `main` holds old code with old bugs. Branch `feature` adds bugs to an
 * old file (moving its old bug down), adds a new file, renames and edits a file, deletes one, changes
 * a binary file and a Markdown file, adds a submodule and a symbolic link. On top, uncommitted: an
 * edit with a bug in an old file and an untracked file with a bug.
 */
export function buildReviewRepo(): string {
  const dir = makeRepo({
    'app/orders.py': [
      '"""Orders."""',
      '',
      '',
      'def same_customer(order, other):',
      '    return order.customer == order.customer',
      '',
      '',
      'def total(order):',
      '    return sum(line.price for line in order.lines)',
      '',
    ].join('\n'),
    'app/util.js': [
      '// Utilities.',
      'export function isSelf(a) {',
      '  return a === a;',
      '}',
      '',
      'export function double(x) {',
      '  return x * 2;',
      '}',
      '',
    ].join('\n'),
    'app/old_name.py': [
      'def first(items):',
      '    if items == None:',
      '        return None',
      '    return items[0]',
      '',
      '',
      'def last(items):',
      '    return items[-1]',
      '',
    ].join('\n'),
    'app/removed.js': 'export function gone(a) {\n  return a === a;\n}\n',
    'app/untouched.py': 'def f(x):\n    return x == x\n',
    'assets/logo.png': PNG,
    'docs/notes.md': '# Notes\n\nNothing yet.\n',
  }, 'old code');

  const sub = makeRepo({ 'lib.py': 'def lib():\n    return 1\n' }, 'library');

  git(dir, 'checkout', '--quiet', '-b', 'feature');
  writeFiles(dir, {
    'app/orders.py': [
      '"""Orders."""',
      '# Helpers for orders.',
      '# Prices are in cents.',
      '',
      '',
      'def same_customer(order, other):',
      '    return order.customer == order.customer',
      '',
      '',
      'def total(order):',
      '    return sum(line.price for line in order.lines)',
      '',
      '',
      'def is_express(order):',
      '    return order.shipping is "express"',
      '',
      '',
      'def express_total(orders):',
      '    return sum([o.total for o in orders if is_express(o)])',
      '',
    ].join('\n'),
    'app/new_feature.js': [
      'export function check(value) {',
      '  if (value === NaN) {',
      '    return 0;',
      '  }',
      '  return value;',
      '}',
      '',
    ].join('\n'),
    'app/removed.js': null,
    'app/old_name.py': null,
    'app/new_name.py': [
      'def first(items):',
      '    if items == None:',
      '        return None',
      '    return items[0]',
      '',
      '',
      'def last(items):',
      '    if items != items:',
      '        return None',
      '    return items[-1]',
      '',
    ].join('\n'),
    'assets/logo.png': Buffer.concat([PNG, Buffer.from([0x00, 0x01, 0x02])]),
    'docs/notes.md': '# Notes\n\nSomething now.\n',
  });
  symlinkSync('orders.py', join(dir, 'app', 'link.py'));
  git(dir, 'submodule', 'add', '--quiet', sub, 'vendor/lib');
  commitAll(dir, 'feature work');

  // Uncommitted: an edit of an old file, and a file git does not know yet.
  writeFiles(dir, {
    'app/util.js': [
      '// Utilities.',
      'export function isSelf(a) {',
      '  return a === a;',
      '}',
      '',
      'export function double(x) {',
      '  return x === NaN ? 0 : x * 2;',
      '}',
      '',
    ].join('\n'),
    'app/scratch.py': 'def g(y):\n    return y == y\n',
  });
  return dir;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'revisor-plain-'));
}
