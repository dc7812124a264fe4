import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AWS_BUDGET_UNITS, BASELINE_2026_11, Estate, gbpToBudgetUsd, loadEstateOrThrow } from '@nplz/core';
import { addNationalLandingZone, ASSIGNMENT_CHAINS, NationalLandingZoneStacks } from '@nplz/aws';

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
    const limit = (budgets[0] as { Properties: { Budget: { BudgetLimit: { Amount: number; Unit: string } } } }).Properties.Budget
      .BudgetLimit;
    expect(AWS_BUDGET_UNITS).toContain(limit.Unit);
    const kent = full.tenancies.find((t) => t.spec.name === 'kent')?.spec;
    expect(limit.Amount).toBe(gbpToBudgetUsd(kent?.budget?.monthlyGbp ?? BASELINE_2026_11.budgets.defaultMonthlyGbp));
  });
});

const deps = (id: string) => {
  const { lz } = estate();
  const s = [...lz.nationalStacks, ...lz.tenancyStacks.values()].find((x) => x.node.id === id);
  return (s?.dependencies ?? []).map((d) => d.node.id).sort();
};

describe('delegated administrators', () => {
  test('the audit account creates its detector and hub before it is designated; only then the organisation configuration', () => {
    const sec = template('Nplz-Security');
    expect(Object.keys(sec.findResources('AWS::GuardDuty::Detector'))).toHaveLength(1);
    expect(Object.keys(sec.findResources('AWS::SecurityHub::Hub'))).toHaveLength(1);
    // Only the administrator may create it: not in the stack that runs before the designation.
    expect(Object.keys(sec.findResources('AWS::SecurityHub::OrganizationConfiguration'))).toHaveLength(0);
    const admin = template('Nplz-SecurityAdmin');
    admin.hasResourceProperties('AWS::SecurityHub::DelegatedAdmin', { AdminAccountId: full.national.aws?.auditAccount });
    expect(deps('Nplz-SecurityAdmin')).toContain('Nplz-Security');
    expect(Object.keys(template('Nplz-SecurityOrganization').findResources('AWS::SecurityHub::OrganizationConfiguration'))).toHaveLength(1);
    expect(deps('Nplz-SecurityOrganization')).toContain('Nplz-SecurityAdmin');
    const { lz } = estate();
    const account = (id: string) => lz.nationalStacks.find((x) => x.node.id === id)?.account;
    expect(account('Nplz-SecurityAdmin')).toBe(full.national.aws?.managementAccount);
    expect(account('Nplz-SecurityOrganization')).toBe(full.national.aws?.auditAccount);
  });
});

describe('transit gateway attachments', () => {
  test('shared attachments are accepted (CloudFormation cannot accept one) and join no route table by default', () => {
    template('Nplz-Network').hasResourceProperties('AWS::EC2::TransitGateway', {
      AutoAcceptSharedAttachments: 'enable',
      DefaultRouteTableAssociation: 'disable',
      DefaultRouteTablePropagation: 'disable',
    });
  });
});

describe('deploy order', () => {
  test('a tenancy stack deploys after the network hub and the fleet StackSet (its account alerts topic)', () => {
    for (const id of ['Force-kent-prod', 'Force-essex-nonprod']) {
      expect(deps(id)).toEqual(expect.arrayContaining(['Nplz-Network', 'Nplz-Organization']));
    }
  });

  test('with attachment ids, a routing shard deploys after the tenancy stacks whose attachments it associates', () => {
    const app = new App();
    const lz = addNationalLandingZone(app, { estate: sub(['kent']), spokeAttachments: { 'kent/prod': 'tgw-attach-0123456789abcdef0' } });
    const routing = lz.nationalStacks.find((s) => s.node.id === 'Nplz-NetworkRouting-1');
    expect(routing?.dependencies.map((d) => d.node.id)).toContain('Force-kent-prod');
    expect(routing?.dependencies.map((d) => d.node.id)).not.toContain('Force-kent-nonprod');
  });
});

describe('Identity Center assignments', () => {
  // In each stack that holds them: the national accounts' and each tenancy's, in its own stack.
  test.each(['Nplz-Identity', 'Nplz-Identity-kent'])(
    `are created at most ASSIGNMENT_CHAINS at a time in %s, and never two on one account at once`,
    (stack) => {
      const assignments = template(stack).findResources('AWS::SSO::Assignment') as Record<
        string,
        { DependsOn?: string[]; Properties: { TargetId: unknown } }
      >;
      const ids = Object.keys(assignments);
      expect(ids.length).toBeGreaterThan(ASSIGNMENT_CHAINS * 2);
      const dependsOn = (id: string) => (assignments[id]?.DependsOn ?? []).filter((d) => d in assignments);
      for (const id of ids) expect(dependsOn(id).length).toBeLessThanOrEqual(1);
      // Each assignment's lane: the root it waits for, through its DependsOn.
      const root = (id: string): string => {
        const [before] = dependsOn(id);
        return before ? root(before) : id;
      };
      const accounts = [...new Set(ids.map((id) => JSON.stringify(assignments[id]?.Properties.TargetId)))];
      expect(new Set(ids.map(root)).size).toBe(Math.min(ASSIGNMENT_CHAINS, accounts.length));
      // Identity Center provisions one permission set into an account at a time: an account's assignments share a lane.
      for (const account of accounts) {
        const lanes = new Set(ids.filter((id) => JSON.stringify(assignments[id]?.Properties.TargetId) === account).map(root));
        expect(`${account}: ${lanes.size} lane(s)`).toBe(`${account}: 1 lane(s)`);
      }
    },
  );
});

describe('organisation Config rules', () => {
  // With the fleet StackSet every account but the management account (which a service-managed
  // StackSet cannot target) has a recorder, so only the management account is left out, and the
  // rules wait for the StackSet that brings the recorders.
  test('leave out the national accounts that have no recorder', () => {
    const rules = Object.values(template('Nplz-Security').findResources('AWS::Config::OrganizationConfigRule'));
    expect(rules.length).toBeGreaterThan(0);
    const aws = full.national.aws;
    for (const r of rules) {
      expect((r as { Properties: { ExcludedAccounts?: string[] } }).Properties.ExcludedAccounts).toEqual([aws?.managementAccount]);
    }
    const { lz } = estate();
    const sec = lz.nationalStacks.find((x) => x.node.id === 'Nplz-Security') as Stack;
    expect(sec.dependencies.map((d) => d.node.id)).toContain('Nplz-Organization');
  });

  test('without the fleet rollout, also leave out the log archive and network accounts (only the audit account records)', () => {
    const app = new App();
    const lz = addNationalLandingZone(app, { estate: sub(['kent']), fleetRollout: false });
    const sec = lz.nationalStacks.find((x) => x.node.id === 'Nplz-Security') as Stack;
    const rules = Object.values(Template.fromStack(sec).findResources('AWS::Config::OrganizationConfigRule'));
    expect(rules.length).toBeGreaterThan(0);
    const aws = full.national.aws;
    for (const r of rules) {
      expect((r as { Properties: { ExcludedAccounts?: string[] } }).Properties.ExcludedAccounts?.sort()).toEqual(
        [aws?.managementAccount, aws?.logArchiveAccount, aws?.networkAccount].sort(),
      );
    }
  });
});
