import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFolderAtomically } from '../src/atomic';

describe('writeFolderAtomically', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-atomic-'));
  const target = path.join(root, 'out');

  test('moves a complete folder into place, replacing the previous one', async () => {
    await writeFolderAtomically(target, async (dir) => fs.writeFileSync(path.join(dir, 'a.txt'), 'one'));
    await writeFolderAtomically(target, async (dir) => fs.writeFileSync(path.join(dir, 'b.txt'), 'two'));
    expect(fs.readdirSync(target)).toEqual(['b.txt']);
    expect(fs.readdirSync(root)).toEqual(['out']);
  });

  test('a failed run leaves the previous output untouched and no staging folder behind', async () => {
    await expect(
      writeFolderAtomically(target, async (dir) => {
        fs.writeFileSync(path.join(dir, 'partial.txt'), 'half');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(fs.readdirSync(target)).toEqual(['b.txt']);
    expect(fs.readdirSync(root)).toEqual(['out']);
  });
});
