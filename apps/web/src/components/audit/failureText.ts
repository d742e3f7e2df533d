import type { Translate } from '../../i18n/i18n';
import type { Failure } from '../../verification/log-proofs.js';

/** A verification failure in the reader's language (the codes of verification/log-proofs.ts). */
export function failureText(t: Translate, failure: Failure): string {
  switch (failure.code) {
    case 'not-a-proof':
      return t('audit.failure.notAProof');
    case 'head-malformed':
      return t('audit.failure.headMalformed');
    case 'head-unknown-key':
      return t('audit.failure.headUnknownKey', { size: failure.treeSize, key: failure.keyId });
    case 'head-bad-signature':
      return t('audit.failure.headBadSignature', { size: failure.treeSize, key: failure.keyId });
    case 'no-entries':
      return t('audit.failure.noEntries');
    case 'entry-outside-tree':
      return t('audit.failure.outsideTree', { seq: failure.seq, size: failure.treeSize });
    case 'entry-out-of-order':
      return t('audit.failure.outOfOrder', { seq: failure.seq });
    case 'entry-not-json':
      return t('audit.failure.notJson', { seq: failure.seq });
    case 'entry-not-canonical':
      return t('audit.failure.notCanonical', { seq: failure.seq });
    case 'entry-fields-differ':
      return t('audit.failure.fieldsDiffer', { seq: failure.seq });
    case 'entry-leaf-mismatch':
      return t('audit.failure.leafMismatch', { seq: failure.seq });
    case 'entry-not-included':
      return t('audit.failure.notIncluded', { seq: failure.seq, size: failure.treeSize });
    case 'entry-other-subject':
      return t('audit.failure.otherSubject', { seq: failure.seq });
    case 'entry-not-permit-event':
      return t('audit.failure.notPermitEvent', { seq: failure.seq });
    case 'issuance-other-permit':
      return t('audit.failure.otherPermit', { seq: failure.seq });
    case 'no-issuance':
      return t('audit.failure.noIssuance');
  }
}
