import {
  InsightsErrors,
  OPEN_DATA_FORMATS,
  OPEN_DATASETS,
  SUPPRESSED_CELL,
  type OpenDataFormat,
  type OpenDataReply,
  type OpenDataset,
} from '#contracts';

/** `<dataset>.<format>` of the fixed lists, or 404 `INSIGHTS.DATASET_NOT_FOUND`. */
export function parseOpenDataFile(file: string): { dataset: OpenDataset; format: OpenDataFormat } {
  const dot = file.lastIndexOf('.');
  const dataset = file.slice(0, dot);
  const format = file.slice(dot + 1);
  if (
    dot <= 0 ||
    !(OPEN_DATASETS as readonly string[]).includes(dataset) ||
    !(OPEN_DATA_FORMATS as readonly string[]).includes(format)
  )
    throw InsightsErrors.datasetNotFound(file.slice(0, 200));
  return { dataset: dataset as OpenDataset, format: format as OpenDataFormat };
}

const cell = (value: string | number | null | undefined | string[]): string => {
  const text =
    value === null || value === undefined
      ? ''
      : Array.isArray(value)
        ? value.join(' ')
        : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * A dataset as CSV (RFC 4180: a header line, CRLF): one column per dataset column; a withheld
 * cell holds `suppressed`, an absent figure (nothing to measure) is empty.
 */
export function openDataCsv(data: OpenDataReply): string {
  const lines = [data.columns.map(cell).join(',')];
  for (const row of data.rows)
    lines.push(
      data.columns
        .map((c) => (row.suppressed.includes(c) ? SUPPRESSED_CELL : cell(row[c])))
        .join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}

/** A dataset as JSON: an array of its rows (a withheld figure null, named in `suppressed`). */
export const openDataJson = (data: OpenDataReply): string => JSON.stringify(data.rows);
