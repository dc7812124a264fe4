import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAwsEstate } from '@nplz/aws';
import { Estate, Finding, loadEstateOrThrow } from '@nplz/core';
import { awsFindings } from '@nplz/policy';
import { sharedEvidenceDir } from './shared-evidence-store';

/**
 * The bounded role's iam:DeleteRolePermissionsBoundary request carries the condition key IAM
 * documents for that action, iam:PermissionsBoundary (Service Authorization Reference: "Filters
 * access if the specified policy is set as the permissions boundary on the IAM entity"): the role
 * it would strip has the local-assets boundary. Without it, the SCP statement conditioned on the
 * key (nplz-identity KeepLocalAssetsBoundaryAttached) can never apply, so the evaluator answers as
 * though only the boundary's own deny kept it.
 */
const ROOT = path.join(__dirname, '..');
const now = new Date('2026-11-22T00:00:00Z');
const full = loadEstateOrThrow(path.join(ROOT, 'examples/estate'), { now });
const estate: Estate = { ...full, tenancies: full.tenancies.filter((t) => t.spec.name === 'kent') };
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-boundary-'));
const pristine = path.join(base, 'aws');
beforeAll(() => {
  createAwsEstate(estate, { outdir: pristine }).app.synth();
}, 300_000);
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));
/** Each simulation's evidence, kept between runs (test/shared-evidence-store.ts): keyed by every input, so never stale. */
const kept = { cacheDir: sharedEvidenceDir() };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
function damaged(edits: Record<string, (t: Json) => void>): string {
  const dir = fs.mkdtempSync(path.join(base, 'case-'));
  fs.cpSync(pristine, dir, { recursive: true });
  for (const [stack, edit] of Object.entries(edits)) {
    const file = path.join(dir, `${stack}.template.json`);
    const t = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
    edit(t);
    fs.writeFileSync(file, JSON.stringify(t));
  }
  return dir;
}
const resources = (t: Json): [string, Json][] => Object.entries(t.Resources as Record<string, Json>);
/** The boundary without its own NoBoundaryRemoval statement. */
const dropBoundaryDeny = (t: Json) => {
  const [, b] = resources(t).find(([id, r]) => r.Type === 'AWS::IAM::ManagedPolicy' && id.startsWith('TenancyLocalAssetsBoundary'))!;
  const doc = b.Properties.PolicyDocument;
  doc.Statement = (doc.Statement as Json[]).filter((s) => s.Sid !== 'NoBoundaryRemoval');
};
/** nplz-identity without KeepLocalAssetsBoundaryAttached. */
const dropScpDeny = (t: Json) => {
  const [, p] = resources(t).find(([, r]) => r.Properties?.Name === 'nplz-identity')!;
  p.Properties.Content.Statement = (p.Properties.Content.Statement as Json[]).filter((s) => s.Sid !== 'KeepLocalAssetsBoundaryAttached');
};
const shedding = (findings: Finding[]) =>
  findings.filter(
    (f) =>
      f.status === 'fail' &&
      f.rule === 'NplzAccess-BoundaryHolds' &&
      f.message.includes('iam:DeleteRolePermissionsBoundary') &&
      f.message.includes('local-assets role'),
  );

describe("a bounded role's iam:DeleteRolePermissionsBoundary names the boundary it would remove", () => {
  test("without the boundary's own deny, the SCP statement conditioned on iam:PermissionsBoundary still keeps it", async () => {
    const findings = await awsFindings(damaged({ 'Force-kent-prod': dropBoundaryDeny }), estate, kept);
    expect(shedding(findings).map((f) => f.message)).toEqual([]);
  });

  test('without both denies, the audit fails NPLZ-PAM-03 for the bounded role', async () => {
    const findings = await awsFindings(damaged({ 'Force-kent-prod': dropBoundaryDeny, 'Nplz-Organization': dropScpDeny }), estate, kept);
    const hit = shedding(findings).filter((f) => f.tenancy === 'kent' && f.environment === 'prod');
    expect(hit.length).toBeGreaterThan(0);
    expect(hit[0]!.control).toBe('NPLZ-PAM-03');
  });
});
