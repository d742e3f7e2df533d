import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger's balance check once per journal entry instead of once per row.
 *
 * The core migration checked each entry at commit from two deferred row triggers, one on the
 * entry and one on each of its postings: an entry of four postings was checked five times (ten
 * queries) in the commit that wrote it. Now the entry's own deferred trigger checks it once, at
 * commit, as before; and the postings get a statement trigger that refuses what would escape
 * that check: postings written to an entry in another statement than the one that wrote its
 * first postings (so, with the entry checked at its commit for two postings at least, never
 * to an entry committed before, nor after a `SET CONSTRAINTS … IMMEDIATE` ran its check). The
 * ledger's code writes an entry's postings in one statement (`LedgerRepository.record`).
 */
export class PaymentsLedgerCheckPerEntry1768000000000 implements MigrationInterface {
  name = 'PaymentsLedgerCheckPerEntry1768000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER postings_balance ON postings');
    await q.query(`
      CREATE FUNCTION ledger_postings_in_one_statement() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        entry uuid;
      BEGIN
        SELECT a.entry_id INTO entry
          FROM (SELECT entry_id, count(*) AS n FROM added GROUP BY entry_id) a
          WHERE (SELECT count(*) FROM postings p WHERE p.entry_id = a.entry_id) <> a.n
          LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'journal entry % has postings already: an entry''s postings are written in one statement', entry
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER postings_in_one_statement AFTER INSERT ON postings
      REFERENCING NEW TABLE AS added
      FOR EACH STATEMENT EXECUTE FUNCTION ledger_postings_in_one_statement()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER postings_in_one_statement ON postings');
    await q.query('DROP FUNCTION ledger_postings_in_one_statement()');
    await q.query(`
      CREATE CONSTRAINT TRIGGER postings_balance AFTER INSERT ON postings
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_balances()`);
  }
}
