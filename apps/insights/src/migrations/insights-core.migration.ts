import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The insights schema (docs/insights.md), a read model of the permits, complaints and payments
 * streams. Nothing here names or points at a person: no applicant, reporter, payer or staff id,
 * no text anyone wrote, no place.
 *
 * - `application_cases`: one row per permit application, with its permit type, public status,
 *   submission and decision times, its review due time and whether the deadline was met;
 * - `complaint_cases`: one row per complaint, with its service code, status, report and close
 *   times and whether its deadlines were met;
 * - `complaint_feedback_monthly`: the feedback answers' sums per month and service;
 * - `payments_monthly`: successful payments' count and total per month and currency.
 *
 * The case rows are what status counts and medians need (a status is a case's latest, a median
 * needs each case's duration); they hold the case's id only to apply its later events.
 */
export class InsightsCore1769000000000 implements MigrationInterface {
  name = 'InsightsCore1769000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE application_cases (
        application_id uuid PRIMARY KEY,
        permit_type    text NOT NULL,
        status         text NOT NULL,
        submitted_at   timestamptz,
        decided_at     timestamptz,
        review_due_at  timestamptz,
        deadline       text CHECK (deadline IN ('met', 'breached')),
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE complaint_cases (
        request_id    uuid PRIMARY KEY,
        service_code  text NOT NULL,
        status        text NOT NULL,
        received_at   timestamptz,
        closed_at     timestamptz,
        deadline      text CHECK (deadline IN ('met', 'breached')),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE complaint_feedback_monthly (
        month         text NOT NULL CHECK (month ~ '^\\d{4}-\\d{2}$'),
        service_code  text NOT NULL,
        ratings       integer NOT NULL DEFAULT 0,
        rating_sum    integer NOT NULL DEFAULT 0,
        satisfied     integer NOT NULL DEFAULT 0,
        nps_answers   integer NOT NULL DEFAULT 0,
        promoters     integer NOT NULL DEFAULT 0,
        detractors    integer NOT NULL DEFAULT 0,
        PRIMARY KEY (month, service_code)
      )`);
    await q.query(`
      CREATE TABLE payments_monthly (
        month         text NOT NULL CHECK (month ~ '^\\d{4}-\\d{2}$'),
        currency      text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        payments      integer NOT NULL DEFAULT 0,
        amount_minor  bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (month, currency)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payments_monthly`);
    await q.query(`DROP TABLE complaint_feedback_monthly`);
    await q.query(`DROP TABLE complaint_cases`);
    await q.query(`DROP TABLE application_cases`);
  }
}
