import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BASELINE_2026_11 } from '@nplz/core';
import {
  NationalOrganization,
  NationalOrganizationProps,
  organizationPolicyHeadroom,
  policyHeadroomWarnings,
  renderDeployPlanMarkdown,
  synthesizeAwsEstate,
} from '@nplz/aws';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { policySize, renderGuardrails } from '../src/private/guardrail-policies';
import { baselineWith, testStack } from './helpers';
import { sampleEstate } from './estate-helpers';

/** As the sample estate renders its organisation (examples/estate: baseline 2026.11). */
const props: NationalOrganizationProps = {
  baseline: BASELINE_2026_11,
  organizationId: 'o-nplzsample01',
  rootId: 'r-nplz',
  forces: ['kent', 'essex', 'surrey'],
  nationalAccounts: ['100000000002', '100000000003', '100000000004'],
  securityAccount: '100000000003',
};
const WORKLOADS = ['Security', 'Infrastructure', 'Forces', 'Collaborations', 'Sandbox'];

function headroom(p: NationalOrganizationProps, stack: Stack = testStack()) {
  return organizationPolicyHeadroom(new NationalOrganization(stack, 'Organization', p));
}
const scpRow = (h: ReturnType<typeof headroom>, target: string) =>
  h.attachments.find((a) => a.type === 'SERVICE_CONTROL_POLICY' && a.target === target);

describe('Organizations policy headroom', () => {
  test('GIVEN the sample-like organisation THEN every workload OU is at 5 of 5 SCPs, the full-access policy counted, and flagged', () => {
    const h = headroom(props);
    for (const ou of WORKLOADS) {
      expect([ou, scpRow(h, ou)?.attached, scpRow(h, ou)?.quota, scpRow(h, ou)?.flagged]).toEqual([ou, 5, 5, true]);
      expect(scpRow(h, ou)?.policies).toHaveLength(4);
    }
    expect(scpRow(h, 'root')?.attached).toBe(1);
    expect(scpRow(h, 'Suspended')).toMatchObject({ attached: 2, policies: ['nplz-suspended-deny-all'], flagged: false });
    // The force OUs are attached alike: one row.
    expect(scpRow(h, 'Forces/* (each of the 3 force OUs)')).toMatchObject({ attached: 1, policies: [] });
    expect(h.attachments.find((a) => a.type === 'RESOURCE_CONTROL_POLICY' && a.target === 'Sandbox')).toMatchObject({
      attached: 2,
      policies: ['nplz-data-perimeter'],
    });
    // The Suspended OU's RCP is counted on its own target, beside RCPFullAWSAccess, and sized.
    expect(h.attachments.find((a) => a.type === 'RESOURCE_CONTROL_POLICY' && a.target === 'Suspended')).toMatchObject({
      attached: 2,
      quota: 5,
      policies: ['nplz-suspended-resources'],
      flagged: false,
    });
    expect(h.sizes.find((s) => s.name === 'nplz-suspended-resources')).toMatchObject({
      type: 'RESOURCE_CONTROL_POLICY',
      quota: 5120,
      flagged: false,
    });
    // Tag and backup policies have other quotas.
    expect(h.sizes.map((s) => s.name)).not.toContain('nplz-required-tags');
  });

  test('GIVEN the sample-like organisation THEN nplz-uk-regions-only is sized as AWS counts it (minified JSON) and flagged', () => {
    const stack = testStack();
    const h = headroom(props, stack);
    // What CloudFormation passes to Organizations: the template's Content, minified.
    const template = Template.fromStack(stack).findResources('AWS::Organizations::Policy', {
      Properties: { Name: 'nplz-uk-regions-only' },
    });
    const content = Object.values(template)[0]?.Properties?.Content as unknown;
    const expected = JSON.stringify(content).length;
    const rendered = renderGuardrails(props.baseline, props.organizationId, props).find((g) => g.name === 'nplz-uk-regions-only');
    expect(policySize(rendered?.document)).toBe(expected);
    const size = h.sizes.find((s) => s.name === 'nplz-uk-regions-only');
    expect(size).toEqual({
      type: 'SERVICE_CONTROL_POLICY',
      name: 'nplz-uk-regions-only',
      characters: expected,
      quota: 5120,
      flagged: true,
    });
    expect(size?.characters).toBeGreaterThanOrEqual(0.95 * 5120);
    expect(size?.characters).toBeLessThanOrEqual(5120);
    expect(h.findings).toEqual(expect.arrayContaining([expect.stringMatching(/^nplz-uk-regions-only: \d+ of 5120 characters/)]));
    expect(h.findings.filter((f) => / of 5 SCPs attached/.test(f)).map((f) => f.split(':')[0])).toEqual(WORKLOADS);
  });

  test('GIVEN a baseline with the region guardrail off THEN the workload OUs are at 4 of 5 and no target is warned about', () => {
    const baseline = baselineWith((b) => ({
      ...b,
      guardrails: { ...b.guardrails, aws: { ...b.guardrails.aws, denyNonUkRegions: false } },
    }));
    const h = headroom({ ...props, baseline });
    for (const ou of WORKLOADS) expect([ou, scpRow(h, ou)?.attached, scpRow(h, ou)?.flagged]).toEqual([ou, 4, false]);
    expect(h.sizes.map((s) => s.name)).not.toContain('nplz-uk-regions-only');
    // Only nplz-protect-baseline, which the region switch does not shorten, stays at or above 95% of its size.
    expect(h.sizes.filter((s) => s.flagged).map((s) => s.name)).toEqual(['nplz-protect-baseline']);
    expect(policyHeadroomWarnings(h)).toEqual([expect.stringMatching(/^nplz-protect-baseline: \d+ of 5120 characters/)]);
  });

  test('GIVEN an extra policy at 96% of the size limit THEN it is flagged and warned about; its target is not at quota', () => {
    const baseline = baselineWith((b) => ({
      ...b,
      guardrails: { ...b.guardrails, aws: { ...b.guardrails.aws, denyNonUkRegions: false } },
    }));
    const document = (n: number) => ({
      Version: '2012-10-17' as const,
      Statement: [{ Sid: 'Pad', Effect: 'Deny', Action: 'x:y', Resource: `arn:${'a'.repeat(n)}` }],
    });
    const base = policySize(document(0));
    const target = Math.ceil(0.96 * 5120);
    const big = document(target - base);
    expect(policySize(big)).toBe(target);
    const h = headroom({
      ...props,
      baseline,
      additionalPolicies: [{ name: 'national-extra', description: 'padding', document: big, targets: ['Suspended'] }],
    });
    expect(h.sizes.find((s) => s.name === 'national-extra')).toMatchObject({ characters: target, flagged: true });
    expect(scpRow(h, 'Suspended')).toMatchObject({ attached: 3, flagged: false });
    expect(policyHeadroomWarnings(h)).toEqual([
      expect.stringMatching(/^nplz-protect-baseline: /),
      `national-extra: ${target} of 5120 characters (96%); ${5120 - target} left for new statements`,
    ]);
    // Below 95%: not flagged.
    const small = headroom({
      ...props,
      baseline,
      additionalPolicies: [{ name: 'national-extra', description: 'padding', document: document(4800 - base), targets: ['Suspended'] }],
    });
    expect(small.sizes.find((s) => s.name === 'national-extra')).toMatchObject({ characters: 4800, flagged: false });
  });

  test('GIVEN more findings than the bound THEN at most N lines and then "and K more"', () => {
    const h = headroom(props);
    expect(h.findings.length).toBeGreaterThan(3);
    const lines = policyHeadroomWarnings(h, 3);
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3)).toEqual(h.findings.slice(0, 3));
    expect(lines[3]).toBe(`and ${h.findings.length - 3} more (deploy-plan.md, Organizations policy headroom)`);
  });
});

describe('the deploy plan of the sample estate', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-headroom-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  test('THEN it has the headroom, from the synthesised organisation stack, in JSON and Markdown', () => {
    const r = synthesizeAwsEstate(sampleEstate(), { outdir: dir });
    const h = r.deployPlan.policyHeadroom;
    for (const ou of WORKLOADS) expect([ou, scpRow(h, ou)?.attached]).toEqual([ou, 5]);
    expect(h.sizes.find((s) => s.name === 'nplz-uk-regions-only')?.flagged).toBe(true);
    const md = renderDeployPlanMarkdown(r.deployPlan);
    expect(md).toContain('### Organizations policy headroom');
    expect(md).toMatch(/\| SCP \| Sandbox \| 5 \/ 5 ⚠ \|/);
    expect(md).toMatch(/\| SCP \| nplz-uk-regions-only \| \d+ \/ 5120 ⚠ \|/);
  });
});
