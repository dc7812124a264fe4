import { Fn, Stack, Token, aws_ec2 as ec2, aws_networkfirewall as nfw, aws_ram as ram, aws_route53resolver as r53r } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Baseline, Ipv4Cidr, NplzError, DEFAULT_ROUTE_IPV4, defined } from '@nplz/core';
import { availabilityZones } from './private/names';
import { acknowledgeGuardRule } from './private/acknowledge';
import { DefaultSecurityGroupClosed } from './private/default-security-group';

export interface NetworkHubProps {
  /** The baseline whose network settings (ASN, zones, subnet size, flow-log interval) apply. */
  readonly baseline: Baseline;
  /** The hub range, e.g. `10.0.0.0/16`. */
  readonly hubCidr: string;
  /** Every tenancy address range that reaches the hub: spoke return routes and DNS clients. */
  readonly spokeRanges: readonly string[];
  /** AWS Organizations id and management account: the Transit Gateway is shared with the organisation. */
  readonly organizationId: string;
  readonly managementAccount: string;
  /** Bucket (in the log archive account) receiving flow, firewall and DNS query logs. */
  readonly logArchiveBucketName: string;
}

/**
 * The hub's egress rules that come before the baseline's domain allow-list, in strict order. TCP
 * leaves only on 80 and 443 (the ports the Azure Firewall's application rules use), where the
 * allow-list then decides by TLS SNI or HTTP Host. Connectionless traffic is dropped outright:
 * the established-only default would let the first packet of every UDP or ICMP flow out (enough
 * for DNS tunnelling), since such a flow is "established" only once a reply is seen.
 */
const EGRESS_RULES = [
  'drop tcp $HOME_NET any -> $EXTERNAL_NET ![80,443] (msg:"NPLZ TCP egress only to 80 and 443"; sid:1000004; rev:1;)',
  'drop udp $HOME_NET any -> $EXTERNAL_NET any (msg:"NPLZ no UDP egress"; sid:1000002; rev:1;)',
  'drop icmp $HOME_NET any -> $EXTERNAL_NET any (msg:"NPLZ no ICMP egress"; sid:1000003; rev:1;)',
] as const;

/**
 * Network Firewall's rule-group capacity for a domain list: one unit per domain and target type
 * (TLS SNI, HTTP Host), with room to add domains in a later baseline without replacing the group.
 */
function domainListCapacity(domains: number): number {
  return Math.max(100, domains * 2 * 2);
}

/** What the firewall does with packets no rule matched: drop and alert, but only on established flows. */
const STATEFUL_DEFAULT_ACTIONS = ['aws:drop_established', 'aws:alert_established'] as const;

/** The RFC 1918 private blocks. A standard, not a policy choice. */
const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => Ipv4Cidr.parse(c));

/** The RFC 1918 blocks that contain any of the ranges: the estate's private address space. */
export function privateSupernets(ranges: readonly string[]): string[] {
  const parsed = ranges.map((r) => Ipv4Cidr.parse(r));
  return RFC1918.filter((b) => parsed.some((r) => b.contains(r))).map((b) => b.toString());
}

/**
 * The national network hub: a Transit Gateway shared with the organisation (no automatic
 * association, propagation or acceptance, so nothing is connected by default), an inspection
 * VPC where AWS Network Firewall inspects all spoke traffic, central egress through NAT, and
 * Route 53 Resolver endpoints. Per-tenancy route tables live in {@link TenancyRouting}.
 */
export class NetworkHub extends Construct {
  public readonly transitGateway: ec2.CfnTransitGateway;
  /** The inspection VPC's attachment: every spoke's default route points here. */
  public readonly inspectionAttachment: ec2.CfnTransitGatewayVpcAttachment;
  /** Associated with the inspection attachment; every spoke propagates into it. */
  public readonly inspectionRouteTable: ec2.CfnTransitGatewayRouteTable;
  public readonly vpc: ec2.CfnVPC;
  public readonly firewall: nfw.CfnFirewall;
  public readonly hubCidr: string;

  constructor(scope: Construct, id: string, props: NetworkHubProps) {
    super(scope, id);
    const net = props.baseline.network.aws;
    const hub = Ipv4Cidr.tryParse(props.hubCidr);
    if (typeof hub === 'string') {
      throw NplzError.of({
        path: 'NetworkHub.hubCidr',
        received: props.hubCidr,
        message: `hubCidr is not a valid range: ${hub}`,
        allowed: 'a private IPv4 CIDR such as 10.0.0.0/16',
      });
    }
    if (!hub.isPrivate) {
      throw NplzError.of({
        path: 'NetworkHub.hubCidr',
        received: props.hubCidr,
        message: 'hubCidr is not a private range',
        allowed: 'a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16',
      });
    }
    const tiers = 3; // transit, firewall, public
    const subnets = hub.prefix <= net.spokeSubnetPrefix ? hub.subnets(net.spokeSubnetPrefix) : [];
    if (subnets.length < tiers * net.availabilityZones) {
      throw NplzError.of({
        path: 'NetworkHub.hubCidr',
        received: props.hubCidr,
        message: `hubCidr is too small for ${tiers} tiers of /${net.spokeSubnetPrefix} subnets in ${net.availabilityZones} zones`,
        allowed: `a range holding at least ${tiers * net.availabilityZones} /${net.spokeSubnetPrefix} subnets`,
      });
    }
    for (const r of props.spokeRanges) {
      const s = Ipv4Cidr.parse(r);
      if (s.overlaps(hub)) {
        throw NplzError.of({
          path: 'NetworkHub.spokeRanges',
          received: r,
          message: `spoke range ${r} overlaps the hub ${props.hubCidr}`,
          allowed: 'ranges outside the hub range',
        });
      }
    }
    this.hubCidr = props.hubCidr;
    const stack = Stack.of(this);
    const azs = availabilityZones(net.availabilityZones);
    // Literal zone names (`<region>a`, `b`, …): the firewall endpoint routes select by zone name.
    if (Token.isUnresolved(stack.region)) {
      throw NplzError.of({
        path: 'NetworkHub',
        received: 'a stack without env.region',
        message: "the hub names its availability zones to route each to its own zone's firewall endpoint, so it needs its region",
        allowed: 'a stack with env.region set (the national network stack always has one)',
      });
    }
    const zoneNames = azs.map((_, i) => `${stack.region}${String.fromCharCode('a'.charCodeAt(0) + i)}`);
    const supernets = privateSupernets(props.spokeRanges);

    this.transitGateway = new ec2.CfnTransitGateway(this, 'TransitGateway', {
      description: 'NPLZ national hub',
      amazonSideAsn: net.transitGatewayAsn,
      // CloudFormation has no resource that accepts a shared attachment, so with acceptance off every
      // spoke attachment would stay pendingAcceptance and the routing stacks' associations fail. An
      // accepted attachment is associated with and propagated to no route table (both defaults are
      // off), so it reaches nothing until its tenancy's routing associates it; the share is
      // organisation-only. (Security Hub EC2.23 reports this; docs/auditing.md says why it is accepted.)
      autoAcceptSharedAttachments: 'enable',
      defaultRouteTableAssociation: 'disable',
      defaultRouteTablePropagation: 'disable',
      dnsSupport: 'enable',
      vpnEcmpSupport: 'enable',
      tags: [{ key: 'Name', value: 'nplz-hub' }],
    });
    acknowledgeGuardRule(
      this.transitGateway,
      'ec2_transit_gateway_auto_vpc_attach_disabled_check',
      'CT.EC2.PR.6: CloudFormation cannot accept a shared attachment, so the hub accepts them; an accepted attachment joins no route table (default association and propagation are off) and reaches nothing until its tenancy routing associates it. The proactive control is not supported on the Infrastructure OU (docs/auditing.md).',
    );
    new ram.CfnResourceShare(this, 'TransitGatewayShare', {
      name: 'nplz-hub-transit-gateway',
      allowExternalPrincipals: false,
      principals: [`arn:${stack.partition}:organizations::${props.managementAccount}:organization/${props.organizationId}`],
      resourceArns: [`arn:${stack.partition}:ec2:${stack.region}:${stack.account}:transit-gateway/${this.transitGateway.attrId}`],
    });

    this.vpc = new ec2.CfnVPC(this, 'InspectionVpc', {
      cidrBlock: props.hubCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: [{ key: 'Name', value: 'nplz-inspection' }],
    });
    new ec2.CfnFlowLog(this, 'InspectionFlowLog', {
      resourceId: this.vpc.ref,
      resourceType: 'VPC',
      trafficType: 'ALL',
      logDestinationType: 's3',
      logDestination: `arn:${stack.partition}:s3:::${props.logArchiveBucketName}/flow-logs/`,
      maxAggregationInterval: net.flowLogIntervalSeconds,
    });
    // The default security group admits its members and sends anywhere; nothing should use it.
    new DefaultSecurityGroupClosed(this, 'DefaultSecurityGroupClosed', { vpc: this.vpc });
    // One subnet per zone in each tier; tier n takes the nth run of azs.length blocks (the range was checked to hold them).
    const tierSubnets = (tier: string, n: number) =>
      azs.map(
        (az, i) =>
          new ec2.CfnSubnet(this, `${tier}Subnet${i + 1}`, {
            vpcId: this.vpc.ref,
            cidrBlock: defined(subnets[n * azs.length + i], `the hub ${tier} subnet block in ${az.label}`).toString(),
            availabilityZone: zoneNames[i],
            mapPublicIpOnLaunch: false,
            tags: [{ key: 'Name', value: `nplz-inspection-${tier.toLowerCase()}-${az.label}` }],
          }),
      );
    const transit = tierSubnets('Transit', 0);
    const fwSubnets = tierSubnets('Firewall', 1);
    const publicSubnets = tierSubnets('Public', 2);

    const igw = new ec2.CfnInternetGateway(this, 'InternetGateway', { tags: [{ key: 'Name', value: 'nplz-egress' }] });
    const igwAttach = new ec2.CfnVPCGatewayAttachment(this, 'InternetGatewayAttachment', {
      vpcId: this.vpc.ref,
      internetGatewayId: igw.ref,
    });

    // Firewall: inspect everything statefully; egress only to the baseline's domains, drop and alert on the rest.
    const homeNet = { ipSets: { HOME_NET: { definition: [...supernets, props.hubCidr] } } };
    const egressRules = new nfw.CfnRuleGroup(this, 'EgressRules', {
      ruleGroupName: 'nplz-egress',
      type: 'STATEFUL',
      capacity: 100,
      ruleGroup: {
        statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
        rulesSource: { rulesString: EGRESS_RULES.join('\n') },
        ruleVariables: homeNet,
      },
    });
    const domains = props.baseline.egress.allowedFqdns;
    // A domain list allow-list passes TLS (by SNI) and HTTP (by Host) to the listed domains and drops
    // those protocols to any other; HOME_NET must name the spokes, or only the hub's own traffic is inspected.
    const egressDomains = new nfw.CfnRuleGroup(this, 'EgressDomains', {
      ruleGroupName: 'nplz-egress-domains',
      type: 'STATEFUL',
      capacity: domainListCapacity(domains.length),
      description: `NPLZ baseline ${props.baseline.version}: the egress allow-list`,
      ruleGroup: {
        statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
        rulesSource: { rulesSourceList: { generatedRulesType: 'ALLOWLIST', targetTypes: ['TLS_SNI', 'HTTP_HOST'], targets: [...domains] } },
        ruleVariables: homeNet,
      },
    });
    const policy = new nfw.CfnFirewallPolicy(this, 'FirewallPolicy', {
      firewallPolicyName: 'nplz-inspection',
      firewallPolicy: {
        statelessDefaultActions: ['aws:forward_to_sfe'],
        statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        statefulEngineOptions: { ruleOrder: 'STRICT_ORDER' },
        // "Established", not "strict": the TCP handshake must pass before the domain list can read
        // the SNI or Host. With drop_strict every handshake packet matched no rule and all egress was dropped.
        statefulDefaultActions: [...STATEFUL_DEFAULT_ACTIONS],
        statefulRuleGroupReferences: [
          { resourceArn: egressRules.attrRuleGroupArn, priority: 1 },
          { resourceArn: egressDomains.attrRuleGroupArn, priority: 2 },
        ],
      },
    });
    this.firewall = new nfw.CfnFirewall(this, 'Firewall', {
      firewallName: 'nplz-inspection',
      firewallPolicyArn: policy.attrFirewallPolicyArn,
      vpcId: this.vpc.ref,
      subnetMappings: fwSubnets.map((s) => ({ subnetId: s.ref })),
      deleteProtection: true,
      subnetChangeProtection: true,
      firewallPolicyChangeProtection: false,
    });
    new nfw.CfnLoggingConfiguration(this, 'FirewallLogging', {
      firewallArn: this.firewall.ref,
      loggingConfiguration: {
        logDestinationConfigs: ['FLOW', 'ALERT'].map((logType) => ({
          logType,
          logDestinationType: 'S3',
          logDestination: { bucketName: props.logArchiveBucketName, prefix: `network-firewall/${logType.toLowerCase()}` },
        })),
      },
    });
    // EndpointIds are "az:vpce-id" strings in no particular order, so an endpoint is picked by its
    // zone's name, not its position: join the list, split after "<zone>:", keep up to the next
    // comma. Fn::Split takes only a literal delimiter, hence the hub's literal zone names. Endpoint i
    // serves zone i in both directions (appliance mode), so flows stay symmetric.
    const endpoint = (i: number) =>
      Fn.select(
        0,
        Fn.split(
          ',',
          Fn.select(1, Fn.split(`${defined(zoneNames[i], `the hub zone ${i + 1}`)}:`, Fn.join(',', this.firewall.attrEndpointIds))),
        ),
      );

    this.inspectionAttachment = new ec2.CfnTransitGatewayVpcAttachment(this, 'InspectionAttachment', {
      transitGatewayId: this.transitGateway.attrId,
      vpcId: this.vpc.ref,
      subnetIds: transit.map((s) => s.ref),
      options: { ApplianceModeSupport: 'enable', DnsSupport: 'enable' },
      tags: [{ key: 'Name', value: 'nplz-inspection' }],
    });

    azs.forEach(({ label: az }, i) => {
      const rt = (tier: string, subnet: ec2.CfnSubnet) => {
        const table = new ec2.CfnRouteTable(this, `${tier}RouteTable${i + 1}`, {
          vpcId: this.vpc.ref,
          tags: [{ key: 'Name', value: `nplz-inspection-${tier.toLowerCase()}-${az}` }],
        });
        new ec2.CfnSubnetRouteTableAssociation(this, `${tier}RouteTableAssociation${i + 1}`, {
          subnetId: subnet.ref,
          routeTableId: table.ref,
        });
        return table;
      };
      const inZone = (tier: string, ofTier: readonly ec2.CfnSubnet[]) => defined(ofTier[i], `the hub ${tier} subnet in ${az}`);
      const transitRt = rt('Transit', inZone('Transit', transit));
      const fwRt = rt('Firewall', inZone('Firewall', fwSubnets));
      const publicSubnet = inZone('Public', publicSubnets);
      const publicRt = rt('Public', publicSubnet);
      const eip = new ec2.CfnEIP(this, `NatAddress${i + 1}`, { domain: 'vpc', tags: [{ key: 'Name', value: `nplz-egress-${az}` }] });
      const nat = new ec2.CfnNatGateway(this, `NatGateway${i + 1}`, {
        subnetId: publicSubnet.ref,
        allocationId: eip.attrAllocationId,
        tags: [{ key: 'Name', value: `nplz-egress-${az}` }],
      });
      nat.addResourceDependency(igwAttach);
      new ec2.CfnRoute(this, `TransitDefault${i + 1}`, {
        routeTableId: transitRt.ref,
        destinationCidrBlock: DEFAULT_ROUTE_IPV4,
        vpcEndpointId: endpoint(i),
      });
      new ec2.CfnRoute(this, `FirewallDefault${i + 1}`, {
        routeTableId: fwRt.ref,
        destinationCidrBlock: DEFAULT_ROUTE_IPV4,
        natGatewayId: nat.ref,
      });
      new ec2.CfnRoute(this, `PublicDefault${i + 1}`, {
        routeTableId: publicRt.ref,
        destinationCidrBlock: DEFAULT_ROUTE_IPV4,
        gatewayId: igw.ref,
      }).addResourceDependency(igwAttach);
      supernets.forEach((sn, j) => {
        new ec2.CfnRoute(this, `FirewallToSpokes${i + 1}-${j + 1}`, {
          routeTableId: fwRt.ref,
          destinationCidrBlock: sn,
          transitGatewayId: this.transitGateway.attrId,
        }).addResourceDependency(this.inspectionAttachment);
        new ec2.CfnRoute(this, `PublicToSpokes${i + 1}-${j + 1}`, {
          routeTableId: publicRt.ref,
          destinationCidrBlock: sn,
          vpcEndpointId: endpoint(i),
        });
      });
    });

    this.inspectionRouteTable = new ec2.CfnTransitGatewayRouteTable(this, 'InspectionRouteTable', {
      transitGatewayId: this.transitGateway.attrId,
      tags: [{ key: 'Name', value: 'nplz-inspection' }],
    });
    new ec2.CfnTransitGatewayRouteTableAssociation(this, 'InspectionAssociation', {
      transitGatewayAttachmentId: this.inspectionAttachment.attrId,
      transitGatewayRouteTableId: this.inspectionRouteTable.attrTransitGatewayRouteTableId,
    });

    // DNS: inbound endpoint for spokes, outbound endpoint for forwarding to force on-premises resolvers.
    const dnsSg = new ec2.CfnSecurityGroup(this, 'ResolverSecurityGroup', {
      vpcId: this.vpc.ref,
      groupDescription: 'NPLZ Route 53 Resolver endpoints: DNS from the estate',
      securityGroupIngress: [...supernets, props.hubCidr].flatMap((cidr) =>
        ['tcp', 'udp'].map((ipProtocol) => ({ ipProtocol, fromPort: 53, toPort: 53, cidrIp: cidr, description: `DNS from ${cidr}` })),
      ),
      securityGroupEgress: [...supernets, props.hubCidr].flatMap((cidr) =>
        ['tcp', 'udp'].map((ipProtocol) => ({ ipProtocol, fromPort: 53, toPort: 53, cidrIp: cidr, description: `DNS to ${cidr}` })),
      ),
    });
    for (const direction of ['INBOUND', 'OUTBOUND'] as const) {
      new r53r.CfnResolverEndpoint(this, `Resolver${direction === 'INBOUND' ? 'Inbound' : 'Outbound'}`, {
        name: `nplz-${direction.toLowerCase()}`,
        direction,
        securityGroupIds: [dnsSg.attrGroupId],
        ipAddresses: transit.map((s) => ({ subnetId: s.ref })),
      });
    }
    const queryLogs = new r53r.CfnResolverQueryLoggingConfig(this, 'ResolverQueryLogging', {
      name: 'nplz-dns-queries',
      destinationArn: `arn:${stack.partition}:s3:::${props.logArchiveBucketName}`,
    });
    new r53r.CfnResolverQueryLoggingConfigAssociation(this, 'ResolverQueryLoggingAssociation', {
      resolverQueryLogConfigId: queryLogs.attrId,
      resourceId: this.vpc.ref,
    });
  }
}
