/**
 * Which analyser (the main thread, then each worker) takes which files.
 *
 * Some type state is costly to build and lives in the thread that built it: a TypeScript program is
 * built once per thread, for all the files its tsconfig governs. Two threads checking files of one
 * program build it twice; on rxjs (251 files) with two threads on two cores that made the run a third
 * slower than one thread, and used 1.6 times the memory. So the files that share such state go to one
 * analyser as a unit (a "pinned" region that others do not take from), and only a program with many
 * files is spread over several threads, in contiguous parts. All other files are split into
 * contiguous regions that even out the analysers' shares, and an analyser that runs out of work takes
 * from the end of the fullest of those.
 */

/** Files of one shared state, per analyser that builds it: below this many, a second copy costs more than it saves. */
export const FILES_PER_SHARED_STATE_COPY = 500;

/**
 * Without `--jobs`, one analyser per this many characters of source to analyse, up to the cores. A
 * worker costs about half a second of start-up, and a part of a project still reads the summaries of
 * most of the modules it imports from the other parts: with two threads on two cores, 40 and 120 files
 * of webpack's lib/ (0.5 and 1.2 MB) took longer than with one (1.66 s against 1.50 s, 2.43 s against
 * 2.30 s), all of it (4.2 MB) a tenth less time; rxjs's 0.8 MB, 7% more.
 */
export const SOURCE_CHARS_PER_ANALYSER = 1_500_000;

/** How many analysers `chars` characters of source are worth, with `cores` cores: at least one. */
export function analysersForSize(chars: number, cores: number): number {
  return Math.max(1, Math.min(cores, Math.floor(chars / SOURCE_CHARS_PER_ANALYSER)));
}

export interface Region<T> {
  readonly items: readonly T[];
  next: number;
  end: number;
  /** Whether another analyser may take from it when its own regions are done. */
  readonly stealable: boolean;
}

export interface WorkPlan<T> {
  /** Regions per analyser, in the order it works through them; index 0 is the main thread. */
  readonly lanes: Region<T>[][];
}

/**
 * Plans the work of up to `jobs` analysers. `sharedStateOf` names the costly state an item needs
 * (undefined for none); the order of `items` is kept inside every region. Workers that would get
 * nothing, or fewer than `minItemsPerWorker` items, are left out (their items go to the main thread),
 * so `lanes.length` is the number worth starting.
 */
export function planWork<T>(items: readonly T[], jobs: number, sharedStateOf: (item: T) => string | undefined, minItemsPerWorker = 1): WorkPlan<T> {
  const groups = new Map<string, T[]>();
  const free: T[] = [];
  for (const item of items) {
    const key = sharedStateOf(item);
    if (key === undefined) {
      free.push(item);
      continue;
    }
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(item);
  }
  // No more analysers than there are shares of `minItemsPerWorker` items.
  const analysers = Math.max(1, Math.min(jobs, Math.ceil(items.length / minItemsPerWorker)));
  const lanes: Array<{ load: number; regions: Region<T>[] }> = Array.from({ length: analysers }, () => ({ load: 0, regions: [] }));
  const leastLoaded = (exclude: ReadonlySet<number>) => {
    let best = -1;
    for (let i = 0; i < lanes.length; i++) if (!exclude.has(i) && (best < 0 || lanes[i].load < lanes[best].load)) best = i;
    return best;
  };
  // Largest groups first, each part to the analyser with the least work so far.
  const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  for (const [, group] of ordered) {
    const copies = Math.max(1, Math.min(lanes.length, Math.floor(group.length / FILES_PER_SHARED_STATE_COPY)));
    const used = new Set<number>();
    for (let part = 0; part < copies; part++) {
      const lane = leastLoaded(used);
      used.add(lane);
      const start = Math.floor((part * group.length) / copies);
      const end = Math.floor(((part + 1) * group.length) / copies);
      lanes[lane].regions.push({ items: group, next: start, end, stealable: false });
      lanes[lane].load += end - start;
    }
  }
  // Free items: contiguous regions, sized so that every analyser ends up with about the same share
  // (the last one takes what rounding left; stealing evens out the rest).
  const fair = items.length / lanes.length;
  let cursor = 0;
  for (let i = 0; i < lanes.length && cursor < free.length; i++) {
    const last = i === lanes.length - 1;
    const remainingCapacity = lanes.slice(i).reduce((sum, lane) => sum + Math.max(0, fair - lane.load), 0);
    const want = Math.max(0, fair - lanes[i].load);
    const share = last ? free.length - cursor : remainingCapacity > 0 ? Math.round(((free.length - cursor) * want) / remainingCapacity) : 0;
    if (share <= 0) continue;
    lanes[i].regions.push({ items: free, next: cursor, end: cursor + share, stealable: true });
    lanes[i].load += share;
    cursor += share;
  }
  // A worker left with only a few files (say the one file no tsconfig governs) is not worth starting.
  for (let i = 1; i < lanes.length; i++) {
    if (lanes[i].load === 0 || lanes[i].load >= minItemsPerWorker) continue;
    lanes[0].regions.push(...lanes[i].regions);
    lanes[0].load += lanes[i].load;
    lanes[i] = { load: 0, regions: [] };
  }
  // The main thread always analyses; workers with nothing to do are not started.
  const kept = lanes.filter((lane, i) => i === 0 || lane.regions.length > 0);
  return { lanes: kept.map((lane) => lane.regions) };
}

/**
 * The next chunk for analyser `lane`: from its own regions in order, else from the end of the fullest
 * stealable region of any analyser. Undefined when nothing is left that it may take.
 */
export function takeChunk<T>(plan: WorkPlan<T>, lane: number, chunkSize: number): T[] | undefined {
  for (const region of plan.lanes[lane]) {
    if (region.next >= region.end) continue;
    const chunk = region.items.slice(region.next, Math.min(region.end, region.next + chunkSize));
    region.next += chunk.length;
    return chunk;
  }
  let fullest: Region<T> | undefined;
  for (const regions of plan.lanes) {
    for (const region of regions) if (region.stealable && region.end - region.next > (fullest ? fullest.end - fullest.next : 0)) fullest = region;
  }
  if (!fullest) return undefined;
  const start = Math.max(fullest.next, fullest.end - chunkSize);
  const chunk = fullest.items.slice(start, fullest.end);
  fullest.end = start;
  return chunk;
}
