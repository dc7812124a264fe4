import * as path from 'node:path';
import { CLOUDS, type Cloud, defined, Estate, estateRanges, findNationalFile, getBaseline, Ipv4Cidr, NplzError } from '@nplz/core';
import type { CommandSpec } from '../command';
import { loadValidEstate } from '../load-estate';
import { today } from '../today';
import { UsageError } from '../usage-error';

/** What to allocate for a new tenancy: per cloud, one range per environment of `size` (a prefix length). */
export interface AllocationRequest {
  readonly clouds: readonly Cloud[];
  readonly environments: readonly string[];
  /** Prefix length of each environment's range, e.g. 17 for a /17. */
  readonly size: number;
  /** Where to allocate from (private space). */
  readonly pool: Ipv4Cidr;
}

/** A proposed address plan: per cloud, the block it takes and each environment's range in it. */
export type AddressPlan = Partial<Record<Cloud, { readonly block: string; readonly network: Readonly<Record<string, string>> }>>;

/**
 * Propose ranges for a new tenancy that overlap none of the estate's ranges (the national hubs and
 * every tenancy's, the same list the EstateAddressOverlap rule checks): per cloud, the first
 * aligned block in the pool big enough for every environment, split into one range each.
 * Returns a message instead when the pool has no free block left.
 */
export function allocateAddressPlan(estate: Estate, req: AllocationRequest): AddressPlan | string {
  const taken = estateRanges(estate).map((r) => r.cidr);
  const blockPrefix = req.size - Math.ceil(Math.log2(req.environments.length));
  if (blockPrefix < req.pool.prefix)
    return `${req.environments.length} ranges of /${req.size} do not fit in the pool ${req.pool.toString()}`;
  const plan: Record<string, { block: string; network: Record<string, string> }> = {};
  for (const cloud of req.clouds) {
    const block = req.pool.subnets(blockPrefix).find((b) => !taken.some((t) => t.overlaps(b)));
    if (!block)
      return `no free /${blockPrefix} is left in ${req.pool.toString()} for ${cloud} (the estate holds ${taken.length} ranges there and beside it)`;
    taken.push(block);
    const ranges = block.subnets(req.size);
    plan[cloud] = {
      block: block.toString(),
      network: Object.fromEntries(
        req.environments.map((env, i) => [env, defined(ranges[i], `range ${i} of ${block.toString()}`).toString()]),
      ),
    };
  }
  return plan;
}

const cmdline = (flag: string, received: string, message: string, allowed: string) =>
  NplzError.of({ file: '(command line)', path: `--${flag}`, received, message, allowed });

export const allocateCommand: CommandSpec = {
  name: 'allocate',
  summary: "Propose a new tenancy's address ranges that overlap nothing in the estate",
  usage: 'nplz allocate [--estate <dir>] [--cloud aws|azure|both] [--environments prod,nonprod] [--size 17] [--pool 10.0.0.0/8] [--json]',
  examples: [
    'nplz allocate --estate examples/estate',
    'nplz allocate --estate examples/estate --cloud azure --environments prod --size 18',
    'nplz allocate --estate . --json > ranges.json',
  ],
  writes: 'nothing (it prints the `network` sections to put in the new tenancy spec).',
  options: {
    estate: { type: 'string', description: 'the estate folder (default: the current folder)' },
    cloud: { type: 'string', description: 'aws, azure or both (default: both)' },
    environments: { type: 'string', description: 'the environments, comma separated (default: prod,nonprod)' },
    size: {
      type: 'string',
      description: "each environment's range as a prefix length (default: 17, a /17); within the baseline's allowed sizes",
    },
    pool: { type: 'string', description: 'the private block to allocate from (default: 10.0.0.0/8)' },
    json: { type: 'boolean', description: 'print the plan as JSON' },
  },
  run: async ({ values, term }) => {
    const dir = (values.estate as string | undefined) ?? '.';
    if (!findNationalFile(dir))
      throw new UsageError(`no estate at ${path.resolve(dir)} (no national.yaml); give --estate <dir>`, 'allocate');
    const cloud = (values.cloud as string | undefined) ?? 'both';
    if (!['aws', 'azure', 'both'].includes(cloud)) throw cmdline('cloud', cloud, `unknown cloud "${cloud}"`, 'aws, azure or both');
    const clouds = cloud === 'both' ? [...CLOUDS] : [cloud as Cloud];
    const envText = (values.environments as string | undefined) ?? 'prod,nonprod';
    const environments = envText.split(',').map((e) => e.trim());
    if (environments.some((e) => !/^[a-z][a-z0-9-]{0,15}$/.test(e)) || new Set(environments).size !== environments.length)
      throw cmdline('environments', envText, 'environments must be distinct names', 'comma-separated lower-case names, e.g. prod,nonprod');
    const estate = loadValidEstate(dir, today());
    const { min, max } = getBaseline(estate.national.baseline).network.tenancyPrefix;
    const sizeText = (values.size as string | undefined) ?? '17';
    const size = /^\d{1,2}$/.test(sizeText) ? Number(sizeText) : NaN;
    if (!(size >= min && size <= max))
      throw cmdline(
        'size',
        sizeText,
        `/${sizeText} is outside the range sizes baseline ${estate.national.baseline} allows`,
        `a prefix from ${min} to ${max}`,
      );
    const poolText = (values.pool as string | undefined) ?? '10.0.0.0/8';
    const pool = Ipv4Cidr.tryParse(poolText);
    if (typeof pool === 'string') throw cmdline('pool', poolText, `the pool is ${pool}`, 'a private IPv4 block, e.g. 10.0.0.0/8');
    if (!pool.isPrivate)
      throw cmdline(
        'pool',
        poolText,
        'the pool is not private address space',
        'a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16',
      );
    const plan = allocateAddressPlan(estate, { clouds, environments, size, pool });
    if (typeof plan === 'string') throw cmdline('pool', poolText, plan, 'a larger pool, or a smaller --size');
    if (values.json) {
      term.out(JSON.stringify(plan, null, 2));
      return 0;
    }
    const ranges = estateRanges(estate).length;
    term.out(`# Ranges for a new tenancy: they overlap none of the ${ranges} ranges in ${dir} (hubs and tenancies).`);
    term.out('# Put each section in the tenancy spec; `nplz validate` checks them against the estate again.');
    for (const [c, p] of Object.entries(plan)) {
      term.out(`${c}:\n  network:`);
      for (const [env, r] of Object.entries(p.network)) term.out(`    ${env}: ${r}`);
    }
    return 0;
  },
};
