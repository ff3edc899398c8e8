import { describe, expect, it } from '@jest/globals';
import { decodeLiveAlerts, encodeLiveAlerts, LIVE_ALERTS_BATCH, liveAlertsChannel } from './live-alerts';

const A = '3f2b8a1e-2c1d-4e5f-8a9b-0c1d2e3f4a5b';
const B = '9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b';

describe('the live alerts message: alert ids only', () => {
  it('round-trips ids and names the channel under the deployment prefix', () => {
    expect(decodeLiveAlerts(encodeLiveAlerts([A, B]))).toEqual([A, B]);
    expect(liveAlertsChannel('test-run-1')).toBe('test-run-1:alerts:live');
  });

  it('keeps nothing but uuids from a malformed or hostile message', () => {
    expect(decodeLiveAlerts('not json')).toEqual([]);
    expect(decodeLiveAlerts('null')).toEqual([]);
    expect(decodeLiveAlerts(JSON.stringify({ alertIds: 'x' }))).toEqual([]);
    expect(decodeLiveAlerts(JSON.stringify({ alertIds: [A, 42, "x' OR 1=1", { id: B }, B], title: 'ignored' }))).toEqual([A, B]);
    expect(decodeLiveAlerts(JSON.stringify({ alertIds: Array(LIVE_ALERTS_BATCH + 5).fill(A) }))).toHaveLength(LIVE_ALERTS_BATCH);
  });
});
