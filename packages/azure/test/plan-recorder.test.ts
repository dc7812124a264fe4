import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import * as resources from '@pulumi/azure-native/resources';
import * as storage from '@pulumi/azure-native/storage';
import { PLAN_FORMAT, planToJson, recordPlan, STACK_TRACES_OFF_HINT, writePlan } from '../src';
import { named, plan } from './mocks';

class Box extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super('test:index:Box', name, {}, opts);
    const rg = new resources.ResourceGroup(
      `${name}-rg`,
      { resourceGroupName: `${name}-rg`, location: 'uksouth', tags: { secret: pulumi.secret('s3cret') } },
      { parent: this },
    );
    new storage.StorageAccount(
      `${name}-sa`,
      {
        resourceGroupName: rg.name,
        accountName: `${name}sa`,
        kind: 'StorageV2',
        sku: { name: 'Standard_LRS' },
      },
      { parent: this, protect: true, retainOnDelete: true },
    );
    this.registerOutputs({});
  }
}

const program = () => {
  new Box('b');
  new Box('a');
};

describe('recordPlan', () => {
  test('records components, custom resources, parents and dependencies', async () => {
    const p = await plan(program);
    const box = named(p, 'a', 'test:index:Box');
    expect(box.custom).toBe(false);
    expect(box.parent).toMatch(/pulumi:pulumi:Stack::test-unit$/);
    const rg = named(p, 'a-rg');
    const sa = named(p, 'a-sa');
    expect(rg.parent).toBe(box.urn);
    expect(rg.urn).toBe('urn:pulumi:unit::test::test:index:Box$azure-native:resources:ResourceGroup::a-rg');
    expect(sa.dependencies).toEqual([rg.urn]);
    // Outputs of other resources resolve to the mock engine's values.
    expect(sa.inputs.resourceGroupName).toBe('a-rg');
    expect(rg.inputs.tags).toEqual({ secret: '[secret]' });
  });

  test('records protect and retainOnDelete only where set', async () => {
    const p = await plan(program);
    expect(named(p, 'a-sa')).toMatchObject({ protect: true, retainOnDelete: true });
    expect(named(p, 'a-rg').protect).toBeUndefined();
    expect(named(p, 'a-rg').retainOnDelete).toBeUndefined();
  });

  test('sorts resources by URN and gives byte-identical JSON from run to run', async () => {
    const first = planToJson(await plan(program));
    const second = planToJson(
      await plan(() => {
        new Box('a');
        new Box('b');
      }),
    );
    expect(second).toBe(first);
    const urns = (JSON.parse(first) as { resources: { urn: string }[] }).resources.map((r) => r.urn);
    expect(urns).toEqual([...urns].sort());
  });

  test('writePlan writes the nplz-pulumi-plan/v1 document', async () => {
    const p = await plan(program);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-plan-')), 'azure', 'plan.json');
    writePlan(p, file);
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['tool', 'format', 'project', 'stack', 'resources']);
    expect(doc).toMatchObject({ tool: 'nplz', format: PLAN_FORMAT, project: 'test', stack: 'unit' });
  });

  test('refuses a second recording while one runs', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = recordPlan(() => gate);
    await expect(recordPlan(() => undefined)).rejects.toThrow(/already running/);
    release();
    await first;
  });

  test('rejects with the program error and can record again afterwards', async () => {
    await expect(
      plan(() => {
        new Box('ok');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const p = await plan(program);
    expect(p.resources.some((r) => r.name.startsWith('ok'))).toBe(false);
  });

  test('a program error is rethrown with stack traces back on, and its stack when asked for', async () => {
    const limit = Error.stackTraceLimit;
    const fail = () => {
      throw new Error('boom');
    };
    const quick = await plan(fail).catch((e: Error) => e);
    expect(Error.stackTraceLimit).toBe(limit);
    expect((quick as Error).stack).toContain(STACK_TRACES_OFF_HINT);
    const full = await recordPlan(fail, { stackTraces: true }).catch((e: Error) => e);
    expect((full as Error).stack).toContain('plan-recorder.test');
  });

  test("takes no source position per resource while recording (the plan is the same with them), and gives the SDK's back", async () => {
    const sdk = pulumi.Resource as unknown as { callsites: () => unknown[] };
    const stock = sdk.callsites;
    let during: unknown;
    const program = () => {
      during = sdk.callsites;
      new Box('positions');
    };
    const quick = planToJson(await plan(program));
    expect(during).not.toBe(stock);
    expect(sdk.callsites).toBe(stock);
    // With stack traces kept, the SDK takes its positions as it always does: the same plan.
    const kept = planToJson(await recordPlan(program, { project: 'test', stack: 'unit', stackTraces: true }));
    expect(during).toBe(stock);
    expect(kept).toBe(quick);
    // And after a program that throws.
    await plan(() => {
      throw new Error('boom');
    }).catch(() => undefined);
    expect(sdk.callsites).toBe(stock);
  });

  test('fails, naming the URN, if the program registers the same URN twice', async () => {
    await expect(
      plan(() => {
        new Box('twice');
        new Box('twice');
      }),
    ).rejects.toThrow(
      /^recordPlan: the program registered "urn:pulumi:unit::test::pulumi:pulumi:Stack\$test:index:Box::twice", .* more than once; allowed: one resource per URN/,
    );
  });
});
