import { eslintDisabled, similarNames } from '../../src/analysis/helpers.js';
import type { SemanticSymbol } from '../../src/analysis/index.js';
import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';

const ESLINT_RULES = ['no-undef'];
/** `__DEV__`, `__webpack_require__`: names a bundler substitutes or provides at build time. */
const BUILD_TIME_CONSTANT = /^__\w+__$/;
const COMMON_GLOBALS = ['console', 'window', 'document', 'process', 'require', 'module', 'JSON', 'Math', 'Object', 'Array', 'Promise', 'setTimeout', 'undefined', 'Number', 'String', 'Error'];

export default defineCodeRule(
  {
    id: 'javascript/undefined-reference',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'bug',
    summary: 'Flag identifiers that no declaration, import or known global defines.',
    provenance: 'ESLint no-undef',
    docs: {
      what: 'A variable read or written in an ES module or CommonJS file where no enclosing scope declares it (no `let`/`const`/`var`, function, class, parameter or import) and it is not a global of ECMAScript, Node.js, browsers, web workers or the common test runners, nor named in a `/* global */` comment.',
      why: 'Reading an undeclared name throws a ReferenceError when the line runs; writing one in sloppy code silently creates a global. Either way the cause is usually a typo, a missing import or a variable used outside the block that declares it.',
      example: "import { fetchUser } from './api.js';\n\nexport async function show(id) {\n  const user = await fetchUser(id);\n  if (user) {\n    const name = user.name;\n  }\n  return formatName(name);\n}",
      useInstead: "import { fetchUser } from './api.js';\nimport { formatName } from './format.js';\n\nexport async function show(id) {\n  const user = await fetchUser(id);\n  const name = user ? user.name : '';\n  return formatName(name);\n}",
    },
  },
  (context) => {
    /** `typeof x` never throws: code that asks it is feature-detecting, and every use of `x` is guarded by intent. */
    const probed = new Set<string>();
    return {
      unary_expression(node) {
        const argument = node.field('argument');
        if (node.children[0]?.type === 'typeof' && argument?.type === 'identifier') probed.add(argument.text);
      },
      'file:exit'() {
        const model = context.semantic();
        if (!model) return;
        // A classic script shares its top-level names with the page's other scripts: any name may come from them.
        if (model.sourceType === 'script' && !model.commonJS) return;
        const declaredAnywhere = new Map<string, SemanticSymbol>();
        for (const symbol of model.symbols) if (symbol.isValue && symbol.declarations.length > 0 && !declaredAnywhere.has(symbol.name)) declaredAnywhere.set(symbol.name, symbol);
        for (const reference of model.unresolvedReferences) {
          const name = reference.name;
          // Types may come from ambient declarations in other files (global .d.ts, @types packages).
          if (reference.inType || reference.typeNamespace) continue;
          if (probed.has(name) || BUILD_TIME_CONSTANT.test(name) || model.namesInErrors.has(name)) continue;
          if (model.isDynamic(reference.scope)) continue;
          if (eslintDisabled(context.source, reference.node, ESLINT_RULES)) continue;
          // The same name declared in a block that has ended: the classic `let` / `const` scoping slip.
          const elsewhere = declaredAnywhere.get(name);
          const similar = elsewhere ? [] : similarNames(name, reference.scope, COMMON_GLOBALS);
          const hint = similar.length ? ` (did you mean ${similar.map((s) => `\`${s}\``).join(' or ')}?)` : '';
          const access = reference.isWrite && !reference.isRead ? 'assigned' : 'used';
          const message = elsewhere
            ? `\`${name}\` is ${access} outside the scope that declares it (line ${elsewhere.declarations[0].name.startRow + 1}): no declaration, import or known global named \`${name}\` is in scope here.`
            : `\`${name}\` is ${access} but not defined: no declaration, import or known global named \`${name}\` is in scope${hint}.`;
          context.report({
            node: reference.node,
            message,
            evidence: { name, access, ...(elsewhere ? { declaredOnLine: String(elsewhere.declarations[0].name.startRow + 1) } : {}), ...(similar.length ? { similar: similar.join(', ') } : {}) },
          });
        }
      },
    };
  },
);
