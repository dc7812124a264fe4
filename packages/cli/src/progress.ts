import type { Terminal } from './terminal';

/**
 * Progress lines on stderr for long work, shown only on an interactive terminal (never in CI or
 * when output is piped), so logs and --json output stay clean.
 */
export class Progress {
  private started = 0;
  constructor(private readonly term: Terminal) {}

  public start(what: string): void {
    this.started = Date.now();
    if (this.term.interactive) this.term.err(`… ${what}`);
  }

  public done(what: string): void {
    if (this.term.interactive) this.term.err(`✔ ${what} (${((Date.now() - this.started) / 1000).toFixed(1)} s)`);
  }

  public step(what: string): void {
    if (this.term.interactive) this.term.err(`  ${what}`);
  }
}
