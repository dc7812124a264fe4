/** A CAF indicator's level: achieved (`A`), partially achieved (`PA`) or not achieved (`NA`), as in the NCSC index. */
export type CafIndicatorLevel = 'A' | 'PA' | 'NA';

/** One indicator of good practice: its id (e.g. `B2.c.13`), level and NCSC index (e.g. `B2.c.A.2`), or null when the data has none. */
export type CafIndicatorData = readonly [id: string, level: CafIndicatorLevel, ncscIndex: string | null];

export interface CafOutcomeData {
  readonly id: string;
  readonly title: string;
  readonly indicators: readonly CafIndicatorData[];
}

export interface CafPrincipleData {
  readonly id: string;
  readonly title: string;
  readonly outcomes: readonly CafOutcomeData[];
}

export interface CafObjectiveData {
  readonly id: string;
  readonly title: string;
  readonly principles: readonly CafPrincipleData[];
}

export interface CafFrameworkData {
  readonly version: string;
  /** Where the data was generated from. */
  readonly source: { readonly repository: string; readonly path: string; readonly commit: string };
  readonly objectives: readonly CafObjectiveData[];
}
