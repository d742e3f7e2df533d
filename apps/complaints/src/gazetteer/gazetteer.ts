import type { Point } from './geo.js';

/** One address of the city's gazetteer. */
export interface GazetteerAddress extends Point {
  id: string;
  street: string;
  houseNumber: string;
  zipcode: string;
}

/**
 * The text an address is matched by: lower case, accents and punctuation gone, spaces single,
 * the street and the house number in either order (`Veldstraat 12`, `12 Veldstraat`,
 * `veldstraat 12, 9000 Gent` all find it).
 */
export function matchKey(street: string, houseNumber: string): string {
  return `${normalise(street)} ${normalise(houseNumber)}`;
}

export const normalise = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * The candidate match keys of a free-text address: the part before the first comma, with the
 * number moved after the street when it came first; a trailing postcode and city are dropped.
 */
export function candidateKeys(addressString: string): string[] {
  const first = normalise(addressString.split(',')[0] ?? '');
  const keys = new Set<string>([first]);
  const leading = /^(\d+[a-z]?) (.+)$/.exec(first);
  if (leading) keys.add(`${leading[2]} ${leading[1]}`);
  const trailingPostcode = /^(.+ \d+[a-z]?) \d{4,5}( .*)?$/.exec(first);
  if (trailingPostcode) keys.add(trailingPostcode[1]!);
  return [...keys];
}

const HEADER = ['id', 'street', 'house_number', 'zipcode', 'lat', 'long'];

/** Parses the gazetteer CSV (`id,street,house_number,zipcode,lat,long`, a header line first). */
export function parseGazetteerCsv(text: string): GazetteerAddress[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim());
  if (header.join(',') !== HEADER.join(','))
    throw new Error(`the gazetteer CSV must start with the header ${HEADER.join(',')}`);
  return lines.map((line, index) => {
    const cells = line.split(',').map((c) => c.trim());
    const [id, street, houseNumber, zipcode, lat, long] = cells;
    const row = { id, street, houseNumber, zipcode, lat: Number(lat), long: Number(long) };
    if (
      cells.length !== 6 ||
      !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(id ?? '') ||
      !street ||
      !houseNumber ||
      !Number.isFinite(row.lat) ||
      !Number.isFinite(row.long) ||
      Math.abs(row.lat) > 90 ||
      Math.abs(row.long) > 180
    )
      throw new Error(`gazetteer CSV line ${index + 2} is not a valid address`);
    return row as GazetteerAddress;
  });
}

/** The address as the public sees it: the street, never the house number. */
export const publicAddress = (address: Pick<GazetteerAddress, 'street'>): string => address.street;
