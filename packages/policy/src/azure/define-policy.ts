import type { EnforcementLevel, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from '@pulumi/policy';
import { getControl, type Baseline, type Severity, NPLZ_TAGS, NPLZ_AZURE_COMPONENTS } from '@nplz/core';
import { tagsOf, str, obj, type Props } from './private/props';

/** A Pulumi policy and the NPLZ control it implements. */
export interface NplzAzurePolicy {
  readonly policy: ResourceValidationPolicy;
  readonly control: string;
  /** Type tokens the policy reads; a token ending in `*` matches by prefix. */
  readonly resourceTypes: readonly string[];
}

/**
 * Policies are factories of a baseline: `storageMinimumTls(BASELINE_2026_11)`. A policy never holds a
 * number or a list the baseline holds, and one program (a whole estate) can hold tenancies pinned to
 * different baselines, so the caller picks the baseline per resource: the offline runner asks its
 * `baselineFor(resource)`, the real pack (packages/policy/pack) builds one instance per published
 * baseline and dispatches on the resource's `nplz:baseline` tag.
 */
export interface AzurePolicyFactory {
  (baseline: Baseline): NplzAzurePolicy;
  /** The policy name, the same for every baseline. (`name` is taken by `Function.prototype.name`.) */
  readonly policyName: string;
  readonly control: string;
  readonly resourceTypes: readonly string[];
}

/** Where a resource sits. */
export interface ResourcePlacement {
  /**
   * True when the resource sits under a ForceLandingZone: it has a `tenancy`, or (under a real
   * engine, for resources that take no tags, such as role assignments) its URN's type chain
   * passes through `nplz:azure:ForceLandingZone`.
   */
  readonly inForceZone?: boolean;
  readonly tenancy?: string;
  readonly environment?: string;
  /** Subscription of the resource's provider, when known. */
  readonly subscriptionId?: string;
}

/**
 * What the offline runner adds to Pulumi's `ResourceValidationArgs`. Under a real engine `nplz` is
 * absent and policies fall back to the resource's `nplz:*` tags and its provider's `subscriptionId`.
 */
export interface NplzResourceValidationArgs extends ResourceValidationArgs {
  readonly nplz?: {
    readonly placement: ResourcePlacement;
    /** The subscription a scope (a subscription path or the id of a resource in the plan) lies in. */
    readonly subscriptionOf?: (scope: string) => string | undefined;
  };
}

export interface PolicyContext {
  readonly baseline: Baseline;
  readonly args: NplzResourceValidationArgs;
  readonly placement: ResourcePlacement;
}

export interface AzurePolicyDefinition {
  /** kebab-case, unique in the pack. */
  readonly name: string;
  readonly control: string;
  readonly resourceTypes: readonly string[];
  readonly description: string;
  /** Calls `report` once per violation, with a message naming the prop, the value and what is allowed. */
  readonly validate: (props: Props, ctx: PolicyContext, report: (message: string) => void) => void;
}

/** Critical and high controls block a deployment; medium and low ones warn. */
export function enforcementLevelFor(severity: Severity): EnforcementLevel {
  return severity === 'critical' || severity === 'high' ? 'mandatory' : 'advisory';
}

export function matchesType(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => (p.endsWith('*') ? type.startsWith(p.slice(0, -1)) : p === type));
}

/** The type chain of a URN (`urn:pulumi:<stack>::<project>::<parent types $-joined>$<type>::<name>`) passes through a ForceLandingZone. */
const UNDER_FORCE_ZONE = new RegExp(`(?:::|\\$)${NPLZ_AZURE_COMPONENTS.forceLandingZone}\\$`);

export function placementOf(args: NplzResourceValidationArgs): ResourcePlacement {
  if (args.nplz) return { ...args.nplz.placement, ...(args.nplz.placement.tenancy ? { inForceZone: true } : {}) };
  const tags = tagsOf(args.props);
  const subscriptionId = str(obj(args.provider?.props)?.subscriptionId);
  const inForceZone = !!tags[NPLZ_TAGS.tenancy] || UNDER_FORCE_ZONE.test(args.urn ?? '');
  return {
    ...(inForceZone ? { inForceZone } : {}),
    ...(tags[NPLZ_TAGS.tenancy] ? { tenancy: tags[NPLZ_TAGS.tenancy] } : {}),
    ...(tags[NPLZ_TAGS.environment] ? { environment: tags[NPLZ_TAGS.environment] } : {}),
    ...(subscriptionId ? { subscriptionId } : {}),
  };
}

export function defineAzurePolicy(def: AzurePolicyDefinition): AzurePolicyFactory {
  const control = getControl(def.control);
  const factory = (baseline: Baseline): NplzAzurePolicy => {
    const validateResource = (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
      if (!matchesType(def.resourceTypes, args.type)) return;
      // A baseline that does not enforce the control has nothing to say about the resource.
      if (!baseline.controls.includes(def.control)) return;
      const nplzArgs = args as NplzResourceValidationArgs;
      def.validate(args.props ?? {}, { baseline, args: nplzArgs, placement: placementOf(nplzArgs) }, (m) => reportViolation(m));
    };
    const policy: ResourceValidationPolicy = {
      name: def.name,
      description: `${def.description} (${def.control}, baseline ${baseline.version})`,
      enforcementLevel: enforcementLevelFor(control.severity),
      severity: control.severity,
      tags: [def.control],
      validateResource,
    };
    return Object.freeze({ policy, control: def.control, resourceTypes: def.resourceTypes });
  };
  return Object.assign(factory, { policyName: def.name, control: def.control, resourceTypes: Object.freeze([...def.resourceTypes]) });
}
