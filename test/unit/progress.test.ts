import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CliIo } from '../../src/cli/main.js';
import { createProgress } from '../../src/cli/progress.js';

/** A terminal-like stderr that records what is drawn. */
function terminal(): { io: CliIo; drawn: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  }) as Writable & { isTTY: boolean; columns: number };
  stream.isTTY = true;
  stream.columns = 120;
  const io = { stdout: () => undefined, stderr: () => undefined, cwd: '/', stderrIsTty: true, stderrStream: stream } as unknown as CliIo;
  return { io, drawn: () => out };
}

describe('the progress bar', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is drawn on a terminal only once the run has taken a second, with files and findings', () => {
    vi.useFakeTimers({ now: 0 });
    const { io, drawn } = terminal();
    const progress = createProgress(io)!;
    progress.update(1, 40, 0);
    expect(drawn()).toBe('');
    vi.setSystemTime(1500);
    progress.update(10, 40, 3);
    expect(drawn()).toContain('10/40 files | 3 findings');
    progress.stop();
  });

  it('is not drawn when stderr is not a terminal', () => {
    const { io } = terminal();
    expect(createProgress({ ...io, stderrIsTty: false })).toBeUndefined();
  });
});
