import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { hardcodedSecretDocs, judgeSecret, secretMessage } from '../shared/hardcoded-secret.js';

/** The content of a string literal or a template string without `${}`, between its quotes. */
function literalContent(node: SyntaxNode): string | undefined {
  if (node.type !== 'string' && node.type !== 'template_string') return undefined;
  if (node.children.some((c) => c.type === 'template_substitution')) return undefined;
  return node.text.length >= 2 ? node.text.slice(1, -1) : undefined;
}

/** The name of an assignment target or a key: `x`, `this.x`, `o["x"]`, `{ x: ... }`, `{ "x": ... }`. */
function targetName(target: SyntaxNode | undefined): string | undefined {
  if (!target) return undefined;
  switch (target.type) {
    case 'identifier':
    case 'property_identifier':
    case 'private_property_identifier':
    case 'shorthand_property_identifier':
      return target.text;
    case 'string':
      return literalContent(target);
    case 'member_expression':
      return target.field('property')?.text;
    case 'subscript_expression':
      return targetName(target.field('index'));
    default:
      return undefined;
  }
}

const EQUALITY = new Set(['==', '===', '!=', '!==']);

/** The name a literal is assigned to, keyed by, defaults, is passed as (JSX) or is compared with. */
function nameFor(literal: SyntaxNode): string | undefined {
  const parent = literal.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case 'variable_declarator':
      return parent.field('value') === literal ? targetName(parent.field('name')) : undefined;
    case 'assignment_expression':
    case 'assignment_pattern':
      return parent.field('right') === literal ? targetName(parent.field('left')) : undefined;
    case 'pair':
      return parent.field('value') === literal ? targetName(parent.field('key')) : undefined;
    case 'required_parameter':
    case 'optional_parameter':
      return parent.field('value') === literal ? targetName(parent.field('pattern')) : undefined;
    case 'public_field_definition':
    case 'field_definition':
      return parent.field('value') === literal ? targetName(parent.field('name') ?? parent.field('property')) : undefined;
    case 'jsx_attribute':
      return targetName(parent.namedChildren[0]);
    case 'binary_expression': {
      if (!EQUALITY.has(parent.field('operator')?.type ?? '')) return undefined;
      const other = parent.field('left') === literal ? parent.field('right') : parent.field('left');
      return targetName(other);
    }
    default:
      return undefined;
  }
}

function check(node: SyntaxNode, report: (secret: NonNullable<ReturnType<typeof judgeSecret>>, name: string | undefined) => void) {
  const value = literalContent(node);
  if (value === undefined || value.length < 6) return;
  const name = nameFor(node);
  const secret = judgeSecret(value, name);
  if (secret) report(secret, name);
}

export default defineCodeRule(
  {
    id: 'javascript/hardcoded-secret',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'security',
    summary: 'Flag passwords, API keys, tokens and private keys written into the code; reports show them masked.',
    provenance: 'gitleaks, detect-secrets, eslint-plugin-no-secrets',
    docs: hardcodedSecretDocs(
      'const API_KEY = "f3a9c1e7b5d24680a1b2c3d4e5f60718";\n\nconst db = connect({ user: "app", password: "s3cr3t-Pa55" });',
      'const API_KEY = process.env.API_KEY;\n\nconst db = connect({ user: "app", password: process.env.DB_PASSWORD });',
    ),
  },
  (context) => {
    const visit = (node: SyntaxNode) =>
      check(node, (secret, name) =>
        context.report({
          node,
          message: secretMessage(secret, name),
          evidence: { kind: secret.kind, value: secret.masked, ...(name ? { name } : {}) },
        }),
      );
    return { string: visit, template_string: visit };
  },
);
