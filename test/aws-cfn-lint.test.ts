import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEstateOrThrow } from '@nplz/core';
import { stackSetTemplateFile, synthesizeAwsEstate } from '@nplz/aws';

/** cfn-lint does not read a StackSet's inline TemplateBody (cfn-lint#2539): synthesis writes it as a template of its own. */
describe('the StackSet template body as a file of its own', () => {
  const estate = loadEstateOrThrow(path.join(__dirname, '..', 'examples', 'estate'));
  const small = { ...estate, tenancies: estate.tenancies.filter((t) => t.spec.name === 'kent') };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-cfn-lint-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const r = synthesizeAwsEstate(small, { outdir: dir });

  test('is written into the assembly and is exactly the body the StackSet deploys', () => {
    // One file per StackSet: the account baseline, and the global service events in us-east-1.
    const names = ['nplz-account-baseline', 'nplz-global-events'];
    expect([...r.stackSetTemplateFiles].sort()).toEqual(names.map((n) => path.join(dir, stackSetTemplateFile(n))).sort());
    const org = JSON.parse(fs.readFileSync(path.join(dir, 'Nplz-Organization.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: { StackSetName?: string; TemplateBody?: string } }>;
    };
    const sets = Object.values(org.Resources).filter((x) => x.Type === 'AWS::CloudFormation::StackSet');
    expect(sets.map((x) => x.Properties.StackSetName).sort()).toEqual([...names].sort());
    for (const name of names) {
      const body = sets.find((x) => x.Properties.StackSetName === name)?.Properties.TemplateBody;
      expect(typeof body).toBe('string');
      expect(JSON.parse(fs.readFileSync(path.join(dir, stackSetTemplateFile(name)), 'utf8'))).toEqual(JSON.parse(body ?? 'null'));
    }
    // The two bodies differ: each file is its own StackSet's body, not one written twice.
    const [a, b] = names.map((n) => fs.readFileSync(path.join(dir, stackSetTemplateFile(n)), 'utf8'));
    expect(a).not.toEqual(b);
  });

  test('is not in the assembly manifest (the CDK CLI and the audit read only listed artifacts)', () => {
    const manifest = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8');
    expect(manifest).not.toContain('stackset.template.json');
  });

  const haveLint = spawnSync('cfn-lint', ['--version']).status === 0;
  (haveLint ? test : test.skip)('cfn-lint reports no errors on the national, a force and the StackSet templates', () => {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.template.json'));
    expect(files).toContain(stackSetTemplateFile('nplz-account-baseline'));
    expect(files).toContain(stackSetTemplateFile('nplz-global-events'));
    // exit 0 (clean) or 4 (warnings only); errors give 2 and make execFileSync throw with the report.
    execFileSync('cfn-lint', ['--non-zero-exit-code', 'error', '--', ...files.map((f) => path.join(dir, f))], { encoding: 'utf8' });
  });
});
