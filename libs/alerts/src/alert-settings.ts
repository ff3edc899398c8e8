// Parsed and validated with the rest of the environment (libs/platform/src/config).
export {
  type AlertSettings,
  DEFAULT_BACKOFF_MS,
  DEFAULT_DELIVERY_ATTEMPTS,
  DEFAULT_DELIVERY_CONCURRENCY,
  loadAlertSettings,
} from '@app/platform/config/service-settings';

export const ALERT_SETTINGS = Symbol('ALERT_SETTINGS');
