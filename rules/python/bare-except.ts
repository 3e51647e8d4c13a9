import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { descendantsInScope } from '../../src/rule-helpers/python/python-scopes.js';

/** `except: cleanup(); raise` is the idiom for "undo on any failure, then propagate": nothing is swallowed. */
function reraises(clause: SyntaxNode): boolean {
  const body = clause.children.find((c) => c.type === 'block');
  if (!body) return false;
  for (const d of descendantsInScope(body)) {
    if (d.type === 'raise_statement' && d.namedChildren.filter((c) => c.type !== 'comment').length === 0) return true;
  }
  return false;
}

export default defineCodeRule(
  {
    id: 'python/bare-except',
    languages: ['python'],
    severity: 'warning',
    category: 'suspicious',
    summary: 'Flag `except:` clauses that name no exception type.',
    fixable: true,
    provenance: 'pycodestyle E722 / Ruff E722, pylint bare-except (W0702)',
    docs: {
      what: 'An `except:` clause without an exception type whose body does not re-raise the exception.',
      why: 'A bare `except:` catches every `BaseException`, including `KeyboardInterrupt` (Ctrl+C), `SystemExit` (`sys.exit()`) and `GeneratorExit`. The program then ignores attempts to stop it, and bugs such as a misspelt name (`NameError`) are handled as if they were expected failures.',
      example: 'try:\n    config = load_config(path)\nexcept:\n    config = DEFAULTS',
      useInstead: 'try:\n    config = load_config(path)\nexcept (OSError, ValueError):\n    config = DEFAULTS\n# or, when any error really is acceptable: except Exception:',
    },
  },
  (context) => ({
    except_clause(node) {
      const keyword = node.children[0];
      if (keyword?.type !== 'except') return;
      // `except* E:` always names a type; a bare clause has nothing between `except` and `:`.
      const next = node.children[1];
      if (next?.type !== ':') return;
      if (reraises(node)) return;
      // An earlier `except KeyboardInterrupt: raise` shows the catch-all was written knowing what it catches.
      const earlier = node.parent?.children.filter((c) => c.type === 'except_clause' && c.startIndex < node.startIndex) ?? [];
      if (earlier.some((c) => /\b(KeyboardInterrupt|BaseException)\b/.test(c.field('value')?.text ?? ''))) return;
      context.report({
        node,
        message: '`except:` without an exception type also catches `KeyboardInterrupt` and `SystemExit`, so this handler swallows requests to stop the program.',
        evidence: { caught: 'BaseException' },
        fix: {
          title: 'Catch `Exception` instead of everything',
          edits: [{ startOffset: keyword.endIndex, endOffset: keyword.endIndex, text: ' Exception' }],
        },
      });
    },
  }),
);
