import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { unreachableCodeDocs } from '../shared/unreachable-code.js';
import { exitOf, unreachableReport, type JumpSyntax } from '../../src/rule-helpers/shared/unreachable-code.js';

/** Statements after which nothing else in the same block runs, with the keyword that names them. */
const JUMPS: Record<string, string> = {
  return_statement: 'return',
  raise_statement: 'raise',
  continue_statement: 'continue',
  break_statement: 'break',
};

const PYTHON_JUMPS: JumpSyntax = {
  jumps: JUMPS,
  exhaustiveBranches(statement) {
    const alternatives = statement.fieldAll('alternative');
    if (!alternatives.some((a) => a.type === 'else_clause')) return undefined;
    return [statement.field('consequence'), ...alternatives.map((a) => a.field(a.type === 'else_clause' ? 'body' : 'consequence'))];
  },
  branchStatements: (block) => block.namedChildren.filter((s) => s.type !== 'comment'),
};

/** `return` (or `raise`) then `yield` is the idiom for an empty or abstract generator: the `yield` only makes it one. */
function isYieldStatement(node: SyntaxNode): boolean {
  if (node.type !== 'expression_statement') return false;
  const expressions = node.namedChildren.filter((c) => c.type !== 'comment');
  return expressions.length === 1 && expressions[0].type === 'yield';
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
        const exit = exitOf(statements[i], PYTHON_JUMPS);
        if (!exit) continue;
        const unreachable = statements[i + 1];
        if ((exit.keyword === 'return' || exit.keyword === 'raise') && isYieldStatement(unreachable)) return;
        context.report(unreachableReport(unreachable, exit, PYTHON_JUMPS));
        return;
      }
    }
    return { block: checkBlock, module: checkBlock };
  },
);
