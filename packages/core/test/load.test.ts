import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTenancyFile, readSourceDocument, splitPath } from '../src';

function tmpFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-load-'));
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

describe('loading spec files', () => {
  test('splits field paths', () => {
    expect(splitPath('exceptions[0].scope.cloud')).toEqual(['exceptions', 0, 'scope', 'cloud']);
    expect(splitPath('aws.network.prod')).toEqual(['aws', 'network', 'prod']);
  });

  test('problems carry the file and the line of the field', () => {
    const f = path.join(__dirname, '../../../test/fixtures/invalid/unknown-force.yaml');
    const { problems } = loadTenancyFile(f, { now: new Date('2026-11-22') });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: f, line: 4, path: 'force', received: 'thames-vally' });
  });

  test('JSON specs load too', () => {
    const yaml = fs.readFileSync(path.join(__dirname, '../../../test/fixtures/valid/thames-valley.yaml'), 'utf8');
    const doc = readSourceDocument(tmpFile('a.yaml', yaml)).doc!;
    const json = tmpFile('tvp.json', JSON.stringify(doc.data, null, 2));
    expect(loadTenancyFile(json, { now: new Date('2026-11-22') }).problems).toEqual([]);
  });

  test('a missing file is a problem, not an exception', () => {
    const { problems } = loadTenancyFile('/nonexistent/kent.yaml');
    expect(problems[0]?.message).toBe('cannot read file: ENOENT');
  });
});
