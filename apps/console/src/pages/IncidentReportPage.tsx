import { useTranslation } from 'react-i18next';
import { ops } from '../api/operations';
import type { Advisory, IncidentPurpose, IncidentReport } from '../api/types';
import { AccessBadge, SeverityBadge, StatusBadge, TlpBadge } from '../components/Badges';
import { DateTime } from '../components/DateTime';
import { ErrorMessage, Loading } from '../components/Feedback';
import { useQuery } from '../components/useQuery';
import { FollowUpState, IncidentDeliveries } from '../incidents/IncidentDeliveries';
import { Link } from '../router';

type Report = IncidentReport & {
  permittedPurposes: IncidentPurpose[];
  ledToAdvisories: Array<Pick<Advisory, 'id' | 'access' | 'status' | 'severity' | 'tlp' | 'title' | 'publishedAt'>>;
};

/**
 * One incident report as its reporter (or the secretariat) sees it: where it was delivered, the
 * follow-up it still owes, and the advisories it led to that this reader may see.
 */
export function IncidentReportPage({ params }: { params: Record<string, string> }) {
  const { t } = useTranslation();
  const report = useQuery<{ incidentReport: Report | null }>(ops.incidentReport, { id: params.id });
  if (report.loading && !report.data) return <Loading />;
  const r = report.data?.incidentReport;
  if (!r) {
    return (
      <section>
        <h1>{t('titles.incidentReport')}</h1>
        {report.error ? <ErrorMessage error={report.error} /> : <p>{t('errors.notFound')}</p>}
        <Link to="/incidents">{t('incidentReport.back')}</Link>
      </section>
    );
  }
  return (
    <section>
      <p>
        <Link to="/incidents">{t('incidentReport.back')}</Link>
      </p>
      <h1>
        {r.affectedService} — {r.incidentType ? t(`incidentType.${r.incidentType}`) : t('incidents.typeUnknown')}
      </h1>
      <div className="badges">
        <span className="badge status">{t(`incidentStage.${r.stage}`)}</span>
        <span className="badge status">{t(`incidentStatus.${r.incident.status}`)}</span>
        {r.severity && <SeverityBadge severity={r.severity} />}
      </div>
      <p className="prose">{r.whatWasSeen}</p>
      <dl className="facts">
        <dt>{t('incidents.submitted')}</dt>
        <dd>
          <DateTime value={r.submittedAt} />
        </dd>
        <dt>{t('incidentReport.purposes')}</dt>
        <dd>
          {r.permittedPurposes.length
            ? r.permittedPurposes.map((p) => t(`incidentPurpose.${p}`)).join('、')
            : t('incidentReport.noPurposes')}
        </dd>
      </dl>

      <h2>{t('incidentReport.followUp')}</h2>
      {r.followUp ? <FollowUpState followUp={r.followUp} /> : <p>{t('incidentReport.noFollowUpOwed')}</p>}

      <h2>{t('incidentReport.deliveries')}</h2>
      <IncidentDeliveries deliveries={r.deliveries} caption={t('incidentReport.deliveriesCaption')} />

      <h2>{t('incidentReport.ledTo')}</h2>
      {r.ledToAdvisories.length === 0 ? (
        <p>{t('incidentReport.noAdvisories')}</p>
      ) : (
        <ul className="advisory-list" aria-label={t('incidentReport.ledTo')}>
          {r.ledToAdvisories.map((a) => (
            <li key={a.id} className="advisory-item">
              <div className="badges">
                <AccessBadge access={a.access} />
                <TlpBadge tlp={a.tlp} />
                <SeverityBadge severity={a.severity} />
                <StatusBadge status={a.status} />
              </div>
              <h3>
                <Link to={`/advisories/${a.id}`}>{a.title ?? t('advisory.untitled')}</Link>
              </h3>
              <p className="meta">
                <DateTime value={a.publishedAt} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
