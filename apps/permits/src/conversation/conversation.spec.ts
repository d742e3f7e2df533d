import { describe, expect, it } from '@jest/globals';
import { decide, PermitsConversationAccess, type RequestActor } from '#contracts';
import { conversationOpen, entryTime, messageViewOf, newEntry, sideOf } from './conversation.js';

const applicant: RequestActor = { userId: 'applicant-1', role: 'citizen' };
const stranger: RequestActor = { userId: 'citizen-2', role: 'citizen' };
const staff = (role: RequestActor['role']): RequestActor => ({ userId: `${role}-1`, role });
const facts = { ownerId: applicant.userId };
const allowed = (
  actor: RequestActor,
  rules: ReturnType<typeof PermitsConversationAccess.postMessage>,
) => {
  const decision = decide(actor, facts, ...rules);
  return decision.allowed ? 'allowed' : decision.code;
};

describe('a case’s conversation', () => {
  it('given a citizen author, then the message is the applicant’s; staff write as staff', () => {
    expect(sideOf('citizen')).toBe('applicant');
    expect(['clerk', 'supervisor', 'inspector'].map(sideOf)).toEqual(['staff', 'staff', 'staff']);
  });

  it('when a text is kept, then without the white space around it', () => {
    const at = new Date('2026-03-14T10:00:00.123Z');
    const entry = newEntry('m-1', 'a-1', applicant, '\n  Hello there \t', at);
    expect(messageViewOf(entry)).toEqual({
      id: 'm-1',
      applicationId: 'a-1',
      authorId: 'applicant-1',
      authorRole: 'citizen',
      body: 'Hello there',
      createdAt: '2026-03-14T10:00:00.123Z',
      from: 'applicant',
    });
  });

  it('when entries are written in a row, then their times strictly increase, to the millisecond', () => {
    const times = Array.from({ length: 50 }, () => entryTime().getTime());
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1] as number);
  });

  it('given a draft, then there is no conversation yet', () => {
    expect(conversationOpen('draft')).toBe(false);
    expect(conversationOpen('submitted')).toBe(true);
    expect(conversationOpen('issued')).toBe(true);
  });

  it('who may write and read the thread and the notes', () => {
    const A = PermitsConversationAccess;
    expect(allowed(applicant, A.postMessage())).toBe('allowed');
    expect(allowed(stranger, A.postMessage())).toBe('POLICY.NOT_OWNER');
    expect(allowed(staff('inspector'), A.postMessage())).toBe('allowed');
    expect(allowed(staff('auditor'), A.postMessage())).toBe('POLICY.ROLE_NOT_ALLOWED');
    expect(allowed(staff('cashier'), A.postMessage())).toBe('POLICY.ROLE_NOT_ALLOWED');
    expect(allowed(staff('auditor'), A.readMessages())).toBe('allowed');
    expect(allowed(stranger, A.readMessages())).toBe('POLICY.NOT_OWNER');
    expect(allowed(applicant, A.readNotes())).toBe('POLICY.ROLE_NOT_ALLOWED');
    expect(allowed(staff('auditor'), A.readNotes())).toBe('allowed');
    expect(allowed(staff('auditor'), A.addNote())).toBe('POLICY.ROLE_NOT_ALLOWED');
    expect(allowed(staff('clerk'), A.addNote())).toBe('allowed');
    expect(allowed(applicant, A.certificate())).toBe('allowed');
    expect(allowed(stranger, A.certificate())).toBe('POLICY.NOT_OWNER');
    expect(allowed(staff('supervisor'), A.certificate())).toBe('allowed');
  });
});
