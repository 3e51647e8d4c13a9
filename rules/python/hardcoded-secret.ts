import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { hardcodedSecretDocs, judgeSecret, secretMessage } from '../shared/hardcoded-secret.js';

/** The content of a plain string literal (no `{}` interpolation), between its quotes. */
function literalContent(node: SyntaxNode): string | undefined {
  if (node.children.some((c) => c.type === 'interpolation')) return undefined;
  const open = node.children[0];
  const close = node.children[node.children.length - 1];
  if (open?.type !== 'string_start' || close?.type !== 'string_end') return undefined;
  return node.source.slice(open.endIndex, close.startIndex);
}

/** The name a value is bound to: `x`, `self.x`, `d["x"]`. */
function targetName(target: SyntaxNode | undefined): string | undefined {
  if (!target) return undefined;
  if (target.type === 'identifier') return target.text;
  if (target.type === 'attribute') return target.field('attribute')?.text;
  if (target.type === 'subscript') {
    const key = target.field('subscript');
    return key?.type === 'string' ? literalContent(key) : undefined;
  }
  return undefined;
}

/** The name a literal is assigned to, passed as, keyed by, defaults or is compared with. */
function nameFor(literal: SyntaxNode): string | undefined {
  const parent = literal.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case 'assignment':
      return parent.field('right') === literal ? targetName(parent.field('left')) : undefined;
    case 'keyword_argument':
    case 'default_parameter':
    case 'typed_default_parameter':
      return parent.field('value') === literal ? parent.field('name')?.text : undefined;
    case 'pair': {
      const key = parent.field('key');
      return parent.field('value') === literal && key?.type === 'string' ? literalContent(key) : undefined;
    }
    case 'comparison_operator': {
      if (!parent.children.some((c) => c.type === '==' || c.type === '!=')) return undefined;
      const other = parent.namedChildren.find((c) => c !== literal);
      return targetName(other);
    }
    default:
      return undefined;
  }
}

export default defineCodeRule(
  {
    id: 'python/hardcoded-secret',
    languages: ['python'],
    severity: 'error',
    category: 'security',
    summary: 'Flag passwords, API keys, tokens and private keys written into the code; reports show them masked.',
    provenance: 'Bandit B105/B106/B107, gitleaks, detect-secrets',
    docs: hardcodedSecretDocs(
      'API_KEY = "f3a9c1e7b5d24680a1b2c3d4e5f60718"\n\ndef connect():\n    return db.connect(user="app", password="s3cr3t-Pa55")',
      'import os\n\nAPI_KEY = os.environ["API_KEY"]\n\ndef connect():\n    return db.connect(user="app", password=os.environ["DB_PASSWORD"])',
    ),
  },
  (context) => ({
    string(node) {
      // Parts of an implicit concatenation are judged as their own literals.
      const value = literalContent(node);
      if (value === undefined || value.length < 6) return;
      const name = nameFor(node.parent?.type === 'concatenated_string' ? node.parent : node);
      const secret = judgeSecret(value, name);
      if (!secret) return;
      context.report({
        node,
        message: secretMessage(secret, name),
        evidence: { kind: secret.kind, value: secret.masked, ...(name ? { name } : {}) },
      });
    },
  }),
);
