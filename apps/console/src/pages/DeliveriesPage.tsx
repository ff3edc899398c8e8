import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import type { Advisory, AlertDelivery, Connection } from '../api/types';
import { SeverityBadge } from '../components/Badges';
import { DateTime } from '../components/DateTime';
import { ErrorMessage, Loading } from '../components/Feedback';
import { useQuery } from '../components/useQuery';

type Item = Pick<Advisory, 'id' | 'title' | 'severity' | 'publishedAt' | 'updatedAt'>;

/**
 * Secretariat: the alert deliveries that failed for good (with a retry) or were cancelled (their
 * recipient could no longer receive the advisory when they were due), per published advisory.
 */
export function DeliveriesPage() {
  const { t } = useTranslation();
  const published = useQuery<{ advisories: Connection<Item> }>(ops.advisories, { filter: { status: ['PUBLISHED'] }, first: 50 });
  const [advisoryId, setAdvisoryId] = useState('');
  const chosen = advisoryId || published.data?.advisories.edges[0]?.node.id || '';
  const failed = useQuery<{ failedAlertDeliveries: AlertDelivery[] }>(ops.failedDeliveries, { advisoryId: chosen }, { skip: !chosen });
  const [error, setError] = useState<unknown>(null);

  const retry = async (id: string) => {
    setError(null);
    try {
      await graphql(ops.retryDelivery, { id });
      await failed.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <section>
      <h1>{t('titles.deliveries')}</h1>
      <div className="field">
        <label htmlFor="deliveries-advisory">{t('deliveries.advisory')}</label>
        <select id="deliveries-advisory" value={chosen} onChange={(e) => setAdvisoryId(e.target.value)}>
          {published.data?.advisories.edges.map(({ node }) => (
            <option key={node.id} value={node.id}>
              {node.title ?? node.id}
            </option>
          ))}
        </select>
      </div>
      <ErrorMessage error={published.error ?? failed.error ?? error} />
      {failed.loading && <Loading />}
      {failed.data && failed.data.failedAlertDeliveries.length === 0 && <p>{t('deliveries.none')}</p>}
      {failed.data && failed.data.failedAlertDeliveries.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>{t('deliveries.failed')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('deliveries.when')}</th>
                <th scope="col">{t('channels.kind')}</th>
                <th scope="col">{t('channels.target')}</th>
                <th scope="col">{t('compose.severity')}</th>
                <th scope="col">{t('deliveries.attempts')}</th>
                <th scope="col">{t('deliveries.error')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {failed.data.failedAlertDeliveries.map((d) => (
                <tr key={d.id}>
                  <td>
                    <DateTime value={d.createdAt} />
                  </td>
                  <td>{t(`channelKind.${d.channelKind}`)}</td>
                  <td className="mono">{d.target}</td>
                  <td>
                    <SeverityBadge severity={d.severity} />
                  </td>
                  <td>{d.attempts}</td>
                  <td lang="en">{d.lastError}</td>
                  <td>
                    {d.status === 'FAILED' ? (
                      <button type="button" onClick={() => void retry(d.id)}>
                        {t('deliveries.retry')}
                      </button>
                    ) : (
                      t(`deliveries.status.${d.status}`)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
