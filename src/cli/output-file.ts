import { randomBytes } from 'node:crypto';
import { rm, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { UsageError } from '../errors.js';

const WRITE_ERRORS: Record<string, string> = {
  ENOENT: 'directory not found',
  ENOTDIR: 'a parent of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'the path is a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

/**
 * Writes `text` to `path` atomically: into a temporary file in the same directory, then a
 * rename over the target, so a reader never sees a half-written report and a failed write
 * leaves any previous report in place. The temporary file is removed when a step fails.
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { encoding: 'utf8', flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === undefined ? String(error) : `${code} ${WRITE_ERRORS[code] ?? 'write failed'}`;
    const fix =
      code === 'EISDIR'
        ? 'Give a file path, for example report.json inside that directory.'
        : 'Check that the directory exists and is writable.';
    throw new UsageError(`cannot write the report to ${path}: ${reason}. ${fix}`, { cause: error });
  }
}
