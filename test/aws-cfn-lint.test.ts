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
    const file = path.join(dir, stackSetTemplateFile('nplz-account-baseline'));
    expect(r.stackSetTemplateFiles).toEqual([file]);
    const org = JSON.parse(fs.readFileSync(path.join(dir, 'Nplz-Organization.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: { TemplateBody?: string } }>;
    };
    const bodies = Object.values(org.Resources).filter((x) => x.Type === 'AWS::CloudFormation::StackSet');
    expect(bodies).toHaveLength(1);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(JSON.parse(bodies[0]?.Properties.TemplateBody ?? 'null'));
  });

  test('is not in the assembly manifest (the CDK CLI and the audit read only listed artifacts)', () => {
    const manifest = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8');
    expect(manifest).not.toContain('stackset.template.json');
  });

  const haveLint = spawnSync('cfn-lint', ['--version']).status === 0;
  (haveLint ? test : test.skip)('cfn-lint reports no errors on the national, a force and the StackSet templates', () => {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.template.json'));
    expect(files).toContain(stackSetTemplateFile('nplz-account-baseline'));
    // exit 0 (clean) or 4 (warnings only); errors give 2 and make execFileSync throw with the report.
    execFileSync('cfn-lint', ['--non-zero-exit-code', 'error', '--', ...files.map((f) => path.join(dir, f))], { encoding: 'utf8' });
  });
});
