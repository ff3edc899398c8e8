// Parsed and validated with the rest of the environment (libs/platform/src/config).
export { loadTaxiiSettings, type TaxiiSettings } from '@app/platform/config/service-settings';

export const TAXII_SETTINGS = Symbol('TAXII_SETTINGS');
