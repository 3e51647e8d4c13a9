import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { unreachableCodeDocs } from '../shared/unreachable-code.js';

/** Statements after which nothing else in the same block runs, with the keyword that names them. */
const JUMPS: Record<string, string> = {
  return_statement: 'return',
  raise_statement: 'raise',
  continue_statement: 'continue',
  break_statement: 'break',
};

/** Why control never leaves a statement normally: the jump itself, or an `if` whose every branch ends in one. */
interface Exit {
  /** `return`, `raise`, `continue`, `break`, or `if` for an exhaustive `if`/`else`. */
  keyword: string;
  line: number;
}

/**
 * Loops, `try` and `with` are left alone: a `break`, an `except` handler or a context manager that
 * swallows the exception can each let control out of them.
 */
function exitOf(statement: SyntaxNode): Exit | undefined {
  const line = statement.startRow + 1;
  if (Object.hasOwn(JUMPS, statement.type)) return { keyword: JUMPS[statement.type], line };
  if (statement.type !== 'if_statement') return undefined;
  const alternatives = statement.fieldAll('alternative');
  if (!alternatives.some((a) => a.type === 'else_clause')) return undefined;
  const branches = [statement.field('consequence'), ...alternatives.map((a) => a.field(a.type === 'else_clause' ? 'body' : 'consequence'))];
  return branches.every((b) => b && blockExits(b)) ? { keyword: 'if', line } : undefined;
}

function blockExits(block: SyntaxNode): boolean {
  return block.namedChildren.some((s) => s.type !== 'comment' && exitOf(s) !== undefined);
}

/** `return` (or `raise`) then `yield` is the idiom for an empty or abstract generator: the `yield` only makes it one. */
function isYieldStatement(node: SyntaxNode): boolean {
  if (node.type !== 'expression_statement') return false;
  const expressions = node.namedChildren.filter((c) => c.type !== 'comment');
  return expressions.length === 1 && expressions[0].type === 'yield';
}

/** The statement's first line, cut short, for the message. */
function brief(node: SyntaxNode): string {
  const line = node.text.split(/\r?\n/)[0].trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

export default defineCodeRule(
  {
    id: 'python/unreachable-code',
    languages: ['python'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag statements that follow return, raise, continue or break in the same block.',
    provenance: 'pylint W0101 (unreachable)',
    docs: unreachableCodeDocs(
      'def save(record):\n    if not record.valid:\n        raise ValueError(record)\n    return db.insert(record)\n    audit.log("saved", record)',
      'def save(record):\n    if not record.valid:\n        raise ValueError(record)\n    audit.log("saved", record)\n    return db.insert(record)',
    ),
  },
  (context) => {
    function checkBlock(block: SyntaxNode) {
      const statements = block.namedChildren.filter((c) => c.type !== 'comment');
      for (let i = 0; i + 1 < statements.length; i++) {
        const exit = exitOf(statements[i]);
        if (!exit) continue;
        const unreachable = statements[i + 1];
        if ((exit.keyword === 'return' || exit.keyword === 'raise') && isYieldStatement(unreachable)) return;
        const reason = exit.keyword === 'if'
          ? `every branch of the \`if\` at line ${exit.line} before it ends in \`return\`, \`raise\`, \`continue\` or \`break\``
          : `it follows the \`${exit.keyword}\` at line ${exit.line} in the same block`;
        context.report({
          node: unreachable,
          message: `\`${brief(unreachable)}\` can never run: ${reason}.`,
          evidence: { statement: brief(unreachable), exit: exit.keyword, exitLine: String(exit.line) },
        });
        return;
      }
    }
    return { block: checkBlock, module: checkBlock };
  },
);
