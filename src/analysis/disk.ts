import { existsSync, statSync } from 'node:fs';

/** The file-system questions that finding imported modules and governing configs ask. */
export interface DiskQuestions {
  isFile(path: string): boolean;
  exists(path: string): boolean;
}

export const DISK: DiskQuestions = {
  // Most candidates do not exist; asking without an exception per miss is cheaper.
  isFile: (path) => {
    try {
      return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
    } catch {
      return false;
    }
  },
  exists: (path) => existsSync(path),
};

/**
 * Answers each question once: resolving the imports of a whole project, or finding the tsconfig of
 * each of its files, asks the same ones again and again (every file of a folder asks alike).
 */
export function memoisedDisk(): DiskQuestions {
  const files = new Map<string, boolean>();
  const paths = new Map<string, boolean>();
  const ask = (memo: Map<string, boolean>, path: string, question: (path: string) => boolean) => {
    let answer = memo.get(path);
    if (answer === undefined) {
      answer = question(path);
      memo.set(path, answer);
    }
    return answer;
  };
  return { isFile: (path) => ask(files, path, DISK.isFile), exists: (path) => ask(paths, path, DISK.exists) };
}
