import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import type { Advisory } from '../api/types';
import { AccessBadge, ClassificationBadge, SeverityBadge, StatusBadge, TlpBadge } from '../components/Badges';
import { DateTime } from '../components/DateTime';
import { ErrorMessage, Loading, Success } from '../components/Feedback';
import { useQuery } from '../components/useQuery';
import { regionName } from '../regions';
import { Link } from '../router';
import { isSecretariat, useSession } from '../session';

/** One advisory exactly as the API projects it for this reader (a tear-line reader gets no body or indicators). */
export function AdvisoryPage({ params }: { params: Record<string, string> }) {
  const { t, i18n } = useTranslation();
  const { person } = useSession();
  const { data, error, loading, reload } = useQuery<{ advisory: Advisory | null }>(ops.advisory, { id: params.id });
  if (loading && !data) return <Loading />;
  if (error) return <ErrorMessage error={error} />;
  const advisory = data?.advisory;
  if (!advisory) {
    return (
      <section>
        <h1>{t('titles.notFound')}</h1>
        <p>{t('advisory.notFound')}</p>
        <Link to="/">{t('nav.feed')}</Link>
      </section>
    );
  }
  return (
    <article className="advisory">
      <p>
        <Link to="/">← {t('nav.feed')}</Link>
      </p>
      <div className="badges">
        <SeverityBadge severity={advisory.severity} />
        <AccessBadge access={advisory.access} />
        <ClassificationBadge classification={advisory.classification} />
        <TlpBadge tlp={advisory.tlp} />
        <StatusBadge status={advisory.status} />
      </div>
      <h1>{advisory.title ?? t('advisory.untitled')}</h1>
      {advisory.access === 'TEAR_LINE' && (
        <p className="notice info" role="note">
          {t('advisory.tearLineNotice')}
        </p>
      )}
      {advisory.access === 'METADATA_ONLY' && (
        <p className="notice info" role="note">
          {t('advisory.metadataNotice')}
        </p>
      )}
      {advisory.status === 'WITHDRAWN' && (
        <div className="notice warning" role="note">
          <strong>{t('advisory.withdrawn')}</strong> {advisory.withdrawalReason}
        </div>
      )}
      <dl className="facts">
        <dt>{t('advisory.published')}</dt>
        <dd>
          <DateTime value={advisory.publishedAt} />
        </dd>
        <dt>{t('advisory.updated')}</dt>
        <dd>
          <DateTime value={advisory.updatedAt} />
        </dd>
        <dt>{t('advisory.version')}</dt>
        <dd>{advisory.version}</dd>
        <dt>{t('advisory.originator')}</dt>
        <dd>{advisory.originator?.name ?? t('advisory.anonymous')}</dd>
      </dl>
      {advisory.summary && (
        <section>
          <h2>{t('advisory.summary')}</h2>
          <p className="prose">{advisory.summary}</p>
        </section>
      )}
      {advisory.body && (
        <section>
          <h2>{t('advisory.body')}</h2>
          <div className="prose">{advisory.body}</div>
        </section>
      )}
      {!!advisory.recommendedActions?.length && (
        <section>
          <h2>{t('advisory.actions')}</h2>
          <ol>
            {advisory.recommendedActions.map((action, i) => (
              <li key={i}>{action}</li>
            ))}
          </ol>
        </section>
      )}
      {!!advisory.indicators?.length && (
        <section>
          <h2>{t('advisory.indicators')}</h2>
          <ul className="mono">
            {advisory.indicators.map((indicator, i) => (
              <li key={i}>{indicator}</li>
            ))}
          </ul>
        </section>
      )}
      {advisory.rejectionReason && (
        <div className="notice warning">
          <strong>{t('submissions.feedback')}</strong> {advisory.rejectionReason}
        </div>
      )}
      {advisory.audience && (
        <section>
          <h2>{t('advisory.audience')}</h2>
          <dl className="facts">
            <dt>{t('compose.tiers')}</dt>
            <dd>
              {advisory.audience.tiers.length ? advisory.audience.tiers.map((x) => t(`tier.${x}`)).join('、') : t('compose.allTiers')}
            </dd>
            <dt>{t('compose.sectors')}</dt>
            <dd>
              {advisory.audience.sectors.length
                ? advisory.audience.sectors.map((x) => t(`sector.${x}`)).join('、')
                : t('compose.allSectors')}
            </dd>
            <dt>{t('compose.regions')}</dt>
            <dd>
              {advisory.audience.regions.length
                ? advisory.audience.regions.map((r) => regionName(r, i18n.language)).join('、')
                : t('regions.nationwide')}
            </dd>
            <dt>{t('compose.namedOrganisations')}</dt>
            <dd>{advisory.audience.organisationIds.length || t('common.none')}</dd>
            <dt>{t('compose.namedPeople')}</dt>
            <dd>{advisory.audience.personIds.length || t('common.none')}</dd>
            <dt>{t('compose.noForeign')}</dt>
            <dd>{advisory.audience.noForeign ? t('common.yes') : t('common.no')}</dd>
          </dl>
        </section>
      )}
      {isSecretariat(person) && advisory.status === 'PENDING_REVIEW' && (
        <Link to={`/moderation/${advisory.id}`}>{t('moderation.open')}</Link>
      )}
      {/* The audience is shown only to the secretariat and the originator: the people who may withdraw (the API decides). */}
      {advisory.audience && advisory.status === 'PUBLISHED' && <Withdraw id={advisory.id} onDone={reload} />}
    </article>
  );
}

function Withdraw({ id, onDone }: { id: string; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const withdraw = async () => {
    setError(null);
    try {
      await graphql(ops.withdrawAdvisory, { id, reason: reason.trim() });
      setDone(true);
      await onDone();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <details className="card">
      <summary>{t('advisory.withdraw')}</summary>
      <div className="field">
        <label htmlFor="withdraw-reason">{t('advisory.withdrawReason')}</label>
        <textarea id="withdraw-reason" rows={2} maxLength={4000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <ErrorMessage error={error} />
      {done && <Success>{t('advisory.withdrawnDone')}</Success>}
      <button type="button" className="danger" disabled={!reason.trim()} onClick={() => void withdraw()}>
        {t('advisory.withdraw')}
      </button>
    </details>
  );
}
