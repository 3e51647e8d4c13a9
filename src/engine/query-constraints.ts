import picomatch from 'picomatch';
import type { SemanticModel } from '../analysis/index.js';
import { inferLiteralType } from '../analysis/literal-types.js';
import type { LanguageSpec } from '../parse/languages.js';
import type { SyntaxNode } from '../parse/syntax-node.js';
import type { QueryRule, WhereClause } from './rule.js';

const matcherCache = new Map<string, (path: string) => boolean>();

function matcher(globs: string[]): (path: string) => boolean {
  const key = globs.join('\u0000');
  let match = matcherCache.get(key);
  if (!match) {
    match = picomatch(globs, { dot: true });
    matcherCache.set(key, match);
  }
  return match;
}

/** Whether a query rule's `files` / `ignores` globs admit this path. */
export function ruleAppliesToPath(rule: QueryRule, path: string): boolean {
  if (rule.files && rule.files.length > 0 && !matcher(rule.files)(path)) return false;
  if (rule.ignores && rule.ignores.length > 0 && matcher(rule.ignores)(path)) return false;
  return true;
}

function enclosingFunctionNames(node: SyntaxNode, spec: LanguageSpec): string[] {
  const names: string[] = [];
  const functionTypes = new Set(spec.functionNodeTypes);
  for (const ancestor of node.ancestors()) {
    if (!functionTypes.has(ancestor.type)) continue;
    const path = spec.symbolNodeTypes[ancestor.type];
    let named: SyntaxNode | undefined = ancestor;
    if (path) for (const field of path.split('.')) named = named?.field(field);
    else named = ancestor.field('name');
    if (!named && ancestor.parent?.type === 'variable_declarator') named = ancestor.parent.field('name');
    names.push(named?.text ?? '');
  }
  return names;
}

function insideLoopBody(node: SyntaxNode, spec: LanguageSpec): boolean {
  const loops = new Set(spec.loopNodeTypes);
  const functions = new Set(spec.functionNodeTypes);
  for (const ancestor of node.ancestors()) {
    if (functions.has(ancestor.type)) return false;
    if (loops.has(ancestor.type)) return true;
  }
  return false;
}

/** Evaluates a rule's `where` clauses against the nodes its match captured. */
export function whereHolds(clauses: WhereClause[] | undefined, captured: (name: string) => SyntaxNode | undefined, spec: LanguageSpec, model: () => SemanticModel | undefined): boolean {
  for (const clause of clauses ?? []) {
    const node = captured(clause.capture);
    if (!node) return false;
    if (clause.type || clause.notType) {
      const type = inferLiteralType(node, spec, model());
      if (clause.type && (!type || !clause.type.includes(type))) return false;
      // Unknown is not "not X": a rule never fires on code it cannot understand.
      if (clause.notType && (!type || clause.notType.includes(type))) return false;
    }
    if (clause.insideLoop !== undefined && insideLoopBody(node, spec) !== clause.insideLoop) return false;
    if (clause.insideFunction !== undefined) {
      const pattern = new RegExp(clause.insideFunction);
      if (!enclosingFunctionNames(node, spec).some((name) => pattern.test(name))) return false;
    }
    if (clause.notInsideFunction !== undefined) {
      const pattern = new RegExp(clause.notInsideFunction);
      if (enclosingFunctionNames(node, spec).some((name) => pattern.test(name))) return false;
    }
  }
  return true;
}

/** Replaces `{{name}}` with the text of capture `name`; unknown names stay as written. */
export function interpolateCaptures(template: string, text: (name: string) => string | undefined): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, name: string) => text(name) ?? whole);
}

/** The capture names a template or clause list refers to, for validation at load time. */
export function referencedCaptures(rule: Pick<QueryRule, 'message' | 'fix' | 'where' | 'reportCapture'>): string[] {
  const names = new Set<string>();
  for (const template of [rule.message, rule.fix ?? '']) for (const m of template.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)) names.add(m[1]);
  for (const clause of rule.where ?? []) names.add(clause.capture);
  if (rule.reportCapture) names.add(rule.reportCapture);
  return [...names];
}
