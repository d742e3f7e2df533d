import pg from 'pg';

/** What pg's connection offers a query to write protocol messages with (pg 8's own API). */
export interface ProtocolConnection {
  parse(query: { text: string; name?: string; types?: unknown[] }): void;
  bind(config: { portal?: string; statement?: string; values?: unknown[] }): void;
  execute(config: { portal?: string; rows?: number }): void;
  sync(): void;
}

type QueryCallback = (error: Error | null, result?: unknown) => void;

/** The parts of pg's `Query` this class builds on (not in pg's type declarations). */
interface QueryInternals {
  portal: string;
  hasBeenParsed(connection: ProtocolConnection): boolean;
  prepare(connection: ProtocolConnection): void;
  handleCommandComplete(message: unknown, connection: ProtocolConnection): void;
}

const Query = pg.Query as unknown as new (
  config: { name?: string; text: string; values: readonly unknown[] },
  values: undefined,
  callback: QueryCallback,
) => QueryInternals;

/**
 * One statement with parameters and, in the same round trip, statements without parameters
 * before and after it (`START TRANSACTION` before the transaction's first statement, `COMMIT`
 * after its last: `PreparingClient`). All of them go in one write, under one Sync, as the
 * extended protocol allows: PostgreSQL runs them in order and answers once, and after an error
 * it skips the rest up to the Sync, so a `COMMIT` never follows a failed statement. The query's
 * result is the statement's own; the others' command completions are passed over.
 */
export class PipelinedQuery extends Query {
  /** For each Parse this round trip sends, in order: whether it is the statement's own. */
  private readonly parses: boolean[] = [];
  private completionsToSkip: number;
  private completed = false;
  /** Command completions of the statements after it (its COMMIT) seen so far. */
  private afterCompleted = 0;

  constructor(
    config: { name?: string; text: string; values: readonly unknown[] },
    private readonly before: readonly string[],
    private readonly after: readonly string[],
    callback: QueryCallback,
  ) {
    super(config, undefined, callback);
    this.completionsToSkip = before.length;
  }

  override prepare(connection: ProtocolConnection): void {
    for (const text of this.before) this.sendBare(connection, text);
    // pg's own `prepare` parses the statement unless this connection already has it.
    if (!this.hasBeenParsed(connection)) this.parses.push(true);
    super.prepare(connection);
  }

  /** pg calls this once the statement is bound: execute it, then the statements after, then Sync. */
  _getRows(connection: ProtocolConnection): void {
    connection.execute({ portal: this.portal });
    for (const text of this.after) this.sendBare(connection, text);
    connection.sync();
  }

  override handleCommandComplete(message: unknown, connection: ProtocolConnection): void {
    if (this.completionsToSkip > 0) {
      this.completionsToSkip -= 1;
      return;
    }
    if (this.completed) {
      this.afterCompleted += 1; // a statement after it
      return;
    }
    this.completed = true;
    super.handleCommandComplete(message, connection);
  }

  /** The statement and every statement after it completed (its COMMIT took effect). */
  finished(): boolean {
    return this.completed && this.afterCompleted === this.after.length;
  }

  /**
   * A ParseComplete arrived: whether it is the statement's own (then pg records the statement as
   * prepared on the connection), not that of a statement around it.
   */
  parseCompleted(): boolean {
    return this.parses.shift() ?? false;
  }

  private sendBare(connection: ProtocolConnection, text: string): void {
    connection.parse({ text, name: '' });
    this.parses.push(false);
    connection.bind({});
    connection.execute({});
  }
}
