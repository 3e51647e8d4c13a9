import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { parseSource } from '../../src/parse/parser.js';
import { languageForPath } from '../../src/parse/languages.js';
import { buildSemanticModel } from '../../src/analysis/index.js';

it.skipIf(!process.env.DUMP)('dump', async () => {
  const path = process.env.DUMP!;
  const spec = languageForPath(path)!;
  const parsed = await parseSource({ path, absolutePath: path, language: spec.id, text: readFileSync(path, 'utf8') });
  const m = buildSemanticModel(parsed)!;
  const out: string[] = [];
  for (const s of m.scopes) {
    out.push(`scope#${s.id} ${s.kind} @${s.node.startRow + 1} parent=${s.parent?.id ?? '-'} syms=[${[...s.symbols.keys()].join(',')}] types=[${[...s.typeSymbols.keys()].join(',')}]${s.dynamic ? ' DYN' : ''}`);
  }
  for (const r of m.references) {
    const flags = [r.isRead && 'R', r.isWrite && 'W', r.isInit && 'I', r.isDelete && 'D', r.inType && 'T', r.typeNamespace && 'N'].filter(Boolean).join('');
    out.push(`${r.node.startRow + 1}:${r.node.startColumn + 1} ${r.name} [${flags}] scope#${r.scope.id} -> ${r.resolution}${r.symbol ? ` sym#${r.symbol.id}@scope#${r.symbol.scope.id}(${r.symbol.kind})` : ''}`);
  }
  for (const s of m.symbols) out.push(`sym#${s.id} ${s.name} ${s.kind} scope#${s.scope.id} decls=${s.declarations.map((d) => `${d.form}@${d.name.startRow + 1}${d.inPattern ? 'P' : ''}${d.exported ? 'E' : ''}${d.ambient ? 'A' : ''}${d.typeOnly ? 'T' : ''}`).join(',')} refs=${s.references.length}${s.exported ? ' exported' : ''}`);
  console.log(out.join('\n'));
});

import { loadBuiltinRules } from '../../src/engine/load-rules.js';
import { runRules } from '../../src/engine/run-rules.js';
import { applyEdits } from '../../src/fix/apply.js';

it.skipIf(!process.env.RULE)('rule', async () => {
  const path = process.env.RULE!;
  const spec = languageForPath(path)!;
  const text = readFileSync(path, 'utf8');
  const parsed = await parseSource({ path, absolutePath: path, language: spec.id, text });
  const { rules } = await loadBuiltinRules();
  const ids = (process.env.IDS ?? '').split(',');
  const active = rules.filter((r) => ids.includes(r.meta.id)).map((rule) => ({ rule, severity: rule.meta.severity }));
  const result = runRules(parsed, active);
  const out: string[] = result.notes.map((n) => `NOTE ${n.message}`);
  for (const f of result.findings) {
    out.push(`${f.range.start.line}:${f.range.start.column} ${f.ruleId} ${f.message} ${JSON.stringify(f.evidence)}`);
    if (f.fix) out.push(`   FIX ${f.fix.title}: ${JSON.stringify(f.fix.edits.map((e) => [text.slice(e.startOffset, e.endOffset), e.text]))}`);
  }
  console.log(out.join('\n'));
});

it.skipIf(!process.env.BENCH)('bench', async () => {
  for (const path of process.env.BENCH!.split(',')) {
    const spec = languageForPath(path)!;
    const text = readFileSync(path, 'utf8');
    const parsed = await parseSource({ path, absolutePath: path, language: spec.id, text });
    const t0 = performance.now();
    const m = buildSemanticModel(parsed)!;
    const t1 = performance.now();
    const { rules } = await loadBuiltinRules();
    const mine = ['python/unused-import', 'python/unused-variable', 'python/undefined-name', 'javascript/unused-variable', 'javascript/undefined-reference', 'javascript/const-reassignment'];
    const active = rules.filter((r) => mine.includes(r.meta.id)).map((rule) => ({ rule, severity: rule.meta.severity }));
    const t2 = performance.now();
    const result = runRules(parsed, active);
    const t3 = performance.now();
    const counts: Record<string, number> = {};
    for (const f of result.findings) counts[f.ruleId] = (counts[f.ruleId] ?? 0) + 1;
    console.log(`${path}: ${text.length} chars, model ${(t1 - t0).toFixed(0)}ms (${m.scopes.length} scopes, ${m.symbols.length} symbols, ${m.references.length} refs, ${m.unresolvedReferences.length} unresolved), rules ${(t3 - t2).toFixed(0)}ms`, JSON.stringify(counts), result.notes.map((n) => n.message));
    if (process.env.SHOW) for (const f of result.findings.slice(0, Number(process.env.SHOW))) console.log(`  ${f.range.start.line} ${f.ruleId} ${f.message}`);
  }
});

it.skipIf(!process.env.PROF)('prof', async () => {
  const path = process.env.PROF!;
  const spec = languageForPath(path)!;
  const text = readFileSync(path, 'utf8');
  const parsed = await parseSource({ path, absolutePath: path, language: spec.id, text });
  let count = 0;
  const t0 = performance.now();
  for (const _ of parsed.root.descendants()) count++;
  const t1 = performance.now();
  for (let i = 0; i < 3; i++) {
    const a = performance.now();
    buildSemanticModel(parsed);
    console.log(`model ${(performance.now() - a).toFixed(0)}ms`);
  }
  const active: never[] = [];
  const a = performance.now();
  runRules(parsed, active);
  console.log(`nodes ${count} in ${(t1 - t0).toFixed(0)}ms; empty runRules ${(performance.now() - a).toFixed(0)}ms`);
});
