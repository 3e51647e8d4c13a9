import { createRequire } from 'node:module';
import type { SingleBar } from 'cli-progress';
import type { CliIo } from './main.js';

const SHOW_AFTER_MS = 1000;

/**
 * A progress bar on stderr (files done/total, findings so far), drawn only on a terminal and only
 * once the run has taken over a second, so quick runs and piped output stay clean.
 */
export function createProgress(io: CliIo): { update: (done: number, total: number, findings: number) => void; stop: () => void } | undefined {
  if (!io.stderrIsTty || !io.stderrStream) return undefined;
  const started = Date.now();
  let bar: SingleBar | undefined;
  return {
    update(done, total, findings) {
      if (!bar) {
        if (Date.now() - started < SHOW_AFTER_MS || done >= total) return;
        // Loaded only when a bar is drawn (most runs are piped, quiet or quick).
        const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
        bar = new cliProgress.SingleBar({
          stream: io.stderrStream,
          format: 'revisor [{bar}] {value}/{total} files | {findings} findings',
          hideCursor: true,
          clearOnComplete: true,
        }, cliProgress.Presets.shades_classic);
        bar.start(total, done, { findings });
      }
      bar.update(done, { findings });
    },
    stop() {
      bar?.stop();
    },
  };
}
