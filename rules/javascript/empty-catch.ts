import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { code, codeChildren } from '../../src/rule-helpers/javascript/js-expressions.js';

/** A parameter named `_`, `_err`, `ignored`, `ignore`... says the error is dropped on purpose. */
const DELIBERATE_NAME = /^_|^ignored?(_?(err|error|e))?$/i;

/** `try { x = require("optional-dep"); } catch (e) {}`: probing for an optional module is the intent. */
function isOptionalLoad(clause: SyntaxNode): boolean {
  const block = clause.parent?.field('body');
  const statements = block ? codeChildren(block) : [];
  return statements.length > 0 && statements.every((s) => {
    for (const d of s.descendants()) {
      if (d.type === 'call_expression' && ['require', 'import', 'require.resolve'].includes(d.field('function')?.text ?? '')) return true;
    }
    return false;
  });
}

export default defineCodeRule(
  {
    id: 'javascript/empty-catch',
    languages: JS_FAMILY,
    severity: 'warning',
    category: 'suspicious',
    summary: 'Flag `catch` blocks that are empty and carry no comment explaining why.',
    provenance: 'ESLint no-empty (catch clauses)',
    docs: {
      what: 'A `catch (e)` clause whose block has no statements and no comment, such as `catch (e) {}`. A comment inside the block, a parameter named `_`, `_err` or `ignored`, a binding-less `catch {}` and a `try` that only probes for an optional module with `require`/`import()` mark the silence as deliberate and are not flagged.',
      why: 'The error disappears without a trace: the program continues with half-done work, and whoever debugs it later has no log line and no stack to start from. When ignoring is right, a one-line comment saying why costs nothing and tells the reader it is not an oversight.',
      example: 'try {\n  config = JSON.parse(text);\n} catch (e) {}',
      useInstead: 'try {\n  config = JSON.parse(text);\n} catch (e) {\n  logger.warn("invalid config, using defaults", e);\n}\n// or: } catch { /* a missing config file means defaults */ }',
    },
  },
  (context) => ({
    catch_clause(node) {
      const body = node.field('body');
      // Comments are children of the block, so "only the braces" means no statement and no comment.
      if (!body || body.children.some((c) => c.type !== '{' && c.type !== '}')) return;
      const parameter = node.field('parameter');
      // `catch {}` (no binding, ES2019) is written only by someone who decided not to look at the error.
      if (!parameter) return;
      if (parameter.type === 'identifier' && DELIBERATE_NAME.test(parameter.text)) return;
      if (isOptionalLoad(node)) return;
      context.report({
        node,
        message: `This \`catch\` block is empty and has no comment, so the error in ${code(parameter.text)} is discarded without any trace.`,
        evidence: { parameter: parameter.text },
      });
    },
  }),
);
