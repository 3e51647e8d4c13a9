import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { Fix } from '../../src/types.js';
import { sameSyntax, type SyntaxNode } from '../../src/parse/syntax-node.js';
import { selfAssignmentDocs } from '../shared/self-assignment.js';
import { codeChildren, hasSideEffects, unparenthesize } from '../../src/rule-helpers/javascript/js-expressions.js';

/** `&&=`, `||=` and `??=` store the left value back when it is already truthy/falsy/defined. */
const ASSIGNING_OPERATORS: ReadonlySet<string> = new Set(['=', '&&=', '||=', '??=']);

const TARGET_TYPES: ReadonlySet<string> = new Set(['identifier', 'member_expression', 'subscript_expression']);

/**
 * Properties whose setter does real work in the browser, so that `x.href = x.href` is the known
 * idiom to reload a page, image or frame, and `input.value = input.value` resets the caret.
 */
const SETTER_IDIOM_PROPERTIES: ReadonlySet<string> = new Set([
  'href', 'src', 'srcdoc', 'location', 'hash', 'search', 'pathname', 'value', 'innerHTML', 'outerHTML',
  'textContent', 'className', 'scrollTop', 'scrollLeft', 'currentTime', 'data',
]);

function setterIdiom(target: SyntaxNode): boolean {
  if (target.type === 'identifier') return target.text === 'location';
  if (target.type !== 'member_expression') return false;
  return SETTER_IDIOM_PROPERTIES.has(target.field('property')?.text ?? '');
}

/** Removes the whole statement, and its line when nothing else is on it. */
function removeStatement(statement: SyntaxNode, source: string): Fix {
  let start = statement.startIndex;
  let end = statement.endIndex;
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  const newline = source.indexOf('\n', end);
  const lineEnd = newline === -1 ? source.length : newline;
  if (/^[ \t]*$/.test(source.slice(lineStart, start)) && /^[ \t]*\r?$/.test(source.slice(end, lineEnd))) {
    start = lineStart;
    end = newline === -1 ? source.length : newline + 1;
  }
  return { title: `Remove the no-op assignment \`${statement.text.trim()}\``, edits: [{ startOffset: start, endOffset: end, text: '' }] };
}

export default defineCodeRule(
  {
    id: 'javascript/self-assignment',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'bug',
    summary: 'Flag assignments of a variable or property to itself.',
    fixable: true,
    provenance: 'ESLint no-self-assign',
    docs: selfAssignmentDocs(
      'constructor(name, email) {\n  this.name = name;\n  this.email = this.email;\n}',
      'constructor(name, email) {\n  this.name = name;\n  this.email = email;\n}',
    ),
  },
  (context) => {
    const check = (node: SyntaxNode) => {
      const operator = node.field('operator')?.type ?? node.children.find((c) => !c.isNamed && ASSIGNING_OPERATORS.has(c.type))?.type;
      if (!operator || !ASSIGNING_OPERATORS.has(operator)) return;
      const left = node.field('left');
      const right = node.field('right');
      if (!left || !right) return;
      const target = unparenthesize(left);
      const value = unparenthesize(right);
      if (!TARGET_TYPES.has(target.type) || !sameSyntax(target, value)) return;
      // `a[next()] = a[next()]` reads and writes different slots.
      if (hasSideEffects(target) || setterIdiom(target)) return;
      const statement = node.parent;
      // Only a plain variable is certainly a no-op: a property may have a setter that does work.
      const removable =
        target.type === 'identifier' &&
        statement?.type === 'expression_statement' &&
        codeChildren(statement).length === 1 &&
        (statement.parent?.type === 'statement_block' || statement.parent?.type === 'program');
      context.report({
        node,
        message: `\`${target.text}\` is assigned to itself with \`${operator}\`, which has no effect.`,
        evidence: { target: target.text, operator },
        fix: removable ? removeStatement(statement!, context.source) : undefined,
      });
    };
    return { assignment_expression: check, augmented_assignment_expression: check };
  },
);
