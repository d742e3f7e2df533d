import type { MessageView, RequestActor, ThreadEntryView } from '#contracts';

/*
 * A case's conversation and its staff notes, pure: who is on which side, what is stored of a
 * text, and how an entry reads.
 */

/** A message or a staff note as stored. */
export interface ThreadEntry {
  id: string;
  applicationId: string;
  authorId: string;
  authorRole: string;
  body: string;
  createdAt: Date;
}

/** The side of the conversation a role writes for: the citizen is the applicant. */
export const sideOf = (role: string): MessageView['from'] =>
  role === 'citizen' ? 'applicant' : 'staff';

/**
 * A new entry by `author`: the text trimmed of surrounding white space (the request's rules
 * already refused an empty or too long one), at `at` (millisecond precision, as cursors).
 */
export const newEntry = (
  id: string,
  applicationId: string,
  author: RequestActor,
  body: string,
  at: Date,
): ThreadEntry => ({
  id,
  applicationId,
  authorId: author.userId,
  authorRole: author.role,
  body: body.trim(),
  createdAt: at,
});

export const entryViewOf = (entry: ThreadEntry): ThreadEntryView => ({
  id: entry.id,
  applicationId: entry.applicationId,
  authorId: entry.authorId,
  authorRole: entry.authorRole,
  body: entry.body,
  createdAt: entry.createdAt.toISOString(),
});

export const messageViewOf = (entry: ThreadEntry): MessageView => ({
  ...entryViewOf(entry),
  from: sideOf(entry.authorRole),
});

let lastEntryMs = 0;

/**
 * The time of a new entry: now, to the millisecond (what cursors count), and strictly after
 * the last entry this process wrote, so a thread written through one process reads back in the
 * order it was written even within one millisecond (across processes, ties go by id).
 */
export function entryTime(): Date {
  lastEntryMs = Math.max(Date.now(), lastEntryMs + 1);
  return new Date(lastEntryMs);
}

/** A conversation opens with the case: a draft has none yet (nobody on the staff sees it). */
export const conversationOpen = (status: string): boolean => status !== 'draft';
