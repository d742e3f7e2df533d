/** `gov.<context>.<aggregate>.<event>.v<N>`: lowercase words, past tense event, version. */
export const SUBJECT_PATTERN =
  /^gov\.([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)\.v([1-9][0-9]*)$/;

export interface SubjectParts {
  context: string;
  aggregate: string;
  event: string;
  version: number;
}

export function parseSubject(subject: string): SubjectParts | undefined {
  const match = SUBJECT_PATTERN.exec(subject);
  if (!match) return undefined;
  const [, context, aggregate, event, version] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  return { context, aggregate, event, version: Number(version) };
}

/** Subject prefix of the dead-letter stream: `gov.dlq.<consumer>.<original subject>`. */
export const DEAD_LETTER_PREFIX = 'gov.dlq';
