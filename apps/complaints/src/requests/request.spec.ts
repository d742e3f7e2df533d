import { describe, expect, it } from '@jest/globals';
import { COMPLAINT_STATUSES } from '#contracts';
import { publicAddress } from '../gazetteer/gazetteer.js';
import {
  contactHash,
  hashSecret,
  isResolved,
  open311Status,
  publicView,
  secretMatches,
  type RequestRecord,
} from './request.js';

const record = (over: Partial<RequestRecord> = {}): RequestRecord => ({
  id: '0196a0c5-49a2-741e-aa07-55ec9ed3160e',
  token: 'tok',
  reporterSecretHash: hashSecret('the-secret-of-this-request-xx'),
  serviceCode: 'pothole',
  departmentCode: 'roads',
  officerId: null,
  priority: 'normal',
  status: 'for_triage',
  statusNotes: null,
  channel: 'open311',
  apiClientId: null,
  reporterAccountId: null,
  open311AccountId: 'acct-42',
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.org',
  phone: '+32 9 123 45 67',
  deviceId: 'device-1234',
  description: 'Outside number 12, my front door',
  descriptionModeration: 'pending',
  attributes: { size: 'large' },
  lat: 51.054349,
  long: 3.721951,
  publicLat: 51.054,
  publicLong: 3.722,
  fullAddress: 'Veldstraat 12, 9000',
  publicAddress: 'Veldstraat',
  addressId: 'G00012',
  zipcode: '9000',
  requestedAt: new Date('2026-03-02T08:00:00Z'),
  updatedAt: new Date('2026-03-02T08:00:00Z'),
  expectedAt: null,
  triageDueAt: null,
  escalated: false,
  resolvedAt: null,
  reopenUntil: null,
  closedAt: null,
  reopenCount: 0,
  duplicateOf: null,
  ...over,
});
const ctx = { serviceName: 'Pothole', agencyResponsible: 'Roads', firstMediaUrl: null };

describe('status mapping', () => {
  it('counts the five resolving statuses as resolved and the four working ones as not', () => {
    expect(COMPLAINT_STATUSES.filter(isResolved)).toEqual([
      'fixed',
      'duplicate',
      'not_responsible',
      'no_further_action',
      'internal_referral',
    ]);
  });

  it('shows Open311 `closed` only once the request was closed, whatever its internal status', () => {
    expect(open311Status({ closedAt: null })).toBe('open');
    expect(publicView(record({ status: 'fixed', resolvedAt: new Date() }), ctx).status).toBe(
      'open',
    );
    expect(open311Status({ closedAt: new Date() })).toBe('closed');
  });
});

describe('the public view (privacy)', () => {
  it('carries no name, email, phone, device id or Open311 account id', () => {
    const text = JSON.stringify(publicView(record(), ctx));
    for (const secret of [
      'Ada',
      'Lovelace',
      'ada@example.org',
      '123 45 67',
      'device-1234',
      'acct-42',
    ])
      expect(text).not.toContain(secret);
  });

  it('gives the rounded point, the street without its number, and no gazetteer id', () => {
    expect(publicView(record(), ctx)).toMatchObject({
      lat: 51.054,
      long: 3.722,
      address: 'Veldstraat',
      addressId: null,
    });
    expect(publicAddress({ street: 'Veldstraat' })).toBe('Veldstraat');
  });

  it('shows the description only once staff approved it', () => {
    expect(publicView(record(), ctx).description).toBeNull();
    expect(publicView(record({ descriptionModeration: 'rejected' }), ctx).description).toBeNull();
    expect(publicView(record({ descriptionModeration: 'approved' }), ctx).description).toBe(
      'Outside number 12, my front door',
    );
  });
});

describe('the reporter’s secret and contact hash', () => {
  it('matches the secret handed back, and nothing else', () => {
    const r = record();
    expect(secretMatches('the-secret-of-this-request-xx', r.reporterSecretHash)).toBe(true);
    expect(secretMatches('the-secret-of-this-request-xy', r.reporterSecretHash)).toBe(false);
  });

  it('hashes a contact with the salt, the same however it is written', () => {
    expect(contactHash('salt', ' Ada@Example.org ')).toBe(contactHash('salt', 'ada@example.org'));
    expect(contactHash('salt', 'ada@example.org')).not.toBe(
      contactHash('pepper', 'ada@example.org'),
    );
    expect(contactHash('salt', 'ada@example.org')).not.toContain('ada');
  });
});
