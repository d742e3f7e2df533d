import { DEAD_LETTER_PREFIX } from './subjects.js';

/**
 * One JetStream stream per context (file storage, limits retention by age, a dedupe window),
 * plus the dead-letter stream. Declared here, created or updated at boot.
 */
export interface StreamDeclaration {
  name: string;
  context: string;
  subjects: string[];
}

export const CONTEXT_STREAMS: readonly StreamDeclaration[] = [
  { name: 'IDENTITY', context: 'identity', subjects: ['gov.identity.>'] },
  { name: 'PERMITS', context: 'permits', subjects: ['gov.permits.>'] },
  { name: 'PAYMENTS', context: 'payments', subjects: ['gov.payments.>'] },
  { name: 'COMPLAINTS', context: 'complaints', subjects: ['gov.complaints.>'] },
  { name: 'AUDIT', context: 'audit', subjects: ['gov.audit.>'] },
];

export const DEAD_LETTER_STREAM: StreamDeclaration = {
  name: 'DLQ',
  context: 'dlq',
  subjects: [`${DEAD_LETTER_PREFIX}.>`],
};

export const streamOfSubject = (subject: string): StreamDeclaration | undefined =>
  CONTEXT_STREAMS.find((s) => subject.startsWith(`gov.${s.context}.`));
