import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import type { RequestActor } from '#contracts';
import { IdempotentCommands, newId, runWithContext } from '#platform';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { ApplicationRepository } from '../applications/application.repository.js';
import { permitsMigrations } from '../migrations/index.js';
import { aCitizen, aStaff } from '../testing/applications.medium-fixture.js';
import { AddStaffNoteUseCase } from './add-staff-note/add-staff-note.use-case.js';
import { ConversationRepository } from './conversation.repository.js';
import { ListMessagesUseCase } from './list-messages/list-messages.use-case.js';
import { ListStaffNotesUseCase } from './list-staff-notes/list-staff-notes.use-case.js';
import { PostMessageUseCase } from './post-message/post-message.use-case.js';

const MESSAGE_POSTED = 'gov.permits.application.message-posted.v1';

describe('a case’s conversation and its staff notes', () => {
  let db: MediumDatabase;
  let post: PostMessageUseCase;
  let messages: ListMessagesUseCase;
  let addNote: AddStaffNoteUseCase;
  let notes: ListStaffNotesUseCase;
  let cases = 0;
  const clerk = aStaff('clerk');
  const inspector = aStaff('inspector');
  const auditor = aStaff('auditor');

  /** An application of `applicant` in `status`, as the applications part leaves it. */
  async function anApplication(applicant: RequestActor, status = 'under_review') {
    const id = randomUUID();
    cases += 1;
    const caseNumber = status === 'draft' ? null : `CV-2026-${String(cases).padStart(6, '0')}`;
    await db.query(
      `INSERT INTO applications (id, case_number, applicant_id, permit_type, type_version, status,
                                 step, title, site_address, submitted_at)
       VALUES ($1, $2, $3, 'building', 2, $4, 'review', 'A garden house', '1 Main Street', now())`,
      [id, caseNumber, applicant.userId, status],
    );
    return { id, caseNumber };
  }

  const rowsOf = async (table: string, applicationId: string) =>
    db.query<{ body: string }>(`SELECT body FROM ${table} WHERE application_id = $1`, [
      applicationId,
    ]);

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'permits', migrations: permitsMigrations });
    const commands = new IdempotentCommands(db.dataSource, db.outbox);
    const applications = new ApplicationRepository();
    const conversation = new ConversationRepository();
    post = new PostMessageUseCase(commands, db.outbox, applications, conversation);
    messages = new ListMessagesUseCase(db.dataSource, applications, conversation);
    addNote = new AddStaffNoteUseCase(commands, applications, conversation);
    notes = new ListStaffNotesUseCase(db.dataSource, applications, conversation);
  });
  afterAll(() => db?.close());

  it('keeps the applicant’s and the staff’s messages, oldest first, and announces ids only', async () => {
    const applicant = aCitizen();
    const app = await anApplication(applicant);
    const asked = await post.execute({
      applicationId: app.id,
      body: '  Which scale do the floor plans need?  ',
      user: applicant,
    });
    expect(asked).toMatchObject({
      applicationId: app.id,
      authorId: applicant.userId,
      authorRole: 'citizen',
      from: 'applicant',
      body: 'Which scale do the floor plans need?',
    });
    const answered = await post.execute({ applicationId: app.id, body: '1:100', user: clerk });
    const noted = await post.execute({
      applicationId: app.id,
      body: 'Visit Tuesday',
      user: inspector,
    });
    expect([answered.from, noted.from]).toEqual(['staff', 'staff']);

    for (const reader of [applicant, clerk, inspector, auditor]) {
      const page = await messages.execute({ applicationId: app.id, user: reader });
      expect(page.items.map((m) => m.id)).toEqual([asked.id, answered.id, noted.id]);
      expect(page.nextCursor).toBeNull();
    }

    const events = (await db.outboxRows()).filter(
      (e) => e.subject === MESSAGE_POSTED && e.aggregateId === app.id,
    );
    expect(events.map((e) => e.envelope.data)).toEqual([
      {
        applicationId: app.id,
        caseNumber: app.caseNumber,
        permitType: 'building',
        typeVersion: 2,
        messageId: asked.id,
        authorRole: 'citizen',
      },
      expect.objectContaining({ messageId: answered.id, authorRole: 'clerk' }),
      expect.objectContaining({ messageId: noted.id, authorRole: 'inspector' }),
    ]);
    expect(events[0]?.envelope.actor).toBe(`user:${applicant.userId}:citizen`);
    // No text leaves the table.
    expect(JSON.stringify(events)).not.toContain('floor plans');
    expect(JSON.stringify(events)).not.toContain('1:100');
  });

  it('refuses strangers, the auditor’s writing, drafts and unknown applications, storing nothing', async () => {
    const applicant = aCitizen();
    const app = await anApplication(applicant);
    const draft = await anApplication(applicant, 'draft');
    const before = (await db.outboxRows()).length;
    await expect(
      post.execute({ applicationId: app.id, body: 'mine now', user: aCitizen() }),
    ).rejects.toMatchObject({ code: 'POLICY.NOT_OWNER' });
    await expect(
      messages.execute({ applicationId: app.id, user: aCitizen() }),
    ).rejects.toMatchObject({ code: 'POLICY.NOT_OWNER' });
    await expect(
      post.execute({ applicationId: app.id, body: 'audited', user: auditor }),
    ).rejects.toMatchObject({ code: 'POLICY.ROLE_NOT_ALLOWED' });
    await expect(
      post.execute({ applicationId: draft.id, body: 'a question', user: applicant }),
    ).rejects.toMatchObject({ code: 'PERMITS.INVALID_TRANSITION', details: { status: 'draft' } });
    await expect(
      post.execute({ applicationId: randomUUID(), body: 'hello', user: clerk }),
    ).rejects.toMatchObject({ code: 'PERMITS.APPLICATION_NOT_FOUND' });
    await expect(
      addNote.execute({ applicationId: draft.id, body: 'early', user: clerk }),
    ).rejects.toMatchObject({ code: 'PERMITS.INVALID_TRANSITION' });
    expect(await rowsOf('application_messages', app.id)).toEqual([]);
    expect(await rowsOf('application_messages', draft.id)).toEqual([]);
    expect((await db.outboxRows()).length).toBe(before);
  });

  it('posts once per request key: a retry answers the same message', async () => {
    const applicant = aCitizen();
    const app = await anApplication(applicant);
    const requestKey = randomBytes(24).toString('base64url');
    const send = () =>
      runWithContext({ correlationId: newId(), requestKey }, () =>
        post.execute({ applicationId: app.id, body: 'Sent twice', user: applicant }),
      );
    const [first, second] = await Promise.all([send(), send()]);
    expect(second).toEqual(first);
    expect(await send()).toEqual(first);
    expect(await rowsOf('application_messages', app.id)).toEqual([{ body: 'Sent twice' }]);
    const events = (await db.outboxRows()).filter((e) => e.aggregateId === app.id);
    expect(events).toHaveLength(1);
  });

  it('pages through a long thread with the cursor', async () => {
    const applicant = aCitizen();
    const app = await anApplication(applicant);
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++)
      ids.push(
        (await post.execute({ applicationId: app.id, body: `message ${i}`, user: applicant })).id,
      );
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await messages.execute({
        applicationId: app.id,
        limit: 2,
        user: clerk,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
  });

  it('keeps staff notes beside the thread, for staff only, without an event', async () => {
    const applicant = aCitizen();
    const app = await anApplication(applicant);
    await post.execute({ applicationId: app.id, body: 'Any news?', user: applicant });
    const before = (await db.outboxRows()).length;
    const note = await addNote.execute({
      applicationId: app.id,
      body: 'Neighbour objected by phone',
      user: clerk,
    });
    expect(note).toMatchObject({ authorId: clerk.userId, authorRole: 'clerk' });
    expect((await db.outboxRows()).length).toBe(before);

    for (const reader of [clerk, inspector, auditor])
      expect(
        (await notes.execute({ applicationId: app.id, user: reader })).items.map((n) => n.body),
      ).toEqual(['Neighbour objected by phone']);
    await expect(notes.execute({ applicationId: app.id, user: applicant })).rejects.toMatchObject({
      code: 'POLICY.ROLE_NOT_ALLOWED',
    });
    await expect(
      addNote.execute({ applicationId: app.id, body: 'let me in', user: applicant }),
    ).rejects.toMatchObject({ code: 'POLICY.ROLE_NOT_ALLOWED' });
    await expect(
      addNote.execute({ applicationId: app.id, body: 'audited', user: auditor }),
    ).rejects.toMatchObject({ code: 'POLICY.ROLE_NOT_ALLOWED' });
    // The applicant's thread never shows a note.
    const thread = await messages.execute({ applicationId: app.id, user: applicant });
    expect(thread.items.map((m) => m.body)).toEqual(['Any news?']);
  });

  it('refuses to change or delete what was written', async () => {
    const applicant = aCitizen();
    const app = await anApplication(applicant);
    await post.execute({ applicationId: app.id, body: 'Final words', user: applicant });
    await expect(
      db.query('UPDATE application_messages SET body = $2 WHERE application_id = $1', [
        app.id,
        'changed',
      ]),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.query('DELETE FROM application_messages WHERE application_id = $1', [app.id]),
    ).rejects.toThrow(/append-only/);
  });
});
