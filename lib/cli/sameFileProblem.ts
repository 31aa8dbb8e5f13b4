// The input and the output must be different files: opening the output truncates it (or --resume
// appends to it) before a row is read, so the same file on both sides would be destroyed, or
// read while it grows. Paths say little (./X, a symlink, a hard link, `-o X < X`): the device and
// inode do.
import { fstatSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';

/** The problem to report when the output is the input file, else undefined. */
export async function sameFileProblem(
  input: string | undefined,
  output: string | undefined,
): Promise<string | undefined> {
  const [read, written] = await Promise.all([identity(input, 0), identity(output, 1)]);
  if (read === undefined || read !== written) return undefined;
  const inputName = input === undefined ? 'the input (stdin)' : `\`--input\` ${input}`;
  const outputName = output === undefined ? 'The output (stdout)' : `\`--output\` ${output}`;
  return `${outputName} is the same file as ${inputName}: writing it would destroy the input`;
}

/** Device and inode of the regular file at `path` (or behind `fd` when there is none), if any. */
async function identity(path: string | undefined, fd: 0 | 1): Promise<string | undefined> {
  let info: Stats | undefined;
  try {
    info = path === undefined ? fstatSync(fd) : await stat(path);
  } catch {
    return undefined; // not there yet (an output to create), or unreadable: reported elsewhere
  }
  return info.isFile() ? `${info.dev}:${info.ino}` : undefined;
}
