import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

/** Names every Python module can read without defining them, from `grammars/python/builtins.json`. */
export interface PythonBuiltins {
  /** Builtin functions, types, exceptions, constants, `site` names and module dunders. */
  readonly module: ReadonlySet<string>;
  /** Names a class body can read implicitly (`__module__`, `__qualname__`). */
  readonly classBody: ReadonlySet<string>;
  /** Names a method can read implicitly (`__class__`). */
  readonly method: ReadonlySet<string>;
}

let pythonBuiltins: PythonBuiltins | undefined;

export function loadPythonBuiltins(): PythonBuiltins {
  if (pythonBuiltins) return pythonBuiltins;
  const data = readJson(join('grammars', 'python', 'builtins.json')) as Record<string, unknown>;
  const list = (key: string) => (Array.isArray(data[key]) ? (data[key] as string[]) : []);
  pythonBuiltins = {
    module: new Set([...list('functions'), ...list('types'), ...list('exceptions'), ...list('constants'), ...list('site'), ...list('moduleDunders')]),
    classBody: new Set(list('classBody')),
    method: new Set(list('method')),
  };
  return pythonBuiltins;
}

/** Global names by environment group (`es`, `node`, `browser`, `worker`, `test`), from `grammars/javascript/globals.json`. */
export interface JavaScriptGlobals {
  readonly groups: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every group together: what the rules assume until configuration picks environments. */
  readonly all: ReadonlySet<string>;
}

let javaScriptGlobals: JavaScriptGlobals | undefined;

export function loadJavaScriptGlobals(): JavaScriptGlobals {
  if (javaScriptGlobals) return javaScriptGlobals;
  const data = readJson(join('grammars', 'javascript', 'globals.json')) as Record<string, unknown>;
  const groups = new Map<string, ReadonlySet<string>>();
  const all = new Set<string>();
  for (const [group, names] of Object.entries(data)) {
    if (!Array.isArray(names)) continue;
    groups.set(group, new Set(names as string[]));
    for (const name of names as string[]) all.add(name);
  }
  javaScriptGlobals = { groups, all };
  return javaScriptGlobals;
}

function readJson(relativePath: string): unknown {
  return JSON.parse(readFileSync(join(packageRoot(), relativePath), 'utf8'));
}
