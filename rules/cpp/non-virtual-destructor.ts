import { defineCodeRule } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';

const MEMBER_TYPES = new Set(['field_declaration', 'declaration', 'function_definition']);

function functionDeclarator(member: SyntaxNode): SyntaxNode | undefined {
  let declarator = member.field('declarator');
  while (declarator && (declarator.type === 'pointer_declarator' || declarator.type === 'reference_declarator')) {
    declarator = declarator.field('declarator') ?? declarator.namedChildren.at(-1);
  }
  return declarator?.type === 'function_declarator' ? declarator : undefined;
}

function isDestructor(member: SyntaxNode): boolean {
  return functionDeclarator(member)?.field('declarator')?.type === 'destructor_name';
}

function isVirtual(member: SyntaxNode): boolean {
  return member.children.some((c) => c.type === 'virtual');
}

export default defineCodeRule(
  {
    id: 'cpp/non-virtual-destructor',
    languages: ['cpp'],
    severity: 'warning',
    category: 'bug',
    summary: 'Flag polymorphic base classes whose destructor is public and not virtual.',
    fixable: true,
    provenance: 'GCC -Wnon-virtual-dtor, clang-tidy cppcoreguidelines-virtual-class-destructor',
    docs: {
      what: 'A class or struct without base classes that declares virtual functions and a public destructor without `virtual`, or that declares no destructor at all (so the implicit one is public and non-virtual) while the same file holds it in a `std::unique_ptr<Base>`. `final` classes and classes whose destructor is protected or private are not flagged.',
      why: 'A class with virtual functions is meant to be used through base pointers. Deleting a derived object through a base pointer (`delete shape;`, or a `std::unique_ptr<Shape>`) with a non-virtual destructor is undefined behaviour: typically only the base part is destroyed and the derived members leak.',
      example: 'class Shape {\n public:\n  virtual double area() const = 0;\n  ~Shape();\n};',
      useInstead: 'class Shape {\n public:\n  virtual double area() const = 0;\n  virtual ~Shape();\n};\n// or make the destructor protected when objects are never deleted through Shape*',
    },
  },
  (context) => {
    const check = (node: SyntaxNode) => {
      const body = node.field('body');
      const name = node.field('name');
      if (!body || !name) return;
      // Derived classes inherit a virtual destructor from a base we cannot see; final classes cannot be bases.
      if (node.children.some((c) => c.type === 'base_class_clause')) return;
      if (node.children.some((c) => c.type === 'virtual_specifier')) return;
      let access = node.type === 'struct_specifier' ? 'public' : 'private';
      let virtualMethod: SyntaxNode | undefined;
      const destructors: Array<{ member: SyntaxNode; access: string }> = [];
      for (const child of body.namedChildren) {
        if (child.type === 'access_specifier') {
          access = child.text.trim();
          continue;
        }
        const member = child.type === 'template_declaration' ? child.namedChildren.find((c) => MEMBER_TYPES.has(c.type)) : child;
        if (!member || !MEMBER_TYPES.has(member.type) || !functionDeclarator(member)) continue;
        if (isDestructor(member)) destructors.push({ member, access });
        else if (isVirtual(member)) virtualMethod ??= member;
      }
      if (!virtualMethod) return;
      const methodName = functionDeclarator(virtualMethod)?.field('declarator')?.text ?? 'a virtual function';
      if (destructors.length === 0) {
        // Interfaces without a destructor are often only passed by reference (delegates, observers):
        // flag them only when the file owns one through `std::unique_ptr<Base>`, whose deleter calls `~Base()`.
        const owned = new RegExp(`\\bunique_ptr\\s*<\\s*(const\\s+)?(\\w+::)*${name.text}\\s*>`).exec(context.source);
        if (!owned) return;
        context.report({
          node: name,
          message: `\`${name.text}\` declares virtual \`${methodName}\` but no destructor, so its implicit destructor is public and non-virtual, yet this file holds it as \`${owned[0]}\`: destroying a derived object through it is undefined behaviour.`,
          evidence: { class: name.text, virtualFunction: methodName, destructor: 'implicit, public, non-virtual', ownedAs: owned[0] },
        });
        return;
      }
      for (const { member, access: destructorAccess } of destructors) {
        if (isVirtual(member) || destructorAccess !== 'public') continue;
        if (member.children.some((c) => c.type === 'delete_method_clause')) continue;
        context.report({
          node: member,
          message: `The destructor of \`${name.text}\` is public and not virtual although \`${name.text}\` declares virtual \`${methodName}\`: deleting a derived object through a \`${name.text}*\` is undefined behaviour.`,
          evidence: { class: name.text, virtualFunction: methodName, destructor: 'public, non-virtual' },
          fix: { title: 'Make the destructor virtual', edits: [{ startOffset: member.startIndex, endOffset: member.startIndex, text: 'virtual ' }] },
        });
      }
    };
    return { class_specifier: check, struct_specifier: check };
  },
);
