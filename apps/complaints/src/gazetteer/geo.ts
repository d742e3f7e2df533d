/** Great-circle geometry on a sphere (no PostGIS): enough for a city's radii. */

const EARTH_RADIUS_METRES = 6_371_008.8;
const rad = (deg: number): number => (deg * Math.PI) / 180;

export interface Point {
  lat: number;
  long: number;
}

/** Haversine distance in metres. */
export function distanceMetres(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLong = rad(b.long - a.long);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLong / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The latitude/longitude box around a point that holds every point within `metres` of it. */
export function boundingBox(center: Point, metres: number): { min: Point; max: Point } {
  const dLat = (metres / EARTH_RADIUS_METRES) * (180 / Math.PI);
  const dLong = dLat / Math.max(Math.cos(rad(center.lat)), 1e-6);
  return {
    min: { lat: center.lat - dLat, long: center.long - dLong },
    max: { lat: center.lat + dLat, long: center.long + dLong },
  };
}

/** Even-odd ray casting; the polygon is a ring of points (closing point optional). */
export function insidePolygon(point: Point, ring: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (
      a.lat > point.lat !== b.lat > point.lat &&
      point.long < ((b.long - a.long) * (point.lat - a.lat)) / (b.lat - a.lat) + a.long
    )
      inside = !inside;
  }
  return inside;
}

/** A coordinate rounded to `decimals` places (3 ≈ 110 m of latitude): what the public sees. */
export const roundCoordinate = (value: number, decimals: number): number =>
  Number(value.toFixed(decimals));

/** Parses the boundary of the configuration: a JSON list of `[lat, long]` pairs, 3 or more. */
export function parseBoundary(text: string): Point[] {
  const value = JSON.parse(text) as unknown;
  if (
    !Array.isArray(value) ||
    value.length < 3 ||
    !value.every(
      (p) =>
        Array.isArray(p) &&
        p.length === 2 &&
        typeof p[0] === 'number' &&
        typeof p[1] === 'number' &&
        Math.abs(p[0]) <= 90 &&
        Math.abs(p[1]) <= 180,
    )
  )
    throw new Error('must be a JSON list of at least three [lat, long] pairs');
  return (value as [number, number][]).map(([lat, long]) => ({ lat, long }));
}
