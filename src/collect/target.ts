import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetEnvironment } from '../engine/rule.js';

/** Target settings as written in configuration: versions as strings or numbers. */
export interface TargetSettings {
  python?: string;
  node?: number;
  ecmaVersion?: number;
  cppStandard?: number;
}

function readText(path: string): string | undefined {
  try {
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** `>=3.9`, `~=3.10`, `>3.8,<4` → the lowest allowed [major, minor]. */
export function lowestPythonVersion(spec: string): [number, number] | undefined {
  let lowest: [number, number] | undefined;
  for (const clause of spec.split(',')) {
    const match = /^\s*(>=|~=|==|>)\s*(\d+)\.(\d+)/.exec(clause);
    if (!match) continue;
    let version: [number, number] = [Number(match[2]), Number(match[3])];
    if (match[1] === '>') version = [version[0], version[1] + 1];
    if (!lowest || version[0] > lowest[0] || (version[0] === lowest[0] && version[1] > lowest[1])) lowest = version;
  }
  return lowest;
}

/** `>=18`, `^20.1`, `18.x || 20.x` → the lowest major version allowed. */
export function lowestNodeMajor(spec: string): number | undefined {
  const majors = [...spec.matchAll(/(?:^|[\s|>=^~v])(\d+)(?:\.[\dx*]+)*/g)].map((m) => Number(m[1]));
  return majors.length > 0 ? Math.min(...majors) : undefined;
}

function detectPython(root: string): [number, number] | undefined {
  const pyproject = readText(join(root, 'pyproject.toml'));
  const fromPyproject = pyproject && /^\s*requires-python\s*=\s*["']([^"']+)["']/m.exec(pyproject);
  if (fromPyproject) return lowestPythonVersion(fromPyproject[1]);
  const setupCfg = readText(join(root, 'setup.cfg'));
  const fromSetup = setupCfg && /^\s*python_requires\s*=\s*(.+)$/m.exec(setupCfg);
  if (fromSetup) return lowestPythonVersion(fromSetup[1]);
  return undefined;
}

function detectNode(root: string): number | undefined {
  const manifest = readText(join(root, 'package.json'));
  if (!manifest) return undefined;
  try {
    const engines = (JSON.parse(manifest) as { engines?: { node?: string } }).engines;
    return engines?.node ? lowestNodeMajor(engines.node) : undefined;
  } catch {
    return undefined;
  }
}

/** ES edition every Node.js major fully supports (Node 16: ES2021, 18: ES2022, 20: ES2023, 22: ES2024). */
function ecmaVersionForNode(major: number): number {
  if (major >= 22) return 2024;
  if (major >= 20) return 2023;
  if (major >= 16.9) return 2022;
  if (major >= 15) return 2021;
  if (major >= 14) return 2020;
  return 2019;
}

function detectEcmaVersion(root: string): number | undefined {
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    const text = readText(join(root, name));
    const match = text && /"target"\s*:\s*"es(\d{4}|next)"/i.exec(text);
    if (match) return match[1].toLowerCase() === 'next' ? 2025 : Number(match[1]);
  }
  return undefined;
}

function detectCppStandard(root: string): number | undefined {
  const cmake = readText(join(root, 'CMakeLists.txt'));
  const fromCmake = cmake && (/CMAKE_CXX_STANDARD\s+(\d+)/.exec(cmake) ?? /cxx_std_(\d+)/.exec(cmake));
  if (fromCmake) return Number(fromCmake[1]);
  const commands = readText(join(root, 'compile_commands.json')) ?? readText(join(root, 'build', 'compile_commands.json'));
  const fromCommands = commands && /-std=(?:c|gnu)\+\+(\d+)/.exec(commands);
  if (fromCommands) return Number(fromCommands[1]);
  return undefined;
}

/** What the project targets, from its own manifests; configuration overrides each field. */
export function detectTarget(root: string, settings: TargetSettings = {}): TargetEnvironment {
  const target: TargetEnvironment = {};
  const python = settings.python ? lowestPythonVersion(`>=${settings.python}`) : detectPython(root);
  if (python) target.python = python;
  const node = settings.node ?? detectNode(root);
  if (node !== undefined) target.node = node;
  const ecma = settings.ecmaVersion ?? detectEcmaVersion(root) ?? (node !== undefined ? ecmaVersionForNode(node) : undefined);
  if (ecma !== undefined) target.ecmaVersion = ecma;
  const cpp = settings.cppStandard ?? detectCppStandard(root);
  if (cpp !== undefined) target.cppStandard = cpp;
  return target;
}
