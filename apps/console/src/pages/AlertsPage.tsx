import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import type { Alert } from '../api/types';
import { AccessBadge, ClassificationBadge, SeverityBadge, TlpBadge } from '../components/Badges';
import { DateTime } from '../components/DateTime';
import { ErrorMessage, Loading } from '../components/Feedback';
import { ALERTS_CHANGED_EVENT } from '../components/useUnacknowledgedAlerts';
import { useQuery } from '../components/useQuery';
import { Link } from '../router';

/** The in-app alerts inbox; acknowledging stops the escalation of a CRITICAL alert. */
export function AlertsPage() {
  const { t } = useTranslation();
  const [unacknowledgedOnly, setUnacknowledgedOnly] = useState(false);
  const alerts = useQuery<{ myAlerts: Alert[] }>(ops.myAlerts, { unacknowledgedOnly });
  const [error, setError] = useState<unknown>(null);
  const { reload } = alerts;
  // A new alert (live subscription) or an acknowledgement elsewhere refreshes the inbox.
  useEffect(() => {
    const refresh = () => void reload();
    window.addEventListener(ALERTS_CHANGED_EVENT, refresh);
    return () => window.removeEventListener(ALERTS_CHANGED_EVENT, refresh);
  }, [reload]);

  const acknowledge = async (id: string) => {
    setError(null);
    try {
      await graphql(ops.acknowledgeAlert, { id });
      window.dispatchEvent(new Event(ALERTS_CHANGED_EVENT));
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <section>
      <h1>{t('titles.alerts')}</h1>
      <p className="hint">{t('alerts.live')}</p>
      <label className="check">
        <input type="checkbox" checked={unacknowledgedOnly} onChange={(e) => setUnacknowledgedOnly(e.target.checked)} />
        {t('alerts.unacknowledgedOnly')}
      </label>
      <ErrorMessage error={alerts.error ?? error} />
      {alerts.loading && !alerts.data && <Loading />}
      {alerts.data && alerts.data.myAlerts.length === 0 && <p>{t('alerts.empty')}</p>}
      <ul className="advisory-list">
        {alerts.data?.myAlerts.map((alert) => (
          <li
            key={alert.id}
            className={`advisory-item severity-edge-${alert.severity.toLowerCase()} ${alert.acknowledgedAt ? 'done' : ''}`}
          >
            <div className="badges">
              <SeverityBadge severity={alert.severity} />
              {alert.advisory && <AccessBadge access={alert.advisory.access} />}
              {alert.advisory && <ClassificationBadge classification={alert.advisory.classification} />}
              {alert.advisory && <TlpBadge tlp={alert.advisory.tlp} />}
              {alert.escalation && <span className="badge escalation">{t('alerts.escalation')}</span>}
            </div>
            <h2>
              {alert.advisory ? (
                <Link to={`/advisories/${alert.advisory.id}`}>{alert.advisory.title ?? t('advisory.untitled')}</Link>
              ) : (
                t('alerts.noLongerVisible')
              )}
            </h2>
            {!!alert.advisory?.recommendedActions?.length && (
              <>
                <h3>{t('advisory.actions')}</h3>
                <ol>
                  {alert.advisory.recommendedActions.map((action, i) => (
                    <li key={i}>{action}</li>
                  ))}
                </ol>
              </>
            )}
            <p className="meta">
              {t('alerts.received')}: <DateTime value={alert.createdAt} />
              {alert.escalatedAt && (
                <>
                  {' '}
                  · {t('alerts.escalatedAt')}: <DateTime value={alert.escalatedAt} />
                </>
              )}
            </p>
            {alert.acknowledgedAt ? (
              <p className="ok">
                ✓ {t('alerts.acknowledgedAt')}: <DateTime value={alert.acknowledgedAt} />
              </p>
            ) : (
              <button type="button" className="primary" onClick={() => void acknowledge(alert.id)}>
                {t('alerts.acknowledge')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
