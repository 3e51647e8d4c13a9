import { describe, expect, it } from 'vitest';
import { analysersForSize, FILES_PER_SHARED_STATE_COPY, planWork, SOURCE_CHARS_PER_ANALYSER, takeChunk, type WorkPlan } from '../../src/run/work-plan.js';

/** Runs a plan the way the pipeline does, analysers taking turns; returns which analyser took which items. */
function drain<T>(plan: WorkPlan<T>, chunkSize: number): T[][] {
  const taken: T[][] = plan.lanes.map(() => []);
  for (let progress = true; progress; ) {
    progress = false;
    for (let lane = 0; lane < plan.lanes.length; lane++) {
      const chunk = takeChunk(plan, lane, chunkSize);
      if (chunk) {
        taken[lane].push(...chunk);
        progress = true;
      }
    }
  }
  return taken;
}

const files = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
const programOf = (file: string) => (file.startsWith('ts/') ? 'tsconfig.json' : file.startsWith('web/') ? 'web/tsconfig.json' : undefined);

describe('planning the work of analysers', () => {
  it('gives every file to exactly one analyser, in its order within each region', () => {
    const all = [...files('py/', 300), ...files('ts/', 120), ...files('web/', 40)];
    const taken = drain(planWork(all, 3, programOf), 16);
    expect(taken.flat().sort()).toEqual([...all].sort());
    for (const lane of taken) {
      const py = lane.filter((f) => f.startsWith('py/'));
      expect(py).toEqual([...py].sort());
    }
  });

  it('keeps the files of one program in one analyser, even when that analyser is the last one busy', () => {
    const all = [...files('ts/', 200), ...files('py/', 40)];
    const plan = planWork(all, 2, programOf);
    const taken = drain(plan, 8);
    const holders = taken.map((lane) => lane.some((f) => f.startsWith('ts/')));
    expect(holders.filter(Boolean)).toHaveLength(1);
    // The other analyser gets the free files and, having no program files to take, stops.
    const other = taken[holders.indexOf(false)];
    expect(other.length).toBeGreaterThan(0);
    expect(other.every((f) => f.startsWith('py/'))).toBe(true);
  });

  it('starts no worker that would have nothing to do', () => {
    const plan = planWork(files('ts/', 300), 4, programOf);
    expect(plan.lanes).toHaveLength(1);
    expect(drain(plan, 32)[0]).toHaveLength(300);
  });

  it('leaves a worker unstarted when it would get only a few files, and gives them to the main thread', () => {
    const all = [...files('ts/', 100), ...files('py/', 3)];
    const taken = drain(planWork(all, 2, programOf, 8), 16);
    expect(taken).toHaveLength(1);
    expect(taken[0]).toHaveLength(103);
    expect(drain(planWork(all, 2, programOf), 16)).toHaveLength(2);
  });

  it('spreads a program over several analysers only when it has enough files for each copy', () => {
    const big = files('ts/', 2 * FILES_PER_SHARED_STATE_COPY + 10);
    const taken = drain(planWork(big, 4, programOf), 32);
    expect(taken.filter((lane) => lane.length > 0)).toHaveLength(2);
    // Each analyser checks a contiguous part of the program.
    for (const lane of taken.filter((l) => l.length > 0)) expect(lane).toEqual(big.slice(big.indexOf(lane[0]), big.indexOf(lane[0]) + lane.length));
  });

  it('without shared state, splits the files evenly and lets idle analysers take from the fullest region', () => {
    const all = files('py/', 100);
    const plan = planWork(all, 2, () => undefined);
    expect(plan.lanes.map((regions) => regions.reduce((n, r) => n + r.end - r.next, 0))).toEqual([50, 50]);
    // Analyser 1 is slow: analyser 0 finishes its own region, then takes from the end of analyser 1's.
    const first: string[] = [];
    for (let chunk = takeChunk(plan, 0, 10); chunk; chunk = takeChunk(plan, 0, 10)) first.push(...chunk);
    expect(first.slice(0, 50)).toEqual(all.slice(0, 50));
    expect(first.slice(50, 60)).toEqual(all.slice(90, 100));
    expect([...first].sort()).toEqual(all);
    expect(takeChunk(plan, 1, 10)).toBeUndefined();
  });

  it('evens out the shares when one analyser already holds a program', () => {
    const all = [...files('ts/', 60), ...files('py/', 140)];
    const plan = planWork(all, 2, programOf);
    const loads = plan.lanes.map((regions) => regions.reduce((n, r) => n + r.end - r.next, 0));
    expect(loads).toEqual([100, 100]);
  });
});

describe('the default number of analysers', () => {
  it('is one per share of source, at least one, at most the cores', () => {
    expect(analysersForSize(0, 8)).toBe(1);
    expect(analysersForSize(SOURCE_CHARS_PER_ANALYSER - 1, 8)).toBe(1);
    expect(analysersForSize(2 * SOURCE_CHARS_PER_ANALYSER - 1, 8)).toBe(1);
    expect(analysersForSize(2 * SOURCE_CHARS_PER_ANALYSER, 8)).toBe(2);
    expect(analysersForSize(5 * SOURCE_CHARS_PER_ANALYSER, 8)).toBe(5);
    expect(analysersForSize(50 * SOURCE_CHARS_PER_ANALYSER, 8)).toBe(8);
    expect(analysersForSize(50 * SOURCE_CHARS_PER_ANALYSER, 1)).toBe(1);
  });
});
