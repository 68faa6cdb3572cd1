import { randomBytes } from 'node:crypto';
import {
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  fsyncSync,
  openSync,
  closeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { Profile } from '../../../shared/contract/profiles.ts';
import { AppError, describeZodError } from '../../../shared/errors.ts';

const ProfilesFile = z.object({ version: z.literal(1), profiles: z.array(Profile) });

/** Writes via a temporary file and rename, so a crash never leaves half a profiles file. */
function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, text, { mode: 0o600 });
    const fd = openSync(temp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw new AppError('WRITE_FAILED', `Cannot save ${file}: ${(err as Error).message}`);
  }
}

/**
 * Connection profiles in `dataDir/profiles.json`: never a secret in it (the schema has no place for
 * one), validated when read back so a hand-edited file fails with the field that is wrong.
 */
export class ProfileStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'profiles.json');
  }

  list(): Profile[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new AppError('INTERNAL', `Cannot read ${this.file}: ${(err as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new AppError('BAD_ARGUMENT', `${this.file} is not valid JSON: ${(err as Error).message}`);
    }
    const parsed = ProfilesFile.safeParse(json);
    if (!parsed.success)
      throw new AppError('BAD_ARGUMENT', `${this.file}: ${describeZodError(parsed.error, 'file')}`);
    return parsed.data.profiles;
  }

  get(name: string): Profile {
    const profiles = this.list();
    const profile = profiles.find((p) => p.name === name);
    if (!profile) {
      const known = profiles.map((p) => p.name);
      throw new AppError(
        'NOT_FOUND',
        `No connection profile named "${name}"${known.length ? ` (profiles: ${known.join(', ')})` : ' (none saved yet: logdesk profiles add)'}`,
      );
    }
    return profile;
  }

  /** Adds or replaces the profile of that name; the list stays sorted by name. */
  save(profile: Profile): void {
    const profiles = this.list().filter((p) => p.name !== profile.name);
    profiles.push(profile);
    profiles.sort((a, b) => a.name.localeCompare(b.name));
    writeAtomically(this.file, `${JSON.stringify({ version: 1, profiles }, null, 2)}\n`);
  }

  remove(name: string): boolean {
    const profiles = this.list();
    const kept = profiles.filter((p) => p.name !== name);
    if (kept.length === profiles.length) return false;
    writeAtomically(this.file, `${JSON.stringify({ version: 1, profiles: kept }, null, 2)}\n`);
    return true;
  }
}
