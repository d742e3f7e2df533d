import type { PermitEvent, PermitHistoryResult, PermitProofResult } from '#audit-log';

const describeEvent = (e: PermitEvent): string => {
  const validity =
    e.kind === 'issued' && typeof e.facts.validUntil === 'string'
      ? `, valid ${typeof e.facts.validFrom === 'string' ? e.facts.validFrom : '?'} to ${e.facts.validUntil}`
      : '';
  return `entry ${e.seq} (${e.type}, ${e.occurredAt}${validity})`;
};

/**
 * What `npm run permit:verify` says: exactly what was proven and what was not. The first line
 * is the verdict; the lines after it the entries it rests on.
 */
export function permitReport(proof: PermitProofResult, history?: PermitHistoryResult): string[] {
  if (!proof.ok)
    return [
      ...proof.failures.map((f) => `FAIL: ${f}`),
      `NOT PROVEN: permit ${proof.permitNumber || '?'} (${proof.failures.length} problem(s) in the proof)`,
    ];
  const head = proof.treeHead as NonNullable<PermitProofResult['treeHead']>;
  const signed = (h: NonNullable<PermitHistoryResult['treeHead']>) =>
    `tree head ${h.treeSize} (signed ${h.timestamp} with key ${h.keyId})`;
  const proven = proof.events.map((e) => `  ${e.kind}, proven: ${describeEvent(e)}`);
  if (!history)
    return [
      `OK: permit ${proof.permitNumber}: issued, proven; status as of tree head ${head.treeSize}: ${proof.status}; that no later revocation exists is not proven by this proof`,
      ...proven,
      `  status as of ${signed(head)}: ${proof.status}`,
      '  that no later revocation (or expiry) exists is not proven by this proof: give --export with a complete export of the log (npm run audit:export) to prove it',
    ];
  if (!history.ok)
    return [
      ...history.failures.map((f) => `FAIL: ${f}`),
      `NOT PROVEN: permit ${proof.permitNumber}: the proof verifies (issued, proven; status as of tree head ${head.treeSize}: ${proof.status}), but the export does not prove the rest of its history (${history.failures.length} problem(s))`,
    ];
  const exportHead = history.treeHead as NonNullable<PermitHistoryResult['treeHead']>;
  const later = history.events.filter((e) => e.seq >= head.treeSize);
  return [
    `OK: permit ${proof.permitNumber}: issued, proven; status as of tree head ${exportHead.treeSize}: ${history.status}, proven by a complete export: no other revocation or expiry up to that tree head`,
    ...history.events.map((e) => `  ${e.kind}, proven: ${describeEvent(e)}`),
    `  the export (${history.entries} entries) verifies against ${signed(exportHead)} and holds the proof's tree head ${head.treeSize}`,
    later.length === 0
      ? `  no event of the permit after tree head ${head.treeSize}, and none left out of the proof`
      : `  ${later.length} event(s) of the permit after the proof's tree head ${head.treeSize}; none left out of the proof`,
    `  status as of ${signed(exportHead)}: ${history.status}; what was recorded after it is not proven`,
  ];
}
