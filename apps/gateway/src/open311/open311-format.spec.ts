import { describe, expect, it } from '@jest/globals';
import {
  errorsDocument,
  render,
  requestsDocument,
  servicesDocument,
  w3cDateTime,
} from './open311-format.js';

describe('Open311 documents', () => {
  const service = {
    serviceCode: '001',
    serviceName: 'Pothole & <crack>',
    description: 'Holes',
    metadata: true,
    type: 'realtime' as const,
    keywords: ['road', 'hole'],
    group: 'Streets',
    departmentCode: 'roads',
  };

  it('writes XML in the standard element order, escaped, codes kept as text', () => {
    expect(render(servicesDocument([service]), 'xml')).toBe(
      '<?xml version="1.0" encoding="utf-8"?><services><service><service_code>001</service_code>' +
        '<service_name>Pothole &amp; &lt;crack&gt;</service_name><description>Holes</description>' +
        '<metadata>true</metadata><type>realtime</type><keywords>road,hole</keywords>' +
        '<group>Streets</group></service></services>',
    );
    expect(JSON.parse(render(servicesDocument([service]), 'json'))).toEqual([
      {
        service_code: '001',
        service_name: 'Pothole & <crack>',
        description: 'Holes',
        metadata: true,
        type: 'realtime',
        keywords: 'road,hole',
        group: 'Streets',
      },
    ]);
  });

  it('writes errors as the standard list, and null as an empty element', () => {
    expect(render(errorsDocument([{ code: 403, description: 'api_key' }]), 'xml')).toBe(
      '<?xml version="1.0" encoding="utf-8"?><errors><error><code>403</code><description>api_key</description></error></errors>',
    );
    const doc = requestsDocument(
      [
        {
          serviceRequestId: 'r1',
          status: 'open',
          externalStatusCode: 'for_triage',
          statusNotes: null,
          serviceName: 'Pothole',
          serviceCode: '001',
          description: null,
          agencyResponsible: 'Roads',
          serviceNotice: null,
          requestedDatetime: '2026-11-30T04:45:00.000Z',
          updatedDatetime: '2026-11-30T04:45:00.000Z',
          expectedDatetime: null,
          address: 'Main Street',
          addressId: null,
          zipcode: null,
          lat: 50.85,
          long: 4.35,
          mediaUrl: null,
          duplicateOf: null,
        },
      ],
      'Asia/Kolkata',
    );
    const xml = render(doc, 'xml');
    expect(xml).toContain('<status_notes/>');
    expect(xml).toContain('<requested_datetime>2026-11-30T10:15:00+05:30</requested_datetime>');
    expect((JSON.parse(render(doc, 'json')) as unknown[])[0]).toMatchObject({
      status_notes: null,
      lat: 50.85,
    });
  });

  it('writes W3C datetimes with the zone offset, DST included', () => {
    expect(w3cDateTime('2026-07-01T12:00:00Z', 'Europe/Brussels')).toBe(
      '2026-07-01T14:00:00+02:00',
    );
    expect(w3cDateTime('2026-01-01T12:00:00Z', 'America/New_York')).toBe(
      '2026-01-01T07:00:00-05:00',
    );
    expect(w3cDateTime('2026-01-01T12:00:00Z', 'UTC')).toBe('2026-01-01T12:00:00+00:00');
    expect(w3cDateTime(null, 'UTC')).toBeNull();
  });
});
