import { useTranslation } from 'react-i18next';
import type { IncidentDelivery } from '../api/types';
import { DateTime } from '../components/DateTime';

/**
 * A report's deliveries to reporting authorities: status, attempts, the last error. The reporter
 * and the secretariat see the same table; only the secretariat gets a retry button (`onRetry`).
 */
export function IncidentDeliveries({
  deliveries,
  caption,
  onRetry,
}: {
  deliveries: IncidentDelivery[];
  caption: string;
  onRetry?: (delivery: IncidentDelivery) => void;
}) {
  const { t, i18n } = useTranslation();
  if (deliveries.length === 0) return <p className="muted">{t('incidentDesk.noDeliveries')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('incidentDesk.authority')}</th>
            <th scope="col">{t('incidentDesk.reason')}</th>
            <th scope="col">{t('incidentDesk.deliveryStatus')}</th>
            <th scope="col">{t('deliveries.attempts')}</th>
            <th scope="col">{t('deliveries.error')}</th>
            <th scope="col">{t('incidentDesk.deliveredAt')}</th>
            {onRetry && <th scope="col">{t('common.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => {
            const name = i18n.language === 'en' ? d.authorityNameEn : d.authorityNameJa;
            return (
              <tr key={d.id} data-delivery-status={d.status}>
                <th scope="row">{name}</th>
                <td>{d.reason ? t(`routingReason.${d.reason}`) : t('common.none')}</td>
                <td className={d.status === 'FAILED' ? 'overdue' : undefined}>{t(`deliveries.status.${d.status}`)}</td>
                <td>{d.attempts ?? t('common.none')}</td>
                <td lang="en">{d.lastError ?? ''}</td>
                <td>
                  <DateTime value={d.deliveredAt} />
                </td>
                {onRetry && (
                  <td className="actions">
                    {d.status === 'FAILED' && (
                      <button type="button" onClick={() => onRetry(d)} aria-label={t('incidentDesk.retryTo', { name })}>
                        {t('deliveries.retry')}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Where a FIRST report's follow-up stands: due, overdue, followed up, and the reminder e-mail. */
export function FollowUpState({
  followUp,
}: {
  followUp: { dueAt: string; overdue: boolean; followedUp: boolean; reminderStatus?: string | null; remindedAt?: string | null };
}) {
  const { t } = useTranslation();
  return (
    <dl className="facts">
      <dt>{t('incidents.due')}</dt>
      <dd>
        <DateTime value={followUp.dueAt} />{' '}
        {followUp.followedUp ? (
          <span className="badge status">{t('incidentDesk.followedUp')}</span>
        ) : followUp.overdue ? (
          <span className="badge escalation">{t('incidents.overdueBadge')}</span>
        ) : (
          <span className="badge status">{t('incidentDesk.awaitingFollowUp')}</span>
        )}
      </dd>
      <dt>{t('incidents.reminder')}</dt>
      <dd>
        {followUp.reminderStatus ? t(`incidents.reminderStatus.${followUp.reminderStatus as 'PENDING'}`) : t('incidents.noReminderYet')}
        {followUp.remindedAt && (
          <>
            {' '}
            (<DateTime value={followUp.remindedAt} />)
          </>
        )}
      </dd>
    </dl>
  );
}
