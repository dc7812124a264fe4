import {
  getDenialReasons,
  getGrantReasons,
  runSimulation,
  type RequestAnalysis,
  type Simulation,
  type StatementExplain,
} from '@cloud-copilot/iam-simulate';
import { createHash } from 'node:crypto';
import { actionMatches } from '../private/cfn';
import type { EvidenceStore } from './evidence-store';
import type { AccessRequest, Expected } from './requests';
import type { OrgLevel, SourcedPolicy } from './model';

/**
 * `FullAWSAccess`, the SCP AWS Organizations attaches to the root, every OU and every account
 * unless it is detached (CloudFormation cannot detach it, and NPLZ does not): with it, an SCP
 * layer allows everything its Deny statements do not deny.
 */
export const FULL_AWS_ACCESS: SourcedPolicy = {
  name: 'FullAWSAccess',
  source: 'AWS Organizations default (attached to every root, OU and account)',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

/** One request's answer: the verdict, whether it keeps the promise, and the statements that decided it. */
export interface AccessAnswer {
  readonly request: AccessRequest;
  readonly verdict: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied' | 'Error';
  readonly status: 'pass' | 'fail';
  /** The finding's message: the request, the verdict, and the deciding statements as evidence. */
  readonly message: string;
  /** Where the fault (or the deciding statement) lives: the statement's policy source, else the request's resource. */
  readonly resource: string;
}

/** A statement (or a missing one) that took part in the decision, named as the simulator names it. */
interface Ref {
  readonly kind: 'deny' | 'implicit' | 'grant' | 'exempt';
  readonly type: string;
  readonly id?: string;
  readonly sid?: string;
  readonly index?: number;
  readonly orgId?: string;
  readonly why?: string;
  /** For an exemption by condition: the condition keys that did not hold. */
  readonly keys?: readonly string[];
}

/** What one simulation concluded: its verdict and the statements that decided it (plain data, so a worker thread can return it). */
export interface Evidence {
  readonly verdict: AccessAnswer['verdict'];
  readonly refs: readonly Ref[];
  readonly error?: string;
}

/** The policy a simulator identifier names, in the request's simulation. */
function lookup(req: AccessRequest, type: string, id: string | undefined): SourcedPolicy | undefined {
  const all: SourcedPolicy[] =
    type === 'scp'
      ? [FULL_AWS_ACCESS, ...req.principal.levels.flatMap((l) => l.scps)]
      : type === 'rcp'
        ? req.resourceLevels.flatMap((l) => l.rcps)
        : type === 'pb'
          ? [...(req.principal.boundary ?? [])]
          : type === 'identity'
            ? [...req.principal.identity]
            : type === 'resource' && req.resourcePolicy
              ? [req.resourcePolicy]
              : [];
  return type === 'resource' ? all[0] : all.find((p) => p.name === id);
}

const TYPE_WORDS: Record<string, string> = {
  scp: 'SCP',
  rcp: 'RCP',
  pb: 'permissions boundary',
  identity: 'identity policy',
  resource: 'resource policy',
  vpce: 'endpoint policy',
  's3-bpa': 'S3 Block Public Access',
};

/** A reference in words, with the source of its policy: the evidence a finding shows. */
/** The organisation levels whose SCPs take part: those with SCPs of their own. */
function scpLevels(req: AccessRequest): OrgLevel[] {
  return req.principal.levels.filter((l) => l.scps.length > 0);
}

/** The organisation levels of the resource's account whose RCPs take part. */
function rcpLevels(req: AccessRequest): OrgLevel[] {
  return req.resourceLevels.filter((l) => l.rcps.length > 0);
}

function levelName(req: AccessRequest, type: string, orgId: string | undefined): string | undefined {
  const m = orgId === undefined ? null : /^level(\d+)$/.exec(orgId);
  if (!m) return orgId;
  const level = (type === 'rcp' ? rcpLevels(req) : scpLevels(req))[Number(m[1])];
  return level ? level.name : orgId;
}

function describe(req: AccessRequest, raw: Ref): { text: string; source?: string } {
  const name0 = levelName(req, raw.type, raw.orgId);
  const ref: Ref = { ...raw, ...(name0 !== undefined ? { orgId: name0 } : {}) };
  const p = lookup(req, ref.type, ref.id);
  const kind = TYPE_WORDS[ref.type] ?? ref.type;
  if (ref.kind === 'implicit') {
    return {
      text: `no statement of the ${kind}${ref.orgId ? ` at ${ref.orgId}` : ''} allows it${ref.type === 'resource' && p ? ` (${p.source})` : ''}`,
      ...(ref.type === 'resource' && p ? { source: p.source } : {}),
    };
  }
  const name = p?.name ?? ref.id ?? '';
  const statement = ref.sid ? `statement ${ref.sid}` : `statement #${ref.index ?? 0}`;
  const text = `${kind} ${name ? `${name} ` : ''}${statement}${p ? ` (${p.source})` : ''}`;
  return {
    text: ref.kind === 'exempt' ? `${text}${ref.orgId ? ` at ${ref.orgId}` : ''} does not apply: ${ref.why ?? ''}` : text,
    ...(p ? { source: p.source } : {}),
  };
}

interface Analysed {
  readonly policyId: string;
  readonly statement: { sid(): string | undefined; index(): number; isDeny(): boolean };
  readonly actionMatch: boolean;
  readonly resourceMatch: boolean;
  readonly conditionMatch: string;
  readonly explain: StatementExplain;
}

/** Deny statements that would have applied but for their condition, NotAction or NotResource: the exemptions that decided an allow. */
function exemptions(analysis: RequestAnalysis, action: string, context: Record<string, string | string[]>): Ref[] {
  const out: Ref[] = [];
  const look = (type: string, orgId: string | undefined, statements: readonly Analysed[]) => {
    for (const s of statements) {
      if (!s.statement.isDeny()) continue;
      const why = exemptionReason(s, action, context);
      const sid = s.statement.sid();
      const keys = (s.explain.conditions ?? []).filter((c) => !c.matches).map((c) => c.conditionKeyValue);
      if (why)
        out.push({
          kind: 'exempt',
          type,
          id: s.policyId,
          index: s.statement.index(),
          why,
          keys,
          ...(sid ? { sid } : {}),
          ...(orgId ? { orgId } : {}),
        });
    }
  };
  for (const ou of analysis.scpAnalysis?.ouAnalysis ?? []) look('scp', ou.orgIdentifier, ou.unmatchedStatements);
  for (const ou of analysis.rcpAnalysis?.ouAnalysis ?? []) look('rcp', ou.orgIdentifier, ou.unmatchedStatements);
  if (analysis.permissionBoundaryAnalysis) look('pb', undefined, analysis.permissionBoundaryAnalysis.unmatchedStatements);
  if (analysis.resourceAnalysis) look('resource', undefined, analysis.resourceAnalysis.unmatchedStatements);
  return out;
}

/**
 * Condition keys whose failing to match is what every principal of the estate is by design: a
 * member of the organisation, not an AWS service. A Deny lifted by them (the data perimeter, which
 * is about principals outside the organisation) says nothing about the request at hand.
 */
const BY_DESIGN = new Set(['aws:principalorgid', 'aws:principalisawsservice']);

/** IAM's wildcard match (`*` any run, `?` one character), case-insensitive as action names are. */
export function globMatch(pattern: string, value: string): boolean {
  return actionMatches(pattern, value);
}

function list<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function exemptionReason(s: Analysed, action: string, context: Record<string, string | string[]>): string | undefined {
  const e = s.explain;
  const notActions = list(e.notActions);
  if (!s.actionMatch && notActions.length && s.resourceMatch) {
    const hit = notActions.map((a) => a.action).filter((a) => globMatch(a, action));
    return `its NotAction exempts ${hit.length ? hit.join(', ') : action}`;
  }
  if (s.actionMatch && s.resourceMatch && s.conditionMatch === 'NoMatch') {
    // A Deny that names every action (`*`) and is lifted by its condition is about who or where, not about this request.
    if (list(e.actions).some((a) => a.action === '*')) return undefined;
    const failed = (e.conditions ?? []).filter((c) => !c.matches);
    const parts = failed.map((c) => {
      const key = c.conditionKeyValue;
      const values = list(c.values).map((v) => v.value);
      const actual = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
      const hits = values.filter((v) => list(actual).some((a) => globMatch(v, a)));
      const got = actual === undefined ? 'absent from the request' : `is ${list(actual).join(', ')}`;
      return `${c.operator} ${key} [${values.join(', ')}]: ${key} ${got}${hits.length ? `, which ${hits.join(', ')} matches` : ''}`;
    });
    return `its condition does not hold for this request${parts.length ? ` (${parts.join('; ')})` : ''}`;
  }
  return undefined;
}

/** Every request carries what AWS puts in any signed request from this principal; the request's own context is laid over it. */
function contextFor(req: AccessRequest, organizationId: string, via: boolean): Record<string, string | string[]> {
  return {
    'aws:PrincipalArn': req.principal.arn,
    'aws:PrincipalAccount': req.principal.account,
    ...(organizationId ? { 'aws:PrincipalOrgID': organizationId } : {}),
    'aws:RequestedRegion': req.region,
    'aws:SecureTransport': 'true',
    'aws:PrincipalIsAWSService': 'false',
    'aws:MultiFactorAuthPresent': 'true',
    'aws:ViaAWSService': via ? 'true' : 'false',
    ...(via ? { 'aws:CalledVia': ['cloudformation.amazonaws.com'], 'aws:CalledViaFirst': 'cloudformation.amazonaws.com' } : {}),
    ...(req.context ?? {}),
  };
}

function simulation(req: AccessRequest, organizationId: string, via: boolean): Simulation {
  const named = (p: SourcedPolicy) => ({ name: p.name, policy: p.document });
  return {
    request: {
      principal: req.principal.arn,
      action: req.action,
      resource: { resource: req.resource, accountId: req.resourceAccount },
      contextVariables: contextFor(req, organizationId, via),
    },
    identityPolicies: req.principal.identity.map(named),
    // Levels are named by position among those with policies of their own (a level holding only the
    // default FullAWSAccess allows everything and changes no answer): which OU it is does not change
    // the answer either, so 43 forces' identical chains are one simulation.
    serviceControlPolicies: scpLevels(req).map((l, i) => ({
      orgIdentifier: `level${i}`,
      policies: [FULL_AWS_ACCESS, ...l.scps].map(named),
    })),
    resourceControlPolicies: rcpLevels(req).map((l, i) => ({ orgIdentifier: `level${i}`, policies: l.rcps.map(named) })),
    ...(req.resourcePolicy?.document !== undefined ? { resourcePolicy: req.resourcePolicy.document } : {}),
    ...(req.principal.boundary ? { permissionBoundaryPolicies: req.principal.boundary.map(named) } : {}),
  };
}

/** Run one simulation and read its evidence: the unit of work the evaluator caches, and a worker thread runs. */
export async function evidenceOf(sim: Simulation): Promise<Evidence> {
  const res = await runSimulation(sim, { simulationMode: 'Strict' });
  if (res.resultType === 'error') return { verdict: 'Error', refs: [], error: res.errors.message };
  const analysis = res.resultType === 'single' ? res.result.analysis : res.results[0]?.analysis;
  if (!analysis) return { verdict: 'Error', refs: [], error: 'the simulator returned no analysis' };
  const verdict = analysis.result;
  if (verdict === 'Allowed') {
    const grants: Ref[] = getGrantReasons(analysis).map((g) => ({
      kind: 'grant',
      type: g.policyType,
      ...('policyIdentifier' in g ? { id: g.policyIdentifier } : {}),
      ...(g.statementId ? { sid: g.statementId } : {}),
      index: g.statementIndex,
    }));
    return { verdict, refs: [...exemptions(analysis, sim.request.action, sim.request.contextVariables), ...grants] };
  }
  const refs: Ref[] = getDenialReasons(analysis).map((d) =>
    d.denialType === 'Explicit'
      ? {
          kind: 'deny',
          type: d.policyType,
          ...(d.policyIdentifier ? { id: d.policyIdentifier } : {}),
          ...(d.statementId ? { sid: d.statementId } : {}),
          index: d.statementIndex,
        }
      : { kind: 'implicit', type: d.policyType, ...(d.identifier ? { orgId: d.identifier } : {}) },
  );
  return { verdict, refs };
}

/** Replace account ids by placeholders so that requests that differ only in their accounts are evaluated once. */
function normaliser(accounts: readonly string[]) {
  const list = [...new Set(accounts)].filter((x) => /^\d{12}$/.test(x));
  const to = (s: string) => list.reduce((acc, x, i) => (acc.includes(x) ? acc.split(x).join(`<account${i}>`) : acc), s);
  const from = (s: string) => list.reduce((acc, x, i) => acc.split(`<account${i}>`).join(x), s);
  const mentions = (s: string) => list.some((x) => s.includes(x));
  return { to, from, mentions, id: list.join(',') };
}

/**
 * Evaluates access requests with iam-simulate (SCPs per organisation level with FullAWSAccess,
 * RCPs, identity policies, the permissions boundary and the resource policy), caching answers for
 * requests that are the same up to their account ids (43 forces share one set of SCPs).
 */
export class AccessEvaluator {
  private readonly cache = new Map<string, Promise<Evidence>>();
  private readonly json = new WeakMap<object, { id: number; text: string; hash: string }>();
  /** Policy text → id and content hash: the same document read from 86 templates is one policy. */
  private readonly ids = new Map<string, { id: number; hash: string }>();
  private readonly via = new Map<number, boolean>();
  /** Policy id and accounts → that policy's part of the key ({@link AccessEvaluator.part}). */
  private readonly parts = new Map<string, string>();
  /** Distinct simulations run (the rest came from the cache). */
  public simulations = 0;

  /**
   * @param simulate runs one distinct simulation: in this thread by default, or in a pool of worker
   * threads ({@link SimulationPool}); the answers are the same either way.
   * @param store keeps each distinct simulation's evidence between runs ({@link DiskEvidenceStore}),
   * under a key that holds every input of the simulation.
   */
  constructor(
    private readonly organizationId: string,
    private readonly simulate: (sim: Simulation) => Promise<Evidence> = evidenceOf,
    private readonly store?: EvidenceStore,
  ) {}

  /**
   * A policy's part of the cache key: the SHA-256 of its text when it names none of the request's
   * accounts, else its text with them replaced. Either way the key stands for the policy's content,
   * so it can key {@link EvidenceStore} entries across runs.
   */
  private part(o: object, n: ReturnType<typeof normaliser>): string {
    const j = this.text(o);
    // One policy meets many requests with the same accounts (every rule of a tenancy environment):
    // its part is worked out once per policy and accounts, and a policy naming them is keyed by the
    // hash of its text with them replaced, not by that text (keys stay short; the store hashes them).
    const memo = `${j.id}\u0000${n.id}`;
    let got = this.parts.get(memo);
    if (got === undefined) {
      got = n.mentions(j.text) ? `@${createHash('sha256').update(n.to(j.text)).digest('hex').slice(0, 32)}` : `#${j.hash}`;
      this.parts.set(memo, got);
    }
    return got;
  }

  private text(o: object): { id: number; text: string; hash: string } {
    let j = this.json.get(o);
    if (!j) {
      const text = JSON.stringify(o);
      let known = this.ids.get(text);
      if (known === undefined)
        this.ids.set(text, (known = { id: this.ids.size, hash: createHash('sha256').update(text).digest('hex').slice(0, 32) }));
      this.json.set(o, (j = { ...known, text }));
    }
    return j;
  }

  private readsVia(req: AccessRequest): boolean {
    const reads = (p: SourcedPolicy) => {
      const o = p.document as object | undefined;
      if (!o) return false;
      const j = this.text(o);
      let v = this.via.get(j.id);
      if (v === undefined) this.via.set(j.id, (v = /aws:(ViaAWSService|CalledVia)/i.test(j.text)));
      return v;
    };
    const all = [
      ...req.principal.identity,
      ...(req.principal.boundary ?? []),
      ...req.principal.levels.flatMap((l) => l.scps),
      ...req.resourceLevels.flatMap((l) => l.rcps),
      ...(req.resourcePolicy ? [req.resourcePolicy] : []),
    ];
    return all.some(reads);
  }

  private key(req: AccessRequest, via: boolean, n: ReturnType<typeof normaliser>): string {
    const pol = (p: SourcedPolicy) => `${p.name}=${p.document === undefined ? '-' : this.part(p.document as object, n)}`;
    return n.to(
      JSON.stringify([
        req.principal.arn,
        req.action,
        req.resource,
        req.resourceAccount,
        contextFor(req, this.organizationId, via),
        req.principal.identity.map(pol),
        (req.principal.boundary ?? []).map(pol),
        scpLevels(req).map((l) => l.scps.map(pol)),
        rcpLevels(req).map((l) => l.rcps.map(pol)),
        req.resourcePolicy ? pol(req.resourcePolicy) : null,
      ]),
    );
  }

  public async answer(req: AccessRequest): Promise<AccessAnswer> {
    const n = normaliser([req.principal.account, req.resourceAccount]);
    // A deny must hold however the request arrives: made directly, and made through a service (CloudFormation) with the principal's credentials.
    // (Only when some policy in play reads aws:ViaAWSService or aws:CalledVia can the second answer differ.)
    const variants = req.expect === 'deny' && this.readsVia(req) ? [false, true] : [false];
    let last: Evidence | undefined;
    let via = false;
    for (const v of variants) {
      const key = this.key(req, v, n);
      let e = this.cache.get(key);
      if (!e) {
        const stored = this.store?.get(key);
        if (stored) e = Promise.resolve(stored);
        else {
          this.simulations++;
          // Cached with the accounts replaced, so that another request with the same key reads it with its own.
          e = this.simulate(simulation(req, this.organizationId, v)).then((got) => {
            const kept: Evidence = {
              ...got,
              ...(got.error ? { error: n.to(got.error) } : {}),
              refs: got.refs.map((r) => ({ ...r, ...(r.why ? { why: n.to(r.why) } : {}) })),
            };
            // An error is reported, never kept: the next run tries again.
            if (kept.verdict !== 'Error') this.store?.set(key, kept);
            return kept;
          });
        }
        this.cache.set(key, e);
      }
      const got = await e;
      last = {
        ...got,
        ...(got.error ? { error: n.from(got.error) } : {}),
        refs: got.refs.map((r) => ({ ...r, ...(r.why ? { why: n.from(r.why) } : {}) })),
      };
      via = v;
      if (got.verdict === 'Allowed' || got.verdict === 'Error') break;
    }
    return present(req, last as Evidence, via);
  }
}

function present(req: AccessRequest, e: Evidence, via: boolean): AccessAnswer {
  const expectWord: Record<Expected, string> = { deny: 'must be denied', allow: 'must be allowed' };
  if (e.verdict === 'Error') {
    return {
      request: req,
      verdict: 'Error',
      status: 'fail',
      message: `${req.what} ${expectWord[req.expect]}, and the policies cannot be evaluated: ${e.error ?? ''}`,
      resource: req.at,
    };
  }
  const allowed = e.verdict === 'Allowed';
  const ok = allowed === (req.expect === 'allow');
  // The SCP allows of FullAWSAccess say nothing; an exemption by region is news only for a request about regions.
  const aboutRegions = req.context?.['aws:RequestedRegion'] !== undefined;
  const said = e.refs
    .filter((r) => !(r.kind === 'grant' && (r.type === 'scp' || r.type === 'rcp')))
    .filter(
      (r) =>
        !(
          r.kind === 'exempt' &&
          r.keys?.length &&
          r.keys.every((k) => BY_DESIGN.has(k.toLowerCase()) || (!aboutRegions && k.toLowerCase() === 'aws:requestedregion'))
        ),
    )
    .map((r) => ({ ref: r, ...describe(req, r) }));
  const decidedList = said.filter((s) => s.ref.kind !== 'exempt');
  const exemptList = said.filter((s) => s.ref.kind === 'exempt');
  const decided = decidedList.length ? decidedList.map((s) => s.text).join('; ') : 'no statement';
  const exempt = exemptList.length ? ` Exempted by: ${exemptList.map((s) => s.text).join('; ')}.` : '';
  const how = via ? ' (made through CloudFormation)' : '';
  let message: string;
  if (ok && allowed) message = `${req.what}: allowed, as it must be, by ${decided}.${exempt}`;
  else if (ok) message = `${req.what}: denied by ${decided}.`;
  else if (allowed)
    message = `${req.what}${how} is allowed (by ${decided}); it ${expectWord[req.expect]}.${exempt || ' No statement denies it.'}`;
  else message = `${req.what} is denied by ${decided}; it ${expectWord[req.expect]}.`;
  // A failure names where the fault is: a placed request's `at`. Otherwise, an allow that must not be: the resource policy that grants it,
  // else the Deny that does not apply, else the permissions boundary that lets it through, else the
  // request's resource (nothing denies it). A deny that must not be: the statement that denies it.
  const source = (list: typeof said, pick: (r: Ref) => boolean) => list.find((x) => pick(x.ref) && x.source)?.source;
  const where = ok
    ? undefined
    : req.placed
      ? req.at
      : allowed
        ? (source(decidedList, (r) => r.type === 'resource') ??
          source(exemptList, () => true) ??
          source(decidedList, (r) => r.type === 'pb'))
        : (source(decidedList, (r) => r.kind === 'deny') ?? source(exemptList, () => true));
  return { request: req, verdict: e.verdict, status: ok ? 'pass' : 'fail', message, resource: where ?? req.at };
}
