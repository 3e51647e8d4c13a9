import { defineCodeRule } from '../../src/engine/rule.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import { callArguments, excerpt, LocalNames } from '../../src/rule-helpers/python/local-facts.js';

/** `str.removeprefix` / `str.removesuffix` (and the bytes ones) arrived in Python 3.9 (PEP 616). */
const MINIMUM: [number, number] = [3, 9];

/** A name or dotted attribute chain: cheap and side-effect free to evaluate twice. */
function isPlainReference(node: SyntaxNode): boolean {
  if (node.type === 'identifier') return true;
  return node.type === 'attribute' && !!node.field('object') && isPlainReference(node.field('object')!);
}

/** The code-point length of a plain string literal (no f-string, no escapes), or undefined. */
function literalLength(node: SyntaxNode): number | undefined {
  if (node.type !== 'string') return undefined;
  const start = node.children.find((c) => c.type === 'string_start')?.text ?? '';
  if (/[fFtT]/.test(start)) return undefined;
  let length = 0;
  for (const child of node.children) {
    if (child.type === 'string_start' || child.type === 'string_end') continue;
    if (child.type !== 'string_content' || child.children.length > 0) return undefined;
    // Python counts code points, JavaScript strings UTF-16 units.
    length += [...child.text].length;
  }
  return length;
}

/** Whether `amount` is `len(affix)` or, for a literal affix, its length written out. */
function isLengthOf(amount: SyntaxNode, affix: SyntaxNode): { viaLen: boolean } | undefined {
  if (amount.type === 'call' && amount.field('function')?.text === 'len') {
    const args = callArguments(amount);
    return args.length === 1 && sameSyntax(args[0], affix) ? { viaLen: true } : undefined;
  }
  const length = literalLength(affix);
  return amount.type === 'integer' && length !== undefined && length > 0 && Number(amount.text) === length ? { viaLen: false } : undefined;
}

interface Candidate {
  statement: SyntaxNode;
  subject: SyntaxNode;
  affix: SyntaxNode;
  kind: 'prefix' | 'suffix';
  usesLen: boolean;
}

function match(statement: SyntaxNode): Candidate | undefined {
  if (statement.children.some((c) => c.type === 'elif_clause' || c.type === 'else_clause')) return undefined;
  const condition = statement.field('condition');
  if (condition?.type !== 'call' || condition.field('function')?.type !== 'attribute') return undefined;
  const method = condition.field('function')!.field('attribute')?.text;
  if (method !== 'startswith' && method !== 'endswith') return undefined;
  const subject = condition.field('function')!.field('object');
  const args = callArguments(condition);
  if (!subject || !isPlainReference(subject) || args.length !== 1) return undefined;
  const affix = args[0];
  if (!isPlainReference(affix) && literalLength(affix) === undefined) return undefined;

  const body = statement.field('consequence')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  if (body.length !== 1 || body[0].type !== 'expression_statement') return undefined;
  const assignment = body[0].namedChildren[0];
  if (assignment?.type !== 'assignment' || body[0].namedChildren.length !== 1) return undefined;
  const target = assignment.field('left');
  const value = assignment.field('right');
  if (!target || !sameSyntax(target, subject) || value?.type !== 'subscript' || !sameSyntax(value.field('value')!, subject)) return undefined;
  const slices = value.fieldAll('subscript');
  if (slices.length !== 1 || slices[0].type !== 'slice') return undefined;
  const parts = slices[0].children.filter((c) => c.type !== 'comment');

  if (method === 'startswith') {
    // `s[len(p):]`
    if (parts.length !== 2 || parts[1].type !== ':') return undefined;
    const length = isLengthOf(parts[0], affix);
    return length ? { statement, subject, affix, kind: 'prefix', usesLen: length.viaLen } : undefined;
  }
  // `s[:-len(p)]`
  if (parts.length !== 2 || parts[0].type !== ':' || parts[1].type !== 'unary_operator' || parts[1].field('operator')?.type !== '-') return undefined;
  const length = isLengthOf(parts[1].field('argument')!, affix);
  return length ? { statement, subject, affix, kind: 'suffix', usesLen: length.viaLen } : undefined;
}

export default defineCodeRule(
  {
    id: 'python/manual-prefix-strip',
    languages: ['python'],
    severity: 'info',
    category: 'style',
    summary: 'Flag `if s.startswith(p): s = s[len(p):]` on Python 3.9+; use `s.removeprefix(p)` (and `removesuffix`).',
    fixable: true,
    provenance: 'Ruff FURB188 (slice-to-remove-prefix-or-suffix)',
    docs: {
      what:
        'An `if s.startswith(p): s = s[len(p):]` or `if s.endswith(p): s = s[:-len(p)]` statement (also with the literal length, `s[3:]` after `startswith("v1/")`), in a project whose minimum Python version is 3.9 or later. Reported only when the target Python version is known.',
      why:
        '`str.removeprefix` and `str.removesuffix` (Python 3.9, PEP 616) say what the code means in one expression, and avoid the slicing mistakes the manual form invites: a length that drifts from the literal, or `s[:-len(p)]`, which empties `s` when `p` is the empty string instead of leaving it unchanged.',
      example: 'if path.startswith(root):\n    path = path[len(root):]\nif name.endswith(".py"):\n    name = name[:-3]',
      useInstead: 'path = path.removeprefix(root)\nname = name.removesuffix(".py")',
    },
  },
  (context) => {
    const python = context.target.python;
    // Unknown target: the methods may not exist where the code runs.
    if (!python || python[0] < MINIMUM[0] || (python[0] === MINIMUM[0] && python[1] < MINIMUM[1])) return {};
    const names = new LocalNames();
    const candidates: Candidate[] = [];

    function check({ statement, subject, affix, kind, usesLen }: Candidate) {
      if (usesLen && !names.isBuiltin('len', statement)) return;
      const method = kind === 'prefix' ? 'removeprefix' : 'removesuffix';
      const replacement = `${subject.text} = ${subject.text}.${method}(${affix.text})`;
      // `s[:-len(p)]` with an empty `p` gives `''`, `removesuffix('')` gives `s`: only a non-empty literal is equivalent.
      const equivalent = kind === 'prefix' || (literalLength(affix) ?? 0) > 0;
      const hasComments = [...statement.descendants()].some((d) => d.type === 'comment');
      const emptyNote = equivalent ? '' : ` (unlike the slice, it leaves \`${excerpt(subject.text, 30)}\` intact when \`${excerpt(affix.text, 30)}\` is empty)`;
      context.report({
        node: statement,
        message: `\`${excerpt(statement.text, 50)}\` strips a ${kind} by hand; the project targets Python ${python![0]}.${python![1]}, so write \`${excerpt(replacement, 70)}\`${emptyNote}.`,
        evidence: { targetPython: `${python![0]}.${python![1]}`, method, subject: subject.text, [kind]: affix.text },
        fix: equivalent && !hasComments
          ? { title: `Use \`${method}\``, edits: [{ startOffset: statement.startIndex, endOffset: statement.endIndex, text: replacement }] }
          : undefined,
      });
    }

    return {
      ...names.visitor,
      if_statement(node) {
        const candidate = match(node);
        if (candidate) candidates.push(candidate);
      },
      'file:exit'() {
        for (const candidate of candidates) check(candidate);
      },
    };
  },
);
