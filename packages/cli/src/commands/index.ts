/* eslint-disable @typescript-eslint/no-require-imports -- each command module is required when it runs, not at start-up */
import type { CommandSpec } from '../command';

/**
 * The command registry. A command's module is loaded only when that command runs (or its help is
 * shown): `synth`, `diff` and `init` pull in aws-cdk-lib and the Pulumi runtime, about 2 s of CPU,
 * which `nplz --version`, `nplz validate` or `nplz forces` do not need. The main help needs each
 * command's name and one-line summary, so they are kept here too; a test
 * (packages/cli/test/startup.test.ts) holds them equal to the modules' own.
 */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  /** Loads the command's module (once: Node caches it) and returns its spec. */
  load(): CommandSpec;
}

export const COMMAND_ENTRIES: readonly CommandEntry[] = [
  {
    name: 'init',
    summary: "Scaffold a force's own project: tenancy spec, CDK app and/or Pulumi program",
    load: () => (require('./init') as typeof import('./init')).initCommand,
  },
  {
    name: 'validate',
    summary: 'Validate tenancy specs, national settings or a whole estate folder',
    load: () => (require('./validate') as typeof import('./validate')).validateCommand,
  },
  {
    name: 'synth',
    summary: 'Synthesise the estate: the AWS cloud assembly and the recorded Azure plan',
    load: () => (require('./synth') as typeof import('./synth')).synthCommand,
  },
  {
    name: 'audit',
    summary: 'Audit what `nplz synth` wrote: every control × every tenancy, with evidence, in auditor-ready reports',
    load: () => (require('./audit') as typeof import('./audit')).auditCommand,
  },
  {
    name: 'diff',
    summary: 'Show what a baseline move, or a change to the estate itself, does to every tenancy, on both clouds',
    load: () => (require('./diff') as typeof import('./diff')).diffCommand,
  },
  {
    name: 'allocate',
    summary: "Propose a new tenancy's address ranges that overlap nothing in the estate",
    load: () => (require('./allocate') as typeof import('./allocate')).allocateCommand,
  },
  {
    name: 'forces',
    summary: 'List the police forces in the registry',
    load: () => (require('./forces') as typeof import('./forces')).forcesCommand,
  },
  {
    name: 'controls',
    summary: 'List the controls catalog with its NCSC and CAF mappings and the checks that implement each control',
    load: () => (require('./controls') as typeof import('./controls')).controlsCommand,
  },
];

/** Every command's full spec, in registry order. Loads every command module (for docs/cli.md and tests). */
export function loadAllCommands(): readonly CommandSpec[] {
  return COMMAND_ENTRIES.map((c) => c.load());
}
