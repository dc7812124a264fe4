import * as pulumi from '@pulumi/pulumi';
import * as consumption from '@pulumi/azure-native/consumption';
import type { Baseline } from '@nplz/core';
import { subscriptionScope } from './private/built-ins';
import { formerParentAlias } from './private/moved';

export interface SubscriptionBudgetArgs {
  readonly baseline: Baseline;
  /** Tenancy and environment the subscription serves, e.g. `kent` and `prod`: they name the budget. */
  readonly tenancy: string;
  readonly environment: string;
  readonly subscriptionId: string;
  /**
   * Monthly amount in GBP.
   * @default - the baseline's `budgets.defaultMonthlyGbp`
   */
  readonly monthlyGbp?: number;
  /**
   * Who is told, besides the subscription's owners, when actual spend crosses a threshold.
   * @default - the owners only
   */
  readonly alertEmails?: readonly string[];
  /**
   * First day of the month the budget starts, `YYYY-MM-01` (ForceLandingZone checks it; see
   * `ForceLandingZoneArgs.budgetStartDate` for which month to pass). Ignored once the budget exists.
   */
  readonly startDate: string;
  /** Provider pinned to the subscription. */
  readonly provider: pulumi.ProviderResource;
  /**
   * Prefix of the logical name of the budget (`<namePrefix>-budget`).
   * ForceLandingZone passes its own name: the name its budget had before it was split into components.
   * @default - the component's name
   */
  readonly namePrefix?: string;
}

/** A monthly cost budget on a subscription that alerts at each of the baseline's thresholds of actual spend. */
export class SubscriptionBudget extends pulumi.ComponentResource {
  public readonly budget: consumption.Budget;

  constructor(name: string, args: SubscriptionBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
    super('nplz:azure:SubscriptionBudget', name, {}, opts);
    const b = args.baseline;
    const prefix = args.namePrefix ?? name;
    const alertEmails = args.alertEmails ?? [];

    this.budget = new consumption.Budget(
      `${prefix}-budget`,
      {
        scope: subscriptionScope(args.subscriptionId),
        budgetName: `nplz-${args.tenancy}-${args.environment}`,
        amount: args.monthlyGbp ?? b.budgets.defaultMonthlyGbp,
        category: 'Cost',
        timeGrain: 'Monthly',
        timePeriod: { startDate: `${args.startDate}T00:00:00Z` },
        notifications: Object.fromEntries(
          b.budgets.alertThresholds.map((t) => [
            `actual-${t}-percent`,
            {
              enabled: true,
              operator: 'GreaterThanOrEqualTo',
              threshold: t,
              thresholdType: 'Actual',
              contactEmails: [...alertEmails],
              contactRoles: ['Owner'],
            },
          ]),
        ),
      },
      // Azure refuses a budget that starts before the current month: a later deployment must
      // neither fail on the start it was created with nor restart the budget with a new one.
      { parent: this, provider: args.provider, ...formerParentAlias(opts), ignoreChanges: ['timePeriod'] },
    );

    this.registerOutputs({ budgetName: this.budget.name });
  }
}
