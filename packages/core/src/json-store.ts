import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Values kept for one process under string keys, as JSON text, so a caller can never change an
 * entry it was given or set. The in-memory half of a cache whose disk half is {@link DiskJsonStore}.
 */
export class MemoryJsonStore<T> {
  public hits = 0;
  private readonly entries = new Map<string, string>();

  get(key: string): T | undefined {
    const text = this.entries.get(key);
    if (text === undefined) return undefined;
    this.hits++;
    return JSON.parse(text) as T;
  }

  set(key: string, value: T): void {
    this.entries.set(key, JSON.stringify(value));
  }
}

/**
 * Values kept in a folder between runs: each entry in `<dir>/<h[0,2]>/<h>.json`, where `h` is the
 * SHA-256 of the salt and the key, and the file holds the key beside the value (`{ key, <field> }`),
 * so a hash collision or a foreign file is a miss, never an answer. An unreadable entry, or one
 * `valid` refuses, is a miss too. Writes go through a temporary file and a rename, so a reader never
 * sees half an entry; a write that fails costs the work next time, nothing else. Deleting the folder
 * is always safe.
 */
export class DiskJsonStore<T> {
  public hits = 0;
  public writes = 0;

  /**
   * @param salt - what decides an entry besides its key (versions, code), or a function giving it,
   *   called when the store is first read or written
   * @param field - the name of the value in the entry's file
   */
  constructor(
    private readonly dir: string,
    private salt: string | (() => string),
    private readonly field: string,
    private readonly valid: (value: unknown) => value is T,
  ) {}

  private file(key: string): string {
    if (typeof this.salt === 'function') this.salt = this.salt();
    const h = createHash('sha256').update(this.salt).update('\0').update(key).digest('hex');
    return path.join(this.dir, h.slice(0, 2), `${h}.json`);
  }

  get(key: string): T | undefined {
    // Outside the try: a salt that cannot be made is an error, not a miss on every read.
    const file = this.file(key);
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
    const value = entry?.[this.field];
    if (entry?.key !== key || !this.valid(value)) return undefined;
    this.hits++;
    return value;
  }

  set(key: string, value: T): void {
    const file = this.file(key);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(tmp, JSON.stringify({ key, [this.field]: value }));
      fs.renameSync(tmp, file);
      this.writes++;
    } catch {
      // A store that cannot be written costs the work next time, nothing else.
      fs.rmSync(tmp, { force: true });
    }
  }
}
