import type { Terminal } from './terminal';

export interface OptionSpec {
  readonly type: 'boolean' | 'string';
  readonly description: string;
  readonly short?: string;
  readonly multiple?: boolean;
  readonly default?: string | boolean;
}

export interface CommandContext {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
  readonly term: Terminal;
}

/** One `nplz` sub-command: its help text and what it runs. Returns the exit code. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly examples: readonly string[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** What the command writes, in words, for docs/cli.md ("nothing" when it only reads). */
  readonly writes: string;
  /** How many positional arguments the command takes (default none: a stray argument is a usage error). */
  readonly positionals?: number;
  run(ctx: CommandContext): Promise<number>;
}
