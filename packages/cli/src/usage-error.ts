/** A mistake in how the command was called (unknown flag, missing argument). Exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    public readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
