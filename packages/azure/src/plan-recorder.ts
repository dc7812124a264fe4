import * as fs from 'node:fs';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import * as runtimeSettings from '@pulumi/pulumi/runtime/settings';
import { PLAN_FORMAT, PLAN_SECRET, PLAN_UNKNOWN, type Plan, type PlanResource, type PlanStack } from '@nplz/core';
import { attributionSink, type Attribution } from './private/attribution';

// The plan format is part of the contract in @nplz/core, which the checks read without loading Pulumi.
export { PLAN_FORMAT, type Plan, type PlanResource, type PlanStack } from '@nplz/core';

export interface RecordPlanOptions {
  /** @default 'nplz' */
  readonly project?: string;
  /** @default 'plan' */
  readonly stack?: string;
  /**
   * The Pulumi organization, the first part of a stack's full name (`<organization>/<project>/<stack>`).
   * @default 'organization' (what a self-managed backend calls every organization)
   */
  readonly organization?: string;
  /**
   * The outputs of the stacks the program may read through `new pulumi.StackReference(name)`, by full
   * name (`<organization>/<project>/<stack>`): under the mocks a StackReference resolves to these, as
   * the engine would give it the last outputs of that stack. A reference to a stack not listed fails,
   * as `pulumi up` fails on a stack that does not exist.
   * @default - none (a StackReference fails)
   */
  readonly stackReferences?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * The subscriptions that exist. A get (invoke) through a provider pinned to any other fails as
   * Azure answers a subscription it does not find (HTTP 404, `SubscriptionNotFound`).
   * @default - every subscription exists
   */
  readonly subscriptions?: readonly string[];
  /**
   * Azure ids of resources that exist before this run without a stack reference recording them
   * (such as the hub's peering an earlier run of the national peerings stack created): a get of
   * one finds it. Compared without regard to case, as Azure compares ids.
   * @default - none
   */
  readonly existing?: readonly string[];
  /**
   * Keep stack traces on while the program runs, so a program error carries its stack. Recording
   * is several times slower with them on (see `recordPlan`).
   * @default - on when the environment sets NPLZ_DEBUG=1, else off
   */
  readonly stackTraces?: boolean;
}

/**
 * Swap the SDK's `Resource.callsites` (a stack trace per resource, for the engine's source
 * positions) for one that finds none, until `restore()`. Does nothing if the SDK has no such static.
 */
function withoutCallsites(): { restore(): void } {
  const sdk = pulumi.Resource as unknown as { callsites?: () => unknown[] };
  const stock = sdk.callsites;
  if (typeof stock !== 'function') return { restore: () => undefined };
  sdk.callsites = () => [];
  return {
    restore: () => {
      sdk.callsites = stock;
    },
  };
}

/** Added to a program error recorded without stack traces, so nobody hunts for a stack that was never captured. */
export const STACK_TRACES_OFF_HINT =
  '(stack traces are off while a plan records, for speed; set NPLZ_DEBUG=1, or recordPlan option stackTraces, to keep them)';

// Signatures of the Pulumi wire format (sdk/nodejs/runtime/rpc.ts). They are part of the engine
// protocol and stable across SDK versions.
const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
const RESOURCE_SIG = '5cf8f73096256a8f31e491e813e4eb8e';
const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/** The parts of the engine's RegisterResourceRequest the recorder reads. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProvider(): string;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getDependenciesList(): string[];
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getIgnorechangesList(): string[];
}
interface RegisterResponse {
  getUrn(): string;
  getId(): string;
}
type Callback = (err: unknown, resp?: RegisterResponse) => void;
interface MonitorLike {
  registerResource(req: RegisterRequest, callback: Callback): unknown;
}

/** The mock id of a custom resource. Management groups and the policy definitions at them get their real Azure id, which is deterministic. */
function mockId(type: string, name: string, inputs: Record<string, unknown>): string {
  if (type === 'azure-native:management:ManagementGroup' && typeof inputs.groupId === 'string') {
    return `/providers/Microsoft.Management/managementGroups/${inputs.groupId}`;
  }
  // A definition at a management group has its Azure id too, so a stack that exports it names it
  // as Azure would (another stack's plan cannot resolve a mock id).
  const at = typeof inputs.managementGroupId === 'string' ? inputs.managementGroupId : undefined;
  if (at && type === 'azure-native:authorization:PolicyDefinitionAtManagementGroup' && typeof inputs.policyDefinitionName === 'string')
    return `/providers/Microsoft.Management/managementGroups/${at}/providers/Microsoft.Authorization/policyDefinitions/${inputs.policyDefinitionName}`;
  if (
    at &&
    type === 'azure-native:authorization:PolicySetDefinitionAtManagementGroup' &&
    typeof inputs.policySetDefinitionName === 'string'
  )
    return `/providers/Microsoft.Management/managementGroups/${at}/providers/Microsoft.Authorization/policySetDefinitions/${inputs.policySetDefinitionName}`;
  return `/nplz-plan/${type}/${name}`;
}

/**
 * The Azure name a resource was given, so `resource.name` resolves as it would in Azure: the
 * `<type>Name` input, or `<last words of type>Name` (`BlobContainer` → `containerName`), compared
 * without case (`PublicIPAddress` → `publicIpAddressName`); a management group's `groupId`; its
 * `name` input; else its logical name.
 */
function azureName(type: string, name: string, inputs: Record<string, unknown>): string {
  const simple = type.split(':').pop() ?? '';
  const words = simple.match(/[A-Z]+(?![a-z])|[A-Z][a-z0-9]*/g) ?? [simple];
  const byLowerKey = new Map(Object.entries(inputs).map(([k, v]) => [k.toLowerCase(), v]));
  for (let i = 0; i < words.length; i++) {
    const v = byLowerKey.get(`${words.slice(i).join('')}name`.toLowerCase());
    if (typeof v === 'string') return v;
  }
  for (const k of ['groupId', 'name']) {
    const v = inputs[k];
    if (typeof v === 'string') return v;
  }
  return name;
}

/**
 * The mock engine's answer to a registration. Only the outputs NPLZ components read back are
 * returned (`name`; a system-assigned identity's `principalId`; a user-assigned identity's
 * `principalId`; a Key Vault's `properties.vaultUri`, which Azure derives from the vault name in
 * the public cloud); echoing every input would double the serialisation work without changing any
 * recorded input.
 */
function mocksFor(
  organization: string,
  project: string,
  references: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  used: Set<string>,
  missing: Set<string>,
  azure: { readonly subscriptions?: readonly string[]; readonly existing?: readonly string[] } = {},
): pulumi.runtime.Mocks {
  // The subscription of each azure-native provider, by the id the mock gave it: an invoke names its provider `<urn>::<id>`.
  const providerSubscription = new Map<string, string>();
  const existing = new Set((azure.existing ?? []).map((id) => id.toLowerCase()));
  const knownSubscriptions = azure.subscriptions ? new Set(azure.subscriptions.map((x) => x.toLowerCase())) : undefined;
  const fail = (code: string, message: string): never => {
    const text = `Status=404 Code="${code}" Message="${message}"`;
    // The SDK reads a failed invoke's message from `details`, as a gRPC error carries it.
    throw Object.assign(new Error(text), { details: text });
  };
  return {
    newResource(args) {
      if (args.type === 'pulumi:providers:azure-native' && typeof args.inputs.subscriptionId === 'string')
        providerSubscription.set(args.id || mockId(args.type, args.name, args.inputs), args.inputs.subscriptionId);
      if (args.type === STACK_REFERENCE) {
        const name = fullStackName(String(args.inputs.name ?? args.name), organization, project);
        const outputs = references[name];
        // Failing the read here would reject inside the SDK, out of the program's reach: the
        // reference resolves to no outputs and the recording fails once the program has run.
        if (!outputs) {
          missing.add(name);
          return { id: name, state: { name, outputs: {}, secretOutputNames: [] } };
        }
        used.add(name);
        return { id: name, state: { name, outputs, secretOutputNames: [] } };
      }
      if (!args.custom) return { id: '', state: {} };
      const state: Record<string, unknown> = { name: azureName(args.type, args.name, args.inputs) };
      // Azure echoes an assignment's properties: a stack exports its scope, mode and parameters.
      if (args.type === 'azure-native:authorization:PolicyAssignment') Object.assign(state, args.inputs, { name: state.name });
      // After the echo, so that an assignment's identity keeps the principal Azure gives it.
      const identity = args.inputs.identity as { type?: string } | undefined;
      if (identity && typeof identity === 'object' && /SystemAssigned/.test(identity.type ?? '')) {
        state.identity = { ...identity, principalId: `principal-of-${args.name}` };
      }
      if (args.type === 'azure-native:managedidentity:UserAssignedIdentity') state.principalId = `principal-of-${args.name}`;
      if (args.type === 'azure-native:keyvault:Vault') state.properties = { vaultUri: `https://${String(state.name)}.vault.azure.net/` };
      // A read (`Resource.get(name, id)`) keeps the id it was given: the id another stack exported.
      return { id: args.id || mockId(args.type, args.name, args.inputs), state };
    },
    call(args) {
      const subscriptionId = args.provider ? providerSubscription.get(args.provider.slice(args.provider.lastIndexOf('::') + 2)) : undefined;
      const lookup =
        args.token === 'azure-native:network:getVirtualNetwork' || args.token === 'azure-native:network:getVirtualNetworkPeering';
      if (lookup && subscriptionId && knownSubscriptions && !knownSubscriptions.has(subscriptionId.toLowerCase()))
        fail('SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
      // A get of a VNet finds one a stack recorded before exported (its subscription, resource
      // group and name: `subscriptionId`, `networkResourceGroupName` or `resourceGroupName`,
      // `virtualNetworkName`, and `virtualNetworkId`), or one listed in `existing`, as Azure finds
      // what an earlier deploy created; any other fails as Azure answers a VNet that does not exist
      // (HTTP 404, ResourceNotFound).
      if (args.token === 'azure-native:network:getVirtualNetwork') {
        const { resourceGroupName, virtualNetworkName } = args.inputs as { resourceGroupName?: string; virtualNetworkName?: string };
        const same = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
        const found = Object.values(references).find(
          (o) =>
            same(o.virtualNetworkName, virtualNetworkName) &&
            same(o.networkResourceGroupName ?? o.resourceGroupName, resourceGroupName) &&
            (subscriptionId === undefined || same(o.subscriptionId, subscriptionId)) &&
            typeof o.virtualNetworkId === 'string',
        );
        const id = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Network/virtualNetworks/${virtualNetworkName}`;
        if (found) return { ...args.inputs, id: found.virtualNetworkId, name: virtualNetworkName };
        if (existing.has(id.toLowerCase())) return { ...args.inputs, id, name: virtualNetworkName };
        return fail(
          'ResourceNotFound',
          `The Resource 'Microsoft.Network/virtualNetworks/${String(virtualNetworkName)}' under resource group '${String(resourceGroupName)}' was not found.`,
        );
      }
      // A get of a VNet peering finds one listed in `existing`.
      if (args.token === 'azure-native:network:getVirtualNetworkPeering') {
        const { resourceGroupName, virtualNetworkName, virtualNetworkPeeringName } = args.inputs as Record<string, string | undefined>;
        const id = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Network/virtualNetworks/${virtualNetworkName}/virtualNetworkPeerings/${virtualNetworkPeeringName}`;
        if (existing.has(id.toLowerCase())) return { ...args.inputs, id, name: virtualNetworkPeeringName };
        return fail(
          'ResourceNotFound',
          `The Resource 'Microsoft.Network/virtualNetworks/${String(virtualNetworkName)}/virtualNetworkPeerings/${String(virtualNetworkPeeringName)}' under resource group '${String(resourceGroupName)}' was not found.`,
        );
      }
      return args.inputs;
    },
  };
}

/** The type token of `pulumi.StackReference`. */
const STACK_REFERENCE = 'pulumi:pulumi:StackReference';

/**
 * A stack's full name, `<organization>/<project>/<stack>`, from what a StackReference is given:
 * `stack` (this project), `project/stack` or the full name, as the Pulumi service reads it.
 */
export function fullStackName(name: string, organization: string, project: string): string {
  const parts = name.split('/');
  if (parts.length === 1) return `${organization}/${project}/${name}`;
  if (parts.length === 2) return `${organization}/${name}`;
  return name;
}

/** Plain JSON for a wire value: keys sorted, undefined dropped, signatures decoded. */
function normalise(value: unknown): unknown {
  if (value === UNKNOWN) return PLAN_UNKNOWN;
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const sig = obj[SIG_KEY];
    if (sig === SECRET_SIG) return PLAN_SECRET;
    if (sig === RESOURCE_SIG) return obj.urn;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj).sort()) {
      const v = obj[key];
      if (v !== undefined) out[key] = normalise(v);
    }
    return out;
  }
  return value;
}

/** Waits until every RPC the program started (registrations, outputs) has finished. */
function settle(): Promise<void> {
  // `waitForRPCs` is the SDK's own drain (it loops until no new RPC starts while it waits); it is
  // exported at runtime but marked @internal, so it has no type declaration.
  const { waitForRPCs } = runtimeSettings as unknown as { waitForRPCs?: () => Promise<void> };
  if (!waitForRPCs) throw new Error('@pulumi/pulumi no longer exports runtime/settings.waitForRPCs; the plan recorder needs it');
  return waitForRPCs();
}

/**
 * Every azure-native resource carries aliases for each older API version of its type (about 60 for
 * a VNet). The SDK turns each alias into several Outputs, which makes up most of the time and memory
 * of a plan. Aliases only matter to a real engine migrating existing state, and the plan does not
 * record them, so the recorder drops them from azure-native resources.
 */
function dropTypeAliases(args: pulumi.ResourceTransformationArgs): pulumi.ResourceTransformationResult | undefined {
  if (!args.type.startsWith('azure-native:') || !args.opts.aliases?.length) return undefined;
  return { props: args.props, opts: { ...args.opts, aliases: [] } };
}

let recording = false;

/**
 * Run a Pulumi program in-process under `pulumi.runtime.setMocks` and return every resource it
 * registered — components, providers and cloud resources — sorted by URN. Nothing leaves the
 * process: no engine, no cloud credentials.
 *
 * The recorder waits for every registration to finish (the SDK's RPC drain, not a timer), and
 * its output is the same from run to run for the same program.
 *
 * `setMocks` is process-global, so calls must not overlap: a second call while one runs is
 * rejected. Calls one after another in the same process are supported; each installs a fresh
 * mock monitor. A process that later talks to a real Pulumi engine must not call this.
 */
export async function recordPlan(
  program: () => Promise<StackOutputs | void> | StackOutputs | void,
  opts: RecordPlanOptions = {},
): Promise<Plan> {
  if (recording) throw new Error('recordPlan is already running in this process; await the first call before starting another');
  recording = true;
  const project = opts.project ?? 'nplz';
  const stack = opts.stack ?? 'plan';
  const organization = opts.organization ?? 'organization';
  const references = opts.stackReferences ?? {};
  const used = new Set<string>();
  const missing = new Set<string>();
  let outputs: Record<string, unknown> | undefined;
  const captured = new Map<string, PlanResource>();
  const zones: { resource: pulumi.Resource; attribution: Attribution }[] = [];
  // The SDK stamps a stack trace on every promise it creates (for leak reports) and keeps it for
  // the promise's life: with thousands of resources that dominates time and memory. Stack traces
  // carry nothing the plan needs, so they are switched off while the program runs.
  const stackTraceLimit = Error.stackTraceLimit;
  const keepStacks = opts.stackTraces ?? process.env.NPLZ_DEBUG === '1';
  if (!keepStacks) Error.stackTraceLimit = 0;
  // The SDK also takes a whole stack trace per resource (`Resource.callsites`, limit lifted to
  // Infinity) to send the engine the resource's source position. The mocks record no source position,
  // so the plan is the same without it (a test compares). Cheap under plain node, but under jest
  // (each frame mapped through source maps) a fifth of a whole-estate recording. Restored afterwards.
  const callsites = keepStacks ? undefined : withoutCallsites();
  const duplicates: string[] = [];
  try {
    await pulumi.runtime.setMocks(
      mocksFor(organization, project, references, used, missing, {
        ...(opts.subscriptions ? { subscriptions: opts.subscriptions } : {}),
        ...(opts.existing ? { existing: opts.existing } : {}),
      }),
      project,
      stack,
      false,
      organization,
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: RegisterRequest, callback: Callback) =>
      register(req, (err, resp) => {
        if (!err && resp) {
          const inputs = (normalise(req.getObject()?.toJavaScript() ?? {}) ?? {}) as Record<string, unknown>;
          const urn = resp.getUrn();
          // The engine refuses a second registration of a URN; the mock monitor would merge them.
          if (captured.has(urn)) duplicates.push(urn);
          captured.set(urn, {
            urn,
            type: req.getType(),
            name: req.getName(),
            parent: req.getParent() || null,
            custom: req.getCustom(),
            ...(req.getCustom() ? { id: resp.getId() } : {}),
            ...(req.getProvider() ? { provider: req.getProvider() } : {}),
            inputs,
            dependencies: [...new Set(req.getDependenciesList())].sort(),
            ...(req.getProtect() ? { protect: true as const } : {}),
            ...(req.getRetainondelete() ? { retainOnDelete: true as const } : {}),
            ...(req.getIgnorechangesList().length ? { ignoreChanges: [...req.getIgnorechangesList()].sort() } : {}),
          });
        }
        callback(err, resp);
      });
    attributionSink.current = (resource, attribution) => zones.push({ resource, attribution });
    // A program error is caught inside the stack, not thrown through it: the SDK would turn it
    // into unhandled rejections of the stack's outputs. It is rethrown once the registrations
    // already started have finished, so none of them runs into the next recording.
    let failure: { error: unknown } | undefined;
    await pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation(dropTypeAliases);
      try {
        const exported = await program();
        if (exported) {
          outputs = await resolved(exported);
          return exported;
        }
      } catch (error) {
        failure = { error };
      }
      return undefined;
    });
    await settle();
    // Restore stack traces before anything is thrown, so errors made from here on carry them.
    Error.stackTraceLimit = stackTraceLimit;
    if (missing.size) {
      throw new Error(
        `recordPlan: the program reads ${[...missing].map((m) => `StackReference ${JSON.stringify(m)}`).join(', ')}, which is not among the stacks recorded before this one; allowed: ${Object.keys(references).sort().join(', ') || '(none)'}`,
      );
    }
    if (failure) {
      const error = failure.error;
      if (!keepStacks && error instanceof Error && !/\n\s+at /.test(error.stack ?? ''))
        error.stack = `${error.stack ?? String(error)}\n${STACK_TRACES_OFF_HINT}`;
      throw error;
    }
    if (duplicates.length) {
      throw new Error(
        `recordPlan: the program registered ${[...new Set(duplicates)].map((u) => JSON.stringify(u)).join(', ')} more than once; allowed: one resource per URN (give each resource a unique name within its type and parent)`,
      );
    }
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    callsites?.restore();
    attributionSink.current = undefined;
    recording = false;
  }
  const attributed = new Map<string, Attribution>();
  for (const z of zones) attributed.set(await urnOf(z.resource), z.attribution);
  const resources = attribute([...captured.values()], attributed);
  if (!outputs && used.size === 0) return { project, stack, resources };
  const name = `${organization}/${project}/${stack}`;
  const stacks: PlanStack[] = [
    { name, outputs: outputs ?? {}, references: [...used].sort(), recorded: true },
    ...[...used].sort().map((r) => ({ name: r, outputs: references[r] ?? {}, references: [], recorded: false })),
  ];
  return { project, stack, resources: resources.map((r) => ({ ...r, stack: name })), stacks };
}

/** What a stack's program returns: its stack outputs. */
export type StackOutputs = Record<string, unknown>;

/** The plain value of a stack's outputs (under the mocks every output is known). */
function resolved(exported: StackOutputs): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    pulumi.output(exported).apply((v) => {
      resolve(normalise(v) as Record<string, unknown>);
      return v;
    });
  });
}

/**
 * One plan of several stacks recorded one after another (each with `recordPlan`): every resource
 * names the stack that deploys it (`stack`), and `stacks` lists each stack once, recorded or only
 * read. A dependency on a resource the program read (\`get\`) from a stack it references is the
 * resource that stack recorded under the same type and name: a read of another stack's resource
 * is that resource.
 */
export function mergeStackPlans(plans: readonly Plan[], project: string, stack: string): Plan {
  const stacks = new Map<string, PlanStack>();
  for (const p of plans)
    for (const s of p.stacks ?? []) {
      const known = stacks.get(s.name);
      if (!known || (!known.recorded && s.recorded)) stacks.set(s.name, s);
    }
  const own = (p: Plan) => p.stacks?.find((s) => s.recorded);
  const byStack = new Map<string, Plan>();
  for (const p of plans) {
    const s = own(p);
    if (!s)
      throw new Error(`mergeStackPlans: the plan of ${p.project}/${p.stack} exports nothing and reads no stack; allowed: plans of stacks`);
    if (byStack.has(s.name)) throw new Error(`mergeStackPlans: stack ${s.name} is recorded twice; allowed: each stack once`);
    byStack.set(s.name, p);
  }
  const resources: PlanResource[] = [];
  for (const [name, p] of byStack) {
    const urns = new Set(p.resources.map((r) => r.urn));
    const read = new Map<string, string>();
    for (const ref of stacks.get(name)?.references ?? [])
      for (const r of byStack.get(ref)?.resources ?? []) read.set(`${r.type}::${r.name}`, r.urn);
    const dependency = (urn: string) => {
      if (urns.has(urn)) return urn;
      // urn:pulumi:<stack>::<project>::<parent types $ type>::<name>
      const parts = urn.split('::');
      const type = parts[2]?.split('$').pop();
      return read.get(`${type}::${parts.slice(3).join('::')}`) ?? urn;
    };
    for (const r of p.resources) resources.push({ ...r, stack: name, dependencies: [...new Set(r.dependencies.map(dependency))].sort() });
  }
  resources.sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  return { project, stack, resources, stacks: [...stacks.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}

function urnOf(resource: pulumi.Resource): Promise<string> {
  return new Promise((resolve) => resource.urn.apply((u) => resolve(u)));
}

/**
 * Sort by URN and attribute each resource to the tenancy/environment it is deployed into. A
 * component or provider takes its nearest attributed ancestor. A cloud resource takes the
 * attribution of its provider, because the provider fixes the subscription: the hub side of a
 * force's peering (`<zone>-from-hub`) is created by the landing zone but lives in the national
 * connectivity subscription through the hub's provider, so it is national (unattributed), and a
 * collaboration's peering created in a member's spoke belongs to that member. A cloud resource
 * without an explicit provider follows its parent chain.
 */
function attribute(resources: PlanResource[], attributed: Map<string, Attribution>): PlanResource[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const find = (urn: string | null): Attribution | undefined => {
    for (let u = urn; u; u = byUrn.get(u)?.parent ?? null) {
      const a = attributed.get(u);
      if (a) return a;
    }
    return undefined;
  };
  const providerUrn = (ref: string) => {
    const cut = ref.lastIndexOf('::');
    return cut < 0 ? ref : ref.slice(0, cut);
  };
  return resources
    .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0))
    .map((r) => {
      const a = r.custom && r.provider && !r.type.startsWith('pulumi:providers:') ? find(providerUrn(r.provider)) : find(r.urn);
      return a ? { ...r, tenancy: a.tenancy, environment: a.environment } : r;
    });
}

/** Stable JSON text of a plan: the same plan always gives the same bytes. */
export function planToJson(plan: Plan): string {
  const doc = {
    tool: 'nplz',
    format: PLAN_FORMAT,
    project: plan.project,
    stack: plan.stack,
    ...(plan.stacks ? { stacks: plan.stacks.map((s) => ({ ...s, outputs: normalise(s.outputs) })) } : {}),
    resources: plan.resources.map(ordered),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** A resource's fields in one fixed order, for readable and stable JSON. */
function ordered(r: PlanResource): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of RESOURCE_KEYS) if (r[key] !== undefined) out[key] = normalise(r[key]);
  return out;
}
const RESOURCE_KEYS = [
  'urn',
  'type',
  'name',
  'parent',
  'custom',
  'id',
  'provider',
  'protect',
  'retainOnDelete',
  'ignoreChanges',
  'tenancy',
  'environment',
  'stack',
  'dependencies',
  'inputs',
] as const satisfies readonly (keyof PlanResource)[];

/** Write a plan as stable JSON (`{ tool, format, project, stack, resources }`), creating the folder. */
export function writePlan(plan: Plan, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, planToJson(plan));
}
