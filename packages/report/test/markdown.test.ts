import { markdownCell, renderMarkdown } from '../src/markdown';
import {
  ACKNOWLEDGED,
  DORSET_DECOMMISSIONING,
  SAMPLE_FINDINGS,
  decommissioningReport,
  finding,
  sampleReport,
} from './fixtures/findings/sample';

describe('Markdown', () => {
  const md = renderMarkdown(sampleReport());

  test('summary, failures (most severe first) and exceptions', () => {
    expect(md).toContain(
      '| Controls | Tenancies | Pass | Fail | Excepted | Not applicable |\n| --- | --- | --- | --- | --- | --- |\n| 9 | 3 | 7 | 3 | 1 | 2 |',
    );
    expect(md).toContain('Failures by severity: critical 1, high 1, medium 1, low 0.');
    const failures = md.split('## Failures (3)')[1]!.split('## Exceptions')[0]!;
    expect(failures.match(/^\| (critical|high|medium) \| NPLZ-[A-Z]+-\d+/gm)).toEqual([
      '| critical | NPLZ-NET-01',
      '| high | NPLZ-GOV-02',
      '| medium | NPLZ-LOG-05',
    ]);
    expect(failures).toContain('Bucket "evidence, uploads" allows public access: BlockPublicAcls is false');
    expect(failures).toContain('(exception expired 2026-10-01)');
    expect(md).toContain('## Exceptions in force (1)');
    expect(md).toContain(
      '| NPLZ-NET-05 | essex | azure (prod) | urn:pulumi:prod::essex::azure-native:network:PublicIPAddress::anpr-gateway | ANPR camera feed needs a fixed public endpoint until the national gateway is live | ciso@essex.police.uk | 2027-03-31 | 141 |',
    );
  });

  test('says None when there is nothing to list', () => {
    const clean = renderMarkdown(sampleReport([]));
    expect(clean).toContain('## Failures (0)\n\n_None._');
    expect(clean).toContain('## Exceptions in force (0)\n\n_None._');
  });

  test('cells cannot break the table or inject HTML', () => {
    expect(markdownCell('a|b\nc <img src=x onerror=alert(1)> *x* [l](http://e)')).toBe(
      'a\\|b c &lt;img src=x onerror=alert(1)&gt; \\*x\\* \\[l\\](http://e)',
    );
    const md2 = renderMarkdown(
      sampleReport([
        finding({
          control: 'NPLZ-NET-01',
          status: 'fail',
          cloud: 'aws',
          tenancy: 'kent',
          resource: 'r|s',
          rule: 'r',
          message: '</td><script>x</script>',
        }),
      ]),
    );
    expect(md2).not.toMatch(/<script>/);
    expect(md2).toContain('r\\|s');
  });

  test('acknowledgements in code have their own table, apart from the estate exceptions', () => {
    const withAck = renderMarkdown(sampleReport([...SAMPLE_FINDINGS, ACKNOWLEDGED]));
    expect(withAck).toContain('## Exceptions in force (1)');
    expect(withAck).toContain('## Independent rules acknowledged in code (1)');
    expect(withAck).toContain(
      '| AwsSolutions | AwsSolutions-IAM5\\[Action::\\*\\] | kent | Force-kent-prod/Tenancy/LocalAssetsBoundary/Resource | A permissions boundary caps permissions. | new ForceTenancy (packages/aws/dist/force-tenancy.js:212) |',
    );
  });
});

describe('Markdown: decommissioning tenancies', () => {
  test('a section lists each with since, approver, the day its evidence may go, its accounts and subscriptions, and its three rules', () => {
    const md = renderMarkdown(decommissioningReport());
    const section = md.split('## Decommissioning tenancies (1)')[1];
    expect(section).toBeDefined();
    expect(section).toContain(
      '| Tenancy | Since | Approved by | Last write | Evidence may go | Accounts and subscriptions | DecommissionedNoWorkforceAccess | DecommissionedPlacement | DecommissionedKeepsEvidence |',
    );
    expect(section).toContain(
      '| dorset | 2026-11-20 | cdo@dorset.police.uk &lt;b&gt;\\|&lt;/b&gt; | not recorded | the day 2557 days after its last write, no earlier than 2033-11-20 | AWS account 200000000091 (prod), AWS account 200000000092 (nonprod), Azure subscription 00000000-0000-45b5-8000-00000000005b (prod) | pass (NPLZ-IAM-03) | **FAIL** (NPLZ-GRD-04) | pass (NPLZ-RET-02) |',
    );
  });

  test('once the last write is recorded, the day the evidence may go is a date', () => {
    const md = renderMarkdown(
      decommissioningReport([
        {
          ...DORSET_DECOMMISSIONING,
          writesStoppedOn: '2026-12-01',
          retention: { days: 2557, notBefore: '2033-11-20', until: '2033-12-01', text: '2033-12-01' },
        },
      ]),
    );
    expect(md).toContain('| 2026-12-01 |');
    expect(md).toContain('| 2033-12-01 |');
  });

  test('absent when no tenancy is decommissioning', () => {
    expect(renderMarkdown(sampleReport())).not.toContain('Decommissioning');
    expect(renderMarkdown(decommissioningReport([]))).not.toContain('Decommissioning');
  });
});
