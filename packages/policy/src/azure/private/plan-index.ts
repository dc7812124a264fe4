import type { PlanStack } from '@nplz/core';
import type { AzurePlan, AzurePlanResource } from '../plan';
import { obj, str } from './props';
import { T } from './types';

/** The resources of one tenancy environment (one force subscription). */
export interface TenancyGroup {
  readonly tenancy: string;
  readonly environment: string;
  /** The ForceLandingZone component when the plan has it, else the group's first resource. */
  readonly subject: AzurePlanResource;
  readonly resources: readonly AzurePlanResource[];
}

/**
 * Lookups over a plan that cross-resource checks share. The index is of the plan as it was when
 * indexed: what it works out about a resource (its provider, its resource group key, the resources
 * of a group) it works out once, and a fresh index is needed to see a changed plan.
 */
export class PlanIndex {
  public readonly resources: readonly AzurePlanResource[];
  /** The stacks of a plan recorded as several (`PlanStack`), by full name; empty for a plan of one program. */
  public readonly stacks: ReadonlyMap<string, PlanStack>;
  private readonly byUrn = new Map<string, AzurePlanResource>();
  private readonly byId = new Map<string, AzurePlanResource>();
  private readonly byType = new Map<string, AzurePlanResource[]>();
  /** `provider` reference → its provider resource, as worked out. */
  private readonly providerByRef = new Map<string, AzurePlanResource | undefined>();
  private readonly groupKeys = new WeakMap<AzurePlanResource, string | undefined>();
  /** The plan's resources by resource group key, in plan order: built when first asked for. */
  private byGroupKey?: Map<string, AzurePlanResource[]>;

  constructor(plan: Pick<AzurePlan, 'resources'> & Pick<Partial<AzurePlan>, 'stacks'>) {
    this.resources = plan.resources;
    this.stacks = new Map((plan.stacks ?? []).map((s) => [s.name, s]));
    for (const r of plan.resources) {
      this.byUrn.set(r.urn, r);
      if (r.id) this.byId.set(r.id, r);
      const list = this.byType.get(r.type) ?? [];
      list.push(r);
      this.byType.set(r.type, list);
    }
  }

  public ofType(...types: string[]): AzurePlanResource[] {
    return types.flatMap((t) => this.byType.get(t) ?? []);
  }

  public get(urn: string | null | undefined): AzurePlanResource | undefined {
    return urn ? this.byUrn.get(urn) : undefined;
  }

  /** The resource a reference names: its id, its URN, or `{ id }`. */
  public resolve(ref: unknown): AzurePlanResource | undefined {
    const s = str(ref) ?? str(obj(ref)?.id);
    if (!s) return undefined;
    return this.byId.get(s) ?? this.byUrn.get(s);
  }

  /** The provider resource of a resource (`provider` is `<provider urn>::<provider id>`). */
  public providerOf(r: AzurePlanResource): AzurePlanResource | undefined {
    if (!r.provider) return undefined;
    if (this.providerByRef.has(r.provider)) return this.providerByRef.get(r.provider);
    const cut = r.provider.lastIndexOf('::');
    const found = this.byUrn.get(cut < 0 ? r.provider : r.provider.slice(0, cut));
    this.providerByRef.set(r.provider, found);
    return found;
  }

  public subscriptionOf(r: AzurePlanResource): string | undefined {
    return str(this.providerOf(r)?.inputs.subscriptionId);
  }

  /**
   * A key for "this resource group in this subscription". Names repeat across subscriptions. The
   * subscription is its provider's (in a plan of several stacks, two stacks reach one subscription
   * through providers of their own); a resource whose provider names none keys by the provider.
   */
  public resourceGroupKey(r: AzurePlanResource): string | undefined {
    if (this.groupKeys.has(r)) return this.groupKeys.get(r);
    const rg = str(r.inputs.resourceGroupName);
    const sub = rg ? this.subscriptionOf(r) : undefined;
    const key = rg
      ? `${sub ? `/subscriptions/${sub.toLowerCase()}` : (r.provider?.slice(0, r.provider.lastIndexOf('::')) ?? '')}|${rg}`
      : undefined;
    this.groupKeys.set(r, key);
    return key;
  }

  /** The plan's resources whose {@link resourceGroupKey} is `key`, in plan order. */
  public inResourceGroup(key: string): readonly AzurePlanResource[] {
    if (!this.byGroupKey) {
      this.byGroupKey = new Map();
      for (const r of this.resources) {
        const k = this.resourceGroupKey(r);
        if (k === undefined) continue;
        const list = this.byGroupKey.get(k);
        if (list) list.push(r);
        else this.byGroupKey.set(k, [r]);
      }
    }
    return this.byGroupKey.get(key) ?? [];
  }

  /** The outputs of the stacks the resource's stack reads (StackReference), by stack name. */
  public referencedOutputs(r: AzurePlanResource): { stack: string; outputs: Readonly<Record<string, unknown>> }[] {
    const own = r.stack ? this.stacks.get(r.stack) : undefined;
    return (own?.references ?? []).flatMap((name) => {
      const s = this.stacks.get(name);
      return s ? [{ stack: name, outputs: s.outputs }] : [];
    });
  }

  /** The resource group resource a resource sits in, when the plan creates it. */
  public resourceGroupOf(r: AzurePlanResource): AzurePlanResource | undefined {
    const key = this.resourceGroupKey(r);
    return key ? this.inResourceGroup(key).find((g) => g.type === T.resourceGroup) : undefined;
  }

  /** Azure name of a resource: its `<type>Name` input (or the account/vault/workspace name), else its logical name. */
  public azureName(r: AzurePlanResource): string {
    const simple = r.type.split(':').pop() ?? '';
    const key = `${simple.charAt(0).toLowerCase()}${simple.slice(1)}Name`;
    for (const k of [key, 'accountName', 'vaultName', 'workspaceName', 'name']) {
      const v = str(r.inputs[k]);
      if (v) return v;
    }
    return r.name;
  }

  /** Does the scope (a resource id, URN or sub-resource id) point at the resource or inside it? */
  public refersTo(scope: unknown, target: AzurePlanResource): boolean {
    const s = str(scope) ?? str(obj(scope)?.id);
    if (!s) return false;
    if (s === target.urn) return true;
    return !!target.id && (s === target.id || s.startsWith(`${target.id}/`));
  }

  /** Tenancy environments in the plan, sorted by tenancy then environment. */
  public tenancyGroups(): TenancyGroup[] {
    const groups = new Map<string, { tenancy: string; environment: string; first: AzurePlanResource; resources: AzurePlanResource[] }>();
    for (const r of this.resources) {
      const { tenancy, environment } = r;
      if (!tenancy || !environment) continue;
      const key = `${tenancy}\u0000${environment}`;
      const group = groups.get(key);
      if (group) group.resources.push(r);
      else groups.set(key, { tenancy, environment, first: r, resources: [r] });
    }
    return [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, { tenancy, environment, first, resources }]) => {
        const zone = resources.find((r) => r.type === T.forceLandingZone && this.get(r.parent)?.tenancy !== r.tenancy);
        return { tenancy, environment, subject: zone ?? first, resources };
      });
  }

  /** Resources that belong to the national platform (not under any ForceLandingZone). */
  public platformResources(): AzurePlanResource[] {
    return this.resources.filter((r) => !r.tenancy && r.custom);
  }

  /** True when the plan records the national platform (a management group hierarchy). */
  public hasNationalPlatform(): boolean {
    return this.ofType(T.managementGroup).length > 0;
  }

  /** The NPLZ root management group: the recorded group whose parent is not a recorded group. */
  public rootManagementGroup(): AzurePlanResource | undefined {
    const groups = this.ofType(T.managementGroup);
    return groups.find((g) => {
      const parent = str(obj(obj(g.inputs.details)?.parent)?.id);
      return !parent || !groups.some((o) => this.refersTo(parent, o) && parent === o.id);
    });
  }
}
