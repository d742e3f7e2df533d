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

const ADDRESS_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** One CSV line's cells (RFC 4180 quoting: `"Rue ""A"", B"`), or why it cannot be read. */
function cellsOf(line: string): string[] | string {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return 'a quoted cell is not closed';
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += line[i++];
      }
      if (i < line.length && line[i] !== ',') return 'text after a quoted cell';
    } else {
      const next = line.indexOf(',', i);
      cell = line.slice(i, next === -1 ? line.length : next);
      if (cell.includes('"')) return 'a quote inside an unquoted cell';
      i = next === -1 ? line.length : next;
    }
    cells.push(cell.trim());
    if (i >= line.length) return cells;
    i++; // the comma
  }
}

/** What a gazetteer CSV holds: its addresses, or every line's fault (`line 7: ...`). */
export interface GazetteerCsv {
  addresses: GazetteerAddress[];
  errors: string[];
}

/**
 * Reads and checks a gazetteer CSV (`id,street,house_number,zipcode,lat,long`, a header line
 * first, UTF-8, RFC 4180 quoting): every row is checked and every fault named with its line
 * number (the id's form, a street, a house number and a postcode present, lat and long numbers
 * in range, no id twice in the file). Blank lines are skipped.
 */
export function checkGazetteerCsv(text: string): GazetteerCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const errors: string[] = [];
  const addresses: GazetteerAddress[] = [];
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  const header = headerAt === -1 ? [] : cellsOf(lines[headerAt]!);
  if (typeof header === 'string' || header.join(',') !== HEADER.join(','))
    return {
      addresses,
      errors: [`line ${headerAt + 1}: the header must be ${HEADER.join(',')}`],
    };
  const seen = new Map<string, number>();
  for (let index = headerAt + 1; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    const at = `line ${index + 1}`;
    const cells = cellsOf(line);
    if (typeof cells === 'string') {
      errors.push(`${at}: ${cells}`);
      continue;
    }
    if (cells.length !== HEADER.length) {
      errors.push(`${at}: ${cells.length} cells, not ${HEADER.length}`);
      continue;
    }
    const [id, street, houseNumber, zipcode, latText, longText] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const lat = latText === '' ? NaN : Number(latText);
    const long = longText === '' ? NaN : Number(longText);
    const faults = [
      ADDRESS_ID.test(id) ? '' : `id "${id}" is not 1-64 letters, digits, ".", "_" or "-"`,
      street ? '' : 'street is empty',
      houseNumber ? '' : 'house_number is empty',
      zipcode ? '' : 'zipcode is empty',
      Number.isFinite(lat) && Math.abs(lat) <= 90 ? '' : `lat "${latText}" is not -90 to 90`,
      Number.isFinite(long) && Math.abs(long) <= 180 ? '' : `long "${longText}" is not -180 to 180`,
      seen.has(id) ? `id ${id} is on line ${seen.get(id)} already` : '',
    ].filter(Boolean);
    if (faults.length > 0) {
      errors.push(`${at}: ${faults.join('; ')}`);
      continue;
    }
    seen.set(id, index + 1);
    addresses.push({ id, street, houseNumber, zipcode, lat, long });
  }
  return { addresses, errors };
}

/** Parses the gazetteer CSV (`id,street,house_number,zipcode,lat,long`, a header line first). */
export function parseGazetteerCsv(text: string): GazetteerAddress[] {
  const { addresses, errors } = checkGazetteerCsv(text);
  if (errors.length > 0) throw new Error(`the gazetteer CSV is not valid: ${errors.join('; ')}`);
  return addresses;
}

/** The address as the public sees it: the street, never the house number. */
export const publicAddress = (address: Pick<GazetteerAddress, 'street'>): string => address.street;
