import { parseSandboxSettlementReport } from '../providers/sandbox/sandbox-settlement.js';
import type { SettlementLine } from './settlement-matching.js';

/**
 * How each provider writes its settlement report: a parser from the file's text to its lines,
 * that takes a report whole or refuses it (throwing with the line at fault). A city that adds a
 * provider adds its format here.
 */
export const SETTLEMENT_FORMATS: Readonly<Record<string, (text: string) => SettlementLine[]>> = {
  sandbox: parseSandboxSettlementReport,
};

export const settlementFormatOf = (
  provider: string,
): ((text: string) => SettlementLine[]) | undefined =>
  Object.hasOwn(SETTLEMENT_FORMATS, provider) ? SETTLEMENT_FORMATS[provider] : undefined;
