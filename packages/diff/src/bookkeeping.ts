import { COLLABORATION_TAG_VALUE, NATIONAL_TAG_VALUE, NPLZ_TAGS } from '@nplz/core';

/**
 * NPLZ's own bookkeeping in a rendered resource: values that change on every baseline move or every
 * month without changing what the resource does. They are the `nplz:baseline` tag (which baseline
 * rendered it), the `nplz:force` tag between two forces (the owner's label, which a merger changes to
 * the successor on every resource; no permission reads it, and the audit reads only its `national`
 * and `collaboration` values, which are never masked: a change to or from them is a real change) and a budget's start date (the first of the
 * month it was rendered in: Azure refuses a start date before the current month, so the renderer
 * moves it forward).
 *
 * `maskBookkeeping` returns a copy with those values replaced by a fixed placeholder, so two
 * renderings that differ only there compare equal, and every other property path keeps its index
 * (a tag list stays as long as it was).
 */
const MASK = '(bookkeeping)';

const TAG_CONTAINERS = new Set(['Tags', 'ResourceTags', 'tags']);
const MASKED_TAGS: ReadonlySet<string> = new Set([NPLZ_TAGS.baseline, NPLZ_TAGS.force]);
/** `nplz:force` values that say what a resource is (the national platform's, a collaboration's): never bookkeeping. */
const MEANINGFUL_FORCE_VALUES: ReadonlySet<unknown> = new Set([NATIONAL_TAG_VALUE, COLLABORATION_TAG_VALUE]);
const masked = (key: unknown, value: unknown) =>
  typeof key === 'string' && MASKED_TAGS.has(key) && !(key === NPLZ_TAGS.force && MEANINGFUL_FORCE_VALUES.has(value));

function maskTags(tags: unknown): unknown {
  if (Array.isArray(tags)) {
    // CloudFormation's [{ Key, Value }] (a few resource types spell them in lower case).
    return tags.map((t) => {
      if (!t || typeof t !== 'object') return t;
      const o = t as Record<string, unknown>;
      if (masked(o.Key, o.Value)) return { ...o, Value: MASK };
      if (masked(o.key, o.value)) return { ...o, value: MASK };
      return t;
    });
  }
  if (tags && typeof tags === 'object') {
    const o = tags as Record<string, unknown>;
    const keys = [...MASKED_TAGS].filter((k) => k in o && masked(k, o[k]));
    return keys.length ? { ...o, ...Object.fromEntries(keys.map((k) => [k, MASK])) } : o;
  }
  return tags;
}

/** The tag containers of a CloudFormation resource's properties, or of a Pulumi resource's inputs. */
function maskProperties(props: unknown): unknown {
  if (!props || typeof props !== 'object' || Array.isArray(props)) return props;
  const out: Record<string, unknown> = { ...(props as Record<string, unknown>) };
  for (const k of Object.keys(out)) if (TAG_CONTAINERS.has(k)) out[k] = maskTags(out[k]);
  return out;
}

/** A CloudFormation resource (`{ Type, Properties, ... }`) with its bookkeeping masked. */
export function maskAwsBookkeeping(resource: unknown): unknown {
  if (!resource || typeof resource !== 'object') return resource;
  const r = resource as { Type?: string; Properties?: Record<string, unknown> };
  if (!r.Properties) return r;
  const Properties = maskProperties(r.Properties) as Record<string, unknown>;
  return { ...r, Properties };
}

/** A recorded Pulumi resource's inputs with their bookkeeping masked. */
export function maskAzureBookkeeping(type: string, inputs: unknown): unknown {
  const masked = maskProperties(inputs) as Record<string, unknown> | undefined;
  if (type === 'azure-native:consumption:Budget' && masked && typeof masked.timePeriod === 'object' && masked.timePeriod) {
    return { ...masked, timePeriod: { ...(masked.timePeriod as Record<string, unknown>), startDate: MASK } };
  }
  return masked;
}
