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
      AutoAcceptSharedAttachments: 'enable',
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
      FirewallPolicy: {
        StatelessDefaultActions: ['aws:forward_to_sfe'],
        StatefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
      },
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

  describe('the firewall lets TLS egress out and nothing else', () => {
    const t = render();
    const policy = Object.values(t.findResources('AWS::NetworkFirewall::FirewallPolicy'))[0]!.Properties.FirewallPolicy as {
      StatefulEngineOptions: { RuleOrder: string };
      StatefulDefaultActions: string[];
    };
    const rules = (
      Object.values(t.findResources('AWS::NetworkFirewall::RuleGroup'))[0]!.Properties.RuleGroup.RulesSource.RulesString as string
    ).split('\n');

    /**
     * Strict order, as Network Firewall applies it: the first rule that matches decides; a packet
     * no rule matches gets the default actions. `drop_strict` drops every such packet;
     * `drop_established` only those of an established flow.
     */
    function verdict(packet: { protocol: 'tcp' | 'udp'; port: number; established: boolean; app?: 'tls' | 'http' }): 'pass' | 'drop' {
      for (const rule of rules) {
        const m = /^(pass|drop) (\w+) \$HOME_NET any -> \$EXTERNAL_NET (\w+) /.exec(rule)!;
        const [, action, proto, port] = m;
        const protoMatches = proto === packet.protocol || (proto === 'tls' && packet.app === 'tls');
        if (protoMatches && (port === 'any' || Number(port) === packet.port)) return action as 'pass' | 'drop';
      }
      const drop = policy.StatefulDefaultActions.find((a) => a.startsWith('aws:drop_'));
      if (drop === 'aws:drop_strict') return 'drop';
      if (drop === 'aws:drop_established') return packet.established ? 'drop' : 'pass';
      return 'pass';
    }

    test('strict rule order, with established-only default actions', () => {
      expect(policy.StatefulEngineOptions.RuleOrder).toBe('STRICT_ORDER');
      expect(policy.StatefulDefaultActions).toEqual(['aws:drop_established', 'aws:alert_established']);
    });

    test('a TLS connection to 443 gets through: handshake, then the TLS records', () => {
      const handshake = { protocol: 'tcp', port: 443, established: false } as const;
      expect(verdict(handshake)).toBe('pass');
      expect(verdict({ protocol: 'tcp', port: 443, established: true, app: 'tls' })).toBe('pass');
    });

    test.each([
      ['plain HTTP on 80', { protocol: 'tcp', port: 80, established: true, app: 'http' }],
      ['plain HTTP on 443', { protocol: 'tcp', port: 443, established: true, app: 'http' }],
      ['the first packet of a DNS query to the internet', { protocol: 'udp', port: 53, established: false }],
    ] as const)('drops %s', (_what, packet) => {
      expect(verdict(packet)).toBe('drop');
    });
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
