import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CSV_BOM, CSV_COLUMNS, csvField, renderCsv } from '../src/csv';
import { ACKNOWLEDGED, finding, sampleReport } from './fixtures/findings/sample';

/** The cells as ExcelJS's CSV importer (fast-csv, not written by NPLZ) reads the file's UTF-8 bytes. */
async function readWithExcelJs(text: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  const ws = await wb.csv.read(Readable.from([Buffer.from(text, 'utf8')]), { parserOptions: {}, map: (v: unknown) => v });
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (r) => {
    const values = r.values as unknown[];
    rows.push(Array.from({ length: CSV_COLUMNS.length }, (_, i) => String(values[i + 1] ?? '')));
  });
  return rows;
}

/** A small RFC 4180 reader, to prove the file reads back to the same fields. */
function parseCsv(withBom: string): string[][] {
  expect(withBom.startsWith(CSV_BOM)).toBe(true);
  const text = withBom.slice(CSV_BOM.length);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else field += ch;
  }
  return rows;
}

describe('CSV', () => {
  test('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(-50)).toBe('-50');
  });

  test('defuses text a spreadsheet would run as a formula, but not numbers', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('+44 20')).toBe("'+44 20");
    expect(csvField('-12')).toBe('-12');
  });

  test('one header row and one CRLF-terminated row per finding, reading back to the same values', () => {
    const report = sampleReport();
    const text = renderCsv(report);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(report.findings.length + 1);
    const kent = rows.find((r) => r[7] === 'kent-prod/LocalAssets/Evidence/Resource')!;
    expect(kent).toEqual([
      'NPLZ-NET-01',
      'No public access to storage',
      'fail',
      'critical',
      'aws',
      'kent',
      'prod',
      'kent-prod/LocalAssets/Evidence/Resource',
      'nplz',
      'NplzS3NoPublicAccess',
      'Bucket "evidence, uploads" allows public access:\nBlockPublicAcls is false',
      '2 11',
      'B3.c B4.b',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
    const expired = rows.find((r) => r[9] === 'exception-unexpired')!;
    expect(expired.slice(13)).toEqual(['Legacy RDP jump host during migration', 'ciso@kent.police.uk', '2026-10-01', '-50', '', '']);
    // An acknowledgement in code: its reason and where it is made, in their own columns.
    const ack = parseCsv(renderCsv(sampleReport([ACKNOWLEDGED])))[1]!;
    expect(ack.slice(-2)).toEqual([
      'A permissions boundary caps permissions.',
      'new ForceTenancy (packages/aws/dist/force-tenancy.js:212)',
    ]);
  });

  test('a hostile resource name stays one field', () => {
    const rows = parseCsv(
      renderCsv(
        sampleReport([
          finding({
            control: 'NPLZ-NET-01',
            status: 'fail',
            cloud: 'aws',
            tenancy: 'kent',
            resource: 'x","=1+1\r\ny',
            rule: 'r',
            message: 'm',
          }),
        ]),
      ),
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]![7]).toBe('x","=1+1\r\ny');
  });

  test('starts with the UTF-8 byte order mark, so Excel reads it as UTF-8, and reads back in ExcelJS', async () => {
    const report = sampleReport([
      finding({
        control: 'NPLZ-NET-01',
        status: 'fail',
        cloud: 'aws',
        tenancy: 'kent',
        resource: 'Surrey – prod/Évidence',
        rule: 'r',
        message: '=cmd|\' /C calc\'!A0, "quoted"\nsecond line',
      }),
    ]);
    const bytes = Buffer.from(renderCsv(report), 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = await readWithExcelJs(renderCsv(report));
    // The BOM is not part of the first header name, and every row has every column.
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(2);
    expect(rows[1]![7]).toBe('Surrey – prod/Évidence');
    expect(rows[1]![10]).toBe("'=cmd|' /C calc'!A0, \"quoted\"\nsecond line");
  });

  test('every leading character a spreadsheet treats as a formula is neutralised, tab and CR included', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
      const cell = csvField(`${lead}HYPERLINK("http://evil")`);
      const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
      expect(unquoted.startsWith("'")).toBe(true);
    }
    // A message that merely contains a formula character later is left alone.
    expect(csvField('a=b')).toBe('a=b');
  });
});
