import { Ipv4Cidr } from '@nplz/core';
import { diffRenderings, renderRenderingDiff, RenderingDiffInput, RenderOptions } from './rendering-diff';
import type { AccessGranted, BreakingChange, RenderingDiff } from './types';

export interface EstateDiffInput extends RenderingDiffInput {
  /** How the base and the head estate are named in the report (a folder, a git revision). */
  readonly base: string;
  readonly head: string;
  /** The tenancy names of each estate. */
  readonly baseTenancies: readonly string[];
  readonly headTenancies: readonly string[];
  /** Lifecycle events the head starts (tenancies it marks for decommissioning), from the specs. */
  readonly lifecycle?: readonly LifecycleEvent[];
  /** Mergers the head declares and the base does not, from the national settings and specs. */
  readonly mergers?: readonly MergerEvent[];
  /**
   * Accounts, subscriptions and tenancies that change owner, and environments that stop being
   * production (see {@link ownershipChanges}): breaking.
   */
  readonly ownership?: readonly BreakingChange[];
}

/**
 * A merger the head estate declares: the forces, the successor, and what the successor owns (its
 * groups, accounts, subscriptions and ranges), against which the access the diff finds is held.
 */
export interface MergerEvent {
  readonly successor: string;
  readonly name: string;
  readonly forces: readonly string[];
  readonly since: string;
  /** The successor's tenancies in the head estate. */
  readonly tenancies: readonly string[];
  /** The successor's group ids (AWS group ids and Entra object ids), lower case. */
  readonly groups: readonly string[];
  /** The national roles' group ids, lower case: they reach every tenancy. */
  readonly nationalGroups: readonly string[];
  /** Accounts that move to the successor's OU (a deploy-plan step, `merge-<successor>`). */
  readonly awsAccounts: readonly string[];
  readonly awsOu?: string;
  /** Subscriptions that move to the successor's management group, and its id. */
  readonly azureSubscriptions: readonly string[];
  readonly azureGroup?: string;
  /** The successor's address ranges (both clouds). */
  readonly ranges: readonly string[];
  /**
   * Accounts and subscriptions the merged forces' tenancies had in the base: still the successor's
   * to guard, wherever the head puts them (a grant there to anyone else widens access).
   */
  readonly formerAccounts?: readonly string[];
  readonly formerSubscriptions?: readonly string[];
  /**
   * The successor's groups that already existed in the base (lower-case id → whose they were and
   * the accounts and `/`-prefixed subscriptions they reached): a predecessor's group made the
   * successor's reaches the other predecessors' data, which its members were never given.
   */
  readonly inheritedGroups?: Readonly<Record<string, { readonly was: string; readonly targets: readonly string[] }>>;
}

/** A tenancy the head estate marks for decommissioning and the base does not: what happens to it. */
export interface LifecycleEvent {
  readonly tenancy: string;
  readonly event: 'decommissioning';
  readonly since: string;
  /** The day its evidence may go. */
  readonly retainUntil: string;
  /** Accounts that move to the Suspended OU (a deploy-plan step, `suspend-<tenancy>`). */
  readonly awsAccounts: readonly string[];
  /** Subscriptions that move to the decommissioned management group, and its id. */
  readonly azureSubscriptions: readonly string[];
  readonly azureGroup?: string;
}

/** What a change to the estate itself (not only to its baseline) does to every tenancy. */
export interface EstateDiff extends RenderingDiff {
  readonly base: string;
  readonly head: string;
  /** Tenancies only the head has, only the base has, and those in both that render differently. */
  readonly tenancies: { readonly added: readonly string[]; readonly removed: readonly string[]; readonly changed: readonly string[] };
  readonly lifecycle: readonly LifecycleEvent[];
  /** Each merger the head starts, with how many new grants reach beyond its successor (breaking). */
  readonly mergers: readonly (MergerEvent & { readonly widened: number })[];
}

const within = (range: string, ranges: readonly string[]) => {
  const c = Ipv4Cidr.tryParse(range);
  return (
    typeof c !== 'string' &&
    ranges.some((r) => {
      const o = Ipv4Cidr.tryParse(r);
      return typeof o !== 'string' && o.contains(c);
    })
  );
};

/**
 * Why one grant widens access beyond a merger's successor, or undefined when it stays within it.
 * Within means: the successor's groups (or the national roles) on the successor's accounts and
 * subscriptions, and no new network path between the successor and anyone else. A role trusting
 * someone new in a successor's stack, or a Transit Gateway propagation (which names attachments,
 * not ranges), cannot be placed and is reported too: a merger adds neither.
 */
export function widenedBeyondSuccessor(a: AccessGranted, m: MergerEvent): string | undefined {
  const lower = (x: string) => x.toLowerCase();
  const scopeAccounts = [...m.awsAccounts, ...(m.formerAccounts ?? [])];
  const scopeSubscriptions = [...m.azureSubscriptions, ...(m.formerSubscriptions ?? [])].map(lower);
  const inSubscriptions = (t: string, subs: readonly string[]) => subs.some((sub) => lower(t).includes(`/subscriptions/${lower(sub)}`));
  // The successor's own: its accounts and subscriptions, those its predecessors had in the base, and its management group.
  const ownTarget = (t: string) =>
    scopeAccounts.includes(t) ||
    inSubscriptions(t, scopeSubscriptions) ||
    (m.azureGroup !== undefined && lower(t).endsWith(`/managementgroups/${lower(m.azureGroup)}`));
  const theirs = (p: string) => m.groups.includes(lower(p));
  if (a.network) {
    const fromOwn = within(a.network.from, m.ranges);
    const toOwn = within(a.network.to, m.ranges);
    if (fromOwn !== toOwn)
      return `a new network path joins successor ${m.successor} (${fromOwn ? a.network.from : a.network.to}) and ${fromOwn ? a.network.to : a.network.from}`;
    return undefined;
  }
  if (a.type === 'azure-native:network:VirtualNetworkPeering' && (m.tenancies.includes(a.tenancy) || (a.target && ownTarget(a.target))))
    return `a new peering of successor ${m.successor}'s network (${a.target ?? a.resource}) while its merger starts (a merger adds none)`;
  if (a.principal && a.target) {
    const own = ownTarget(a.target);
    const inherited = m.inheritedGroups?.[lower(a.principal)];
    if (inherited && !inherited.targets.some((t) => (t.startsWith('/') ? inSubscriptions(a.target ?? '', [t.slice(1)]) : t === a.target)))
      return `group ${a.principal} was ${inherited.was} before the merger; as one of ${m.successor}'s groups it now reaches ${a.target}, which it did not (its members were never given that access: give the successor new groups)`;
    if (own && !theirs(a.principal) && !m.nationalGroups.includes(lower(a.principal)))
      return `${a.principal} gains access to successor ${m.successor}'s ${a.target}, but is not one of ${m.successor}'s groups`;
    if (!own && theirs(a.principal))
      return `successor ${m.successor}'s group ${a.principal} gains access outside ${m.successor}: ${a.target}`;
    return undefined;
  }
  if (a.type === 'AWS::EC2::TransitGatewayRouteTablePropagation')
    return `a new Transit Gateway path while ${m.successor}'s merger starts (a merger adds none; ship it in its own change)`;
  if (a.principal && m.tenancies.includes(a.tenancy) && !a.principal.startsWith('Service ')) {
    // The account a trusted principal belongs to: a bare id or the account field of its ARN, never a substring.
    const account = /^AWS (?:(\d{12})|arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):)/.exec(a.principal);
    const id = account?.[1] ?? account?.[2];
    if (!id || !scopeAccounts.includes(id)) return `a role of successor ${m.successor} trusts ${a.principal}, outside ${m.successor}`;
  }
  return undefined;
}

/** Compare two estates rendered at their own baselines, on both clouds. */
export function diffEstates(input: EstateDiffInput): EstateDiff {
  const rendered = diffRenderings(input);
  const mergers = [...(input.mergers ?? [])].sort((a, b) => a.successor.localeCompare(b.successor));
  const perMerger = mergers.map((m) => ({
    m,
    widened: rendered.access.flatMap((a): BreakingChange[] => {
      const why = widenedBeyondSuccessor(a, m);
      return why
        ? [
            {
              kind: 'access-widened',
              cloud: a.cloud,
              tenancy: a.tenancy,
              resource: a.resource,
              type: a.type,
              message: `${why} (${a.message})`,
            },
          ]
        : [];
    }),
  }));
  const widened = perMerger.flatMap((x) => x.widened);
  const extra = [...(input.ownership ?? []), ...widened];
  const d = extra.length ? { ...rendered, breaking: [...rendered.breaking, ...extra] } : rendered;
  const added = input.headTenancies.filter((t) => !input.baseTenancies.includes(t)).sort();
  const removed = input.baseTenancies.filter((t) => !input.headTenancies.includes(t)).sort();
  const touched = new Set([...d.summary.map((s) => s.tenancy), ...d.breaking.map((b) => b.tenancy), ...d.access.map((a) => a.tenancy)]);
  const changed = input.headTenancies.filter((t) => input.baseTenancies.includes(t) && touched.has(t)).sort();
  const lifecycle = [...(input.lifecycle ?? [])].sort((a, b) => a.tenancy.localeCompare(b.tenancy));
  return {
    base: input.base,
    head: input.head,
    tenancies: { added, removed, changed },
    lifecycle,
    mergers: perMerger.map((x) => ({ ...x.m, widened: x.widened.length })),
    ...d,
  };
}

/** The terminal report of an estate diff. */
export function renderEstateDiff(d: EstateDiff, opts: RenderOptions = {}): string {
  const lines = [`Estate ${d.base} → ${d.head}`, ''];
  const list = (label: string, names: readonly string[]) => {
    if (names.length) lines.push(`${label} (${names.length}): ${names.join(', ')}`);
  };
  list('Tenancies added', d.tenancies.added);
  list('Tenancies removed', d.tenancies.removed);
  list('Tenancies changed', d.tenancies.changed);
  if (d.tenancies.added.length + d.tenancies.removed.length + d.tenancies.changed.length) lines.push('');
  if (d.lifecycle.length) {
    lines.push(`Decommissioning (${d.lifecycle.length}): workforce access removed, data kept under its locks`);
    for (const e of d.lifecycle) {
      lines.push(`  ${e.tenancy}: since ${e.since}, evidence kept until ${e.retainUntil}`);
      if (e.awsAccounts.length)
        lines.push(`    aws: accounts ${e.awsAccounts.join(', ')} move to the Suspended OU (deploy-plan step suspend-${e.tenancy})`);
      if (e.azureSubscriptions.length)
        lines.push(
          `    azure: subscriptions ${e.azureSubscriptions.join(', ')} move to management group ${e.azureGroup ?? 'decommissioned'}`,
        );
    }
    lines.push('');
  }
  if (d.mergers.length) {
    lines.push(`Mergers (${d.mergers.length}): the successor owns the merged forces' tenancies; their data stays where it is`);
    for (const m of d.mergers) {
      const out = m.widened;
      lines.push(`  ${m.successor} (${m.name}): ${m.forces.join(' + ')} since ${m.since}; tenancies ${m.tenancies.join(', ') || '(none)'}`);
      if (m.awsAccounts.length)
        lines.push(
          `    aws: accounts ${m.awsAccounts.join(', ')} move to the OU Forces/${m.awsOu ?? m.successor} (deploy-plan step merge-${m.successor})`,
        );
      if (m.azureSubscriptions.length)
        lines.push(`    azure: subscriptions ${m.azureSubscriptions.join(', ')} move to management group ${m.azureGroup ?? m.successor}`);
      lines.push(
        out
          ? `    access: ${out} grant${out === 1 ? '' : 's'} reach beyond ${m.successor} (listed under Breaking changes)`
          : `    access: every new grant is ${m.successor}'s groups or the national roles on ${m.successor}'s accounts and subscriptions`,
      );
    }
    lines.push('');
  }
  lines.push(...renderRenderingDiff(d, { changes: true, ...opts }));
  return lines.join('\n');
}
