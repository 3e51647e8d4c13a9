import { defineCodeRule } from '../../src/engine/rule.js';
import { displayType, elementType, functionVariables, enclosingFunction, identifiersNamed, isExpensiveToCopy, MAP_CONTAINERS, normalizeType, resolveVariable, stdType, STRING_TYPES, stripParentheses } from '../../src/rule-helpers/cpp/cpp.js';
import { isReadOnlyUse } from '../../src/rule-helpers/cpp/readonly-use.js';

export default defineCodeRule(
  {
    id: 'cpp/range-for-copy',
    languages: ['cpp'],
    severity: 'warning',
    category: 'performance',
    summary: 'Flag range-`for` loops that copy each string or container element although the body only reads it.',
    fixable: true,
    provenance: 'clang-tidy performance-for-range-copy',
    docs: {
      what: 'A range-based `for` whose loop variable is declared by value (`auto x`, `std::string s`) over elements that are strings or standard containers, when the loop body only reads the variable and does not touch the range itself.',
      why: 'Each iteration copy-constructs the element: for a `std::string` or `std::vector` that is a heap allocation plus a copy of its contents, so one pass costs O(total size) extra work and allocator traffic for data that is only looked at.',
      example: 'for (auto name : names) {\n  std::cout << name << "\\n";\n}',
      useInstead: 'for (const auto& name : names) {\n  std::cout << name << "\\n";\n}',
    },
  },
  (context) => ({
    for_range_loop(node) {
      const declarator = node.field('declarator');
      const typeNode = node.field('type');
      const body = node.field('body');
      const range = stripParentheses(node.field('right'));
      if (declarator?.type !== 'identifier' || !typeNode || !body || !range) return;
      const fn = enclosingFunction(node);
      if (!fn) return;
      const loopVariable = functionVariables(fn).get(declarator.text)?.find((v) => v.declaration === node);
      if (!loopVariable) return;
      const declared = normalizeType(typeNode.text);
      if (range.type !== 'identifier') return;
      const variable = resolveVariable(range);
      if (!variable || variable.pointerDepth > 0 || variable.array) return;
      const found = elementType(variable.type, node);
      if (!found?.expensive) return;
      // An explicit type different from the element type converts rather than copies.
      if (declared !== 'auto' && (declared !== found.type || !isExpensiveToCopy(declared, node))) return;
      const element = declared === 'auto' ? found.type : displayType(loopVariable);
      const container = range;
      // Growing or shrinking the range inside the loop could leave a reference dangling: keep the copy then.
      if (identifiersNamed(body, container.text).length > 0) return;
      const std = stdType(declared === 'auto' ? element : declared, node);
      const options = { isString: Boolean(std && STRING_TYPES.has(std.name)), subscriptInserts: Boolean(std && MAP_CONTAINERS.has(std.name)) };
      for (const use of identifiersNamed(body, declarator.text)) {
        const resolved = resolveVariable(use);
        if (resolved && resolved !== loopVariable) continue;
        if (!resolved || !isReadOnlyUse(use, options)) return;
      }
      const isConst = node.children.some((c) => c.type === 'type_qualifier' && c.text === 'const');
      const written = `${isConst ? 'const ' : ''}${typeNode.text} ${declarator.text}`;
      const suggested = `const ${typeNode.text}& ${declarator.text}`;
      const edits = [{ startOffset: typeNode.endIndex, endOffset: typeNode.endIndex, text: '&' }];
      if (!isConst) edits.unshift({ startOffset: typeNode.startIndex, endOffset: typeNode.startIndex, text: 'const ' });
      context.report({
        node,
        message: `\`${written}\` copies every \`${element}\` element of \`${range.text}\` although the loop only reads \`${declarator.text}\`: one allocation and copy per iteration, O(total size) per pass; use \`${suggested}\`.`,
        evidence: { element, range: range.text, complexity: `O(n) element copies per pass over \`${range.text}\`, each proportional to the element's size` },
        fix: { title: `Iterate by \`const&\``, edits },
      });
    },
  }),
);
