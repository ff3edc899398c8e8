import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import {
  INCIDENT_TYPES,
  SECTORS,
  type Connection,
  type FollowUpDeadline,
  type IncidentReport,
  type IncidentStatistics,
  type IncidentType,
  type OverdueIncidentReport,
} from '../api/types';
import { SeverityBadge } from '../components/Badges';
import { DateTime } from '../components/DateTime';
import { apiProblemsFor, ErrorMessage, FieldProblems, Loading, Success } from '../components/Feedback';
import { useQuery } from '../components/useQuery';
import { daysFromNow, durationParts } from '../format';
import { FollowUpState, IncidentDeliveries } from '../incidents/IncidentDeliveries';
import { Link } from '../router';

interface Desk {
  incidentReports: Connection<IncidentReport> & { totalCount: number };
  overdueIncidentReports: Array<OverdueIncidentReport & { remindedAt: string | null }>;
  incidentFollowUpDeadlines: FollowUpDeadline[];
  organisations: Array<{ id: string; name: string }>;
}

/**
 * The secretariat's incident desk: the overdue first reports (how late), every report of every
 * organisation with its deliveries to the authorities (a failed one can be sent again), the
 * follow-up deadlines, and the statistics. Anyone else gets the API's refusal, shown as such.
 */
export function IncidentDeskPage() {
  const { t } = useTranslation();
  const desk = useQuery<Desk>(ops.incidentDesk);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const act = async (operation: () => Promise<unknown>, message: string): Promise<boolean> => {
    setError(null);
    setDone(null);
    try {
      await operation();
      setDone(message);
      await desk.reload();
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    }
  };

  if (desk.loading && !desk.data) return <Loading />;
  if (!desk.data) {
    return (
      <section>
        <h1>{t('titles.incidentDesk')}</h1>
        <p>{t('incidentDesk.secretariatOnly')}</p>
        <ErrorMessage error={desk.error} />
      </section>
    );
  }
  const organisationName = new Map(desk.data.organisations.map((o) => [o.id, o.name]));
  const reports = desk.data.incidentReports.edges.map((e) => e.node);
  return (
    <section>
      <h1>{t('titles.incidentDesk')}</h1>
      {done && <Success>{done}</Success>}
      <ErrorMessage error={error} />
      <OverdueTable overdue={desk.data.overdueIncidentReports} asOf={desk.loadedAt ?? 0} />
      <DeadlineSettings deadlines={desk.data.incidentFollowUpDeadlines} act={act} error={error} />
      <h2>{t('incidentDesk.allReports', { count: desk.data.incidentReports.totalCount })}</h2>
      {reports.length === 0 && <p>{t('incidents.none')}</p>}
      <ul className="advisory-list">
        {reports.map((report) => (
          <li
            key={report.id}
            className={`advisory-item${report.followUp?.overdue ? ' is-overdue' : ''}`}
            aria-label={`${report.affectedService} (${t(`incidentStage.${report.stage}`)})`}
          >
            <div className="badges">
              <span className="badge status">{t(`incidentStage.${report.stage}`)}</span>
              <span className="badge status">{t(`incidentStatus.${report.incident.status}`)}</span>
              {report.severity && <SeverityBadge severity={report.severity} />}
              {report.followUp?.overdue && <span className="badge escalation">{t('incidents.overdueBadge')}</span>}
              {report.deliveries.some((d) => d.status === 'FAILED') && (
                <span className="badge escalation">{t('incidentDesk.hasFailed')}</span>
              )}
            </div>
            <h3>
              <Link to={`/incidents/${report.id}`}>
                {report.affectedService} — {report.incidentType ? t(`incidentType.${report.incidentType}`) : t('incidents.typeUnknown')}
              </Link>
            </h3>
            <p className="meta">
              {report.organisationId
                ? (organisationName.get(report.organisationId) ?? report.organisationId)
                : t('moderation.noOrganisation')}{' '}
              · {t('incidents.submitted')}: <DateTime value={report.submittedAt} />
            </p>
            {report.followUp && <FollowUpState followUp={report.followUp} />}
            <IncidentDeliveries
              deliveries={report.deliveries}
              caption={t('incidentDesk.deliveriesOf', { service: report.affectedService })}
              onRetry={(d) => void act(() => graphql(ops.retryIncidentDelivery, { id: d.id }), t('incidents.retried'))}
            />
          </li>
        ))}
      </ul>
      <Statistics />
    </section>
  );
}

/** How late each report is as of `asOf`, when the desk was read. */
function OverdueTable({ overdue, asOf }: { overdue: Desk['overdueIncidentReports']; asOf: number }) {
  const { t } = useTranslation();
  return (
    <>
      <h2>{t('incidents.overdue')}</h2>
      {overdue.length === 0 ? (
        <p>{t('incidents.noOverdue')}</p>
      ) : (
        <div className="table-wrap">
          <table className="overdue-table">
            <thead>
              <tr>
                <th scope="col">{t('membership.organisations')}</th>
                <th scope="col">{t('incidents.type')}</th>
                <th scope="col">{t('incidents.submitted')}</th>
                <th scope="col">{t('incidents.due')}</th>
                <th scope="col">{t('incidentDesk.howLate')}</th>
                <th scope="col">{t('incidents.reminder')}</th>
              </tr>
            </thead>
            <tbody>
              {overdue.map((o) => (
                <tr key={o.reportId}>
                  <th scope="row">
                    <Link to={`/incidents/${o.reportId}`}>{o.organisationName ?? t('moderation.noOrganisation')}</Link>
                  </th>
                  <td>{o.incidentType ? t(`incidentType.${o.incidentType}`) : t('incidents.typeUnknown')}</td>
                  <td>
                    <DateTime value={o.submittedAt} />
                  </td>
                  <td>
                    <DateTime value={o.dueAt} />
                  </td>
                  <td className="overdue" data-testid="late-by">
                    {t('incidentDesk.lateBy', durationParts(asOf - new Date(o.dueAt).getTime()))}
                  </td>
                  <td>{o.reminderStatus ? t(`incidents.reminderStatus.${o.reminderStatus}`) : t('incidents.noReminderYet')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

const hoursOf = (seconds: number) => String(Math.round((seconds / 3600) * 100) / 100);

/** The default follow-up time and the per-type ones, in hours (the API keeps seconds). */
function DeadlineSettings({
  deadlines,
  act,
  error,
}: {
  deadlines: FollowUpDeadline[];
  act: (op: () => Promise<unknown>, message: string) => Promise<boolean>;
  error: unknown;
}) {
  const { t } = useTranslation();
  const hoursId = useId();
  const typeId = useId();
  const [type, setType] = useState<IncidentType | ''>('');
  const [hours, setHours] = useState('');
  const defaultSetting = deadlines.find((d) => d.incidentType === null);
  const perType = deadlines.filter((d) => d.incidentType !== null);
  const problems = apiProblemsFor(error, 'followUpSeconds');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const seconds = Math.round(Number(hours) * 3600);
    if (
      await act(
        () => graphql(ops.setIncidentFollowUpDeadline, { incidentType: type || null, followUpSeconds: seconds }),
        t('incidentDesk.deadlineSaved'),
      )
    )
      setHours('');
  };
  return (
    <section className="card" aria-labelledby={`${typeId}-heading`}>
      <h2 id={`${typeId}-heading`}>{t('incidentDesk.deadlines')}</h2>
      <dl className="facts">
        <dt>{t('incidentDesk.defaultDeadline')}</dt>
        <dd data-testid="default-deadline">{t('incidentDesk.hours', { hours: hoursOf(defaultSetting?.followUpSeconds ?? 72 * 3600) })}</dd>
        {perType.map((d) => (
          <div key={d.incidentType} style={{ display: 'contents' }}>
            <dt>{t(`incidentType.${d.incidentType!}`)}</dt>
            <dd>
              {t('incidentDesk.hours', { hours: hoursOf(d.followUpSeconds) })}{' '}
              <button
                type="button"
                className="link"
                onClick={() =>
                  void act(
                    () => graphql(ops.setIncidentFollowUpDeadline, { incidentType: d.incidentType, followUpSeconds: null }),
                    t('incidentDesk.deadlineSaved'),
                  )
                }
                aria-label={t('incidentDesk.removeTypeDeadline', { type: t(`incidentType.${d.incidentType!}`) })}
              >
                {t('incidentDesk.useDefault')}
              </button>
            </dd>
          </div>
        ))}
      </dl>
      <form className="row" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor={typeId}>{t('incidentDesk.deadlineFor')}</label>
          <select id={typeId} value={type} onChange={(e) => setType(e.target.value as IncidentType | '')}>
            <option value="">{t('incidentDesk.defaultDeadline')}</option>
            {INCIDENT_TYPES.map((x) => (
              <option key={x} value={x}>
                {t(`incidentType.${x}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={hoursId}>{t('incidentDesk.followUpHours')}</label>
          <input
            id={hoursId}
            type="number"
            min="0"
            step="any"
            inputMode="decimal"
            required
            value={hours}
            onChange={(e) => setHours(e.target.value)}
            aria-invalid={problems.length > 0}
            aria-describedby={problems.length ? `${hoursId}-error` : undefined}
          />
          <FieldProblems id={`${hoursId}-error`} list={problems} />
        </div>
        <button type="submit" className="primary" disabled={!hours.trim()}>
          {t('incidentDesk.saveDeadline')}
        </button>
      </form>
    </section>
  );
}

/** Incidents opened since a date, by type and sector; those whose reporters did not allow statistics are only counted as withheld. */
function Statistics() {
  const { t } = useTranslation();
  const sinceId = useId();
  const [since, setSince] = useState(() => daysFromNow(-30));
  const stats = useQuery<{ incidentStatistics: IncidentStatistics }>(
    ops.incidentStatistics,
    { openedSince: new Date(`${since}T00:00:00+09:00`).toISOString() },
    { skip: !since },
  );
  const s = stats.data?.incidentStatistics;
  return (
    <section className="card">
      <h2>{t('incidentDesk.statistics')}</h2>
      <div className="field">
        <label htmlFor={sinceId}>{t('incidentDesk.openedSince')}</label>
        <input id={sinceId} type="date" value={since} onChange={(e) => setSince(e.target.value)} />
      </div>
      <ErrorMessage error={stats.error} />
      {s && (
        <>
          <p>{t('incidentDesk.counted', { counted: s.counted, withheld: s.withheld })}</p>
          <div className="row">
            <div className="table-wrap grow">
              <table>
                <caption>{t('incidentDesk.byType')}</caption>
                <tbody>
                  {s.byType.map((row) => (
                    <tr key={row.incidentType ?? 'unknown'}>
                      <th scope="row">{row.incidentType ? t(`incidentType.${row.incidentType}`) : t('incidents.typeUnknown')}</th>
                      <td>{row.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="table-wrap grow">
              <table>
                <caption>{t('incidentDesk.bySector')}</caption>
                <tbody>
                  {s.bySector
                    .filter((row) => SECTORS.includes(row.sector))
                    .map((row) => (
                      <tr key={row.sector}>
                        <th scope="row">{t(`sector.${row.sector}`)}</th>
                        <td>{row.count}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </div>
        </>
      )}
    </section>
  );
}
