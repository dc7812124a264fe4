/**
 * Facts about AWS that both the AWS renderer and the AWS checks must agree on. They describe AWS,
 * not a policy choice, so they are platform constants rather than baseline values.
 */

/**
 * The units AWS Budgets accepts in a COST budget's `BudgetLimit.Unit`. Budgets compute cost in USD
 * whatever currency the payer is invoiced in, and refuse any other unit at create time
 * ("GBP is not in the supported unit set: [USD]", InvalidParameterException).
 */
export const AWS_BUDGET_UNITS: readonly string[] = Object.freeze(['USD']);

/**
 * The planning rate at which a baseline's or tenancy's monthly figure in GBP becomes a USD budget
 * limit, for baselines that carry no rate of their own. A budget alerts at percentages of its
 * limit, so a drift of the market rate moves the alert points by the same fraction; review the
 * rate with each baseline. The rendered limit is rounded up to a whole dollar.
 */
export const AWS_BUDGET_USD_PER_GBP = 1.27;

/** A monthly figure in GBP as the USD limit AWS Budgets accepts, at `rate` USD per GBP. */
export function gbpToBudgetUsd(gbp: number, rate: number = AWS_BUDGET_USD_PER_GBP): number {
  return Math.ceil(gbp * rate);
}
