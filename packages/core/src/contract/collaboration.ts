import { isCollaboration, type TenancySpec } from '../tenancy-spec';

/**
 * Collaboration membership and consent, decided in one place. A collaboration tenancy lists its
 * member `forces`; each member's own tenancy lists the collaboration under `collaborations`. Only a
 * member named on both sides is linked: the routing (AWS), the peering (Azure), the estate
 * validation and the audit all read the links from here.
 */

/** A collaboration and one member force that consents to it. */
export interface CollaborationLink {
  readonly collaboration: TenancySpec;
  /** The member force's own tenancy. */
  readonly member: TenancySpec;
  readonly force: string;
}

/**
 * What one declared member of a collaboration amounts to: `linked` (the force has a tenancy that
 * consents), `no-consent` (its tenancy does not list the collaboration) or `no-tenancy`.
 */
export type MemberStatus =
  | { readonly force: string; readonly status: 'linked' | 'no-consent'; /** The force's own tenancy. */ readonly tenancy: TenancySpec }
  | { readonly force: string; readonly status: 'no-tenancy'; readonly tenancy?: undefined };

/** What one entry of a force tenancy's `collaborations` amounts to. */
export interface ConsentStatus {
  readonly index: number;
  readonly collaboration: string;
  /** `linked`: the collaboration exists and names the force; `no-collaboration`: no collaboration tenancy has the name; `not-a-member`: it does not name the force. */
  readonly status: 'linked' | 'no-collaboration' | 'not-a-member';
}

/**
 * Every force's own tenancies (not collaborations), by force id. A force has one; the successor of
 * a merger has those of the forces it was made from.
 */
function ownTenancies(tenancies: readonly TenancySpec[]): Map<string, TenancySpec[]> {
  const out = new Map<string, TenancySpec[]>();
  for (const t of tenancies) if (!isCollaboration(t) && t.force) out.set(t.force, [...(out.get(t.force) ?? []), t]);
  return out;
}

/**
 * The declared members of a collaboration, each with its status. Empty for a force tenancy. A
 * member with several tenancies (a successor) is linked through the one that consents.
 */
export function collaborationMembers(collaboration: TenancySpec, tenancies: readonly TenancySpec[]): MemberStatus[] {
  if (!isCollaboration(collaboration)) return [];
  const own = ownTenancies(tenancies);
  return (collaboration.forces ?? []).map((force) => {
    const mine = own.get(force) ?? [];
    const consenting = mine.find((t) => (t.collaborations ?? []).includes(collaboration.name));
    const tenancy = consenting ?? mine[0];
    if (!tenancy) return { force, status: 'no-tenancy' as const };
    return { force, tenancy, status: consenting ? ('linked' as const) : ('no-consent' as const) };
  });
}

/** Each consent a force tenancy gives, with its status. Empty for a collaboration. */
export function tenancyConsents(spec: TenancySpec, tenancies: readonly TenancySpec[]): ConsentStatus[] {
  if (isCollaboration(spec)) return [];
  return (spec.collaborations ?? []).map((collaboration, index) => {
    const c = tenancies.find((t) => t.name === collaboration && isCollaboration(t));
    if (!c) return { index, collaboration, status: 'no-collaboration' };
    return { index, collaboration, status: (c.forces ?? []).includes(spec.force ?? '') ? 'linked' : 'not-a-member' };
  });
}

/** Every consented membership in the estate, collaborations in the order given, members in the order each lists them. */
export function collaborationLinks(tenancies: readonly TenancySpec[]): CollaborationLink[] {
  return tenancies.flatMap((collaboration) =>
    collaborationMembers(collaboration, tenancies).flatMap((m) =>
      m.status === 'linked' ? [{ collaboration, member: m.tenancy, force: m.force }] : [],
    ),
  );
}

/**
 * The tenancies a tenancy is linked with, in the order of `tenancies`: a collaboration's
 * consenting members, or the collaborations a force tenancy belongs to on both sides.
 */
export function linkedTenancies(spec: TenancySpec, tenancies: readonly TenancySpec[]): TenancySpec[] {
  const linked = new Set(
    collaborationLinks(tenancies)
      .filter((l) => l.collaboration.name === spec.name || l.member.name === spec.name)
      .map((l) => (l.collaboration.name === spec.name ? l.member : l.collaboration)),
  );
  // In the order of `tenancies`, so what is rendered from the links keeps a stable order.
  return tenancies.filter((t) => linked.has(t));
}

/**
 * Collaboration tenancy name → the names of the member tenancies linked to it (consent on both
 * sides), for every collaboration in the estate: what the routing checks accept as a partner.
 */
export function consentedMembers(tenancies: readonly TenancySpec[]): Record<string, string[]> {
  const links = collaborationLinks(tenancies);
  return Object.fromEntries(
    tenancies.filter(isCollaboration).map((c) => [c.name, links.filter((l) => l.collaboration === c).map((l) => l.member.name)]),
  );
}

/**
 * True when one tenancy is a collaboration the other is a consenting member of, in a map that
 * {@link consentedMembers} made. Two members of one collaboration meet in the collaboration's
 * network, never directly, so they do not collaborate with each other here.
 */
export function collaborates(a: string, b: string, members: Readonly<Record<string, readonly string[]>>): boolean {
  return (members[a] ?? []).includes(b) || (members[b] ?? []).includes(a);
}
