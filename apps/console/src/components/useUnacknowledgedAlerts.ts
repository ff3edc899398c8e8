import { useEffect, useState } from 'react';
import { graphql } from '../api/graphql';
import { listenForAlerts } from '../api/live-alerts';

export const ALERTS_CHANGED_EVENT = 'council:alerts-changed';

/**
 * How many of my alerts wait for acknowledgement, kept current by the live subscription (and a
 * slow poll, in case the socket is down), so that a new alert shows wherever the person is.
 */
export function useUnacknowledgedAlerts(enabled: boolean): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    const refresh = async () => {
      try {
        const { myAlerts } = await graphql<{ myAlerts: Array<{ id: string }> }>(`
          query Unacknowledged {
            myAlerts(first: 100, unacknowledgedOnly: true) {
              id
            }
          }
        `);
        if (!stopped) setCount(myAlerts.length);
      } catch {
        // signed out or offline: the next refresh tries again
      }
    };
    const refreshInBackground = () => void refresh();
    refreshInBackground();
    const stopListening = listenForAlerts(() => {
      refreshInBackground();
      window.dispatchEvent(new Event(ALERTS_CHANGED_EVENT));
    });
    const poll = window.setInterval(refreshInBackground, 60_000);
    window.addEventListener(ALERTS_CHANGED_EVENT, refreshInBackground);
    return () => {
      stopped = true;
      stopListening();
      window.clearInterval(poll);
      window.removeEventListener(ALERTS_CHANGED_EVENT, refreshInBackground);
    };
  }, [enabled]);
  return count;
}
