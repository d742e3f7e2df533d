/**
 * A failure of the local stack that a person can act on: what went wrong and how to fix it,
 * printed as one line. Anything else is a bug and is printed with its stack.
 */
export class StackError extends Error {
  constructor(
    readonly what: string,
    readonly fix?: string,
  ) {
    super(fix ? `${what} — ${fix}` : what);
    this.name = 'StackError';
  }
}
