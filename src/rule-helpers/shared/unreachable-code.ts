import type { ReportDescriptor } from '../../engine/rule.js';
import type { SyntaxNode } from '../../parse/syntax-node.js';

/**
 * What the `unreachable-code` rules share: when a statement never lets control reach the next one,
 * and how the finding reads. A language gives its jump statements and the shape of its `if`.
 */
export interface JumpSyntax {
  /** Statements after which nothing else in the same block runs, with the keyword that names them. */
  jumps: Readonly<Record<string, string>>;
  /** The branches of an `if` that has an `else`, so that one of them always runs; undefined without an `else`. */
  exhaustiveBranches: (ifStatement: SyntaxNode) => Array<SyntaxNode | undefined> | undefined;
  /** The statements of a branch, comments left out. */
  branchStatements: (branch: SyntaxNode) => SyntaxNode[];
}

/** Why control never leaves a statement normally: the jump itself, or an `if` whose every branch ends in one. */
export interface Exit {
  /** A jump's keyword (`return`, `break`, ...), or `if` for an exhaustive `if`/`else`. */
  keyword: string;
  line: number;
}

/**
 * Only jumps and `if`/`else` count. Loops, `try`, `switch`, `with` and labeled statements are left
 * alone: a `break`, an exception handler, a context manager or a labeled `break` can each let
 * control out of them.
 */
export function exitOf(statement: SyntaxNode, syntax: JumpSyntax): Exit | undefined {
  const line = statement.startRow + 1;
  if (Object.hasOwn(syntax.jumps, statement.type)) return { keyword: syntax.jumps[statement.type], line };
  if (statement.type !== 'if_statement') return undefined;
  const branches = syntax.exhaustiveBranches(statement);
  const exits = (branch: SyntaxNode | undefined) => branch !== undefined && syntax.branchStatements(branch).some((s) => exitOf(s, syntax) !== undefined);
  return branches?.every(exits) ? { keyword: 'if', line } : undefined;
}

/** The statement's first line, cut short, for the message. */
function brief(node: SyntaxNode): string {
  const line = node.text.split(/\r?\n/)[0].trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

/** `` `return`, `throw`, `break` or `continue` ``. */
function jumpList(syntax: JumpSyntax): string {
  const keywords = Object.values(syntax.jumps).map((k) => `\`${k}\``);
  return `${keywords.slice(0, -1).join(', ')} or ${keywords[keywords.length - 1]}`;
}

/**
 * The finding for the first statement that can never run. A language with a reason of its own (a
 * JavaScript `return` cut short by a line break) passes it with the evidence that shows it.
 */
export function unreachableReport(statement: SyntaxNode, exit: Exit, syntax: JumpSyntax, special?: { reason: string; evidence: Record<string, string> }): ReportDescriptor {
  const reason =
    special?.reason ??
    (exit.keyword === 'if'
      ? `every branch of the \`if\` at line ${exit.line} before it ends in ${jumpList(syntax)}`
      : `it follows the \`${exit.keyword}\` at line ${exit.line} in the same block`);
  return {
    node: statement,
    message: `\`${brief(statement)}\` can never run: ${reason}.`,
    evidence: { statement: brief(statement), exit: exit.keyword, exitLine: String(exit.line), ...special?.evidence },
  };
}
