import { execFileSync } from 'node:child_process';
import { relative, resolve, sep } from 'node:path';
import { buildSemanticModel } from '../analysis/index.js';
import { typeEngines } from '../analysis/type-engines.js';
import { TypeSession, type TypeEngineChoice } from '../analysis/type-session.js';
import { inferenceOf } from '../analysis/types/provider.js';
import { checkerTypeListing, TypeScriptTypeProvider } from '../analysis/typescript/listing.js';
import type { TypeEntry } from '../analysis/types/common.js';
import { readSourceFile } from '../collect/collect.js';
import { parseSource } from '../parse/parser.js';
import { languageForPath } from '../parse/languages.js';

/** What `revisor types` needs from the CLI: output streams and the working folder. */
export interface TypesIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

export interface TypesOptions {
  json?: boolean;
  root?: string;
  types?: TypeEngineChoice;
}

function detectRoot(cwd: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || cwd;
  } catch {
    return cwd;
  }
}

/**
 * `revisor types FILE... [--json]`: every type the inference pass found, one entry per variable
 * assignment, parameter, function return and attribute, in file and source order. Unknown types are
 * left out. Files of one invocation share a type session, so imports between them resolve.
 * Exit code 0, or 2 when a file does not exist or has no language revisor infers types for.
 */
export async function runTypes(files: string[], options: TypesOptions, io: TypesIo): Promise<number> {
  const root = options.root ? resolve(io.cwd, options.root) : detectRoot(io.cwd);
  const session = new TypeSession({ root, engine: options.types ?? 'tree-sitter' }, typeEngines());
  const entries: TypeEntry[] = [];
  let exitCode = 0;
  for (const file of files) {
    const absolutePath = resolve(io.cwd, file);
    const spec = languageForPath(absolutePath);
    const path = relative(root, absolutePath).split(sep).join('/');
    if (!spec) {
      io.stderr(`revisor: ${file}: no language for this extension\n`);
      exitCode = 2;
      continue;
    }
    const source = readSourceFile(absolutePath, path, spec.id);
    if ('note' in source) {
      io.stderr(`revisor: ${file}: ${source.note.message}\n`);
      exitCode = 2;
      continue;
    }
    const parsed = await parseSource(source);
    try {
      const provider = session.providerFor(parsed, buildSemanticModel(parsed));
      // Files a tsconfig/jsconfig governs (with --types auto or typescript): the checker's types, same shape.
      if (provider instanceof TypeScriptTypeProvider) {
        entries.push(...checkerTypeListing(provider, parsed));
        continue;
      }
      const inference = inferenceOf(provider);
      if (!inference) {
        io.stderr(`revisor: ${file}: the tree-sitter inference pass does not cover this file\n`);
        continue;
      }
      entries.push(...inference.listing());
    } finally {
      parsed.dispose();
    }
  }
  if (options.json) {
    io.stdout(`${JSON.stringify(entries.map(({ origin: _origin, ...entry }) => entry), null, 2)}\n`);
  } else {
    for (const e of entries) {
      const name = e.scope ? `${e.scope}.${e.name}` : e.name;
      io.stdout(`${e.file}:${e.line}:${e.column}  ${e.kind.padEnd(9)}  ${name}: ${e.type.join(' | ')}${e.origin ? `  (${e.origin})` : ''}\n`);
    }
  }
  return exitCode;
}
