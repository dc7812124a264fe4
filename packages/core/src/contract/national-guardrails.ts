import type { Baseline } from '../baselines';
import { findBaseline } from '../baselines';
import type { Problem } from '../errors';
import { tenancyForces, type TenancySpec } from '../tenancy-spec';

/** One way a pinned tenancy's spec would be refused by the national guardrails of a newer baseline. */
export interface NationalGuardrailConflict extends Pick<Problem, 'received' | 'allowed' | 'hint'> {
  /** The spec field that decides it. */
  readonly path: string;
  readonly message: string;
}

/**
 * What the national Azure guardrails of `national` (one program at the national baseline, which
 * also governs tenancies pinned to an older one) would refuse in an Azure tenancy pinned to another
 * baseline, among the settings its spec decides:
 *
 * - every required tag the national baseline asks of the spec (`source: spec`), which its
 *   required-tag Deny refuses every resource without;
 * - every other required tag the national baseline asks for (force, tenancy, environment, ...):
 *   NPLZ renders the tags of the pinned baseline, so one it does not list is missing everywhere;
 *   the spec decides it through `baseline`;
 * - the zone's location (`azure.location`, else the pinned baseline's home region), which the
 *   national allowed-locations Deny (its `regions.azure.allowed`) refuses outside its list.
 *
 * Not decided by a spec, so not here: resource types (the force's program creates them, and the
 * audit checks them), management ports (NPLZ's NSGs only deny).
 */
export function nationalGuardrailConflicts(spec: TenancySpec, national: Baseline): NationalGuardrailConflict[] {
  if (spec.azure === undefined || spec.baseline === national.version) return [];
  const out: NationalGuardrailConflict[] = [];
  const current = national.version;
  const upgrade = `\`nplz diff --from ${spec.baseline} --to ${current} --force ${tenancyForces(spec)[0]}\``;
  const governed = `tenancy ${spec.name} is pinned to baseline ${spec.baseline}, but on Azure it is governed by the national guardrails of baseline ${current}`;
  const nationalSpecTags = national.requiredTags.filter((x) => x.source === 'spec');
  const tags = spec.tags ?? {};
  const has = (key: string) => Object.keys(tags).some((k) => k.toLowerCase() === key.toLowerCase());
  for (const tag of nationalSpecTags.filter((x) => !has(x.key)))
    out.push({
      path: `tags.${tag.key}`,
      message: `required tag "${tag.key}" is missing: ${governed}, whose required-tag Deny would refuse every resource without it`,
      received: undefined,
      allowed: `tags.${tag.key} set (${tag.description}); baseline ${current}'s national guardrails require: ${nationalSpecTags.map((x) => x.key).join(', ')}`,
      hint: `add the tag, or upgrade the tenancy: ${upgrade}`,
    });
  const pinned = findBaseline(spec.baseline);
  if (!pinned) return out;
  const rendered = new Set(pinned.requiredTags.map((x) => x.key.toLowerCase()));
  for (const tag of national.requiredTags.filter((x) => x.source !== 'spec' && !rendered.has(x.key.toLowerCase())))
    out.push({
      path: 'baseline',
      message: `required tag "${tag.key}" is not one baseline ${spec.baseline} puts on its resources: ${governed}, whose required-tag Deny would refuse every resource without it`,
      received: spec.baseline,
      allowed: `a baseline whose resources carry ${tag.key} (${tag.description}), such as ${current}`,
      hint: `upgrade the tenancy: ${upgrade}`,
    });
  const allowedRegions = national.regions.azure.allowed;
  const location = spec.azure.location ?? pinned.regions.azure.home;
  if (!allowedRegions.includes(location))
    out.push({
      path: 'azure.location',
      message: `location ${location}${spec.azure.location === undefined ? ` (baseline ${spec.baseline}'s home region, as azure.location is not set)` : ''} is outside the regions the national guardrails allow: ${governed}, whose allowed-locations Deny would refuse every resource there`,
      received: spec.azure.location,
      allowed: `one of ${allowedRegions.join(', ')} (baseline ${current}'s national allowed locations)`,
      hint: `set azure.location to one of them, or upgrade the tenancy: ${upgrade}`,
    });
  return out;
}
