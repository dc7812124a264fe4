import { Construct } from 'constructs';
import { aws_ec2 as ec2 } from 'aws-cdk-lib';
import { linkedTenancies, NPLZ_TAGS, NplzError, TenancySpec, DEFAULT_ROUTE_IPV4 } from '@nplz/core';
import { privateSupernets } from './network-hub';
import { usesAws } from './private/tenancy-environment';

/** One tenancy environment's place on the hub. */
export interface TenancyEnvironmentRef {
  readonly tenancy: string;
  readonly environment: string;
}

/** `<tenancy>/<environment>`: the key of a tenancy environment in attachment maps. */
export function tenancyEnvironmentKey(tenancy: string, environment: string): string {
  return `${tenancy}/${environment}`;
}

export interface TenancyRoutingProps {
  /** The hub's Transit Gateway id. */
  readonly transitGatewayId: string;
  /** The inspection VPC attachment id: every spoke's default route. */
  readonly inspectionAttachmentId: string;
  /** The inspection route table id: spokes propagate into it for return traffic. */
  readonly inspectionRouteTableId: string;
  /** The hub range, reached through inspection. */
  readonly hubCidr: string;
  /** Every AWS tenancy in the estate: collaboration membership decides which routes exist. */
  readonly tenancies: readonly TenancySpec[];
  /**
   * The tenancy environments this construct renders route tables for.
   * @default - every environment of every AWS tenancy
   */
  readonly environments?: readonly TenancyEnvironmentRef[];
  /**
   * Spoke attachment ids of deployed tenancies, by `<tenancy>/<environment>` (from the tenancies' manifests).
   * Associations and propagations exist only for known attachments: an attachment that is not
   * listed is connected to nothing.
   * @default - none known yet: route tables and static routes only
   */
  readonly attachments?: Readonly<Record<string, string>>;
}

/**
 * One Transit Gateway route table per tenancy environment. Forces are isolated by default:
 * each table sends the estate's private address space to a blackhole and only the hub range
 * and the internet (both through inspection) anywhere. Routes to another tenancy exist only
 * where a collaboration tenancy names both: the collaboration's environment and the member's
 * environment of the same name propagate into each other's tables.
 */
export class TenancyRouting extends Construct {
  /** Route tables by `<tenancy>/<environment>`. */
  public readonly routeTables: ReadonlyMap<string, ec2.CfnTransitGatewayRouteTable>;

  constructor(scope: Construct, id: string, props: TenancyRoutingProps) {
    super(scope, id);
    const aws = props.tenancies.filter(usesAws);
    const byName = new Map(aws.map((t) => [t.name, t]));
    const all = aws.flatMap((t) => t.environments.map((environment) => ({ tenancy: t.name, environment })));
    const envs = (props.environments ?? all).map(({ tenancy, environment }) => {
      const spec = byName.get(tenancy);
      if (!spec?.environments.includes(environment)) {
        throw NplzError.of({
          path: 'TenancyRouting.environments',
          received: tenancyEnvironmentKey(tenancy, environment),
          message: 'no AWS tenancy has this environment',
          allowed: `one of: ${all.map((a) => tenancyEnvironmentKey(a.tenancy, a.environment)).join(', ')}`,
        });
      }
      return { tenancy, environment, spec };
    });
    for (const key of Object.keys(props.attachments ?? {})) {
      if (!all.some((a) => tenancyEnvironmentKey(a.tenancy, a.environment) === key)) {
        throw NplzError.of({
          path: `TenancyRouting.attachments.${key}`,
          received: key,
          message: 'attachment for an unknown tenancy environment',
          allowed: '<tenancy>/<environment> of an AWS tenancy in the estate',
        });
      }
    }
    const supernets = privateSupernets(aws.flatMap((t) => Object.values(t.aws.network)));
    const attachment = (key: string) => props.attachments?.[key];

    const tables = new Map<string, ec2.CfnTransitGatewayRouteTable>();
    for (const { tenancy, environment, spec } of envs) {
      const key = tenancyEnvironmentKey(tenancy, environment);
      const cid = `${tenancy}-${environment}`;
      const table = new ec2.CfnTransitGatewayRouteTable(this, cid, {
        transitGatewayId: props.transitGatewayId,
        tags: [
          { key: 'Name', value: `nplz-${cid}` },
          { key: NPLZ_TAGS.tenancy, value: tenancy },
          { key: NPLZ_TAGS.environment, value: environment },
        ],
      });
      tables.set(key, table);
      const rtId = table.attrTransitGatewayRouteTableId;
      new ec2.CfnTransitGatewayRoute(this, `${cid}-Default`, {
        transitGatewayRouteTableId: rtId,
        destinationCidrBlock: DEFAULT_ROUTE_IPV4,
        transitGatewayAttachmentId: props.inspectionAttachmentId,
      });
      new ec2.CfnTransitGatewayRoute(this, `${cid}-Hub`, {
        transitGatewayRouteTableId: rtId,
        destinationCidrBlock: props.hubCidr,
        transitGatewayAttachmentId: props.inspectionAttachmentId,
      });
      supernets.forEach((sn, i) => {
        new ec2.CfnTransitGatewayRoute(this, `${cid}-Isolate${i + 1}`, {
          transitGatewayRouteTableId: rtId,
          destinationCidrBlock: sn,
          blackhole: true,
        });
      });
      const own = attachment(key);
      if (own) {
        new ec2.CfnTransitGatewayRouteTableAssociation(this, `${cid}-Association`, {
          transitGatewayAttachmentId: own,
          transitGatewayRouteTableId: rtId,
        });
        new ec2.CfnTransitGatewayRouteTablePropagation(this, `${cid}-ToInspection`, {
          transitGatewayAttachmentId: own,
          transitGatewayRouteTableId: props.inspectionRouteTableId,
        });
      }
      for (const partner of partners(spec, environment, aws)) {
        const theirs = attachment(partner);
        if (theirs) {
          new ec2.CfnTransitGatewayRouteTablePropagation(this, `${cid}-From-${partner.replace('/', '-')}`, {
            transitGatewayAttachmentId: theirs,
            transitGatewayRouteTableId: rtId,
          });
        }
      }
    }
    this.routeTables = tables;
  }
}

/** The tenancy environments a tenancy environment may reach: only through a collaboration that names both. */
export function partners(spec: TenancySpec, environment: string, tenancies: readonly TenancySpec[]): string[] {
  return linkedTenancies(spec, tenancies)
    .filter((t) => t.environments.includes(environment))
    .map((t) => tenancyEnvironmentKey(t.name, environment));
}
