import { describe, expect, it } from '@jest/globals';
import { ProblemException } from '#platform';
import { formBody } from './receive-complaint-form.js';

describe('a multipart report as the JSON body', () => {
  it('gathers attribute[code] fields, repeated ones as a list, and reads lat/long as numbers', () => {
    expect(
      formBody([
        ['serviceCode', 'pothole'],
        ['lat', '51.0543'],
        ['long', ' 3.7219 '],
        ['attribute[size]', 'large'],
        ['attribute[lanes]', 'road'],
        ['attribute[lanes]', 'cycle'],
        ['description', 'Deep'],
      ]),
    ).toEqual({
      serviceCode: 'pothole',
      lat: 51.0543,
      long: 3.7219,
      attributes: { size: 'large', lanes: ['road', 'cycle'] },
      description: 'Deep',
    });
  });

  it('reads a coordinate with many decimals as a number', () => {
    expect(formBody([['long', '3.7199999999999998']])).toEqual({ long: 3.7199999999999998 });
  });

  it('leaves a coordinate that is not a number as text, for the validation to name', () => {
    expect(formBody([['lat', 'north']])).toEqual({ lat: 'north' });
  });

  it('refuses another field sent twice, naming it', () => {
    const refused = formBody([
      ['serviceCode', 'pothole'],
      ['serviceCode', 'graffiti'],
    ]);
    expect(refused).toBeInstanceOf(ProblemException);
    expect((refused as ProblemException).errors).toEqual([
      { field: 'serviceCode', code: 'SINGLE_VALUE', message: expect.any(String) as unknown },
    ]);
  });

  it('takes the attributes as one JSON part too (as OpenAPI encodes an object in a form)', () => {
    expect(formBody([['attributes', '{"depth": "deep", "lanes": ["left"]}']])).toEqual({
      attributes: { depth: 'deep', lanes: ['left'] },
    });
    // Not JSON: left as text for the validation to name.
    expect(formBody([['attributes', 'deep']])).toEqual({ attributes: 'deep' });
  });

  it('refuses the attributes both as a JSON part and as attribute[code] fields', () => {
    const refused = formBody([
      ['attributes', '{"depth": "deep"}'],
      ['attribute[size]', 'large'],
    ]);
    expect((refused as ProblemException).errors).toEqual([
      { field: 'attributes', code: 'SINGLE_VALUE', message: expect.any(String) as unknown },
    ]);
  });
});
