import { CertificateRepository } from './certificate.repository.js';
import { CertificatesNatsController } from './certificates.nats.controller.js';
import { RenderCertificateUseCase } from './render-certificate/render-certificate.use-case.js';

/**
 * Issued permits' certificates (docs/permits.md "Certificates"); the permit type repository
 * comes from the catalogue's module, the configuration from `PERMITS_CONFIG`.
 */
export const CERTIFICATES_PROVIDERS = [CertificateRepository, RenderCertificateUseCase];

export const CERTIFICATES_CONTROLLERS = [CertificatesNatsController];
