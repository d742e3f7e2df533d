/**
 * English texts of the audit area (docs/web.md): the permit's proof on the verification page,
 * the auditor's pages, the browser's verification results. Spread into messages.en.ts.
 */
export const auditEn = {
  'audit.nav': 'Audit trail',
  'audit.notYourRole': 'This page is for auditors. Your account has another role.',

  'audit.permitProof.heading': 'The permit’s proof from the audit log',
  'audit.permitProof.checking': 'Checking the proof in your browser…',
  'audit.permitProof.none':
    'The audit log has no signed proof of permit {number} yet. Its tree heads are signed every few minutes: check again later.',
  'audit.permitProof.unavailable':
    'The proof could not be fetched from the audit log, so it has not been checked. Try again later.',
  'audit.permitProof.proven': 'Proven in your browser',
  'audit.permitProof.issuedProven':
    'Issued, proven: entry {seq} of the audit log, recorded on {time}.',
  'audit.permitProof.revokedProven':
    'Revoked, proven: entry {seq} of the audit log, recorded on {time}.',
  'audit.permitProof.expiredProven':
    'Expired, proven: entry {seq} of the audit log, recorded on {time}.',
  'audit.permitProof.statusAsOf':
    'Status as of tree head {size} (signed on {time} with key {key}): {status}.',
  'audit.permitProof.status.issued': 'issued',
  'audit.permitProof.status.revoked': 'revoked',
  'audit.permitProof.status.expired': 'expired',
  'audit.permitProof.notProvenLater':
    'That no later revocation exists is not proven by this proof. A complete export of the log can prove it (npm run permit:verify with --export).',
  'audit.permitProof.notProven': 'Not proven',
  'audit.permitProof.notProvenText':
    'The proof the server gave does not verify. Do not rely on it. What failed:',
  'audit.permitProof.howHeading': 'How your browser checked this',
  'audit.permitProof.how':
    'Your browser checked that the log’s tree head is signed with one of the log’s keys built into this service (never keys sent by the server), recomputed the hash of each of the permit’s entries from its recorded event, and checked that each is in the signed tree with its inclusion proof (RFC 6962). Anyone can run the same checks with npm run permit:verify.',
  'audit.permitProof.keys': 'Log keys built into this service: {keys}',

  'audit.failure.notAProof': 'The answer is not a permit proof.',
  'audit.failure.headMalformed': 'The tree head is missing or malformed.',
  'audit.failure.headUnknownKey':
    'The tree head of size {size} is signed by key {key}, which is not one of the keys built into this service.',
  'audit.failure.headBadSignature':
    'The signature of the tree head of size {size} does not verify with key {key}.',
  'audit.failure.noEntries': 'The proof holds no entries.',
  'audit.failure.outsideTree': 'Entry {seq} is outside the tree head of size {size}.',
  'audit.failure.outOfOrder': 'Entry {seq} is out of order.',
  'audit.failure.notJson': 'Entry {seq}: its recorded event is not JSON.',
  'audit.failure.notCanonical': 'Entry {seq}: its recorded event is not in canonical form.',
  'audit.failure.fieldsDiffer': 'Entry {seq}: its type, case or actor differ from its event.',
  'audit.failure.leafMismatch':
    'Entry {seq}: its hash does not match its recorded event (the event was changed).',
  'audit.failure.notIncluded':
    'Entry {seq} is not in the signed tree of size {size} (its inclusion proof fails).',
  'audit.failure.otherSubject': 'Entry {seq} is about another permit.',
  'audit.failure.notPermitEvent': 'Entry {seq} is not an event of a permit’s life.',
  'audit.failure.otherPermit': 'Entry {seq} is the issuance of another permit.',
  'audit.failure.noIssuance': 'No issuance of this permit is among the proven entries.',

  'audit.head.heading': 'The log’s latest signed tree head',
  'audit.head.none': 'The log has no signed tree head yet.',
  'audit.head.verified': 'Signature verified in your browser',
  'audit.head.verifiedText':
    'Your browser checked its Ed25519 signature with one of the log’s keys built into this service.',
  'audit.head.notVerified': 'Signature not verified',
  'audit.head.size': 'Entries (tree size)',
  'audit.head.root': 'Root hash',
  'audit.head.signedAt': 'Signed on',
  'audit.head.key': 'Key',
  'audit.head.sign': 'Sign a tree head now',

  'audit.search.title': 'Search the audit trail',
  'audit.search.lead':
    'Every event of every case is recorded in the audit log, oldest first. Search by case, by who acted, by event type or by time.',
  'audit.search.formHeading': 'Search',
  'audit.search.subject': 'Case',
  'audit.search.subjectHint': 'The case’s id or number, for example a permit number',
  'audit.search.actor': 'Who acted',
  'audit.search.actorHint': 'system, or user:<id>:<role>',
  'audit.search.type': 'Event type',
  'audit.search.typeHint': 'For example, gov.permits.application.submitted.v1',
  'audit.search.from': 'From',
  'audit.search.to': 'Before',
  'audit.search.timeHint': 'Date and time, in your time zone',
  'audit.search.button': 'Search',
  'audit.search.results': 'Entries found',
  'audit.search.none': 'No entries match.',
  'audit.search.caption': '{count} entries shown, oldest first',
  'audit.search.more': 'Show more entries',
  'audit.search.error.empty': 'Enter at least one thing to search by',
  'audit.search.error.type': 'Enter an event type like gov.permits.application.submitted.v1',
  'audit.search.error.time': 'Enter a real date and time',
  'audit.search.error.order': 'The end must be after the start',
  'audit.search.error.refused': 'The audit log refused this search: check this field',

  'audit.entry.seq': 'Entry',
  'audit.entry.when': 'When',
  'audit.entry.type': 'Event',
  'audit.entry.case': 'Case',
  'audit.entry.actor': 'Who acted',
  'audit.entry.proof': 'Proof',

  'audit.export.heading': 'Export these entries',
  'audit.export.lead':
    'JSON Lines holds each entry with its inclusion proof and the signed tree head, for npm run audit:verify. CSV is for spreadsheets.',
  'audit.export.jsonl': 'Download JSON Lines with proofs',
  'audit.export.csv': 'Download CSV',

  'audit.case.title': 'Case {id}',
  'audit.case.caption': 'Audit trail: {context}',
  'audit.case.search': 'Search the trail for this case',
  'audit.case.stateHeading': 'The case at a moment',
  'audit.case.at': 'Moment',
  'audit.case.atHint': 'Date and time, in your time zone. Leave empty for now.',
  'audit.case.showState': 'Show the case at this moment',
  'audit.case.stateAt': 'The case on {time}, rebuilt from its {count} events up to then:',
  'audit.case.noState': 'The case has no events up to that moment.',
  'audit.case.timeline': 'Timeline',
  'audit.case.noEntries': 'The audit log has no entries about this case.',

  'audit.proof.checking': 'Checking…',
  'audit.proof.verified': 'Verified',
  'audit.proof.verifiedText':
    'in the signed tree of size {size}, checked in your browser from the recorded event',
  'audit.proof.failed': 'Not verified',
  'audit.proof.unsigned': 'Not yet signed',
  'audit.proof.unsignedText':
    'recorded after the latest signed tree head (size {size}): sign a tree head to prove it',
  'audit.proof.headUnverified': 'the tree head’s signature does not verify',
  'audit.proof.unavailable': 'The proof could not be fetched.',
} as const;
