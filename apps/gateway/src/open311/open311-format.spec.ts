import { describe, expect, it } from '@jest/globals';
import { XMLParser } from 'fast-xml-parser';
import {
  definitionBody,
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
    expect(render(errorsDocument([]), 'xml')).toBe(
      '<?xml version="1.0" encoding="utf-8"?><errors/>',
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

  it('escapes by the library, keeps UTF-8 text and drops what XML 1.0 cannot carry', () => {
    const xml = render(
      servicesDocument([
        {
          ...service,
          serviceName: `Nid-de-poule "rue" l'été & <co> \u0001\u0008ok 🚧`,
          description: ']]> <![CDATA[ x',
        },
      ]),
      'xml',
    );
    expect(xml).toContain('&quot;rue&quot; l&apos;été &amp; &lt;co&gt; ok 🚧');
    expect(xml).not.toContain('\u0001');
    expect(xml).toContain(']]&gt; &lt;![CDATA[ x');
    // Read back by element name, as a client does, the text is the original (less the controls).
    const parsed = new XMLParser({ parseTagValue: false }).parse(xml) as {
      services: { service: { service_name: string; description: string } };
    };
    expect(parsed.services.service.service_name).toBe(`Nid-de-poule "rue" l'été & <co> ok 🚧`);
    expect(parsed.services.service.description).toBe(']]> <![CDATA[ x');
  });

  it('writes a service definition with its attributes in order and their values repeated', () => {
    const def = {
      serviceCode: '001',
      attributes: [
        {
          variable: true,
          code: 'lanes',
          datatype: 'multivaluelist' as const,
          required: false,
          datatypeDescription: '',
          order: 2,
          description: 'Lanes',
          values: [
            { key: 'left', name: 'Left' },
            { key: 'right', name: 'Right' },
          ],
        },
        {
          variable: true,
          code: 'depth',
          datatype: 'number' as const,
          required: true,
          datatypeDescription: 'cm',
          order: 1,
          description: 'Depth',
          values: [],
        },
      ],
    };
    const xml = definitionBody(def, 'xml');
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?><service_definition><service_code>001</service_code>' +
        '<attributes><attribute><variable>true</variable><code>depth</code><datatype>number</datatype>' +
        '<required>true</required><datatype_description>cm</datatype_description><order>1</order>' +
        '<description>Depth</description><values/></attribute><attribute><variable>true</variable>' +
        '<code>lanes</code><datatype>multivaluelist</datatype><required>false</required>' +
        '<datatype_description/><order>2</order><description>Lanes</description><values>' +
        '<value><key>left</key><name>Left</name></value><value><key>right</key><name>Right</name>' +
        '</value></values></attribute></attributes></service_definition>',
    );
    expect(JSON.parse(definitionBody(def, 'json'))).toMatchObject({
      service_code: '001',
      attributes: [
        { code: 'depth', order: 1, values: [] },
        { code: 'lanes', values: [{ key: 'left' }, { key: 'right' }] },
      ],
    });
  });

  it('writes an empty list as an empty root element', () => {
    expect(render(servicesDocument([]), 'xml')).toBe(
      '<?xml version="1.0" encoding="utf-8"?><services/>',
    );
    expect(render(servicesDocument([]), 'json')).toBe('[]');
  });
});
