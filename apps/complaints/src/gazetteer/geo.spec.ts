import { describe, expect, it } from '@jest/globals';
import {
  boundingBox,
  distanceMetres,
  insidePolygon,
  parseBoundary,
  roundCoordinate,
} from './geo.js';

const korenmarkt = { lat: 51.0543, long: 3.7219 };

describe('great-circle distance (duplicates within a radius)', () => {
  it('is zero for the same point and symmetric', () => {
    const other = { lat: 51.0383, long: 3.7249 };
    expect(distanceMetres(korenmarkt, korenmarkt)).toBe(0);
    expect(distanceMetres(korenmarkt, other)).toBeCloseTo(distanceMetres(other, korenmarkt), 6);
  });

  it('measures a thousandth of a degree of latitude as about 111 m, of longitude as less', () => {
    expect(
      distanceMetres(korenmarkt, { lat: korenmarkt.lat + 0.001, long: korenmarkt.long }),
    ).toBeCloseTo(111.2, 0);
    // At 51° north a degree of longitude is cos(51°) of a degree of latitude.
    expect(
      distanceMetres(korenmarkt, { lat: korenmarkt.lat, long: korenmarkt.long + 0.001 }),
    ).toBeCloseTo(111.2 * Math.cos((51.0543 * Math.PI) / 180), 0);
  });

  it('tells a report 200 m away from one 300 m away against a 250 m radius', () => {
    const north = (m: number) => ({ lat: korenmarkt.lat + m / 111_195, long: korenmarkt.long });
    expect(distanceMetres(korenmarkt, north(200))).toBeLessThan(250);
    expect(distanceMetres(korenmarkt, north(300))).toBeGreaterThan(250);
  });

  it('puts every point within the radius inside the bounding box searched first', () => {
    const box = boundingBox(korenmarkt, 250);
    for (let bearing = 0; bearing < 360; bearing += 15) {
      const r = (bearing * Math.PI) / 180;
      const p = {
        lat: korenmarkt.lat + (249 / 111_195) * Math.cos(r),
        long:
          korenmarkt.long +
          (249 / (111_195 * Math.cos((korenmarkt.lat * Math.PI) / 180))) * Math.sin(r),
      };
      expect(distanceMetres(korenmarkt, p)).toBeLessThan(250);
      expect(p.lat).toBeGreaterThanOrEqual(box.min.lat);
      expect(p.lat).toBeLessThanOrEqual(box.max.lat);
      expect(p.long).toBeGreaterThanOrEqual(box.min.long);
      expect(p.long).toBeLessThanOrEqual(box.max.long);
    }
  });
});

describe('the city boundary', () => {
  const ring = parseBoundary('[[51.1,3.6],[51.1,3.8],[51.0,3.8],[51.0,3.6]]');

  it('takes a point inside and refuses one outside', () => {
    expect(insidePolygon(korenmarkt, ring)).toBe(true);
    expect(insidePolygon({ lat: 50.85, long: 4.35 }, ring)).toBe(false);
  });

  it('refuses a boundary that is not a ring of three or more [lat, long] pairs', () => {
    expect(() => parseBoundary('[[51,3],[52,4]]')).toThrow(/at least three/);
    expect(() => parseBoundary('[[91,3],[52,4],[51,5]]')).toThrow();
    expect(() => parseBoundary('{"lat":51}')).toThrow();
  });
});

describe('public coordinates (privacy rounding)', () => {
  it('rounds to the configured decimals, so the public point is not the door', () => {
    expect(roundCoordinate(51.054349, 3)).toBe(51.054);
    expect(roundCoordinate(3.721951, 3)).toBe(3.722);
    expect(roundCoordinate(51.054349, 2)).toBe(51.05);
    expect(roundCoordinate(-0.0005, 3)).toBe(-0.001);
  });

  it('moves a point by at most half a unit of the last decimal kept', () => {
    for (const value of [51.0543449, 51.0545, 3.7219999, 3.0001])
      expect(Math.abs(roundCoordinate(value, 3) - value)).toBeLessThanOrEqual(0.0005 + 1e-12);
  });
});
