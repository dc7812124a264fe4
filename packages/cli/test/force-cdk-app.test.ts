import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NplzError } from '@nplz/core';
import { synthForceCdkApp } from '../src/init/force-project';

/**
 * How a force project's synth runs the project's CDK app: with the context `cdk synth` would give it
 * (cdk.json's over the cached lookups of cdk.context.json, the CLI's order), and never for ever.
 * The app here is a stand-in that writes the context it was given into its manifest.
 */
const APP = `
const fs = require('node:fs');
const path = require('node:path');
if (process.argv[2] === 'hang') setInterval(() => {}, 1000);
else {
  fs.mkdirSync(process.env.CDK_OUTDIR, { recursive: true });
  fs.writeFileSync(path.join(process.env.CDK_OUTDIR, 'manifest.json'), JSON.stringify({ version: '1', context: JSON.parse(process.env.CDK_CONTEXT_JSON) }));
}
`;

function project(app: string, files: Record<string, unknown>): { dir: string; cdkApp: string; packageFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-cdk-app-'));
  fs.writeFileSync(path.join(dir, 'app.js'), APP);
  fs.writeFileSync(path.join(dir, 'package.json'), '{}');
  for (const [name, value] of Object.entries({ 'cdk.json': { app, context: { region: 'eu-west-2', shared: 'from cdk.json' } }, ...files }))
    fs.writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
  return { dir, cdkApp: path.join(dir, 'cdk.json'), packageFile: path.join(dir, 'package.json') };
}

afterEach(() => {
  delete process.env.NPLZ_PROGRAM_TIMEOUT_S;
});

test("cdk.context.json's cached lookups reach the app, and cdk.json's context wins over them", async () => {
  const p = project('node app.js', {
    'cdk.context.json': { 'vpc-provider:account=1:filter.vpc-id=vpc-1:region=eu-west-2': { vpcId: 'vpc-1' }, shared: 'from the cache' },
  });
  const out = path.join(p.dir, 'out');
  await synthForceCdkApp(p, out);
  const { context } = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { context: Record<string, unknown> };
  expect(context['vpc-provider:account=1:filter.vpc-id=vpc-1:region=eu-west-2']).toEqual({ vpcId: 'vpc-1' });
  expect(context.shared).toBe('from cdk.json');
  expect(context.region).toBe('eu-west-2');
});

test('a cdk.context.json that is not JSON is bad input, named', async () => {
  const p = project('node app.js', { 'cdk.context.json': '{ "half": ' });
  await expect(synthForceCdkApp(p, path.join(p.dir, 'out'))).rejects.toThrow(NplzError);
  await expect(synthForceCdkApp(p, path.join(p.dir, 'out'))).rejects.toThrow(/cdk\.context\.json is not valid JSON/);
});

test('an app that hangs is stopped at the limit, with a message saying so', async () => {
  process.env.NPLZ_PROGRAM_TIMEOUT_S = '1';
  const p = project('node app.js hang', {});
  const started = Date.now();
  await expect(synthForceCdkApp(p, path.join(p.dir, 'out'))).rejects.toThrow(/stopped after 1 s \(NPLZ_PROGRAM_TIMEOUT_S/);
  expect(Date.now() - started).toBeLessThan(15_000);
});
