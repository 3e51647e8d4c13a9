import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { unreachableCodeDocs } from '../shared/unreachable-code.js';
import { exitOf, unreachableReport, type JumpSyntax } from '../../src/rule-helpers/shared/unreachable-code.js';

/** Statements after which nothing else in the same block runs, with the keyword that names them. */
const JUMPS: Record<string, string> = {
  return_statement: 'return',
  throw_statement: 'throw',
  break_statement: 'break',
  continue_statement: 'continue',
};

/**
 * Statements that do something even where control never reaches them: function declarations are
 * hoisted and callable by name, `import`s run first, and TypeScript type-only declarations emit no code.
 */
const HOISTED_OR_TYPE_ONLY = new Set([
  'function_declaration',
  'generator_function_declaration',
  'import_statement',
  'interface_declaration',
  'type_alias_declaration',
  'enum_declaration',
  'ambient_declaration',
  'function_signature',
  'empty_statement',
]);

const COMMENTS = new Set(['comment', 'html_comment']);

/** Statements of a branch: a single statement, or the statements of a `{ ... }` block. */
function branchStatements(branch: SyntaxNode): SyntaxNode[] {
  return branch.type === 'statement_block' ? branch.namedChildren.filter((s) => !COMMENTS.has(s.type)) : [branch];
}

const JS_JUMPS: JumpSyntax = {
  jumps: JUMPS,
  exhaustiveBranches: (statement) => [statement.field('consequence'), statement.field('alternative')?.namedChildren.find((c) => !COMMENTS.has(c.type))],
  branchStatements,
};

/** `var x;` only declares a hoisted name: it is not code that was meant to run. */
function isBareVar(node: SyntaxNode): boolean {
  return node.type === 'variable_declaration' && node.namedChildren.every((d) => d.type !== 'variable_declarator' || !d.field('value'));
}

function isSkippable(node: SyntaxNode): boolean {
  if (HOISTED_OR_TYPE_ONLY.has(node.type) || isBareVar(node)) return true;
  if (node.type !== 'export_statement') return false;
  // `export { a }` and `export * from "m"` are static module links, not code that runs in place.
  if ((node.field('source') || node.children.some((c) => c.type === 'export_clause')) && !node.field('declaration')) return true;
  const declaration = node.field('declaration');
  return Boolean(declaration && (HOISTED_OR_TYPE_ONLY.has(declaration.type) || isBareVar(declaration)));
}

export default defineCodeRule(
  {
    id: 'javascript/unreachable-code',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'bug',
    summary: 'Flag statements that follow return, throw, break or continue in the same block.',
    provenance: 'ESLint no-unreachable',
    docs: unreachableCodeDocs(
      'function save(record) {\n  if (!record.valid) throw new Error("invalid");\n  return db.insert(record);\n  audit.log("saved", record);\n}',
      'function save(record) {\n  if (!record.valid) throw new Error("invalid");\n  audit.log("saved", record);\n  return db.insert(record);\n}',
    ),
  },
  (context) => {
    function check(container: SyntaxNode, statements: readonly SyntaxNode[]) {
      const code = statements.filter((c) => !COMMENTS.has(c.type));
      for (let i = 0; i < code.length; i++) {
        const exit = exitOf(code[i], JS_JUMPS);
        if (!exit) continue;
        const unreachable = code.slice(i + 1).filter((s) => !isSkippable(s));
        if (unreachable.length === 0) return;
        // `return x; break;` in a `case` is defensive habit, not lost code.
        const onlyBreak = unreachable.length === 1 && unreachable[0].type === 'break_statement' && !unreachable[0].field('label');
        const caseBody = container.type === 'statement_block' ? container.parent : container;
        if (onlyBreak && (caseBody?.type === 'switch_case' || caseBody?.type === 'switch_default')) return;
        const first = unreachable[0];
        // `return` then a line break ends the statement (automatic semicolon insertion): say so, it is the surprise.
        const bareReturn = code[i].type === 'return_statement' && !code[i].namedChildren.some((c) => !COMMENTS.has(c.type));
        const asi = bareReturn && code[i].endRow < first.startRow && !code[i].text.trimEnd().endsWith(';');
        const special = asi
          ? { reason: `the line break after the \`return\` at line ${exit.line} ends that statement, so the function returns \`undefined\` first`, evidence: { automaticSemicolon: 'true' } }
          : undefined;
        context.report(unreachableReport(first, exit, JS_JUMPS, special));
        return;
      }
    }
    return {
      statement_block: (node) => check(node, node.namedChildren),
      program: (node) => check(node, node.namedChildren),
      switch_case: (node) => check(node, node.fieldAll('body')),
      switch_default: (node) => check(node, node.fieldAll('body')),
    };
  },
);
