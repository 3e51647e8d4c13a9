import { defineCodeRule } from '../../src/engine/rule.js';
import { enclosingLoop, lineOf } from '../../src/rule-helpers/cpp/cpp.js';

export default defineCodeRule(
  {
    id: 'cpp/endl-in-loop',
    languages: ['cpp'],
    severity: 'info',
    category: 'performance',
    summary: "Flag `std::endl` inside loops, which flushes the stream on every iteration; use `'\\n'`.",
    fixable: true,
    provenance: 'clang-tidy performance-avoid-endl',
    docs: {
      what: 'A `std::endl` written to a stream inside the body of a `for`, `while`, `do` or range-`for` loop.',
      why: "`std::endl` writes a newline and then flushes the stream. Inside a loop that is one system call per iteration instead of one per buffer, which makes writing a large file or a long report many times slower; `'\\n'` writes the same newline and lets the stream flush when its buffer is full.",
      example: 'for (const auto& row : rows) {\n  out << row << std::endl;\n}',
      useInstead: "for (const auto& row : rows) {\n  out << row << '\\n';\n}\nout.flush();  // once, if needed",
    },
  },
  (context) => ({
    qualified_identifier(node) {
      if (node.text.replace(/\s+/g, '') !== 'std::endl') return;
      const parent = node.parent;
      if (parent?.type !== 'binary_expression' || parent.field('operator')?.text !== '<<' || parent.field('right') !== node) return;
      // `std::cerr` is unbuffered: it writes on every `<<` anyway, so the flush costs nothing extra.
      let stream = parent;
      while (stream.type === 'binary_expression' && stream.field('operator')?.text === '<<') stream = stream.field('left')!;
      if (/^(::)?std::cerr$/.test(stream.text.replace(/\s+/g, ''))) return;
      const loop = enclosingLoop(node);
      if (!loop) return;
      context.report({
        node,
        message: `\`std::endl\` flushes the stream on every iteration of the loop at line ${lineOf(loop)}: one write system call per iteration, O(n) flushes instead of one per buffer; write \`'\\n'\` instead.`,
        evidence: { loopLine: String(lineOf(loop)), complexity: `O(n) stream flushes for n iterations of the loop at line ${lineOf(loop)}` },
        fix: { title: "Replace `std::endl` with `'\\n'`", edits: [{ startOffset: node.startIndex, endOffset: node.endIndex, text: "'\\n'" }] },
      });
    },
  }),
);
