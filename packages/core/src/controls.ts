import { CAF_DEFAULT_VERSION, cafAchievedIndicator, cafOutcome, cafOutcomeOf, cafOutcomesIn, type CafVersion } from './caf';
import { NcscPrinciple } from './ncsc';

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** Where a control is checked: on a cloud's resources, or across the estate's specs. */
export type ControlScope = 'aws' | 'azure' | 'estate';

export type ControlArea = 'IAM' | 'PAM' | 'LOG' | 'ENC' | 'NET' | 'RES' | 'RET' | 'MON' | 'GRD' | 'CLS' | 'GOV';

export const CONTROL_AREAS: Readonly<Record<ControlArea, string>> = Object.freeze({
  IAM: 'Identity and access',
  PAM: 'Privileged access',
  LOG: 'Logging and audit',
  ENC: 'Encryption at rest and in transit',
  NET: 'Network boundary',
  RES: 'UK data residency',
  RET: 'Retention and resilience',
  MON: 'Monitoring and alerting',
  GRD: 'Guardrail integrity',
  CLS: 'Classification',
  GOV: 'Governance of the estate',
});

export interface Control {
  /** Stable id `NPLZ-<AREA>-<nn>`. Never reused for a different meaning. */
  readonly id: string;
  readonly area: ControlArea;
  readonly title: string;
  /** Why the control exists, for the auditor and the engineer who hits it. */
  readonly rationale: string;
  readonly severity: Severity;
  /** NCSC Cloud Security Principles (1–14) the control serves. */
  readonly ncsc: readonly NcscPrinciple[];
  /**
   * CAF 4.0 contributing outcomes the control serves, e.g. `B2.c`: the outcomes of {@link cafIndicators}.
   * In CAF 3.2 terms: {@link controlCafOutcomes}.
   */
  readonly caf: readonly string[];
  /**
   * The CAF 4.0 *achieved* indicators (e.g. `B2.c.13`) that this control's passing evidence supports.
   * Evidence supports an indicator; it does not by itself achieve the outcome.
   */
  readonly cafIndicators: readonly string[];
  /** Where the control is checked. */
  readonly scopes: readonly ControlScope[];
}

/** `indicators`: CAF 4.0 achieved indicator ids; the control's outcomes are derived from them. */
type Def = [
  id: string,
  severity: Severity,
  scopes: ControlScope[],
  ncsc: NcscPrinciple[],
  indicators: string[],
  title: string,
  rationale: string,
];

const A: ControlScope[] = ['aws'];
const AZ: ControlScope[] = ['aws', 'azure'];
const E: ControlScope[] = ['estate'];

const DEFS: Def[] = [
  [
    'NPLZ-IAM-01',
    'high',
    AZ,
    [9, 10],
    ['B2.a.14', 'B2.a.18', 'B4.b.20'],
    'No long-lived user credentials',
    'Workforce access is federated; IAM users, access keys and storage shared keys are standing secrets that leak and are never rotated.',
  ],
  [
    'NPLZ-IAM-02',
    'high',
    AZ,
    [9, 10],
    ['B2.a.14', 'B2.d.11'],
    'Workforce access through national identity groups',
    'Access is granted to groups from the national identity service, so joiners, movers and leavers are handled in one place.',
  ],
  [
    'NPLZ-IAM-03',
    'critical',
    AZ,
    [3, 9],
    ['B2.a.15', 'B3.c.9'],
    'Force-scoped access',
    'A force’s people reach only that force’s accounts or subscriptions, so one force’s data is never exposed to another by default.',
  ],
  [
    'NPLZ-IAM-04',
    'critical',
    A,
    [10, 12],
    ['B2.c.12', 'B4.b.20'],
    'Root user use denied',
    'The root user bypasses every other control; its use is denied by guardrail and alarmed.',
  ],
  [
    'NPLZ-PAM-01',
    'high',
    AZ,
    [12, 13],
    ['B2.c.12', 'D1.b.8'],
    'Break-glass access is alerted',
    'Emergency access must work when federation fails, and every use must be seen by the national SOC.',
  ],
  [
    'NPLZ-PAM-02',
    'high',
    AZ,
    [9, 12],
    ['B2.c.13'],
    'Privileged sessions are time-bound',
    'Privileged roles are eligible rather than standing (PIM) or limited in session length, which shrinks the window of a stolen session.',
  ],
  [
    'NPLZ-PAM-03',
    'high',
    AZ,
    [3, 12],
    ['B4.b.15'],
    'Local assets stay under the permissions boundary',
    'A force’s own resources are created under a boundary that cannot remove the national baseline.',
  ],
  [
    'NPLZ-LOG-01',
    'critical',
    AZ,
    [13],
    ['B2.c.15', 'B2.d.12', 'C1.a.21', 'C1.b.13'],
    'Organisation-wide audit trail',
    'Every management action in every account and subscription is recorded centrally, with integrity validation where the cloud offers it.',
  ],
  [
    'NPLZ-LOG-02',
    'high',
    AZ,
    [13, 5],
    ['C1.a.21'],
    'Tenancy logs sent to national logging',
    'A force’s logs land in the national archive and workspace so the national SOC sees every force.',
  ],
  [
    'NPLZ-LOG-03',
    'critical',
    AZ,
    [13, 2],
    ['B3.c.12', 'C1.b.10', 'C1.b.13'],
    'Audit archive is immutable',
    'Evidence must survive an attacker with administrator rights: object lock or immutability policies in compliance mode.',
  ],
  [
    'NPLZ-LOG-04',
    'medium',
    AZ,
    [13, 11],
    ['C1.a.20'],
    'Network flow logs on every spoke',
    'Flow records are needed to investigate lateral movement and exfiltration.',
  ],
  ['NPLZ-LOG-05', 'medium', A, [13], ['C1.b.12'], 'Access logging on the audit archive', 'Reads of the archive are themselves evidence.'],
  [
    'NPLZ-ENC-01',
    'high',
    AZ,
    [2],
    ['B3.c.9', 'B3.c.10'],
    'Storage encrypted with customer-managed keys',
    'Customer-managed keys give the national team and forces control over, and an audit trail of, every decryption.',
  ],
  [
    'NPLZ-ENC-02',
    'medium',
    AZ,
    [2],
    ['B3.c.10'],
    'Key rotation enabled',
    'Keys are rotated automatically so a compromised key material has a bounded lifetime.',
  ],
  [
    'NPLZ-ENC-03',
    'high',
    A,
    [2],
    ['B3.c.9'],
    'Block storage encrypted by default',
    'Default EBS encryption means no volume can be created unencrypted by mistake.',
  ],
  [
    'NPLZ-ENC-04',
    'high',
    AZ,
    [1],
    ['B3.b.6', 'B3.b.7'],
    'Encryption in transit enforced',
    'Storage and services refuse plain-text connections and TLS below the baseline minimum.',
  ],
  [
    'NPLZ-ENC-05',
    'high',
    AZ,
    [2],
    ['B3.c.9', 'B3.c.10'],
    'Keys protected from deletion',
    'Deleting a key destroys the data it protects; deletion is delayed and purge-protected.',
  ],
  [
    'NPLZ-NET-01',
    'critical',
    AZ,
    [11, 2],
    ['B3.c.9', 'B4.b.15'],
    'No public access to storage',
    'Public buckets and containers are the commonest cause of cloud data breaches.',
  ],
  [
    'NPLZ-NET-02',
    'critical',
    AZ,
    [11],
    ['B2.a.14', 'B4.b.15'],
    'Management ports closed to the internet',
    'SSH and RDP open to the internet are scanned and brute-forced within minutes; administration goes through Bastion or Session Manager.',
  ],
  [
    'NPLZ-NET-03',
    'critical',
    AZ,
    [3, 11],
    ['B4.a.11', 'B5.b.7'],
    'Forces isolated on the network',
    'No route or peering joins two forces unless a collaboration tenancy declares it and every member consents.',
  ],
  [
    'NPLZ-NET-04',
    'high',
    AZ,
    [11, 5],
    ['B4.a.12', 'B4.a.14', 'C1.a.20'],
    'Egress inspected by the national firewall',
    'All traffic leaving a spoke passes through the hub firewall, where it is logged and filtered.',
  ],
  [
    'NPLZ-NET-05',
    'high',
    AZ,
    [11],
    ['B4.a.11', 'B4.a.12'],
    'No public addresses in force spokes',
    'Workloads are reached through the hub; public IPs in spokes bypass inspection.',
  ],
  [
    'NPLZ-NET-06',
    'high',
    E,
    [3],
    ['B4.a.12'],
    'Address space does not overlap',
    'Overlapping ranges make hub routing ambiguous and break collaboration between forces.',
  ],
  [
    'NPLZ-RES-01',
    'critical',
    AZ,
    [2],
    ['B3.a.13'],
    'Resources only in UK regions',
    'Police data stays in the UK; a guardrail denies every other region (global services excepted on AWS).',
  ],
  [
    'NPLZ-RES-02',
    'high',
    AZ,
    [2],
    ['B3.a.13'],
    'Tenancy deployed to a baseline home region',
    'Every tenancy stack or resource is placed in a region the pinned baseline allows.',
  ],
  [
    'NPLZ-RET-01',
    'high',
    AZ,
    [13, 2],
    ['B3.c.12', 'C1.a.18'],
    'Audit retention meets the baseline',
    'Retention periods are national decisions (MoPI-informed) held in the baseline, never shortened locally.',
  ],
  [
    'NPLZ-RET-02',
    'high',
    AZ,
    [2],
    ['B3.c.9'],
    'Stateful resources retained on delete',
    'Removing code must not remove data: buckets, keys, vaults and workspaces are retained or locked.',
  ],
  ['NPLZ-RET-03', 'medium', AZ, [2], ['B3.c.12'], 'Versioning on audit storage', 'Versioning keeps overwritten evidence recoverable.'],
  [
    'NPLZ-RET-04',
    'high',
    AZ,
    [2],
    ['B5.c.6'],
    'Backups in a locked vault, from the baseline',
    'Tenancy data must be recoverable after ransomware or an administrator gone rogue: tagged resources are backed up on the baseline schedule and retention to a vault whose lock (AWS Vault Lock in compliance mode, Azure immutability Locked with soft delete always on) no one in the tenancy can lift.',
  ],
  [
    'NPLZ-MON-01',
    'high',
    AZ,
    [5, 13],
    ['C1.c.17', 'C1.c.24'],
    'Threat detection enabled',
    'GuardDuty and Defender for Cloud detect compromise that configuration controls cannot prevent.',
  ],
  [
    'NPLZ-MON-02',
    'medium',
    AZ,
    [5, 4],
    ['A2.c.4', 'B4.b.17'],
    'Security posture standards measured',
    'Security Hub standards and Azure Policy compliance give continuous assurance against published benchmarks.',
  ],
  [
    'NPLZ-MON-03',
    'medium',
    A,
    [5, 13],
    ['A3.a.6', 'B4.b.16'],
    'Configuration recorded and aggregated',
    'A configuration history of every resource is needed for investigation and audit.',
  ],
  [
    'NPLZ-MON-04',
    'high',
    AZ,
    [13, 5],
    ['C1.c.19', 'D1.b.5'],
    'High-severity findings reach the national SOC',
    'Findings are routed to the national cyber centre, not left in a console nobody watches.',
  ],
  [
    'NPLZ-MON-05',
    'medium',
    A,
    [13],
    ['B2.d.14', 'C1.c.24'],
    'CIS metric alarms',
    'Alarms on root use, unauthorised calls, console sign-in without MFA and changes to policies, trails and network.',
  ],
  [
    'NPLZ-GRD-01',
    'critical',
    AZ,
    [4, 5],
    ['B1.b.10', 'B4.b.15'],
    'National guardrails attached',
    'Preventive guardrails (SCPs, RCPs, policy assignments) are attached at the organisation root, Forces OU or management group.',
  ],
  [
    'NPLZ-GRD-02',
    'critical',
    AZ,
    [4, 12],
    ['B4.b.16', 'C1.b.10'],
    'Baseline resources protected from change',
    'Forces cannot disable the trail, recorder, detectors or baseline roles, or delete locked baseline resources.',
  ],
  [
    'NPLZ-GRD-03',
    'medium',
    AZ,
    [4],
    ['A3.a.6', 'A3.a.9'],
    'Required tags present',
    'Tags carry the force, environment, classification and cost centre that audit, billing and incident response depend on.',
  ],
  [
    'NPLZ-GRD-04',
    'high',
    AZ,
    [4, 3],
    ['B4.b.15'],
    'Accounts cannot leave the organisation',
    'An account that leaves the organisation leaves every guardrail.',
  ],
  [
    'NPLZ-CLS-01',
    'critical',
    E,
    [4, 14],
    ['B3.a.17'],
    'Only OFFICIAL information on public cloud',
    'SECRET and TOP SECRET information may not be handled in public cloud.',
  ],
  [
    'NPLZ-CLS-02',
    'medium',
    AZ,
    [4, 14],
    ['A3.a.8', 'B3.a.11'],
    'Classification tagged on tenancy resources',
    'The classification travels with the resource so handling rules can be enforced and audited.',
  ],
  [
    'NPLZ-GOV-01',
    'high',
    E,
    [4],
    ['B4.b.14', 'B4.d.14'],
    'Baseline within the support window',
    'Tenancies pinned to unsupported baselines miss security fixes.',
  ],
  [
    'NPLZ-GOV-02',
    'high',
    E,
    [4],
    ['A1.c.9', 'A1.c.10'],
    'Exceptions approved, reasoned and unexpired',
    'An exception is a risk decision: it names an approver and a reason and it ends.',
  ],
  [
    'NPLZ-GOV-03',
    'low',
    AZ,
    [4],
    ['C1.c.24'],
    'Budget alerts per tenancy',
    'Unexpected spend is often the first sign of a compromised account.',
  ],
  [
    'NPLZ-GOV-04',
    'high',
    E,
    [3, 4],
    ['A1.c.9', 'A4.a.18'],
    'Collaboration consented by every member',
    'A tenancy shared by several forces exists only where every member force declares it.',
  ],
];

function build(def: Def): Control {
  const [id, severity, scopes, ncsc, indicators, title, rationale] = def;
  const area = id.split('-')[1] as ControlArea;
  return Object.freeze({
    id,
    area,
    title,
    rationale,
    severity,
    ncsc: Object.freeze([...ncsc].sort((a, b) => a - b)),
    caf: Object.freeze([...new Set(indicators.map(cafOutcomeOf))].sort()),
    cafIndicators: Object.freeze([...indicators]),
    scopes: Object.freeze([...scopes]),
  });
}

/** The controls catalog. Ids are stable; a retired control keeps its id out of use. */
export const CONTROLS: readonly Control[] = Object.freeze(DEFS.map(build));

const BY_ID: ReadonlyMap<string, Control> = new Map(CONTROLS.map((c) => [c.id, c]));

export const CONTROL_ID_PATTERN = /^NPLZ-(IAM|PAM|LOG|ENC|NET|RES|RET|MON|GRD|CLS|GOV)-\d{2}$/;

/** The CAF outcomes a control serves in `version` (4.0 as mapped; 3.2 through {@link cafOutcomesIn}'s crosswalk). */
export function controlCafOutcomes(control: Control, version: CafVersion = CAF_DEFAULT_VERSION): readonly string[] {
  return cafOutcomesIn(version, control.caf);
}

export function findControl(id: string): Control | undefined {
  return BY_ID.get(id);
}

/** The control with this id; throws a plain Error for an unknown id (a programming error, not input). */
export function getControl(id: string): Control {
  const c = BY_ID.get(id);
  if (!c) throw new Error(`unknown control id ${id}`);
  return c;
}

/** Catalog self-check used by tests: returns a list of defects (empty when sound). */
export function catalogDefects(controls: readonly Control[] = CONTROLS): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const c of controls) {
    if (seen.has(c.id)) out.push(`${c.id}: duplicate id`);
    seen.add(c.id);
    if (!CONTROL_ID_PATTERN.test(c.id)) out.push(`${c.id}: id does not match NPLZ-<AREA>-<nn>`);
    if (c.ncsc.length === 0) out.push(`${c.id}: maps to no NCSC principle`);
    if (c.ncsc.some((n) => n < 1 || n > 14)) out.push(`${c.id}: NCSC principle outside 1–14`);
    if (c.caf.length === 0) out.push(`${c.id}: maps to no CAF outcome`);
    for (const o of c.caf) if (!cafOutcome(o, CAF_DEFAULT_VERSION)) out.push(`${c.id}: unknown CAF ${CAF_DEFAULT_VERSION} outcome ${o}`);
    for (const i of c.cafIndicators)
      if (!cafAchievedIndicator(i, CAF_DEFAULT_VERSION))
        out.push(`${c.id}: ${i} is not an achieved indicator of CAF ${CAF_DEFAULT_VERSION}`);
    const derived = [...new Set(c.cafIndicators.map(cafOutcomeOf))].sort().join(',');
    if (derived !== [...c.caf].sort().join(','))
      out.push(`${c.id}: CAF outcomes ${c.caf.join(',')} are not those of its indicators (${derived})`);
    if (c.scopes.length === 0) out.push(`${c.id}: applies nowhere`);
    if (c.rationale.length < 20) out.push(`${c.id}: rationale too short`);
  }
  return out;
}
