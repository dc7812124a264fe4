/* eslint-disable @typescript-eslint/no-explicit-any -- template JSON is read untyped in the firewall and route tests */
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

  describe("the firewall lets out only the baseline's domains, on 80 and 443", () => {
    const t = render();
    const resources = t.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
    const policy = Object.values(t.findResources('AWS::NetworkFirewall::FirewallPolicy'))[0]!.Properties.FirewallPolicy as {
      StatefulEngineOptions: { RuleOrder: string };
      StatefulDefaultActions: string[];
      StatefulRuleGroupReferences: { ResourceArn: { 'Fn::GetAtt': [string, string] }; Priority: number }[];
    };
    /** The policy's rule groups in the order strict ordering applies them (lowest priority number first). */
    const groups = [...policy.StatefulRuleGroupReferences]
      .sort((a, b) => a.Priority - b.Priority)
      .map((ref) => resources[ref.ResourceArn['Fn::GetAtt'][0]]!.Properties.RuleGroup.RulesSource as Record<string, any>);

    type Packet = { protocol: 'tcp' | 'udp'; port: number; established: boolean; app?: 'tls' | 'http'; host?: string };
    /** A domain-list target as AWS documents it: `.example.com` is example.com and every name under it; otherwise the exact name. */
    const domainMatches = (target: string, host: string) =>
      target.startsWith('.') ? host === target.slice(1) || host.endsWith(target) : host === target;
    /**
     * Strict order, as Network Firewall applies it: the first rule that matches decides; a packet
     * no rule matches gets the default actions (`drop_established` drops only packets of an
     * established flow). An ALLOWLIST domain list passes its protocols (TLS by SNI, HTTP by Host)
     * to a listed domain and drops them to any other, once the protocol is recognised.
     */
    function verdict(packet: Packet): 'pass' | 'drop' {
      for (const source of groups) {
        if (source.RulesSourceList) {
          const list = source.RulesSourceList as { GeneratedRulesType: string; TargetTypes: string[]; Targets: string[] };
          expect(list.GeneratedRulesType).toBe('ALLOWLIST');
          const inspects =
            (packet.app === 'tls' && list.TargetTypes.includes('TLS_SNI')) ||
            (packet.app === 'http' && list.TargetTypes.includes('HTTP_HOST'));
          if (packet.established && inspects) return list.Targets.some((d) => domainMatches(d, packet.host ?? '')) ? 'pass' : 'drop';
          continue;
        }
        for (const rule of (source.RulesString as string).split('\n')) {
          const [, action, proto, port] = /^(pass|drop) (\w+) \$HOME_NET any -> \$EXTERNAL_NET (\S+) /.exec(rule)!;
          const negated = /^!\[([\d,]+)\]$/.exec(port!);
          const portMatches =
            port === 'any' || (negated ? !negated[1]!.split(',').map(Number).includes(packet.port) : Number(port) === packet.port);
          if ((proto === packet.protocol || (packet.established && proto === packet.app)) && portMatches) return action as 'pass' | 'drop';
        }
      }
      return packet.established ? 'drop' : 'pass';
    }

    test('strict rule order, with established-only default actions', () => {
      expect(policy.StatefulEngineOptions.RuleOrder).toBe('STRICT_ORDER');
      expect(policy.StatefulDefaultActions).toEqual(['aws:drop_established', 'aws:alert_established']);
    });

    test("the allow-list is the baseline's, and it inspects traffic from every spoke (HOME_NET)", () => {
      const list = Object.values(resources).find((r) => r.Properties?.RuleGroup?.RulesSource?.RulesSourceList)!;
      expect(list.Properties.RuleGroup.RulesSource.RulesSourceList.Targets).toEqual(BASELINE_2026_11.egress.allowedFqdns);
      expect(list.Properties.RuleGroup.RulesSource.RulesSourceList.TargetTypes).toEqual(['TLS_SNI', 'HTTP_HOST']);
      expect(list.Properties.RuleGroup.RuleVariables.IPSets.HOME_NET.Definition).toEqual(
        expect.arrayContaining(['10.0.0.0/8', '10.0.0.0/16']),
      );
    });

    test.each([
      ['TLS to an allowed domain', { protocol: 'tcp', port: 443, established: true, app: 'tls', host: 'www.gov.uk' }],
      ['TLS to the apex of an allowed domain', { protocol: 'tcp', port: 443, established: true, app: 'tls', host: 'police.uk' }],
      ['HTTP to an allowed name', { protocol: 'tcp', port: 80, established: true, app: 'http', host: 'security.ubuntu.com' }],
      ['the TCP handshake to 443', { protocol: 'tcp', port: 443, established: false }],
    ] as const)('passes %s', (_what, packet) => {
      expect(verdict(packet)).toBe('pass');
    });

    test.each([
      ['TLS to any other domain', { protocol: 'tcp', port: 443, established: true, app: 'tls', host: 'paste.example.com' }],
      [
        'TLS to a name that only ends like an allowed one',
        { protocol: 'tcp', port: 443, established: true, app: 'tls', host: 'evilgov.uk' },
      ],
      ['HTTP to any other host', { protocol: 'tcp', port: 80, established: true, app: 'http', host: 'example.com' }],
      ['TLS to an allowed domain on another port', { protocol: 'tcp', port: 8443, established: true, app: 'tls', host: 'www.gov.uk' }],
      ['the handshake to another port', { protocol: 'tcp', port: 22, established: false }],
      ['TCP that is neither TLS nor HTTP on 443', { protocol: 'tcp', port: 443, established: true }],
      ['the first packet of a DNS query to the internet', { protocol: 'udp', port: 53, established: false }],
    ] as const)('drops %s', (_what, packet) => {
      expect(verdict(packet)).toBe('drop');
    });
  });

  test("each zone's routes to the firewall use that zone's endpoint", () => {
    const resources = render().toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
    // A subnet's zone, as the template names it.
    const subnetZone = (ref: { Ref: string }) => resources[ref.Ref]!.Properties.AvailabilityZone as string;
    // The firewall's endpoint list, as Network Firewall returns it: one "az:vpce-id" entry per subnet mapping, in no particular order.
    const endpointIds = (firewall: string) =>
      resources[firewall]!.Properties.SubnetMappings.map(
        (m: { SubnetId: { Ref: string } }) => `${subnetZone(m.SubnetId)}:vpce-${m.SubnetId.Ref}`,
      ).reverse();
    const evaluate = (v: any): any => {
      if (v?.['Fn::GetAtt']?.[1] === 'EndpointIds') return endpointIds(v['Fn::GetAtt'][0]);
      if (v?.['Fn::Select']) return evaluate(v['Fn::Select'][1])[v['Fn::Select'][0]];
      if (v?.['Fn::Split']) return (evaluate(v['Fn::Split'][1]) as string).split(v['Fn::Split'][0]);
      if (v?.['Fn::Join']) return (evaluate(v['Fn::Join'][1]) as string[]).join(v['Fn::Join'][0]);
      return v;
    };
    expect(
      new Set(
        Object.values(resources)
          .filter((r) => r.Type === 'AWS::EC2::Subnet')
          .map((r) => r.Properties.AvailabilityZone),
      ).size,
    ).toBe(BASELINE_2026_11.network.aws.availabilityZones);
    const tableZone = new Map<string, string>();
    for (const r of Object.values(resources)) {
      if (r.Type === 'AWS::EC2::SubnetRouteTableAssociation')
        tableZone.set(r.Properties.RouteTableId.Ref, subnetZone(r.Properties.SubnetId));
    }
    const routes = Object.values(resources).filter((r) => r.Type === 'AWS::EC2::Route' && r.Properties.VpcEndpointId);
    expect(routes.length).toBe(BASELINE_2026_11.network.aws.availabilityZones * 2);
    for (const route of routes) {
      const vpce = evaluate(route.Properties.VpcEndpointId) as string;
      const subnet = vpce.replace(/^vpce-/, '');
      expect(subnetZone({ Ref: subnet })).toBe(tableZone.get(route.Properties.RouteTableId.Ref));
    }
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
