import { DomainError, defineCodes } from './domain-error.js';

export const INSIGHTS_ERROR_CODES = defineCodes('INSIGHTS', ['DATASET_NOT_FOUND']);
export type InsightsErrorCode = (typeof INSIGHTS_ERROR_CODES)[number];

export const InsightsErrors = {
  /** Not one of the open-data files (`OPEN_DATASETS` × `csv`, `json`). */
  datasetNotFound: (file: string) =>
    new DomainError<InsightsErrorCode>(
      'INSIGHTS.DATASET_NOT_FOUND',
      `No open-data file ${file}: ask for <dataset>.csv or <dataset>.json of a listed dataset`,
      { file },
    ),
} as const;
