// Parsed and validated with the rest of the environment (libs/platform/src/config).
export { type AlertPreferenceSettings, loadAlertPreferenceSettings } from '@app/platform/config/service-settings';

export const ALERT_PREFERENCE_SETTINGS = Symbol('ALERT_PREFERENCE_SETTINGS');
