import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPORT_FILES, REPORT_FORMATS, writeReports } from '../src/write';
import { sampleReport } from './fixtures/findings/sample';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'nplz-report-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('writeReports', () => {
  test('writes every chosen format, and findings.json always', () => {
    const dir = join(root, 'report');
    expect(writeReports(sampleReport(), dir, ['html', 'csv'])).toEqual([
      join(dir, 'findings.json'),
      join(dir, 'findings.csv'),
      join(dir, 'report.html'),
    ]);
    expect(readdirSync(dir).sort()).toEqual(['findings.csv', 'findings.json', 'report.html']);
    expect(JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8'))).toEqual(sampleReport());
  });

  test('writes all six formats into a new nested folder', () => {
    const dir = join(root, 'a', 'b', 'report');
    writeReports(sampleReport(), dir, REPORT_FORMATS);
    expect(readdirSync(dir).sort()).toEqual(Object.values(REPORT_FILES).sort());
    expect(readdirSync(join(root, 'a', 'b'))).toEqual(['report']);
  });

  test('replaces a previous report whole: files of formats no longer chosen go', () => {
    const dir = join(root, 'report');
    writeReports(sampleReport(), dir, REPORT_FORMATS);
    writeReports(sampleReport([]), dir, ['md']);
    expect(readdirSync(dir).sort()).toEqual(['findings.json', 'report.md']);
    expect(JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')).findings).toEqual([]);
    expect(readdirSync(root)).toEqual(['report']);
  });

  test('a writer that throws leaves the previous report untouched and no temporary folder behind', () => {
    const dir = join(root, 'report');
    writeReports(sampleReport(), dir, ['json', 'csv', 'html']);
    const before = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

    expect(() =>
      writeReports(sampleReport([]), dir, ['csv', 'html'], {
        writers: {
          html: () => {
            throw new Error('disk on fire');
          },
        },
      }),
    ).toThrow('disk on fire');

    const after = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    expect(after).toEqual(before);
    expect(readdirSync(root)).toEqual(['report']);
  });

  test('a failure on a first run leaves no report folder at all', () => {
    const dir = join(root, 'report');
    expect(() =>
      writeReports(sampleReport(), dir, ['sarif'], {
        writers: {
          sarif: () => {
            throw new Error('boom');
          },
        },
      }),
    ).toThrow('boom');
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });

  test('refuses to replace a folder that is not a previous report, and leaves it as it was', () => {
    const dir = join(root, 'src');
    mkdirSync(dir);
    writeFileSync(join(dir, 'main.ts'), 'keep me');
    expect(() => writeReports(sampleReport(), dir, ['md'])).toThrow(
      `report folder ${dir} is not empty and holds no previous report (no findings.json); give an empty or new folder`,
    );
    expect(readFileSync(join(dir, 'main.ts'), 'utf8')).toBe('keep me');
    expect(readdirSync(root)).toEqual(['src']);
  });

  test('refuses a file in place of the folder and an unknown format', () => {
    const file = join(root, 'report');
    writeFileSync(file, 'x');
    expect(() => writeReports(sampleReport(), file, [])).toThrow(`report folder ${file} is a file; give a folder for the report`);
    expect(() => writeReports(sampleReport(), join(root, 'r'), ['pdf' as never])).toThrow(
      'unknown report format "pdf"; allowed: json, sarif, junit, csv, md, html',
    );
  });
});
