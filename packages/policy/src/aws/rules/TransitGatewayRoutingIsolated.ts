import { COLLABORATION_TAG_VALUE, tagKeyFor } from '@nplz/core';
import type { AwsRule, AwsRuleContext, CfnResourceJson } from '../types';
import { effectiveTags, fail, flatText, forceTagKey, pass, resolveRef, resourceTags, tenancyTagKey } from '../private/cfn';

/**
 * Which tenancy an attachment belongs to. Read, in order, from:
 * 1. the `nplz:tenancy` tag of the attachment resource, when it is in the same template;
 * 2. the construct id TenancyRouting gives the resource (construct ids are a public contract):
 *    `<tenancy>-<env>-Association` is the table's own attachment, and
 *    `<tenancy>-<env>-From-<partner>-<env>` propagates partner's attachment.
 */
function attachmentTenancy(r: CfnResourceJson, ctx: AwsRuleContext, table: { tenancy: string; environment?: string }): string | undefined {
  const att = resolveRef(r.Properties?.TransitGatewayAttachmentId, ctx);
  const tagged = att && resourceTags(att.resource)[tenancyTagKey(ctx)];
  if (tagged) return tagged;
  const path = String(r.Metadata?.['aws:cdk:path'] ?? ctx.logicalId);
  const id = path.split('/').pop() ?? '';
  const own = table.environment ? `${table.tenancy}-${table.environment}` : undefined;
  if (own && id === `${own}-Association`) return table.tenancy;
  if (own && id === `${own}-ToInspection`) return table.tenancy;
  const from = /-From-(.+)$/.exec(id)?.[1];
  if (from && table.environment && from.endsWith(`-${table.environment}`)) return from.slice(0, -(table.environment.length + 1));
  return undefined;
}

/** True when the two tenancies meet in a collaboration that names both. */
function collaborate(a: string, b: string, ctx: AwsRuleContext, tableIsCollaboration: boolean): boolean {
  if (ctx.collaborations) {
    return (ctx.collaborations[a] ?? []).includes(b) || (ctx.collaborations[b] ?? []).includes(a);
  }
  return tableIsCollaboration;
}

export const TransitGatewayRoutingIsolated: AwsRule = {
  name: 'TransitGatewayRoutingIsolated',
  control: 'NPLZ-NET-03',
  resourceTypes: ['AWS::EC2::TransitGatewayRouteTableAssociation', 'AWS::EC2::TransitGatewayRouteTablePropagation'],
  info: 'A Transit Gateway association or propagation joins two tenancies that share no collaboration.',
  explanation:
    'No route joins two forces unless a collaboration tenancy declares it and every member consents. A tenancy route table (tagged nplz:tenancy) is associated only with its own attachment, and receives propagations only from its own attachment or from the other side of a collaboration both tenancies belong to. An attachment whose tenancy cannot be told (no nplz:tenancy tag, no TenancyRouting construct id) fails.',
  evaluate(r, ctx) {
    const table = resolveRef(r.Properties?.TransitGatewayRouteTableId, ctx);
    if (!table) return 'NOT_APPLICABLE';
    const tags = effectiveTags(table.resource, ctx);
    const own = resourceTags(table.resource);
    const tenancy = own[tenancyTagKey(ctx)];
    // Route tables without a tenancy tag (the inspection table) belong to the hub, not to a tenancy.
    if (!tenancy) return 'NOT_APPLICABLE';
    const environment = own[tagKeyFor(ctx.baseline, 'environment')];
    const other = attachmentTenancy(r, ctx, { tenancy, ...(environment ? { environment } : {}) });
    // An attachment no one can attribute could be anyone's: fail closed.
    if (other === undefined)
      return fail(
        `attachment of unknown tenancy ${flatText(r.Properties?.TransitGatewayAttachmentId) || '(none)'} ${r.Type === 'AWS::EC2::TransitGatewayRouteTableAssociation' ? 'is associated with' : 'propagates into'} ${tenancy}'s route table; tag the attachment nplz:tenancy or use TenancyRouting's construct ids`,
      );
    if (other === tenancy) return 'COMPLIANT';
    if (r.Type === 'AWS::EC2::TransitGatewayRouteTableAssociation')
      return fail(`${tenancy}'s route table is associated with ${other}'s attachment`);
    return collaborate(tenancy, other, ctx, tags[forceTagKey(ctx)] === COLLABORATION_TAG_VALUE)
      ? pass(`${other} reaches ${tenancy} through a declared collaboration`)
      : fail(`${other}'s attachment propagates into ${tenancy}'s route table, and no collaboration joins them`);
  },
};
