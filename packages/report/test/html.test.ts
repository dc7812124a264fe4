import { createHash } from 'node:crypto';
import { CONTROLS } from '@nplz/core';
import { htmlReportData, renderHtml, scriptSafeJson } from '../src/html';
import { estateReport } from './fixtures/findings/estate';
import { DORSET_DECOMMISSIONING, SAMPLE_FINDINGS, decommissioningReport, finding, sampleReport } from './fixtures/findings/sample';

const EVIL = '</script><img src=x onerror=alert(1)> <!-- <script>alert(2)</script> \u2028 & </SCRIPT >';

function embeddedData(html: string): unknown {
  const m = html.match(/<script type="application\/json" id="nplz-data">([\s\S]*?)<\/script>/);
  if (!m) throw new Error('no data element');
  return JSON.parse(m[1]!);
}

describe('HTML report', () => {
  const evil = sampleReport([
    ...SAMPLE_FINDINGS,
    finding({
      control: 'NPLZ-NET-02',
      status: 'fail',
      cloud: 'aws',
      tenancy: 'kent',
      resource: `kent-prod/${EVIL}`,
      rule: EVIL,
      message: EVIL,
      source: EVIL,
    }),
  ]);
  const html = renderHtml(evil);

  test('embeds the data so no text can end the script element or open a comment', () => {
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html).not.toContain('<!--');
    expect(html).not.toContain('<img');
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html).not.toContain('\u2028');
  });

  test('the embedded data reads back exactly, hostile text included', () => {
    const data = embeddedData(html) as ReturnType<typeof htmlReportData>;
    expect(data).toEqual(JSON.parse(JSON.stringify(htmlReportData(evil))));
    expect(data.strings).toContain(EVIL);
  });

  test('scriptSafeJson escapes <, >, & and line separators and parses back to the same value', () => {
    const value = { a: EVIL, b: ['<!--', '-->', '\u2029'] };
    const text = scriptSafeJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  test('is self-contained: no external URL, stylesheet, image, frame or network call', () => {
    const markup = html.replace(/<script type="application\/json" id="nplz-data">[\s\S]*?<\/script>/, '');
    expect(markup).not.toMatch(/https?:\/\//);
    expect(markup).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(markup).not.toMatch(/\b(fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon|import)\s*\(/);
    expect(markup).not.toMatch(/\bsrc=/);
  });

  test('a Content Security Policy allows only its own inline style and script, by hash', () => {
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)![1]!;
    const script = html.match(/<script>([\s\S]*?)<\/script>/)![1]!;
    const style = html.match(/<style>([\s\S]*?)<\/style>/)![1]!;
    const hash = (s: string) => createHash('sha256').update(s).digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash(script)}'`);
    expect(csp).toContain(`style-src 'sha256-${hash(style)}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'none'");
  });

  test('rows are the whole catalog; columns are the national platform then tenancies by name', () => {
    const data = htmlReportData(sampleReport());
    expect(data.controls.map((c) => c.id)).toEqual(CONTROLS.map((c) => c.id));
    expect(data.tenancies).toEqual([
      { name: 'national', forces: [], clouds: ['aws'] },
      { name: 'essex', forces: ['essex'], clouds: ['aws', 'azure'] },
      { name: 'kent', forces: ['kent'], clouds: ['aws', 'azure'] },
      { name: 'kent-essex-its', forces: ['kent', 'essex'], clouds: [] },
    ]);
    expect(data.forces).toEqual({ essex: 'Essex Police', kent: 'Kent Police' });
  });

  test('a control id outside the catalog gets its own row after the catalog', () => {
    const data = htmlReportData(
      sampleReport([
        {
          ...finding({ control: 'NPLZ-NET-01', status: 'fail', cloud: 'aws', tenancy: 'kent', resource: 'r', rule: 'x', message: 'm' }),
          control: 'VENDOR-1',
        },
      ]),
    );
    expect(data.controls.at(-1)).toMatchObject({ id: 'VENDOR-1', severity: 'critical', scopes: ['aws'] });
  });

  test('stays a reasonable size for 44 tenancies × 43 controls and ~20,000 findings', () => {
    const report = estateReport();
    expect(report.findings.length).toBeGreaterThan(19_000);
    const started = performance.now();
    const big = renderHtml(report);
    const ms = performance.now() - started;
    const mb = Buffer.byteLength(big) / 1e6;
    expect(mb).toBeLessThan(5);
    expect(ms).toBeLessThan(3000);
  });
});

describe('HTML report: decommissioning tenancies', () => {
  test('the page data carries each decommissioning tenancy as the report has it, and none when none is', () => {
    const data = embeddedData(renderHtml(decommissioningReport())) as ReturnType<typeof htmlReportData>;
    expect(data.decommissioning).toEqual([DORSET_DECOMMISSIONING]);
    expect((embeddedData(renderHtml(sampleReport())) as ReturnType<typeof htmlReportData>).decommissioning).toEqual([]);
  });
});
