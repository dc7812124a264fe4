import { CONTROLS, NCSC_PRINCIPLES, CAF_OUTCOMES, CAF_DEFAULT_VERSION, cafFramework, controlCafOutcomes, type Control } from '@nplz/core';
import { AWS_PRESENCE_EXPECTATIONS, AWS_RULES, nagRuleId } from './aws';
import { ACCESS_RULE_PREFIX, ACCESS_RULES } from './aws/access';
import { AZURE_PLAN_CHECKS, AZURE_POLICIES } from './azure';
import { DECOMMISSION_CONTROLS } from './audit/decommission-findings';
import { MERGER_CONTROLS } from './audit/merger-findings';
import { ESTATE_CHECKS } from './audit/estate-findings';

/** The checks that implement one control, per place it is checked. */
export interface ControlChecks {
  readonly aws: readonly string[];
  readonly azure: readonly string[];
  readonly estate: readonly string[];
  /** Independent packs whose results count as evidence for the control. */
  readonly independent: readonly string[];
}

/** Every control → the checks that implement it: the other direction of "every check names its control". */
export function controlChecks(): Readonly<Record<string, ControlChecks>> {
  const out: Record<string, { aws: string[]; azure: string[]; estate: string[]; independent: string[] }> = {};
  for (const c of CONTROLS) out[c.id] = { aws: [], azure: [], estate: [], independent: [] };
  for (const r of AWS_RULES) out[r.control]?.aws.push(nagRuleId(r));
  for (const e of AWS_PRESENCE_EXPECTATIONS) out[e.control]?.aws.push(`NplzPresence-${e.id}`);
  for (const [rule, control] of Object.entries(ACCESS_RULES)) out[control]?.aws.push(`${ACCESS_RULE_PREFIX}${rule}`);
  for (const p of AZURE_POLICIES) out[p.control]?.azure.push(p.policyName);
  for (const k of AZURE_PLAN_CHECKS) out[k.control]?.azure.push(k.name);
  for (const [rule, control] of Object.entries(ESTATE_CHECKS)) out[control]?.estate.push(rule);
  for (const [rule, control] of Object.entries({ ...DECOMMISSION_CONTROLS, ...MERGER_CONTROLS })) {
    out[control]?.aws.push(rule);
    out[control]?.azure.push(rule);
  }
  out['NPLZ-MON-02']?.independent.push('AwsSolutions (cdk-nag)', 'ControlTower (cfn-guard proactive controls)');
  return out;
}

/** The checks of a control outside the catalog: none. */
const NO_CHECKS: ControlChecks = { aws: [], azure: [], estate: [], independent: [] };

/** Controls that claim a place they have no check for (should be empty; a test keeps it so). */
export function uncoveredControls(
  controls: readonly Control[] = CONTROLS,
  checks: Readonly<Record<string, ControlChecks>> = controlChecks(),
): { control: string; scope: string }[] {
  return controls.flatMap((c) =>
    c.scopes.filter((s) => (checks[c.id] ?? NO_CHECKS)[s].length === 0).map((scope) => ({ control: c.id, scope })),
  );
}

/** The NCSC principles and CAF outcomes no catalog control serves: what only attestations can show. */
export function catalogGaps(controls: readonly Control[] = CONTROLS): { principles: number[]; outcomes: string[] } {
  const ncsc = new Set<number>(controls.flatMap((c) => c.ncsc));
  const caf = new Set(controls.flatMap((c) => c.caf));
  return {
    principles: Object.keys(NCSC_PRINCIPLES)
      .map(Number)
      .filter((n) => !ncsc.has(n)),
    outcomes: cafFramework()
      .outcomes.map((o) => o.id)
      .filter((o) => !caf.has(o)),
  };
}

/** docs/controls.md: the catalog with its NCSC and CAF mappings and the checks per cloud. */
export function renderControlsDoc(controls: readonly Control[] = CONTROLS): string {
  const checks = controlChecks();
  const covered = new Set(controls.flatMap((c) => c.ncsc));
  const lines: string[] = [
    '# Controls reference',
    '',
    '<!-- Generated from the catalog (@nplz/core) and the checks (@nplz/policy) by renderControlsDoc(). Do not edit by hand. -->',
    '',
    `${controls.length} controls. Ids are stable (\`NPLZ-<AREA>-<nn>\`); a retired id is never reused. Each control is`,
    'checked on every place it names; `nplz controls` prints the same table.',
    '',
    `NCSC Cloud Security Principles covered: ${[...covered]
      .sort((a, b) => a - b)
      .map((n) => `${n} ${NCSC_PRINCIPLES[n]}`)
      .join(' · ')}.`,
    '',
    `CAF outcome ids are CAF ${CAF_DEFAULT_VERSION} (CDDO's published data, co-cddo/domains-webcaf@${cafFramework().source.commit.slice(0, 7)});`,
    'the CAF 3.2 column is derived through the 4.0 → 3.2 crosswalk (`CAF_40_TO_32_CHANGED` in @nplz/core). Under',
    'Rationale, each control names the CAF 4.0 *achieved* indicators its passing evidence supports.',
    '',
    `| id | severity | title | NCSC | CAF ${CAF_DEFAULT_VERSION} | CAF 3.2 | AWS checks | Azure checks | estate checks |`,
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const list = (xs: readonly string[]) => (xs.length ? xs.map((x) => `\`${x}\``).join('<br>') : '—');
  for (const c of controls) {
    const k = checks[c.id] ?? NO_CHECKS;
    const aws = k.aws.length || k.independent.length ? [list(k.aws), ...k.independent].filter((x) => x !== '—').join('<br>') : '—';
    lines.push(
      `| ${c.id} | ${c.severity} | ${c.title} | ${c.ncsc.join(', ')} | ${c.caf.join(', ')} | ${controlCafOutcomes(c, '3.2').join(', ') || '—'} | ${aws} | ${list(k.azure)} | ${list(k.estate)} |`,
    );
  }
  const gaps = catalogGaps(controls);
  lines.push(
    '',
    '## What the checks cannot show',
    '',
    'No check reaches these; the estate covers them with attestations (`attestations/*.yaml`, see',
    'docs/auditing.md), and `nplz audit` lists in its CAF self-assessment whatever neither reaches.',
    '',
    `- NCSC principles: ${gaps.principles.map((n) => `${n} ${NCSC_PRINCIPLES[n]}`).join(' · ') || 'none'}.`,
    `- CAF ${CAF_DEFAULT_VERSION} outcomes (${gaps.outcomes.length} of ${cafFramework().outcomes.length}): ${gaps.outcomes.map((o) => `${o} ${CAF_OUTCOMES[o]}`).join(' · ') || 'none'}.`,
  );
  lines.push('', '## Rationale', '');
  for (const c of controls)
    lines.push(
      `- **${c.id} ${c.title}.** ${c.rationale} CAF ${CAF_DEFAULT_VERSION}: ${c.caf
        .map((o) => `${o} ${CAF_OUTCOMES[o] ?? ''} (${c.cafIndicators.filter((i) => i.startsWith(`${o}.`)).join(', ')})`)
        .join('; ')}.`,
    );
  lines.push('');
  return lines.join('\n');
}
