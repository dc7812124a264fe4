import * as fs from 'node:fs';
import * as path from 'node:path';
import { Estate, tenancyForces } from '@nplz/core';
import { attestationEvidence, buildReport, type Finding, type FindingsReport, NATIONAL_TENANCY } from '@nplz/core';
import { applyExceptions } from './apply-exceptions';
import { checkAuditInput } from './audit-input';
import { awsFindings } from './aws-findings';
import { azureFindings } from './azure-findings';
import { decommissionFindings, decommissioningTenancies } from './decommission-findings';
import { mergerFindings } from './merger-findings';
import { effectiveAccessFindings } from './effective-access-findings';
import { estateFindings } from './estate-findings';

export interface AuditInput {
  /** The estate as synthesised. */
  readonly estate: Estate;
  /** The AWS cloud assembly folder, if the estate uses AWS. */
  readonly awsAssemblyDir?: string;
  /** The recorded Azure plan, if the estate uses Azure. */
  readonly azurePlanFile?: string;
  /** `deploy-plan.json`, if the estate uses AWS (the decommissioning checks read its steps). */
  readonly deployPlanFile?: string;
  /** The audit date (exception expiry): the report's "as of" date. */
  readonly now: Date;
  /** When the report is written. @default - the real clock */
  readonly generatedAt?: Date;
  /** The nplz version, for the report. */
  readonly version: string;
  /** Called as each part of the audit finishes, for progress output. */
  readonly onProgress?: (part: string, findings: number) => void;
  /**
   * Where the AWS access evaluation keeps each distinct simulation's evidence between runs
   * (content-addressed: see `DiskEvidenceStore`). None when omitted: every request is simulated.
   */
  readonly cacheDir?: string;
}

/**
 * The whole audit: NPLZ's own checks on both clouds and across the estate, the independent packs'
 * evidence, and the tenancies' exceptions applied. Returns the canonical findings report. Throws an
 * NplzError (bad input) when the assembly or plan is not the whole of what the estate declares
 * ({@link checkAuditInput}).
 */
export async function auditEstate(input: AuditInput): Promise<FindingsReport> {
  // Less than the estate declares is bad input, never a clean pass over what is there.
  const { plan, assembly } = checkAuditInput(input);
  const findings: Finding[] = [];
  // The two clouds are independent: the Azure checks run on this thread while the AWS access
  // simulations run in worker threads. Their findings are kept in the same order either way.
  const aws =
    input.awsAssemblyDir && fs.existsSync(input.awsAssemblyDir)
      ? awsFindings(input.awsAssemblyDir, input.estate, {
          ...(input.cacheDir ? { cacheDir: input.cacheDir } : {}),
          ...(assembly ? { assembly } : {}),
        })
      : undefined;
  const azure =
    input.azurePlanFile && fs.existsSync(input.azurePlanFile) ? azureFindings(input.azurePlanFile, input.estate, plan) : undefined;
  const [awsFound, azureFound] = await Promise.all([aws, azure]);
  if (awsFound) {
    findings.push(...awsFound);
    input.onProgress?.('aws', awsFound.length);
  }
  if (azureFound) {
    findings.push(...azureFound);
    input.onProgress?.('azure', azureFound.length);
  }
  if (plan) {
    const f = effectiveAccessFindings(plan, input.estate);
    findings.push(...f);
    input.onProgress?.('azure access', f.length);
  }
  const d = decommissionFindings({ ...input, ...(plan ? { azurePlan: plan } : {}) });
  findings.push(...d);
  if (d.length) input.onProgress?.('decommissioning', d.length);
  const m = mergerFindings({ ...input, ...(plan ? { azurePlan: plan } : {}) });
  findings.push(...m);
  if (m.length) input.onProgress?.('mergers', m.length);
  const e = estateFindings(input.estate, input.now);
  findings.push(...e);
  input.onProgress?.('estate', e.length);
  const tenancies = [
    { name: NATIONAL_TENANCY, forces: [] as string[] },
    ...input.estate.tenancies.map((t) => ({ name: t.spec.name, forces: tenancyForces(t.spec) })),
  ];
  const applied = applyExceptions(findings, input.estate, input.now);
  return buildReport(applied, {
    version: input.version,
    baseline: input.estate.national.baseline,
    generatedAt: input.generatedAt ?? new Date(),
    asOf: input.now,
    tenancies,
    attestations: attestationEvidence(input.estate.attestations ?? [], input.now),
    decommissioning: decommissioningTenancies(input.estate, applied),
  });
}

/** Paths of what `nplz synth` wrote under `dir`. */
export function synthOutputPaths(dir: string): { awsAssemblyDir: string; azurePlanFile: string; deployPlanFile: string } {
  return {
    awsAssemblyDir: path.join(dir, 'aws'),
    azurePlanFile: path.join(dir, 'azure', 'plan.json'),
    deployPlanFile: path.join(dir, 'deploy-plan.json'),
  };
}
