import { createClient, type Client } from 'graphql-ws';
import { tokenStore } from './graphql';

/**
 * Live in-app alerts: Subscription.alertReceived over graphql-ws on /graphql (the same API and
 * access rules; the token goes in connectionParams as the API documents). Calls `onAlert` for each
 * new alert; returns a function that stops listening. Reconnects on its own after a network loss.
 */
export function listenForAlerts(onAlert: () => void): () => void {
  const token = tokenStore.get();
  if (!token) return () => undefined;
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/graphql`;
  const client: Client = createClient({
    url,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: Infinity,
    shouldRetry: () => true,
    lazy: false,
  });
  const stop = client.subscribe(
    { query: 'subscription { alertReceived { id } }' },
    { next: () => onAlert(), error: () => undefined, complete: () => undefined },
  );
  return () => {
    stop();
    void client.dispose();
  };
}
