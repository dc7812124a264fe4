import { AZURE_ROLE_DEFINITIONS, NATIONAL_TENANCY } from '@nplz/core';
import type { CfnTemplate, StackContext } from './aws-diff';
import type { DiffablePlan, DiffablePlanResource } from './azure-diff';
import type { AccessGranted } from './types';

/**
 * Access gained between two renderings: who can now act where. Each grant is compared by what it
 * grants (principal, permission, target), not by its resource name, so renaming a grant is not new
 * access and re-pointing one is. Access taken away is not listed here (the resource changes show it).
 */

type Resources = NonNullable<CfnTemplate['Resources']>;
const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const cdkPath = (id: string, r: Resources[string]) => (r.Metadata?.['aws:cdk:path'] as string | undefined) ?? id;

/**
 * Permission set names by the export name of their ARN, across every stack of one rendering: a
 * tenancy's assignments (`Nplz-Identity-<tenancy>`) import the ARNs from the stack holding the
 * permission sets (`Nplz-Identity`).
 */
export function awsPermissionSetExports(templates: readonly (CfnTemplate | undefined)[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of templates) {
    const res = t?.Resources ?? {};
    for (const o of Object.values((t?.Outputs ?? {}) as Record<string, { Value?: unknown; Export?: { Name?: unknown } }>)) {
      const att = (o.Value as { 'Fn::GetAtt'?: unknown[] } | undefined)?.['Fn::GetAtt'];
      const r = Array.isArray(att) && typeof att[0] === 'string' ? res[att[0]] : undefined;
      if (r?.Type === 'AWS::SSO::PermissionSet' && typeof o.Export?.Name === 'string' && typeof r.Properties?.Name === 'string')
        out.set(o.Export.Name, r.Properties.Name);
    }
  }
  return out;
}

/** The name of the permission set an assignment's `PermissionSetArn` points at, when the template (or an export it imports) holds it. */
function permissionSetName(res: Resources, arn: unknown, exports?: ReadonlyMap<string, string>): string {
  const imported = (arn as { 'Fn::ImportValue'?: unknown } | undefined)?.['Fn::ImportValue'];
  if (typeof imported === 'string' && exports?.has(imported)) return exports.get(imported) as string;
  const att = (arn as { 'Fn::GetAtt'?: unknown[] } | undefined)?.['Fn::GetAtt'];
  const id = Array.isArray(att) && typeof att[0] === 'string' ? att[0] : undefined;
  const name = id ? res[id]?.Properties?.Name : undefined;
  return typeof name === 'string' ? name : show(arn);
}

interface Principal {
  readonly kind: string;
  readonly value: string;
}

/** The principals an IAM role's trust policy allows to assume it. */
function trusted(doc: unknown): Principal[] {
  const st = (doc as { Statement?: unknown } | undefined)?.Statement;
  const statements = (Array.isArray(st) ? st : st ? [st] : []) as { Effect?: string; Principal?: unknown }[];
  const out: Principal[] = [];
  for (const s of statements) {
    if (s.Effect !== 'Allow') continue;
    if (s.Principal === '*') out.push({ kind: 'AWS', value: '*' });
    else if (s.Principal && typeof s.Principal === 'object')
      for (const [kind, v] of Object.entries(s.Principal as Record<string, unknown>))
        for (const p of Array.isArray(v) ? v : [v]) out.push({ kind, value: show(p) });
  }
  return out;
}

/**
 * Access one AWS stack grants that it did not grant before. `exports`: each rendering's
 * {@link awsPermissionSetExports}, to name the permission sets an assignment imports.
 */
export function awsAccessGranted(
  from: CfnTemplate,
  to: CfnTemplate,
  ctx: StackContext,
  exports: { readonly from?: ReadonlyMap<string, string>; readonly to?: ReadonlyMap<string, string> } = {},
): AccessGranted[] {
  const before = from.Resources ?? {};
  const after = to.Resources ?? {};
  const out: AccessGranted[] = [];
  const add = (id: string, r: Resources[string], message: string, who: Pick<AccessGranted, 'principal' | 'target'> = {}) =>
    out.push({ cloud: 'aws', tenancy: ctx.tenancy, resource: cdkPath(id, r), type: r.Type, message, ...who });

  const assignmentKey = (res: Resources, r: Resources[string], ex?: ReadonlyMap<string, string>) =>
    `${show(r.Properties?.PrincipalId)}|${show(r.Properties?.TargetId)}|${permissionSetName(res, r.Properties?.PermissionSetArn, ex)}`;
  const assigned = new Set(
    Object.values(before)
      .filter((r) => r.Type === 'AWS::SSO::Assignment')
      .map((r) => assignmentKey(before, r, exports.from)),
  );
  for (const [id, r] of Object.entries(after)) {
    if (r.Type === 'AWS::SSO::Assignment' && !assigned.has(assignmentKey(after, r, exports.to))) {
      const p = r.Properties ?? {};
      add(
        id,
        r,
        `${String(p.PrincipalType ?? 'principal').toLowerCase()} ${show(p.PrincipalId)} is assigned ${permissionSetName(after, p.PermissionSetArn, exports.to)} on account ${show(p.TargetId)}`,
        { principal: show(p.PrincipalId), target: show(p.TargetId) },
      );
    }
    if (r.Type === 'AWS::IAM::Role') {
      // Matched by construct path: the same role trusting someone new.
      const path = cdkPath(id, r);
      const twin = Object.entries(before).find(([bid, b]) => b.Type === 'AWS::IAM::Role' && cdkPath(bid, b) === path)?.[1];
      const was = new Set(trusted(twin?.Properties?.AssumeRolePolicyDocument).map((p) => `${p.kind}|${p.value}`));
      for (const p of trusted(r.Properties?.AssumeRolePolicyDocument))
        if (!was.has(`${p.kind}|${p.value}`))
          add(id, r, `role ${path} can be assumed by ${p.kind} ${p.value}`, { principal: `${p.kind} ${p.value}` });
    }
    if (r.Type === 'AWS::EC2::TransitGatewayRouteTablePropagation') {
      const path = cdkPath(id, r);
      const known = Object.entries(before).some(([bid, b]) => b.Type === r.Type && cdkPath(bid, b) === path);
      if (!known)
        add(
          id,
          r,
          `network path: attachment ${show(r.Properties?.TransitGatewayAttachmentId)} now propagates its routes into route table ${show(r.Properties?.TransitGatewayRouteTableId)} (${path})`,
        );
    }
  }
  return out;
}

const ROLE_NAMES = new Map<string, string>(Object.entries(AZURE_ROLE_DEFINITIONS).map(([name, guid]) => [guid, name]));

/** A role definition id as a reader knows it: the built-in role's name where it is one. */
function roleName(id: unknown): string {
  const guid = typeof id === 'string' ? id.split('/').pop() : undefined;
  return (guid && ROLE_NAMES.get(guid)) ?? show(id);
}

const GRANT_TYPES: Readonly<Record<string, string>> = {
  'azure-native:authorization:RoleAssignment': 'gains',
  'azure-native:authorization:PimRoleEligibilitySchedule': 'becomes eligible for',
};
const PEERING = 'azure-native:network:VirtualNetworkPeering';
const RULE_GROUP = 'azure-native:network:FirewallPolicyRuleCollectionGroup';

interface FirewallPath {
  readonly key: string;
  readonly message: string;
  readonly from: string;
  readonly to: string;
}

/**
 * The network paths a firewall rule collection group allows: one per source and destination address of
 * each network rule in an Allow collection (collaboration traffic between spokes crosses the hub
 * firewall, not a peering). A widened rule is new access for the addresses it adds.
 */
function firewallPaths(r: DiffablePlanResource): FirewallPath[] {
  const collections = (r.inputs.ruleCollections as Record<string, unknown>[] | undefined) ?? [];
  const list = (v: unknown) => (Array.isArray(v) ? v.map(show) : []);
  return collections.flatMap((c) => {
    const action = (c.action as { type?: unknown } | undefined)?.type;
    if (action !== 'Allow') return [];
    const rules = (Array.isArray(c.rules) ? c.rules : []) as Record<string, unknown>[];
    return rules
      .filter((rule) => rule.ruleType === 'NetworkRule')
      .flatMap((rule) => {
        const ports = list(rule.destinationPorts).join(',');
        const protocols = list(rule.ipProtocols).join(',');
        return list(rule.sourceAddresses).flatMap((from) =>
          list(rule.destinationAddresses).map((to) => ({
            key: `${show(r.inputs.firewallPolicyName)}|${from}|${to}|${ports}|${protocols}`,
            message: `network path: hub firewall rule ${show(c.name)}/${show(rule.name)} allows ${from} → ${to} (ports ${ports}, ${protocols}) (${r.name})`,
            from,
            to,
          })),
        );
      });
  });
}

/** Access an Azure plan grants that the earlier plan did not. */
export function azureAccessGranted(from: DiffablePlan, to: DiffablePlan): AccessGranted[] {
  const key = (r: DiffablePlanResource) =>
    r.type === PEERING
      ? `${r.type}|${show(r.inputs.virtualNetworkName)}|${show((r.inputs.remoteVirtualNetwork as { id?: unknown } | undefined)?.id)}`
      : `${r.type}|${show(r.inputs.principalId)}|${show(r.inputs.roleDefinitionId)}|${show(r.inputs.scope)}`;
  const relevant = (r: DiffablePlanResource) => r.custom && (r.type in GRANT_TYPES || r.type === PEERING);
  const before = new Set(from.resources.filter(relevant).map(key));
  const out: AccessGranted[] = [];
  const allowed = new Set(
    from.resources.filter((r) => r.custom && r.type === RULE_GROUP).flatMap((r) => firewallPaths(r).map((f) => f.key)),
  );
  for (const r of to.resources) {
    if (!r.custom || r.type !== RULE_GROUP) continue;
    for (const f of firewallPaths(r)) {
      if (allowed.has(f.key)) continue;
      out.push({
        cloud: 'azure',
        tenancy: r.tenancy ?? NATIONAL_TENANCY,
        resource: r.urn,
        type: r.type,
        message: f.message,
        network: { from: f.from, to: f.to },
      });
    }
  }
  for (const r of to.resources) {
    if (!relevant(r) || before.has(key(r))) continue;
    const message =
      r.type === PEERING
        ? `network path: ${show(r.inputs.virtualNetworkName)} is peered with ${show((r.inputs.remoteVirtualNetwork as { id?: unknown } | undefined)?.id)} (${r.name})`
        : `principal ${show(r.inputs.principalId)} ${GRANT_TYPES[r.type]} ${roleName(r.inputs.roleDefinitionId)} at ${show(r.inputs.scope)} (${r.name})`;
    const who =
      r.type === PEERING
        ? { target: show((r.inputs.remoteVirtualNetwork as { id?: unknown } | undefined)?.id) }
        : { principal: show(r.inputs.principalId), target: show(r.inputs.scope) };
    out.push({ cloud: 'azure', tenancy: r.tenancy ?? NATIONAL_TENANCY, resource: r.urn, type: r.type, message, ...who });
  }
  return out;
}
