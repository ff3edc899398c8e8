import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import {
  INCIDENT_TYPES,
  SEVERITIES,
  type Connection,
  type FailedIncidentDelivery,
  type IncidentReport,
  type IncidentStage,
  type IncidentType,
  type OverdueIncidentReport,
  type Severity,
} from '../api/types';
import { SeverityBadge } from '../components/Badges';
import { DateTime } from '../components/DateTime';
import { ErrorMessage, Loading, Success } from '../components/Feedback';
import { useQuery } from '../components/useQuery';
import { Link } from '../router';
import { isSecretariat, useSession } from '../session';

type Act = (operation: () => Promise<unknown>, message?: string) => Promise<boolean>;

/**
 * Incident reports through the one window: a member sends a short FIRST report, then follow-ups and
 * the FINAL one; the secretariat sees every report with its follow-up deadline, the overdue ones and
 * the deliveries to authorities that failed. What each person sees is what incidentReports gives them.
 */
export function IncidentsPage() {
  const { t } = useTranslation();
  const { person } = useSession();
  const secretariat = isSecretariat(person);
  const reports = useQuery<{ incidentReports: Connection<IncidentReport> & { totalCount: number } }>(ops.incidentReports, {
    filter: { latestOnly: true },
  });
  const overdue = useQuery<{ overdueIncidentReports: OverdueIncidentReport[] }>(ops.overdueIncidentReports, {}, { skip: !secretariat });
  const failed = useQuery<{ failedIncidentDeliveries: FailedIncidentDelivery[] }>(ops.failedIncidentDeliveries, {}, { skip: !secretariat });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const act: Act = async (operation, message) => {
    setError(null);
    setDone(null);
    try {
      await operation();
      if (message) setDone(message);
      await Promise.all([reports.reload(), overdue.reload(), failed.reload()]);
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    }
  };

  return (
    <section>
      <h1>{t('titles.incidents')}</h1>
      {done && <Success>{done}</Success>}
      <ErrorMessage error={reports.error ?? overdue.error ?? failed.error ?? error} />
      {secretariat && (
        <SecretariatPanels overdue={overdue.data?.overdueIncidentReports} failed={failed.data?.failedIncidentDeliveries} act={act} />
      )}
      {!secretariat && person && person.organisation && <FirstReportForm act={act} />}
      <h2>{t('incidents.reports')}</h2>
      {reports.loading && !reports.data && <Loading />}
      {reports.data && reports.data.incidentReports.edges.length === 0 && <p>{t('incidents.none')}</p>}
      <ul className="advisory-list">
        {reports.data?.incidentReports.edges.map(({ node }) => (
          <ReportItem
            key={node.id}
            report={node}
            mayFollowUp={!secretariat && node.organisationId !== null && node.organisationId === person?.organisation?.id}
            act={act}
          />
        ))}
      </ul>
    </section>
  );
}

function SecretariatPanels({ overdue, failed, act }: { overdue?: OverdueIncidentReport[]; failed?: FailedIncidentDelivery[]; act: Act }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <h2>{t('incidents.overdue')}</h2>
      {overdue && overdue.length === 0 ? (
        <p>{t('incidents.noOverdue')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('membership.organisations')}</th>
                <th scope="col">{t('incidents.type')}</th>
                <th scope="col">{t('incidents.submitted')}</th>
                <th scope="col">{t('incidents.due')}</th>
                <th scope="col">{t('incidents.reminder')}</th>
              </tr>
            </thead>
            <tbody>
              {overdue?.map((o) => (
                <tr key={o.reportId}>
                  <td>{o.organisationName ?? t('moderation.noOrganisation')}</td>
                  <td>{o.incidentType ? t(`incidentType.${o.incidentType}`) : t('incidents.typeUnknown')}</td>
                  <td>
                    <DateTime value={o.submittedAt} />
                  </td>
                  <td className="overdue">
                    <DateTime value={o.dueAt} />
                  </td>
                  <td>{o.reminderStatus ? t(`incidents.reminderStatus.${o.reminderStatus}`) : t('incidents.noReminderYet')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('incidents.failedDeliveries')}</h2>
      {failed && failed.length === 0 ? (
        <p>{t('incidents.noFailedDeliveries')}</p>
      ) : (
        <ul>
          {failed?.map((d) => (
            <li key={d.id}>
              <DateTime value={d.createdAt} /> — {i18n.language === 'en' ? d.authorityNameEn : d.authorityNameJa} (
              {t(`incidentStage.${d.stage}`)}) — <span lang="en">{d.lastError}</span>{' '}
              <button
                type="button"
                onClick={() => void act(() => graphql(ops.retryIncidentDelivery, { id: d.id }), t('incidents.retried'))}
              >
                {t('deliveries.retry')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function FirstReportForm({ act }: { act: Act }) {
  const { t } = useTranslation();
  const [whatWasSeen, setWhatWasSeen] = useState('');
  const [affectedService, setAffectedService] = useState('');
  const [contact, setContact] = useState('');
  const [detectedAt, setDetectedAt] = useState(() => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 16));
  const [incidentType, setIncidentType] = useState<IncidentType | ''>('');
  const [severity, setSeverity] = useState<Severity | ''>('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = {
      whatWasSeen: whatWasSeen.trim(),
      affectedService: affectedService.trim(),
      contact: contact.trim(),
      // The datetime-local field is read as Japan time.
      detectedAt: new Date(`${detectedAt}:00+09:00`).toISOString(),
      ...(incidentType ? { incidentType } : {}),
      ...(severity ? { severity } : {}),
    };
    if (await act(() => graphql(ops.submitIncidentReport, { input }), t('incidents.sent'))) {
      setWhatWasSeen('');
      setAffectedService('');
    }
  };
  return (
    <form className="card" onSubmit={(event) => void submit(event)}>
      <h2>{t('incidents.firstReport')}</h2>
      <p className="hint">{t('incidents.firstReportHint')}</p>
      <div className="field">
        <label htmlFor="incident-seen">{t('incidents.whatWasSeen')}</label>
        <textarea id="incident-seen" rows={3} required value={whatWasSeen} onChange={(e) => setWhatWasSeen(e.target.value)} />
      </div>
      <div className="row">
        <div className="field grow">
          <label htmlFor="incident-service">{t('incidents.affectedService')}</label>
          <input id="incident-service" required value={affectedService} onChange={(e) => setAffectedService(e.target.value)} />
        </div>
        <div className="field grow">
          <label htmlFor="incident-contact">{t('incidents.contact')}</label>
          <input id="incident-contact" required value={contact} onChange={(e) => setContact(e.target.value)} />
        </div>
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="incident-detected">{t('incidents.detectedAt')}</label>
          <input id="incident-detected" type="datetime-local" required value={detectedAt} onChange={(e) => setDetectedAt(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="incident-type">{t('incidents.type')}</label>
          <select id="incident-type" value={incidentType} onChange={(e) => setIncidentType(e.target.value as IncidentType | '')}>
            <option value="">{t('incidents.typeUnknown')}</option>
            {INCIDENT_TYPES.map((x) => (
              <option key={x} value={x}>
                {t(`incidentType.${x}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="incident-severity">{t('compose.severity')}</label>
          <select id="incident-severity" value={severity} onChange={(e) => setSeverity(e.target.value as Severity | '')}>
            <option value="">{t('incidents.typeUnknown')}</option>
            {SEVERITIES.map((x) => (
              <option key={x} value={x}>
                {t(`severity.${x}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <button type="submit" className="primary" disabled={!whatWasSeen.trim() || !affectedService.trim() || !contact.trim()}>
        {t('incidents.send')}
      </button>
    </form>
  );
}

function ReportItem({ report, mayFollowUp, act }: { report: IncidentReport; mayFollowUp: boolean; act: Act }) {
  const { t, i18n } = useTranslation();
  const [stage, setStage] = useState<Exclude<IncidentStage, 'FIRST'>>('FOLLOW_UP');
  const [text, setText] = useState('');
  const [message, setMessage] = useState('');
  const open = report.incident.status === 'OPEN';
  return (
    <li className="advisory-item" aria-label={report.affectedService}>
      <div className="badges">
        <span className="badge status">{t(`incidentStage.${report.stage}`)}</span>
        <span className={`badge ${open ? 'access-tear_line' : 'access-full'}`}>{t(`incidentStatus.${report.incident.status}`)}</span>
        {report.severity && <SeverityBadge severity={report.severity} />}
        {report.followUp?.overdue && <span className="badge escalation">{t('incidents.overdueBadge')}</span>}
      </div>
      <h3>
        <Link to={`/incidents/${report.id}`}>
          {report.affectedService} — {report.incidentType ? t(`incidentType.${report.incidentType}`) : t('incidents.typeUnknown')}
        </Link>
      </h3>
      <p className="prose">{report.whatWasSeen}</p>
      <p className="meta">
        {t('incidents.submitted')}: <DateTime value={report.submittedAt} />
        {report.followUp && !report.followUp.followedUp && (
          <>
            {' '}
            · {t('incidents.due')}: <DateTime value={report.followUp.dueAt} />
          </>
        )}
      </p>
      {report.deliveries.length > 0 && (
        <p className="meta">
          {t('incidents.routedTo')}:{' '}
          {report.deliveries
            .map((d) => `${i18n.language === 'en' ? d.authorityNameEn : d.authorityNameJa} (${t(`deliveries.status.${d.status}`)})`)
            .join('、')}
        </p>
      )}
      {report.feedback.length > 0 && (
        <ul className="feedback">
          {report.feedback.map((f) => (
            <li key={f.id}>
              <strong>{f.authorName}</strong> (<DateTime value={f.createdAt} />
              ): {f.body}
            </li>
          ))}
        </ul>
      )}
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          void act(
            () => graphql(ops.postIncidentFeedback, { reportId: report.id, body: message.trim() }),
            t('incidents.feedbackSent'),
          ).then((sent) => sent && setMessage(''));
        }}
      >
        <div className="field grow">
          <label htmlFor={`feedback-${report.id}`}>{t('incidents.feedback')}</label>
          <input id={`feedback-${report.id}`} value={message} onChange={(e) => setMessage(e.target.value)} />
        </div>
        <button type="submit" disabled={!message.trim()}>
          {t('incidents.postFeedback')}
        </button>
      </form>
      {mayFollowUp && open && (
        <form
          className="card"
          onSubmit={(event) => {
            event.preventDefault();
            void act(
              () => graphql(ops.submitIncidentFollowUp, { incidentId: report.incidentId, input: { stage, whatWasSeen: text.trim() } }),
              t('incidents.sent'),
            ).then((sent) => sent && setText(''));
          }}
        >
          <div className="row">
            <div className="field">
              <label htmlFor={`stage-${report.id}`}>{t('incidents.stage')}</label>
              <select id={`stage-${report.id}`} value={stage} onChange={(e) => setStage(e.target.value as 'FOLLOW_UP' | 'FINAL')}>
                <option value="FOLLOW_UP">{t('incidentStage.FOLLOW_UP')}</option>
                <option value="FINAL">{t('incidentStage.FINAL')}</option>
              </select>
            </div>
            <div className="field grow">
              <label htmlFor={`update-${report.id}`}>{t('incidents.update')}</label>
              <input id={`update-${report.id}`} required value={text} onChange={(e) => setText(e.target.value)} />
            </div>
            <button type="submit" className="primary" disabled={!text.trim()}>
              {t('incidents.sendFollowUp')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
