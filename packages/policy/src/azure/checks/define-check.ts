import { enforcesControl, getControl, type Baseline } from '@nplz/core';
import type { AzurePlanResource, AzurePolicyResult } from '../plan';
import type { PlanIndex } from '../private/plan-index';

export interface PlanCheckContext {
  readonly index: PlanIndex;
  readonly baselineFor: (resource: AzurePlanResource) => Baseline;
  readonly collaborations: Readonly<Record<string, readonly string[]>>;
  /** See AzureEvaluationOptions.localResourceGroups. */
  readonly localResourceGroups: Readonly<Record<string, readonly string[]>>;
}

/** Records one result. Returns nothing when the subject's baseline does not enforce the control. */
export type Emit = (subject: AzurePlanResource, problems: readonly string[], passMessage: string) => void;

/**
 * A check over the whole plan, for controls no single resource can show: something must exist
 * (a budget per subscription), or two resources must agree (a peering's two ends).
 */
export interface AzurePlanCheck {
  readonly name: string;
  readonly control: string;
  readonly description: string;
  readonly run: (ctx: PlanCheckContext) => AzurePolicyResult[];
}

export interface AzurePlanCheckDefinition {
  readonly name: string;
  readonly control: string;
  readonly description: string;
  readonly check: (ctx: PlanCheckContext, emit: Emit) => void;
}

export function definePlanCheck(def: AzurePlanCheckDefinition): AzurePlanCheck {
  getControl(def.control);
  return Object.freeze({
    name: def.name,
    control: def.control,
    description: def.description,
    run(ctx: PlanCheckContext): AzurePolicyResult[] {
      const out: AzurePolicyResult[] = [];
      def.check(ctx, (subject, problems, passMessage) => {
        // Listed in the baseline's controls, or brought by a later section it carries (NPLZ-RET-04 with `backup`).
        if (!enforcesControl(ctx.baselineFor(subject), def.control)) return;
        out.push({
          policy: def.name,
          control: def.control,
          urn: subject.urn,
          name: subject.name,
          type: subject.type,
          ...(subject.tenancy ? { tenancy: subject.tenancy } : {}),
          ...(subject.environment ? { environment: subject.environment } : {}),
          status: problems.length ? 'fail' : 'pass',
          message: problems.length ? problems.join('; ') : passMessage,
        });
      });
      return out;
    },
  });
}
