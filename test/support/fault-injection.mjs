// Preloaded into the revisor CLI with `node --import` (see `faultEnv` in hostile.ts): injects
// file-system faults at exact moments, so races such as "the file was deleted after it was collected"
// or "the process was killed in the middle of writing its report" are tested deterministically
// instead of by timing.
//
// REVISOR_FAULTS is a JSON list of { file, on, nth, action, text?, ms? }. A fault fires on the `nth`
// (default 1) matching call of its kind:
//   on: 'read'   (default) `fs.readFileSync` of a path whose base name is `file`;
//   on: 'write'  `fs.writeFileSync` of that file or of its atomic-write temporary (`.<file>.*.tmp`),
//                or, with `file: '*'` and `under`, of any file whose path contains `under`;
//   on: 'rename' `fs.renameSync` onto such a path.
// Actions:
//   delete  - the file is removed (reading it then fails with ENOENT)
//   eacces  - the read fails with EACCES, as for a file made unreadable (root ignores chmod)
//   dir     - the file is replaced by a folder of the same name (EISDIR)
//   append  - `text` is appended to the file (an edit made while revisor runs)
//   pause   - the process stops for `ms` milliseconds (default 60 s): a run that is certainly still
//             going when the test signals it. On a write, half of the data is written first.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename } from 'node:path';

const plan = JSON.parse(process.env.REVISOR_FAULTS ?? '[]');
const seen = new Map();
const original = { readFileSync: fs.readFileSync, writeFileSync: fs.writeFileSync, renameSync: fs.renameSync };

const pathOf = (path) => (path instanceof URL ? path.pathname : String(path));

function matches(fault, kind, path) {
  if ((fault.on ?? 'read') !== kind) return false;
  if (fault.file === '*') return fault.under !== undefined && path.includes(fault.under);
  const name = basename(path);
  return name === fault.file || (kind !== 'read' && name.startsWith(`.${fault.file}.`) && name.endsWith('.tmp'));
}

/** The faults that fire now for this call (each counts its own matching calls). */
function firing(kind, path) {
  const out = [];
  for (const fault of plan) {
    if (!matches(fault, kind, path)) continue;
    const count = (seen.get(fault) ?? 0) + 1;
    seen.set(fault, count);
    if (count === (fault.nth ?? 1)) out.push(fault);
  }
  return out;
}

const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms ?? 60_000);

function act(fault, path) {
  switch (fault.action) {
    case 'delete':
      fs.rmSync(path, { force: true });
      break;
    case 'eacces': {
      const error = new Error(`EACCES: permission denied, open '${path}'`);
      error.code = 'EACCES';
      error.errno = -13;
      error.syscall = 'open';
      error.path = path;
      throw error;
    }
    case 'dir':
      fs.rmSync(path, { force: true });
      fs.mkdirSync(path);
      break;
    case 'append':
      fs.appendFileSync(path, fault.text ?? '\n# edited while revisor ran\n');
      break;
    case 'pause':
      pause(fault.ms);
      break;
    default:
      throw new Error(`unknown fault action ${fault.action}`);
  }
}

fs.readFileSync = function readFileSync(path, ...rest) {
  if (typeof path === 'string' || path instanceof URL) for (const fault of firing('read', pathOf(path))) act(fault, pathOf(path));
  return original.readFileSync.call(this, path, ...rest);
};

fs.writeFileSync = function writeFileSync(path, data, ...rest) {
  if (typeof path === 'string' || path instanceof URL) {
    for (const fault of firing('write', pathOf(path))) {
      if (fault.action === 'pause') {
        // Killed in the middle of writing: half of the bytes are on disk when the signal comes.
        const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
        original.writeFileSync.call(this, path, bytes.subarray(0, bytes.length >> 1));
        pause(fault.ms);
      } else {
        act(fault, pathOf(path));
      }
    }
  }
  return original.writeFileSync.call(this, path, data, ...rest);
};

fs.renameSync = function renameSync(from, to) {
  if (typeof to === 'string' || to instanceof URL) for (const fault of firing('rename', pathOf(to))) act(fault, pathOf(to));
  return original.renameSync.call(this, from, to);
};

// ES modules' named imports (`import { readFileSync } from 'node:fs'`) see the patched functions too.
syncBuiltinESMExports();
