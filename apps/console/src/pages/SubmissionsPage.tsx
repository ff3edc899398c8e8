import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import type { Advisory, Connection } from '../api/types';
import { AccessBadge, ClassificationBadge, SeverityBadge, StatusBadge, TlpBadge } from '../components/Badges';
import { DateTime } from '../components/DateTime';
import { ErrorMessage, Loading } from '../components/Feedback';
import { useQuery } from '../components/useQuery';
import { Link } from '../router';

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
  | 'publishedAt'
  | 'rejectionReason'
  | 'version'
>;

/**
 * My organisation's advisories before publication: drafts, those waiting for moderation, and those
 * sent back with the secretariat's feedback (REJECTED advisories can be submitted again).
 */
export function SubmissionsPage() {
  const { t } = useTranslation();
  const list = useQuery<{ advisories: Connection<Item> }>(ops.advisories, {
    filter: { status: ['DRAFT', 'PENDING_REVIEW', 'REJECTED'] },
    first: 100,
  });
  const [error, setError] = useState<unknown>(null);
  const submit = async (id: string) => {
    setError(null);
    try {
      await graphql(ops.submitAdvisory, { id });
      await list.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section>
      <h1>{t('titles.submissions')}</h1>
      <p>
        {t('submissions.intro')} <Link to="/compose">{t('nav.compose')}</Link>
      </p>
      <ErrorMessage error={list.error ?? error} />
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.advisories.edges.length === 0 && <p>{t('submissions.empty')}</p>}
      <ul className="advisory-list">
        {list.data?.advisories.edges.map(({ node }) => (
          <li key={node.id} className="advisory-item">
            <div className="badges">
              <StatusBadge status={node.status} />
              <SeverityBadge severity={node.severity} />
              <AccessBadge access={node.access} />
              <ClassificationBadge classification={node.classification} />
              <TlpBadge tlp={node.tlp} />
            </div>
            <h2>
              <Link to={`/advisories/${node.id}`}>{node.title ?? t('advisory.untitled')}</Link>
            </h2>
            <p className="meta">
              {t('advisory.updated')}: <DateTime value={node.updatedAt} />
            </p>
            <p>{t(`submissions.outcome.${node.status as 'DRAFT' | 'PENDING_REVIEW' | 'REJECTED'}`)}</p>
            {node.rejectionReason && (
              <div className="notice warning">
                <strong>{t('submissions.feedback')}</strong> {node.rejectionReason}
              </div>
            )}
            {(node.status === 'DRAFT' || node.status === 'REJECTED') && (
              <div className="row">
                {node.access === 'FULL' && <Link to={`/compose?id=${node.id}`}>{t('submissions.revise')}</Link>}
                <button type="button" className="primary" onClick={() => void submit(node.id)}>
                  {node.status === 'DRAFT' ? t('submissions.submit') : t('submissions.resubmit')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
