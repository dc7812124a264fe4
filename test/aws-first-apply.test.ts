import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AWS_BUDGET_UNITS, BASELINE_2026_11, Estate, gbpToBudgetUsd, loadEstateOrThrow } from '@nplz/core';
import { addNationalLandingZone, NationalLandingZoneStacks } from '@nplz/aws';

/**
 * What would fail or stall on the first `cdk deploy` of the estate (issue #15), each held against
 * the synthesised templates. Every test here failed before its fix.
 */
const full = loadEstateOrThrow(path.join(__dirname, '..', 'examples', 'estate'));
const sub = (names: readonly string[]): Estate => ({ ...full, tenancies: full.tenancies.filter((t) => names.includes(t.spec.name)) });

let cached: { app: App; lz: NationalLandingZoneStacks } | undefined;
function estate() {
  if (!cached) {
    const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
    cached = { app, lz: addNationalLandingZone(app, { estate: sub(['kent', 'essex', 'eastern-region-collab']) }) };
  }
  return cached;
}
const template = (id: string) => {
  const { lz } = estate();
  const s = [...lz.nationalStacks, ...lz.tenancyStacks.values()].find((x) => x.node.id === id);
  if (!s) throw new Error(`no stack ${id}`);
  return Template.fromStack(s as Stack);
};

describe('budgets', () => {
  test('every budget is in a unit AWS Budgets accepts, the GBP figure converted at the planning rate', () => {
    const budgets = Object.values(template('Force-kent-prod').findResources('AWS::Budgets::Budget'));
    expect(budgets).toHaveLength(1);
    const limit = (budgets[0] as { Properties: { Budget: { BudgetLimit: { Amount: number; Unit: string } } } }).Properties.Budget.BudgetLimit;
    expect(AWS_BUDGET_UNITS).toContain(limit.Unit);
    const kent = full.tenancies.find((t) => t.spec.name === 'kent')?.spec;
    expect(limit.Amount).toBe(gbpToBudgetUsd(kent?.budget?.monthlyGbp ?? BASELINE_2026_11.budgets.defaultMonthlyGbp));
  });
});
