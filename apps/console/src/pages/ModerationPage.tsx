import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import type { AccessReport, Advisory, Connection } from '../api/types';
import { AccessBadge, ClassificationBadge, SeverityBadge, TlpBadge } from '../components/Badges';
import { DateTime } from '../components/DateTime';
import { ErrorMessage, Loading, Success } from '../components/Feedback';
import { useQuery } from '../components/useQuery';
import { regionName } from '../regions';
import { Link, navigate } from '../router';

type Item = Pick<
  Advisory,
  | 'id'
  | 'access'
  | 'status'
  | 'severity'
  | 'classification'
  | 'tlp'
  | 'title'
  | 'summary'
  | 'updatedAt'
  | 'version'
  | 'publishedAt'
  | 'rejectionReason'
>;

/** The secretariat's queue: each submission beside its access report ("who will see this, and why not"). */
export function ModerationPage({ params }: { params: Record<string, string> }) {
  const { t } = useTranslation();
  const queue = useQuery<{ advisories: Connection<Item> }>(ops.advisories, { filter: { status: ['PENDING_REVIEW'] }, first: 100 });
  const [done, setDone] = useState<string | null>(null);
  const selected = params.id ?? queue.data?.advisories.edges[0]?.node.id;

  return (
    <section>
      <h1>{t('titles.moderation')}</h1>
      {done && <Success>{done}</Success>}
      <ErrorMessage error={queue.error} />
      {queue.loading && !queue.data && <Loading />}
      <div className="split">
        <nav aria-label={t('moderation.queue')} className="queue">
          <h2>{t('moderation.queue')}</h2>
          {queue.data && queue.data.advisories.edges.length === 0 && <p>{t('moderation.empty')}</p>}
          <ul>
            {queue.data?.advisories.edges.map(({ node }) => (
              <li key={node.id}>
                <Link to={`/moderation/${node.id}`} aria-current={node.id === selected ? 'true' : undefined}>
                  <SeverityBadge severity={node.severity} /> {node.title ?? t('advisory.untitled')}
                </Link>
                <div className="meta">
                  <DateTime value={node.updatedAt} />
                </div>
              </li>
            ))}
          </ul>
        </nav>
        {selected && (
          <Submission
            key={selected}
            id={selected}
            onDecided={(text) => {
              setDone(text);
              void queue.reload().then(() => navigate('/moderation'));
            }}
          />
        )}
      </div>
    </section>
  );
}

function Submission({ id, onDecided }: { id: string; onDecided: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const advisory = useQuery<{ advisory: Advisory | null }>(ops.advisory, { id });
  const report = useQuery<{ advisoryAccessReport: AccessReport | null }>(ops.accessReport, { id });
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const a = advisory.data?.advisory;

  const decide = async (kind: 'approve' | 'sendBack' | 'reject') => {
    setError(null);
    setPending(true);
    try {
      if (kind === 'approve') await graphql(ops.approveAdvisory, { id });
      // The API has one way back to the author (REJECTED, which the author may revise and submit
      // again); "send back" and "reject" differ in what the reason tells the author.
      else
        await graphql(ops.rejectAdvisory, {
          id,
          reason: kind === 'sendBack' ? `${t('moderation.sendBackPrefix')} ${reason.trim()}` : reason.trim(),
        });
      onDecided(t(`moderation.done.${kind}`));
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  };

  if (advisory.loading && !advisory.data) return <Loading />;
  if (!a) return <ErrorMessage error={advisory.error ?? new Error('not found')} />;
  const r = report.data?.advisoryAccessReport;
  return (
    <div className="submission">
      <article className="card">
        <div className="badges">
          <SeverityBadge severity={a.severity} />
          <AccessBadge access={a.access} />
          <ClassificationBadge classification={a.classification} />
          <TlpBadge tlp={a.tlp} />
        </div>
        <h2>{a.title ?? t('advisory.untitled')}</h2>
        {a.access === 'METADATA_ONLY' && <p className="notice info">{t('moderation.cannotRead')}</p>}
        {a.summary && <p className="prose">{a.summary}</p>}
        {a.body && <div className="prose">{a.body}</div>}
        {a.audience && (
          <p className="meta">
            {t('advisory.audience')}: {a.audience.tiers.map((x) => t(`tier.${x}`)).join('、') || t('compose.allTiers')} ·{' '}
            {a.audience.sectors.map((x) => t(`sector.${x}`)).join('、') || t('compose.allSectors')} ·{' '}
            {a.audience.regions.map((x) => regionName(x, i18n.language)).join('、') || t('regions.nationwide')}
            {a.audience.noForeign && ` · ${t('compose.noForeign')}`}
          </p>
        )}
        <div className="field">
          <label htmlFor="moderation-reason">{t('moderation.reason')}</label>
          <textarea id="moderation-reason" rows={3} value={reason} maxLength={4000} onChange={(e) => setReason(e.target.value)} />
          <p className="hint">{t('moderation.reasonHint')}</p>
        </div>
        <ErrorMessage error={error} />
        <div className="row">
          <button type="button" className="primary" disabled={pending} onClick={() => void decide('approve')}>
            {t('moderation.approve')}
          </button>
          <button type="button" disabled={pending || !reason.trim()} onClick={() => void decide('sendBack')}>
            {t('moderation.sendBack')}
          </button>
          <button type="button" className="danger" disabled={pending || !reason.trim()} onClick={() => void decide('reject')}>
            {t('moderation.reject')}
          </button>
        </div>
      </article>

      <section className="card access-report" aria-labelledby="report-heading">
        <h2 id="report-heading">{t('moderation.report')}</h2>
        <ErrorMessage error={report.error} />
        {r && (
          <>
            <p>
              {t('moderation.counts', {
                full: r.counts.full,
                tearLine: r.counts.tearLine,
                metadataOnly: r.counts.metadataOnly,
                none: r.counts.none,
              })}
            </p>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('moderation.organisation')}</th>
                    <th scope="col">{t('moderation.person')}</th>
                    <th scope="col">{t('moderation.access')}</th>
                    <th scope="col">{t('moderation.whyNot')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.organisations.flatMap((o) =>
                    o.people.map((p) => (
                      <tr key={`${o.organisation?.id ?? 'none'}-${p.person.id}`}>
                        <td>{o.organisation?.name ?? t('moderation.noOrganisation')}</td>
                        <td>{p.person.displayName}</td>
                        <td>
                          {p.access ? (
                            <AccessBadge access={p.access} />
                          ) : (
                            <span className="badge access-none">{t('moderation.noAccess')}</span>
                          )}
                        </td>
                        <td lang="en">{p.reasons.join('; ')}</td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </div>
          </>
        )}
        <Link to={`/advisories/${a.id}`}>{t('moderation.openAdvisory')}</Link>
      </section>
    </div>
  );
}
