import { NplzError, type Estate } from '@nplz/core';
import { AZURE_STACKS, azureStacks, type AzureStack } from './azure-stacks';

/** One Azure stack to deploy, as `pulumi up` names it. */
export interface AzureDeployPlanItem {
  readonly kind: 'stack';
  /** `<organization>/<project>/<stack>`. */
  readonly id: string;
  readonly project: string;
  readonly stack: string;
  /** Who deploys it: the national team, or the tenancy (from its own project). */
  readonly owner: string;
  /** The subscriptions it writes in. */
  readonly subscriptions: readonly string[];
  readonly description: string;
  /** Ids of the stacks it reads through a StackReference, all in earlier waves. */
  readonly after: readonly string[];
  readonly command: string;
}

export interface AzureDeployPlanStep {
  readonly id: string;
  readonly title: string;
  readonly commands: readonly string[];
  readonly why: string;
}

export interface AzureDeployPlanWave {
  readonly wave: number;
  /** Everything in a wave can deploy in parallel; each item's `after` is in an earlier wave. */
  readonly items: readonly AzureDeployPlanItem[];
}

/** The `azure` section of `<out>/deploy-plan.json`: the first deploy of the Azure estate, stack by stack. */
export interface AzureDeployPlan {
  readonly baseline: string;
  readonly prerequisites: readonly AzureDeployPlanStep[];
  readonly waves: readonly AzureDeployPlanWave[];
  readonly afterwards: readonly AzureDeployPlanStep[];
}

function owner(s: AzureStack): string {
  return s.kind === 'tenancy' ? `tenancy ${s.tenancy} (its project, \`nplz init\`)` : 'national team';
}

/**
 * The deploy plan of the estate's Azure stacks (`azureStacks`): waves in which each stack follows
 * every stack it reads, the prerequisites no stack can create (the deploy identities' rights), and
 * what to do when a tenancy environment is added later.
 * @throws NplzError when the national settings have no Azure section.
 */
export function azureDeployPlan(estate: Estate): AzureDeployPlan {
  const azure = estate.national.azure;
  if (!azure)
    throw NplzError.of({
      file: estate.nationalFile,
      path: 'azure',
      received: undefined,
      message: 'the national settings have no Azure section',
      allowed: 'an `azure` section',
    });
  const stacks = azureStacks(estate);
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const waveOf = new Map<string, number>();
  const visiting = new Set<string>();
  const wave = (name: string): number => {
    const known = waveOf.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) throw new Error(`azure deploy plan: a dependency cycle through ${name}`);
    visiting.add(name);
    const w = 1 + Math.max(0, ...(byName.get(name)?.after ?? []).filter((a) => byName.has(a)).map(wave));
    visiting.delete(name);
    waveOf.set(name, w);
    return w;
  };
  stacks.forEach((s) => wave(s.name));
  const max = Math.max(0, ...waveOf.values());
  const waves: AzureDeployPlanWave[] = [];
  for (let w = 1; w <= max; w++)
    waves.push({
      wave: w,
      items: stacks
        .filter((s) => waveOf.get(s.name) === w)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((s) => ({
          kind: 'stack' as const,
          id: s.name,
          project: s.project,
          stack: s.stack,
          owner: owner(s),
          subscriptions: s.subscriptions,
          description: s.description,
          after: [...s.after].sort(),
          command: `pulumi up --stack ${s.name}`,
        })),
    });
  const root = azure.rootManagementGroup;
  const national = `${AZURE_STACKS.organization}/${AZURE_STACKS.nationalProject}/${AZURE_STACKS.national}`;
  const prerequisites: AzureDeployPlanStep[] = [
    {
      id: 'national-identity',
      title: `The national deploy identity: Owner at the tenant root group, for ${national} and the national peerings`,
      commands: [
        `az role assignment create --assignee <national-deploy-identity> --role Owner --scope /providers/Microsoft.Management/managementGroups/${azure.tenantId}`,
      ],
      why: `The national stack creates the management groups under the tenant root group (root ${root}), assigns policy with managed identities that need role assignments, and places the platform and tenancy subscriptions; the national peerings stack writes the hub's side of every spoke's peering.`,
    },
    {
      id: 'tenancy-identities',
      title: "Each tenancy's deploy identity: Owner of its own subscriptions, and peer/action on the hub VNet",
      commands: [
        `Grant each tenancy's deploy identity Owner on the subscriptions of its stacks (listed per stack below); it needs role assignments for its groups and the audit storage's key access.`,
        `Grant it Microsoft.Network/virtualNetworks/peer/action on the hub VNet (a custom role on /subscriptions/${azure.subscriptions.connectivity}/resourceGroups/nplz-connectivity/providers/Microsoft.Network/virtualNetworks/nplz-hub): creating the spoke's peering to the hub needs it on the remote VNet, and nothing more in the connectivity subscription.`,
        `Give it read access to the national stack's state in the Pulumi backend: its StackReference reads ${national}.`,
        `Grant it Microsoft.Management/managementGroups/read and Microsoft.Management/managementGroups/subscriptions/write on its force's management group (/providers/Microsoft.Management/managementGroups/${root}-force-<force>, or its collaboration's) and on ${root}-decommissioned (a custom role): its stack places its subscriptions under its force's group, and moves them when the tenancy is decommissioned; a subscription that does not start under the tenant root group needs the same on its current parent.`,
        `Grant it Microsoft.OperationalInsights/workspaces/read and Microsoft.OperationalInsights/workspaces/sharedKeys/action on the national workspace (a custom role on the workspace in the management subscription): the audit storage's and key vault's diagnostic settings and the flow log's traffic analytics send there, and Azure checks that linked authorisation.`,
        `Grant it Microsoft.Authorization/policyAssignments/read and Microsoft.Authorization/policyAssignments/exempt/action at the management groups of the national assignments (${root} and ${root}-forces): its stack reads the assignments its declared exceptions exempt, and an exemption needs exempt/action at the assignment's scope.`,
      ],
      why: "A tenancy's stack writes only in its own subscription, apart from its subscriptions' placement in the hierarchy and the links Azure authorises on the national resources it reports to; the hub side of its peering is the national peerings stack's.",
    },
    {
      id: 'network-watchers',
      title: "Each subscription's Network Watcher: NPLZ's is the one Azure allows per region",
      commands: [
        `az network watcher list --subscription <subscription> --query "[].{name:name, group:resourceGroup, location:location}"   # for the connectivity subscription (${national}) and each tenancy subscription (its stack)`,
        `pulumi config set nplz:adoptNetworkWatcher true --stack <stack>   # only if NetworkWatcherRG holds NetworkWatcher_<region> for the stack's region: its next apply imports both`,
        `pulumi config rm nplz:adoptNetworkWatcher --stack <stack>   # once that apply has succeeded`,
      ],
      why: "Azure allows one Network Watcher per subscription and region, and creates NetworkWatcher_<region> in NetworkWatcherRG (untagged) when a VNet appears in a region without one. NPLZ renders that same watcher, tagged, before the hub's and each spoke's VNet, so on a fresh subscription Azure finds it and creates none. A subscription that already has it (a VNet was created there before NPLZ) adopts it: with the stack config nplz:adoptNetworkWatcher set to true, the stack's first apply imports NetworkWatcherRG and NetworkWatcher_<region> (the Pulumi `import` resource option, by the ids that follow from the stack's subscription and region, through its subscription provider) and then tags them. NetworkWatcherRG may be in another region (that of the subscription's first VNet): NPLZ keeps the location it has (ignoreChanges), as a resource group's location cannot change. A watcher for the region under another name or group cannot be adopted: delete it first if nothing uses it. Both are retained on delete: the group holds the watchers Azure made for other regions and their flow logs. Do not opt the subscription out of the automatic creation (the DisableNetworkWatcherAutocreation feature): Microsoft documents the opt-out as permanent, and it cannot be undone without Azure support.",
    },
  ];
  const afterwards: AzureDeployPlanStep[] = [
    {
      id: 'new-tenancy-environment',
      title: 'Adding a tenancy environment later',
      commands: [
        `pulumi up --stack ${national}   # its management group, and it among the national stack's outputs`,
        `pulumi up --stack ${AZURE_STACKS.organization}/<tenancy>-landing-zone/<env>   # from the tenancy's project`,
        `pulumi up --stack ${AZURE_STACKS.organization}/${AZURE_STACKS.nationalProject}/${AZURE_STACKS.peerings}   # the hub side of its peering`,
      ],
      why: 'Until the national peerings stack has run, the spoke peering stays Initiated and the spoke reaches nothing through the hub. The national peerings stack peers only the spokes that exist: it warns of each tenancy stack not deployed yet (and lists it in its output `pending`) instead of failing, so it can run after some tenancy stacks and again after the rest.',
    },
  ];
  return { baseline: estate.national.baseline, prerequisites, waves, afterwards };
}

/** The Azure deploy plan for people: a section of `deploy-plan.md`. */
export function renderAzureDeployPlanMarkdown(plan: AzureDeployPlan): string {
  const out: string[] = [];
  const step = (s: AzureDeployPlanStep) => {
    out.push(`- **${s.title}**: ${s.why}`);
    if (s.commands.length) out.push('', '  ```sh', ...s.commands.map((c) => `  ${c}`), '  ```', '');
  };
  out.push(
    `# Azure deploy plan (baseline ${plan.baseline})`,
    '',
    'Generated by `nplz synth`. Each item is a Pulumi stack; deploy the waves in order, everything in one wave in parallel.',
    '',
    '## Before the first wave',
    '',
  );
  plan.prerequisites.forEach(step);
  for (const w of plan.waves) {
    out.push('', `## Wave ${w.wave}`, '', '| stack | owner | subscriptions | after |', '| --- | --- | --- | --- |');
    for (const i of w.items) out.push(`| \`${i.id}\` | ${i.owner} | ${i.subscriptions.join(', ')} | ${i.after.join(', ') || '—'} |`);
  }
  out.push('', '## After the last wave', '');
  plan.afterwards.forEach(step);
  return `${out.join('\n')}\n`;
}
