import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BASELINE_2026_11, TenancySpec } from '@nplz/core';
import { NetworkHub, NetworkHubProps, TenancyRouting, tenancyEnvironmentKey } from '@nplz/aws';
import { subEstate } from './estate-helpers';
import { testStack } from './helpers';

const estate = subEstate(['kent', 'essex', 'surrey', 'kent-essex-its']);
const specs: TenancySpec[] = estate.tenancies.map((t) => t.spec);
const hubProps: NetworkHubProps = {
  baseline: BASELINE_2026_11,
  hubCidr: '10.0.0.0/16',
  organizationId: 'o-nplzsample01',
  managementAccount: '100000000001',
  logArchiveBucketName: 'nplz-log-archive-100000000002-eu-west-2',
  spokeRanges: specs.flatMap((s) => Object.values(s.aws!.network)),
};

describe('NetworkHub', () => {
  const render = (p: NetworkHubProps = hubProps) => {
    const stack = testStack('100000000004');
    new NetworkHub(stack, 'Hub', p);
    return Template.fromStack(stack);
  };

  test('the Transit Gateway connects nothing by default and is shared only inside the organisation', () => {
    const t = render();
    t.hasResourceProperties('AWS::EC2::TransitGateway', {
      AmazonSideAsn: BASELINE_2026_11.network.aws.transitGatewayAsn,
      AutoAcceptSharedAttachments: 'disable',
      DefaultRouteTableAssociation: 'disable',
      DefaultRouteTablePropagation: 'disable',
    });
    t.hasResourceProperties('AWS::RAM::ResourceShare', { AllowExternalPrincipals: false });
    expect(JSON.stringify(t.findResources('AWS::RAM::ResourceShare'))).toContain(
      ':organizations::100000000001:organization/o-nplzsample01',
    );
  });

  test('inspection VPC: Network Firewall in every zone, NAT egress, logging to the archive, Resolver endpoints', () => {
    const t = render();
    const zones = BASELINE_2026_11.network.aws.availabilityZones;
    t.resourceCountIs('AWS::EC2::Subnet', 3 * zones);
    t.resourceCountIs('AWS::EC2::NatGateway', zones);
    t.hasResourceProperties('AWS::NetworkFirewall::FirewallPolicy', {
      FirewallPolicy: { StatelessDefaultActions: ['aws:forward_to_sfe'], StatefulDefaultActions: ['aws:drop_strict', 'aws:alert_strict'] },
    });
    t.hasResourceProperties('AWS::NetworkFirewall::Firewall', { DeleteProtection: true });
    t.hasResourceProperties('AWS::EC2::FlowLog', {
      LogDestinationType: 's3',
      TrafficType: 'ALL',
      MaxAggregationInterval: BASELINE_2026_11.network.aws.flowLogIntervalSeconds,
    });
    expect(JSON.stringify(t.findResources('AWS::EC2::FlowLog'))).toContain(':s3:::nplz-log-archive-100000000002-eu-west-2/flow-logs/');
    t.resourceCountIs('AWS::Route53Resolver::ResolverEndpoint', 2);
  });

  test.each([
    [
      { hubCidr: '10.0.0.0/33' },
      'NetworkHub.hubCidr: hubCidr is not a valid range: prefix length /33 is greater than 32\n    received: "10.0.0.0/33"',
    ],
    [
      { hubCidr: '8.8.0.0/16' },
      'NetworkHub.hubCidr: hubCidr is not a private range\n    received: "8.8.0.0/16"\n    allowed:  a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16',
    ],
    [
      { hubCidr: '10.0.0.0/24' },
      'NetworkHub.hubCidr: hubCidr is too small for 3 tiers of /24 subnets in 3 zones\n    received: "10.0.0.0/24"\n    allowed:  a range holding at least 9 /24 subnets',
    ],
    [{ spokeRanges: ['10.0.128.0/17'] }, 'NetworkHub.spokeRanges: spoke range 10.0.128.0/17 overlaps the hub 10.0.0.0/16'],
  ])('fails if %j', (patch, message) => {
    expect(() => render({ ...hubProps, ...patch })).toThrow(message);
  });
});

describe('TenancyRouting: forces are isolated unless a collaboration says otherwise', () => {
  // Attachment ids as the tenancies' manifests would report them once deployed.
  const attachments: Record<string, string> = {};
  specs.forEach((s, i) =>
    s.environments.forEach((e, j) => {
      attachments[tenancyEnvironmentKey(s.name, e)] = `tgw-attach-${String(i * 10 + j).padStart(17, '0')}`;
    }),
  );
  const byAttachment = new Map(Object.entries(attachments).map(([k, v]) => [v, k]));

  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Routing', { env: { account: '100000000004', region: 'eu-west-2' } });
  new TenancyRouting(stack, 'Routing', {
    transitGatewayId: 'tgw-0123456789abcdef0',
    inspectionAttachmentId: 'tgw-attach-inspection',
    inspectionRouteTableId: 'tgw-rtb-inspection',
    hubCidr: '10.0.0.0/16',
    tenancies: specs,
    attachments,
  });
  const t = Template.fromStack(stack);
  const tables = t.findResources('AWS::EC2::TransitGatewayRouteTable');
  const tableKey = (logicalId: string) => {
    const tags = tables[logicalId]!.Properties.Tags as { Key: string; Value: string }[];
    return tenancyEnvironmentKey(tags.find((x) => x.Key === 'nplz:tenancy')!.Value, tags.find((x) => x.Key === 'nplz:environment')!.Value);
  };
  const refOf = (v: unknown) => (v as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

  /** What each tenancy environment's route table can reach: propagated attachments and non-blackhole static routes. */
  const reach = new Map<string, Set<string>>();
  for (const id of Object.keys(tables)) reach.set(tableKey(id), new Set());
  for (const p of Object.values(t.findResources('AWS::EC2::TransitGatewayRouteTablePropagation'))) {
    const rt = p.Properties.TransitGatewayRouteTableId;
    if (rt === 'tgw-rtb-inspection') continue;
    reach.get(tableKey(refOf(rt)))!.add(byAttachment.get(p.Properties.TransitGatewayAttachmentId)!);
  }
  const routes = Object.values(t.findResources('AWS::EC2::TransitGatewayRoute')).map((r) => r.Properties);

  test('one route table per tenancy environment', () => {
    expect([...reach.keys()].sort()).toEqual(Object.keys(attachments).sort());
  });

  test.each(Object.keys(attachments))('%s reaches only its collaboration partners', (key) => {
    const [tenancy, env] = key.split('/');
    const expected =
      tenancy === 'kent-essex-its'
        ? [`kent/${env}`, `essex/${env}`]
        : (tenancy === 'kent' || tenancy === 'essex') && env === 'prod'
          ? ['kent-essex-its/prod']
          : [];
    expect([...reach.get(key)!].sort()).toEqual(expected.sort());
  });

  test('static routes lead only to inspection or a blackhole for the estate address space', () => {
    for (const r of routes) {
      if (r.Blackhole) expect(r.DestinationCidrBlock).toBe('10.0.0.0/8');
      else expect(r.TransitGatewayAttachmentId).toBe('tgw-attach-inspection');
    }
    expect(routes.filter((r) => r.Blackhole)).toHaveLength(reach.size);
  });

  test('each attachment is associated with its own table and propagates to inspection for return traffic', () => {
    const assoc = Object.values(t.findResources('AWS::EC2::TransitGatewayRouteTableAssociation')).map((a) => [
      byAttachment.get(a.Properties.TransitGatewayAttachmentId),
      tableKey(refOf(a.Properties.TransitGatewayRouteTableId)),
    ]);
    for (const [att, table] of assoc) expect(att).toBe(table);
    expect(assoc).toHaveLength(reach.size);
    t.resourcePropertiesCountIs(
      'AWS::EC2::TransitGatewayRouteTablePropagation',
      { TransitGatewayRouteTableId: 'tgw-rtb-inspection' },
      reach.size,
    );
  });

  test('fails if an attachment names an unknown tenancy environment', () => {
    const s = new Stack(new App(), 'X');
    expect(
      () =>
        new TenancyRouting(s, 'R', {
          transitGatewayId: 't',
          inspectionAttachmentId: 'a',
          inspectionRouteTableId: 'r',
          hubCidr: '10.0.0.0/16',
          tenancies: specs,
          attachments: { 'kent/dev': 'tgw-attach-1' },
        }),
    ).toThrow(
      'TenancyRouting.attachments.kent/dev: attachment for an unknown tenancy environment\n    received: "kent/dev"\n    allowed:  <tenancy>/<environment> of an AWS tenancy in the estate',
    );
  });
});
