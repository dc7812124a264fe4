import { CSV_COLUMNS, csvField, renderCsv } from '../src/csv';
import { finding, sampleReport } from './fixtures/findings/sample';

/** A small RFC 4180 reader, to prove the file reads back to the same fields. */
function parseCsv(text: string): string[][] {
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
    ]);
    const expired = rows.find((r) => r[9] === 'exception-unexpired')!;
    expect(expired.slice(13)).toEqual(['Legacy RDP jump host during migration', 'ciso@kent.police.uk', '2026-10-01', '-50']);
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
});
