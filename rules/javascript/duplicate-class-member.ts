import { defineCodeRule, JS_FAMILY } from '../../src/engine/rule.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { codeChildren, numberValue, plainStringValue } from '../../src/rule-helpers/javascript/js-expressions.js';

type MemberKind = 'get' | 'set' | 'method' | 'field';

interface Member {
  node: SyntaxNode;
  kind: MemberKind;
}

const FIELD_TYPES: ReadonlySet<string> = new Set(['field_definition', 'public_field_definition']);

/**
 * The property key a member defines: `foo`, `#foo`, `'foo'` and `"foo"` are the same key; `1` and
 * `1.0` too. Computed names (`[key]`) are unknown until run time and give undefined.
 */
function memberKey(name: SyntaxNode | undefined): string | undefined {
  if (!name) return undefined;
  if (name.type === 'property_identifier' || name.type === 'private_property_identifier') return name.text;
  const string = plainStringValue(name);
  if (string !== undefined) return string;
  const number = numberValue(name);
  if (number !== undefined) return String(number);
  return undefined;
}

function describe(member: SyntaxNode): { key: string; isStatic: boolean; kind: MemberKind } | undefined {
  const hasToken = (text: string) => member.children.some((c) => !c.isNamed && c.type === text);
  if (member.type === 'method_definition') {
    const key = memberKey(member.field('name'));
    if (key === undefined) return undefined;
    const kind: MemberKind = hasToken('get') ? 'get' : hasToken('set') ? 'set' : 'method';
    return { key, isStatic: hasToken('static'), kind };
  }
  if (FIELD_TYPES.has(member.type)) {
    // `declare x: T` only describes a field that something else creates.
    if (hasToken('declare')) return undefined;
    const key = memberKey(member.field('property') ?? member.field('name'));
    if (key === undefined) return undefined;
    return { key, isStatic: hasToken('static'), kind: 'field' };
  }
  // TypeScript overload and abstract signatures (`method_signature`, `abstract_method_signature`)
  // declare the same name as their implementation on purpose.
  return undefined;
}

/** A getter and a setter of one name make one accessor property; every other pair replaces the first. */
function conflicts(earlier: Member[], kind: MemberKind): Member | undefined {
  if (kind === 'get') return earlier.find((m) => m.kind !== 'set');
  if (kind === 'set') return earlier.find((m) => m.kind !== 'get');
  return earlier[0];
}

const KIND_WORDS: Record<MemberKind, string> = { get: 'getter', set: 'setter', method: 'method', field: 'field' };

export default defineCodeRule(
  {
    id: 'javascript/duplicate-class-member',
    languages: JS_FAMILY,
    severity: 'error',
    category: 'bug',
    summary: 'Flag a class member defined twice with the same name in one class body.',
    provenance: 'ESLint no-dupe-class-members',
    docs: {
      what: 'A class body that defines the same method, field or accessor name twice on the same side (both static or both instance), such as two `save()` methods. A `get`/`set` pair of one name, TypeScript overload signatures and a static member beside an instance member of the same name are not flagged.',
      why: 'The later definition silently replaces the earlier one, so the first body is dead code and every caller runs the second. A field with the name of a method is worse: the field is set on each instance and hides the method.',
      example: 'class Cart {\n  total() { return this.items.length; }\n  total() { return sum(this.items.map((i) => i.price)); }\n}',
      useInstead: 'class Cart {\n  count() { return this.items.length; }\n  total() { return sum(this.items.map((i) => i.price)); }\n}',
    },
  },
  (context) => ({
    class_body(body) {
      const byKey = new Map<string, Member[]>();
      for (const member of codeChildren(body)) {
        const described = describe(member);
        if (!described) continue;
        const mapKey = `${described.isStatic ? 'static' : 'instance'}:${described.key}`;
        const earlier = byKey.get(mapKey) ?? [];
        const clash = conflicts(earlier, described.kind);
        if (clash) {
          const side = described.isStatic ? 'static ' : '';
          context.report({
            node: member,
            message: `The ${side}${KIND_WORDS[described.kind]} \`${described.key}\` replaces the ${side}${KIND_WORDS[clash.kind]} of the same name at line ${clash.node.startRow + 1}, so that earlier definition is never used.`,
            evidence: { name: described.key, firstLine: String(clash.node.startRow + 1), static: String(described.isStatic) },
          });
        }
        earlier.push({ node: member, kind: described.kind });
        byKey.set(mapKey, earlier);
      }
    },
  }),
);
