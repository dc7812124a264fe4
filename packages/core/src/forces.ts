import { NplzError } from './errors';
import { didYouMean } from './private/suggest';

/** Country of a force's area. Special forces operate across the UK. */
export type Country = 'England' | 'Wales' | 'UK';

/** NPCC policing regions (the regional organised crime unit groupings), plus `National` for special forces. */
export type PolicingRegion =
  | 'North East'
  | 'North West'
  | 'East Midlands'
  | 'West Midlands'
  | 'Eastern'
  | 'South East'
  | 'South West'
  | 'London'
  | 'Wales'
  | 'National';

export type ForceKind = 'territorial' | 'special';

export interface Force {
  /** Stable short id used in specs, resource names and tags. Never changes once published. */
  readonly id: string;
  /** Display name as the force styles itself (Police / Constabulary / Service). */
  readonly name: string;
  /** The area name, without the force's style. */
  readonly area: string;
  readonly country: Country;
  readonly region: PolicingRegion;
  readonly kind: ForceKind;
}

const t = (id: string, area: string, name: string, country: Country, region: PolicingRegion): Force =>
  Object.freeze({ id, area, name, country, region, kind: 'territorial' as const });
const s = (id: string, area: string, name: string): Force =>
  Object.freeze({ id, area, name, country: 'UK' as const, region: 'National' as const, kind: 'special' as const });

/**
 * The 43 territorial police forces of England and Wales and the 3 special police forces.
 * Ids are a product choice and part of the public contract (they appear in resource names).
 */
export const FORCES: readonly Force[] = Object.freeze([
  t('avon-somerset', 'Avon and Somerset', 'Avon and Somerset Police', 'England', 'South West'),
  t('bedfordshire', 'Bedfordshire', 'Bedfordshire Police', 'England', 'Eastern'),
  t('cambridgeshire', 'Cambridgeshire', 'Cambridgeshire Constabulary', 'England', 'Eastern'),
  t('cheshire', 'Cheshire', 'Cheshire Constabulary', 'England', 'North West'),
  t('city-of-london', 'City of London', 'City of London Police', 'England', 'London'),
  t('cleveland', 'Cleveland', 'Cleveland Police', 'England', 'North East'),
  t('cumbria', 'Cumbria', 'Cumbria Constabulary', 'England', 'North West'),
  t('derbyshire', 'Derbyshire', 'Derbyshire Constabulary', 'England', 'East Midlands'),
  t('devon-cornwall', 'Devon and Cornwall', 'Devon and Cornwall Police', 'England', 'South West'),
  t('dorset', 'Dorset', 'Dorset Police', 'England', 'South West'),
  t('durham', 'Durham', 'Durham Constabulary', 'England', 'North East'),
  t('essex', 'Essex', 'Essex Police', 'England', 'Eastern'),
  t('gloucestershire', 'Gloucestershire', 'Gloucestershire Constabulary', 'England', 'South West'),
  t('greater-manchester', 'Greater Manchester', 'Greater Manchester Police', 'England', 'North West'),
  t('hampshire', 'Hampshire and Isle of Wight', 'Hampshire and Isle of Wight Constabulary', 'England', 'South East'),
  t('hertfordshire', 'Hertfordshire', 'Hertfordshire Constabulary', 'England', 'Eastern'),
  t('humberside', 'Humberside', 'Humberside Police', 'England', 'North East'),
  t('kent', 'Kent', 'Kent Police', 'England', 'South East'),
  t('lancashire', 'Lancashire', 'Lancashire Constabulary', 'England', 'North West'),
  t('leicestershire', 'Leicestershire', 'Leicestershire Police', 'England', 'East Midlands'),
  t('lincolnshire', 'Lincolnshire', 'Lincolnshire Police', 'England', 'East Midlands'),
  t('merseyside', 'Merseyside', 'Merseyside Police', 'England', 'North West'),
  t('met', 'Metropolitan Police', 'Metropolitan Police Service', 'England', 'London'),
  t('norfolk', 'Norfolk', 'Norfolk Constabulary', 'England', 'Eastern'),
  t('northamptonshire', 'Northamptonshire', 'Northamptonshire Police', 'England', 'East Midlands'),
  t('northumbria', 'Northumbria', 'Northumbria Police', 'England', 'North East'),
  t('north-yorkshire', 'North Yorkshire', 'North Yorkshire Police', 'England', 'North East'),
  t('nottinghamshire', 'Nottinghamshire', 'Nottinghamshire Police', 'England', 'East Midlands'),
  t('south-yorkshire', 'South Yorkshire', 'South Yorkshire Police', 'England', 'North East'),
  t('staffordshire', 'Staffordshire', 'Staffordshire Police', 'England', 'West Midlands'),
  t('suffolk', 'Suffolk', 'Suffolk Constabulary', 'England', 'Eastern'),
  t('surrey', 'Surrey', 'Surrey Police', 'England', 'South East'),
  t('sussex', 'Sussex', 'Sussex Police', 'England', 'South East'),
  t('thames-valley', 'Thames Valley', 'Thames Valley Police', 'England', 'South East'),
  t('warwickshire', 'Warwickshire', 'Warwickshire Police', 'England', 'West Midlands'),
  t('west-mercia', 'West Mercia', 'West Mercia Police', 'England', 'West Midlands'),
  t('west-midlands', 'West Midlands', 'West Midlands Police', 'England', 'West Midlands'),
  t('west-yorkshire', 'West Yorkshire', 'West Yorkshire Police', 'England', 'North East'),
  t('wiltshire', 'Wiltshire', 'Wiltshire Police', 'England', 'South West'),
  t('dyfed-powys', 'Dyfed-Powys', 'Dyfed-Powys Police', 'Wales', 'Wales'),
  t('gwent', 'Gwent', 'Gwent Police', 'Wales', 'Wales'),
  t('north-wales', 'North Wales', 'North Wales Police', 'Wales', 'Wales'),
  t('south-wales', 'South Wales', 'South Wales Police', 'Wales', 'Wales'),
  s('british-transport-police', 'British Transport Police', 'British Transport Police'),
  s('civil-nuclear-constabulary', 'Civil Nuclear Constabulary', 'Civil Nuclear Constabulary'),
  s('mod-police', 'Ministry of Defence Police', 'Ministry of Defence Police'),
]);

const BY_ID: ReadonlyMap<string, Force> = new Map(FORCES.map((f) => [f.id, f]));

/** Every force id, in registry order. */
export const FORCE_IDS: readonly string[] = Object.freeze(FORCES.map((f) => f.id));

/** The 43 territorial forces. */
export const TERRITORIAL_FORCES: readonly Force[] = Object.freeze(FORCES.filter((f) => f.kind === 'territorial'));

/** True when `id` names a force in the registry. */
export function isForceId(id: string): boolean {
  return BY_ID.has(id);
}

/** "Did you mean" text for an unknown force id, or undefined. */
export function suggestForce(id: string): string | undefined {
  const byId = didYouMean(id, FORCE_IDS);
  if (byId) return byId;
  // People often type the display name: match it against areas and names.
  const lower = id.toLowerCase();
  const byName = FORCES.find((f) => f.area.toLowerCase() === lower || f.name.toLowerCase() === lower);
  return byName ? `did you mean "${byName.id}" (${byName.name})?` : undefined;
}

/**
 * The force with this id.
 * @throws NplzError naming the id received and the nearest known ids.
 */
export function getForce(id: string): Force {
  const force = BY_ID.get(id);
  if (force) return force;
  throw NplzError.of({
    path: 'force',
    received: id,
    message: `unknown force id "${id}"`,
    allowed: 'a force id from the registry (run `nplz forces` to list them)',
    hint: suggestForce(id),
  });
}
