import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { excerpt } from '../../src/rule-helpers/python/literal-strings.js';
import { enclosingFunction } from '../../src/rule-helpers/python/python-scopes.js';

/** Only the catch-alls: `except KeyError: pass` is the everyday spelling of `contextlib.suppress(KeyError)`. */
const CATCH_ALL = new Set(['Exception', 'BaseException', 'builtins.Exception', 'builtins.BaseException']);

/** The types an except clause names, or `['BaseException']` for a bare clause; undefined for `except*`. */
function caughtTypes(clause: SyntaxNode): string[] | undefined {
  if (clause.children.some((c) => c.type === '*')) return undefined;
  let value = clause.field('value');
  if (!value) return clause.children[1]?.type === ':' ? ['BaseException'] : undefined;
  if (value.type === 'as_pattern') value = value.namedChildren[0];
  if (!value) return undefined;
  if (value.type === 'parenthesized_expression') value = value.namedChildren.find((c) => c.type !== 'comment');
  if (value?.type === 'tuple') return value.namedChildren.filter((c) => c.type !== 'comment').map((c) => c.text.replace(/\s+/g, ''));
  return value ? [value.text.replace(/\s+/g, '')] : undefined;
}

/** A body that does nothing: only `pass` and `...` statements. */
function isEmptyBody(body: SyntaxNode): boolean {
  const statements = body.namedChildren;
  if (statements.length === 0) return false;
  return statements.every(
    (s) => s.type === 'pass_statement' || (s.type === 'expression_statement' && s.namedChildren.length === 1 && s.namedChildren[0].type === 'ellipsis'),
  );
}

export default defineCodeRule(
  {
    id: 'python/exception-swallowed',
    languages: ['python'],
    severity: 'warning',
    category: 'suspicious',
    summary: 'Flag catch-all exception handlers whose only statement is `pass` or `...`.',
    provenance: 'Bandit B110 / Ruff S110 (try-except-pass)',
    docs: {
      what: 'An `except:`, `except Exception:` or `except BaseException:` handler whose body is only `pass` or `...`, with no comment in the handler explaining why. Handlers for specific exceptions (`except KeyError: pass`), handlers of a `try` with an `else:` clause (where `pass` means "skip the else part") and handlers in `__del__` are not flagged.',
      why: 'Every error raised in the `try` block, including bugs such as `TypeError` or `AttributeError`, disappears without a log line or a changed return value. The program continues in a half-finished state and the failure surfaces later, far from its cause.',
      example: 'try:\n    cache.store(key, value)\nexcept Exception:\n    pass',
      useInstead: 'try:\n    cache.store(key, value)\nexcept ConnectionError:\n    log.warning("cache unavailable, continuing without it", exc_info=True)',
    },
  },
  (context) => ({
    except_clause(node) {
      const types = caughtTypes(node);
      if (!types) return;
      const broad = types.find((t) => t === 'BaseException' || CATCH_ALL.has(t));
      if (!broad) return;
      const body = node.children.find((c) => c.type === 'block');
      if (!body || !isEmptyBody(body)) return;
      // A comment in the handler documents a deliberate decision; that is the reviewer's call, not ours.
      for (const d of node.descendants()) if (d.type === 'comment') return;
      // Destructors run during interpreter shutdown, when failing to clean up quietly is the only sane option.
      if (enclosingFunction(node)?.field('name')?.text === '__del__') return;
      const tryStatement = node.parent;
      // `try: probe() except Exception: pass else: use()` is control flow: the `else` runs only when the probe worked.
      if (!tryStatement || tryStatement.children.some((c) => c.type === 'else_clause')) return;
      const value = node.field('value');
      const header = value ? `except ${excerpt(value.text)}:` : 'except:';
      const tryLine = String(tryStatement.startRow + 1);
      context.report({
        node,
        message: `\`${header}\` discards every exception from the \`try\` block at line ${tryLine} with only \`${body.namedChildren[0].text}\`: failures vanish without a trace.`,
        evidence: { caught: broad, tryLine },
      });
    },
  }),
);
