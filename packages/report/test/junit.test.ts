import { renderJunit } from '../src/junit';
import { finding, sampleReport } from './fixtures/findings/sample';

describe('JUnit XML', () => {
  const xml = renderJunit(sampleReport());

  test('has one testsuite per tenancy with its counts', () => {
    const suites = [...xml.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="0" skipped="(\d+)"/g)].map((m) =>
      m.slice(1).join(' '),
    );
    expect(suites).toEqual(['essex 4 0 3', 'kent 5 3 0', 'kent-essex-its 1 0 0', 'national 2 0 0']);
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="nplz audit 0.1.0 \(baseline 2026.11\)" tests="12" failures="3" errors="0" skipped="3"/,
    );
  });

  test('one testcase per control × resource: two sources on the same bucket make one testcase', () => {
    const essexBucket = xml.match(/classname="essex.NPLZ-NET-01" name="\[aws\] essex-prod\/Logs\/Bucket\/Resource"/g);
    expect(essexBucket).toHaveLength(1);
  });

  test('test cases come in the order of their first finding; control, cloud and resource each tell cases apart', () => {
    const f = (control: string, cloud: 'aws' | 'azure', resource: string, status: 'pass' | 'fail', rule: string) =>
      finding({ control, status, cloud, tenancy: 'kent', resource, rule, message: rule });
    const report = sampleReport([
      f('NPLZ-NET-01', 'aws', 'r1', 'pass', 'a'),
      f('NPLZ-NET-01', 'aws', 'r2', 'pass', 'b'),
      f('NPLZ-NET-01', 'azure', 'r1', 'pass', 'c'),
      f('NPLZ-ENC-01', 'aws', 'r1', 'pass', 'd'),
      f('NPLZ-NET-01', 'aws', 'r1', 'fail', 'e'), // the same case as the first, and fails it
      f('NPLZ-NET-01', 'aws', 'r2', 'pass', 'g'),
    ]);
    const out = renderJunit(report);
    const cases = [...out.matchAll(/<testcase classname="kent\.([^"]+)" name="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`);
    // The report's own order of findings (buildReport sorts them), each case where its first finding is.
    expect(cases).toEqual([...new Set(report.findings.map((x) => `${x.control} [${x.cloud}] ${x.resource}`))]);
    expect(new Set(cases)).toEqual(
      new Set(['NPLZ-NET-01 [aws] r1', 'NPLZ-NET-01 [aws] r2', 'NPLZ-NET-01 [azure] r1', 'NPLZ-ENC-01 [aws] r1']),
    );
    expect(out).toMatch(/<testsuite name="kent" tests="4" failures="1" errors="0" skipped="0"/);
    expect(out).toContain('<testcase classname="kent.NPLZ-NET-01" name="[aws] r1" time="0">\n        <failure ');
  });

  test('a failure carries the control, message and severity', () => {
    expect(xml).toContain(
      '<testcase classname="kent.NPLZ-NET-01" name="[aws] kent-prod/LocalAssets/Evidence/Resource" time="0">\n' +
        '        <failure message="NPLZ-NET-01 No public access to storage: Bucket &quot;evidence, uploads&quot; allows public access:&#10;BlockPublicAcls is false" type="critical">',
    );
  });

  test('excepted and not-applicable findings are skipped with the reason', () => {
    expect(xml).toContain(
      '<skipped message="nplz-no-public-ip: excepted: ANPR camera feed needs a fixed public endpoint until the national gateway is live (approved by ciso@essex.police.uk, expires 2027-03-31, 141 days left)"/>',
    );
    expect(xml).toContain('<skipped message="nplz collaboration-consent: Tenancy joins no collaboration"/>');
  });

  test('escapes markup and drops characters XML cannot carry', () => {
    const evil = renderJunit(
      sampleReport([
        finding({
          control: 'NPLZ-NET-01',
          status: 'fail',
          cloud: 'aws',
          tenancy: 'kent',
          resource: 'a<b>&"c"',
          rule: 'r',
          message: ']]></failure><x/>\u0001',
        }),
      ]),
    );
    expect(evil).toContain('name="[aws] a&lt;b&gt;&amp;&quot;c&quot;"');
    expect(evil).toContain(']]&gt;&lt;/failure&gt;&lt;x/&gt;\uFFFD');
    expect(evil).not.toContain('\u0001');
    expect(evil).not.toContain('<x/>');
  });
});
