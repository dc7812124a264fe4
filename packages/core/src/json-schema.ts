import { z } from 'zod';
import { AttestationSchema } from './attestations';
import { BASELINE_VERSIONS } from './baselines';
import { cafFramework } from './caf';
import { ALLOWED_CLASSIFICATIONS } from './classification';
import { FORCE_IDS } from './forces';
import { NationalSettingsSchema } from './national-settings';
import { TenancySpecSchema } from './tenancy-spec';

/**
 * JSON Schemas for editors (YAML language server, VS Code). Generated from the zod schemas, so
 * they cannot drift; a test fails when the committed files under packages/core/schema are stale.
 * They describe shape only: baseline rules (regions, roles, overlaps) are checked by `nplz validate`.
 */
export function tenancyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(TenancySpecSchema, { unrepresentable: 'any', io: 'input' }) as {
    properties: Record<string, Record<string, unknown>>;
  };
  // Closed lists an editor can offer as completions (zod checks them with richer messages).
  const p = schema.properties;
  p.force = { ...p.force, enum: [...FORCE_IDS] };
  p.forces = { ...p.forces, items: { ...(p.forces?.items as object), enum: [...FORCE_IDS] } };
  p.classification = { ...p.classification, enum: [...ALLOWED_CLASSIFICATIONS] };
  p.baseline = { ...p.baseline, enum: [...BASELINE_VERSIONS] };
  return withId(schema, 'tenancy');
}

export function nationalJsonSchema(): Record<string, unknown> {
  return withId(z.toJSONSchema(NationalSettingsSchema, { unrepresentable: 'any', io: 'input' }), 'national');
}

/** An attestation file (`attestations/*.yaml`), with the CAF 4.0 outcome ids offered as completions. */
export function attestationJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(AttestationSchema, { unrepresentable: 'any', io: 'input' }) as {
    properties: Record<string, { items?: { properties?: Record<string, Record<string, unknown>> } }>;
  };
  const outcome = schema.properties.caf?.items?.properties;
  if (outcome) outcome.outcome = { ...outcome.outcome, enum: cafFramework().outcomes.map((o) => o.id) };
  return withId(schema, 'attestation');
}

const TITLES: Readonly<Record<string, string>> = { tenancy: 'tenancy spec', national: 'national settings', attestation: 'attestation' };

function withId(schema: Record<string, unknown>, name: string): Record<string, unknown> {
  return {
    ...schema,
    $id: `https://nplz.police.uk/schema/${name}.schema.json`,
    title: `NPLZ ${TITLES[name] ?? name}`,
  };
}
