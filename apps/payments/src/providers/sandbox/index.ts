export * from './sandbox.provider.js';
export * from './sandbox-provider.config.js';
export * from './sandbox-settlement.js';
export { parseSignatureHeader, SANDBOX_SIGNATURE_HEADER } from './sandbox-signature.js';
