import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AttestationEvidence,
  buildReport,
  CAF_SOURCE_COMMIT,
  type Finding,
  type FindingStatus,
  type FindingsReport,
  getControl,
} from '@nplz/core';
import ExcelJS from 'exceljs';
import {
  CAF_ASSESSMENT_COLUMNS,
  CAF_ASSESSMENT_FILES,
  cafAssessment,
  cafAssessmentFiles,
  pinZipTimes,
  renderCafAssessmentCsv,
  renderCafAssessmentXlsx,
} from '../src/caf-assessment';
import { excelWorkbook } from '../src/private/excel';
import { writeReports } from '../src/write';

function finding(control: string, tenancy: string, status: FindingStatus): Finding {
  const c = getControl(control);
  return {
    control,
    status,
    severity: c.severity,
    cloud: 'aws',
    tenancy,
    resource: `${tenancy}/r`,
    source: 'nplz',
    rule: 'R',
    message: 'm',
    ncsc: c.ncsc,
    caf: c.caf,
    exception: null,
  };
}

const ATTESTATION: AttestationEvidence = {
  source: 'attestation',
  id: 'alternative-paths',
  title: 'Alternative transmission paths',
  owner: 'network-lead@example.police.uk',
  statement: 'Both hubs have two provider links on separate physical paths.',
  evidence: '=HYPERLINK("http://evil")', // text a spreadsheet would run, from a careless or hostile file
  date: '2026-11-01',
  expires: '2027-10-31',
  status: 'current',
  daysLeft: 300,
  scope: 'estate',
  ncsc: [2],
  caf: ['B3.b'],
  cafIndicators: ['B3.b.8'],
};

function report(): FindingsReport {
  return buildReport(
    [
      finding('NPLZ-ENC-04', 'kent', 'pass'), // B3.b.6, B3.b.7 (+ the attestation's B3.b.8): all of B3.b
      finding('NPLZ-PAM-02', 'kent', 'pass'), // B2.c.13: one of four
      finding('NPLZ-PAM-01', 'kent', 'pass'), // B2.c.12 and D1.b.8 (D1.b has no partially-achieved level)
      finding('NPLZ-IAM-04', 'essex', 'fail'), // B2.c.12 for essex, failing
      finding('NPLZ-NET-03', 'kent', 'pass'),
      finding('NPLZ-NET-03', 'essex', 'excepted'), // B4.a.11, B5.b.7 excepted in essex
    ],
    {
      version: '0.1.0',
      baseline: '2026.11',
      generatedAt: '2026-11-22T09:30:00.000Z',
      asOf: '2026-11-22',
      tenancies: [
        { name: 'national', forces: [] },
        { name: 'essex', forces: ['essex'] },
        { name: 'kent', forces: ['kent'] },
      ],
      attestations: [ATTESTATION],
    },
  );
}

const row = (rows: ReturnType<typeof cafAssessment>, outcome: string) => rows.find((r) => r.outcome === outcome)!;

describe('CAF self-assessment', () => {
  test('derives each outcome status from the achieved indicators evidenced', () => {
    const kent = cafAssessment(report(), { tenancy: 'kent' });
    expect(kent).toHaveLength(41);
    expect(row(kent, 'B3.b')).toMatchObject({
      status: 'achieved',
      indicatorsMet: ['B3.b.6', 'B3.b.7', 'B3.b.8'],
      indicatorsNotMet: [],
      gap: false,
    });
    expect(row(kent, 'B3.b').attestations[0]).toContain('alternative-paths (network-lead@example.police.uk');
    expect(row(kent, 'B2.c')).toMatchObject({ status: 'partially achieved', indicatorsMet: ['B2.c.12', 'B2.c.13'] });
    expect(row(kent, 'B2.c').checks).toContain('NPLZ-PAM-02 Privileged sessions are time-bound: met (1 pass) → B2.c.13');
    // D1.b has achieved and not-achieved indicators only: one met is not "partially achieved".
    expect(row(kent, 'D1.b')).toMatchObject({ status: 'not achieved', indicatorsMet: ['D1.b.8'], gap: false });
    expect(row(kent, 'A1.a')).toMatchObject({ status: 'not achieved', indicatorsMet: [], gap: true, checks: [], attestations: [] });
  });

  test('a failing check makes its outcome not achieved; an excepted one meets none of its indicators', () => {
    const essex = cafAssessment(report(), { tenancy: 'essex' });
    expect(row(essex, 'B2.c')).toMatchObject({ status: 'not achieved', indicatorsMet: [] });
    expect(row(essex, 'B2.c').checks).toEqual(['NPLZ-IAM-04 Root user use denied: failing (0 pass, 1 fail) → B2.c.12']);
    expect(row(essex, 'B4.a')).toMatchObject({ status: 'not achieved', indicatorsMet: [], gap: false });
    // The estate sees both tenancies: essex's failure and exception keep the estate from meeting them.
    const estate = cafAssessment(report());
    expect(row(estate, 'B2.c').status).toBe('not achieved');
    expect(row(estate, 'B5.b').indicatorsMet).toEqual([]);
  });

  test('CSV: the estate then every tenancy, one row per outcome, formulas neutralised', () => {
    const csv = renderCafAssessmentCsv(report());
    expect(csv.startsWith('\uFEFFscope,objective,')).toBe(true);
    const lines = csv.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(CAF_ASSESSMENT_COLUMNS.join(','));
    expect(lines.length).toBe(1 + 41 * 3); // estate, essex, kent
    expect(lines[1]!.startsWith('estate,A,Managing security risk,A1,Governance,A1.a,Board Direction,not achieved,')).toBe(true);
    expect(csv).toContain('evidence: =HYPERLINK');
    expect(csv).not.toMatch(/,"?=HYPERLINK/);
  });

  test('XLSX: a workbook a spreadsheet opens, with the estate, the tenancies and the framework named', async () => {
    const wb = new ExcelJS.Workbook();
    // exceljs types its buffer as an ArrayBuffer; a Node Buffer is what it reads at run time.
    await wb.xlsx.load((await renderCafAssessmentXlsx(report())) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Estate', 'Tenancies', 'About']);
    const estate = wb.getWorksheet('Estate')!;
    expect(estate.getRow(1).getCell(6).value).toBe('Outcome');
    expect(estate.rowCount).toBe(42);
    const b3b = estate.getRows(2, 41)!.find((r) => r.getCell(6).value === 'B3.b')!;
    expect(b3b.getCell(7).value).toBe('Data in Transit');
    expect(b3b.getCell(8).value).toBe('achieved');
    expect(b3b.getCell(9).value).toBe('B3.b.6 B3.b.7 B3.b.8');
    expect(b3b.getCell(2).value).toBe('B');
    const tenancies = wb.getWorksheet('Tenancies')!;
    expect(tenancies.rowCount).toBe(1 + 41 * 2);
    expect(new Set(tenancies.getRows(2, 82)!.map((r) => r.getCell(1).value))).toEqual(new Set(['essex', 'kent']));
    const about = wb.getWorksheet('About')!;
    expect(about.getCell('B1').value).toBe('NCSC Cyber Assessment Framework 4.0');
    expect(about.getCell('B2').value).toBe(`co-cddo/domains-webcaf at ${CAF_SOURCE_COMMIT}`);
  });

  test('XLSX: the same report gives the same bytes, whatever the clock says', async () => {
    jest.useFakeTimers({
      now: new Date('2030-01-01T00:00:00Z'),
      doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'],
    });
    try {
      const a = await renderCafAssessmentXlsx(report());
      jest.setSystemTime(new Date('2031-06-15T13:14:15Z'));
      const b = await renderCafAssessmentXlsx(report());
      expect(Buffer.compare(a, b)).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  test('cafAssessmentFiles gives what each renderer gives alone, report by report', async () => {
    const other = buildReport([finding('NPLZ-PAM-02', 'kent', 'fail')], {
      version: '0.1.0',
      baseline: '2026.11',
      generatedAt: '2026-11-23T10:00:00.000Z',
      tenancies: [{ name: 'kent', forces: ['kent'] }],
    });
    const first = await cafAssessmentFiles(report());
    const second = await cafAssessmentFiles(other); // a second report in the same process: nothing of the first kept
    for (const [r, files] of [
      [report(), first],
      [other, second],
    ] as const) {
      expect(files[CAF_ASSESSMENT_FILES.csv]).toBe(renderCafAssessmentCsv(r));
      expect(Buffer.compare(files[CAF_ASSESSMENT_FILES.xlsx] as Buffer, await renderCafAssessmentXlsx(r))).toBe(0);
    }
    expect(second[CAF_ASSESSMENT_FILES.csv]).not.toBe(first[CAF_ASSESSMENT_FILES.csv]);
  });

  test('ExcelJS is loaded when a workbook is first written, not when the module is', async () => {
    let loaded = 0;
    let mod: typeof import('../src/caf-assessment') | undefined;
    jest.isolateModules(() => {
      for (const m of ['exceljs', 'exceljs/lib/doc/workbook'])
        jest.doMock(m, () => {
          loaded += 1;
          return jest.requireActual(m);
        });
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy of the module, in the isolated registry
      mod = require('../src/caf-assessment') as typeof import('../src/caf-assessment');
    });
    expect(loaded).toBe(0);
    mod!.renderCafAssessmentCsv(report());
    expect(loaded).toBe(0);
    const xlsx = await mod!.renderCafAssessmentXlsx(report());
    expect(loaded).toBe(1);
    expect(Buffer.compare(xlsx, await renderCafAssessmentXlsx(report()))).toBe(0);
    jest.dontMock('exceljs');
    jest.dontMock('exceljs/lib/doc/workbook');
  });

  test("the Workbook loaded on its own is the class ExcelJS's entry exports", () => {
    expect(excelWorkbook()).toBe(ExcelJS.Workbook);
  });

  test('pinZipTimes refuses what is not a zip', () => {
    expect(() => pinZipTimes(Buffer.from('not a zip'), new Date())).toThrow('no end of central directory record');
  });

  test('writeReports writes the files beside the formats', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nplz-caf-'));
    try {
      const dir = join(root, 'report');
      writeReports(report(), dir, ['csv'], { extraFiles: await cafAssessmentFiles(report()) });
      expect(readdirSync(dir).sort()).toEqual(
        [CAF_ASSESSMENT_FILES.csv, CAF_ASSESSMENT_FILES.xlsx, 'findings.csv', 'findings.json'].sort(),
      );
      expect(readFileSync(join(dir, CAF_ASSESSMENT_FILES.xlsx)).subarray(0, 2).toString()).toBe('PK');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
