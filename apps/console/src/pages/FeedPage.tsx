import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import { SECTORS, SEVERITIES, type Advisory, type Connection, type Sector, type Severity } from '../api/types';
import { AccessBadge, ClassificationBadge, SeverityBadge, StatusBadge, TlpBadge } from '../components/Badges';
import { DateTime } from '../components/DateTime';
import { ErrorMessage, Loading } from '../components/Feedback';
import { useQuery } from '../components/useQuery';
import { Link } from '../router';

const PAGE_SIZE = 25;
type FeedItem = Pick<
  Advisory,
  'id' | 'access' | 'status' | 'severity' | 'version' | 'classification' | 'tlp' | 'title' | 'summary' | 'publishedAt' | 'updatedAt'
>;
type FeedResult = { advisories: Connection<FeedItem> & { totalCount: number } };

interface Filters {
  text: string;
  minSeverity: Severity | '';
  sector: Sector | '';
  publishedAfter: string;
}

/** Every advisory the API lets this reader see, newest first, with the reader's access level on each. */
export function FeedPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Filters>({ text: '', minSeverity: '', sector: '', publishedAfter: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const filter = {
    ...(filters.text.trim() ? { text: filters.text.trim() } : {}),
    ...(filters.minSeverity ? { minSeverity: filters.minSeverity } : {}),
    ...(filters.sector ? { sectors: [filters.sector] } : {}),
    ...(filters.publishedAfter ? { publishedAfter: new Date(`${filters.publishedAfter}T00:00:00+09:00`).toISOString() } : {}),
  };
  const feed = useQuery<FeedResult>(ops.advisories, { filter, first: PAGE_SIZE });
  const [more, setMore] = useState<{ items: FeedItem[]; cursor: string | null; hasNext: boolean } | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);

  const items = [...(feed.data?.advisories.edges.map((e) => e.node) ?? []), ...(more?.items ?? [])];
  const hasNext = more ? more.hasNext : !!feed.data?.advisories.pageInfo.hasNextPage;
  const cursor = more ? more.cursor : feed.data?.advisories.pageInfo.endCursor;

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setMore(null);
    setFilters(draft);
  };
  const loadMore = async () => {
    try {
      const page = await graphql<FeedResult>(ops.advisories, { filter, first: PAGE_SIZE, after: cursor });
      setMore({
        items: [...(more?.items ?? []), ...page.advisories.edges.map((e) => e.node)],
        cursor: page.advisories.pageInfo.endCursor,
        hasNext: page.advisories.pageInfo.hasNextPage,
      });
    } catch (error) {
      setMoreError(error);
    }
  };

  return (
    <section>
      <h1>{t('titles.feed')}</h1>
      <form className="filters" role="search" onSubmit={apply} aria-label={t('feed.filters')}>
        <div className="field">
          <label htmlFor="feed-text">{t('feed.search')}</label>
          <input
            id="feed-text"
            type="search"
            value={draft.text}
            maxLength={200}
            onChange={(e) => setDraft({ ...draft, text: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="feed-severity">{t('feed.minSeverity')}</label>
          <select
            id="feed-severity"
            value={draft.minSeverity}
            onChange={(e) => setDraft({ ...draft, minSeverity: e.target.value as Severity | '' })}
          >
            <option value="">{t('common.any')}</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`severity.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="feed-sector">{t('feed.sector')}</label>
          <select id="feed-sector" value={draft.sector} onChange={(e) => setDraft({ ...draft, sector: e.target.value as Sector | '' })}>
            <option value="">{t('common.any')}</option>
            {SECTORS.map((s) => (
              <option key={s} value={s}>
                {t(`sector.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="feed-after">{t('feed.publishedAfter')}</label>
          <input
            id="feed-after"
            type="date"
            value={draft.publishedAfter}
            onChange={(e) => setDraft({ ...draft, publishedAfter: e.target.value })}
          />
        </div>
        <button type="submit" className="primary">
          {t('feed.apply')}
        </button>
      </form>

      {feed.loading && !feed.data && <Loading />}
      <ErrorMessage error={feed.error ?? moreError} />
      {feed.data && (
        <p className="muted" aria-live="polite">
          {t('feed.count', { count: feed.data.advisories.totalCount })}
        </p>
      )}
      <ul className="advisory-list">
        {items.map((item) => (
          <li key={item.id} className={`advisory-item severity-edge-${item.severity.toLowerCase()}`}>
            <div className="badges">
              <SeverityBadge severity={item.severity} />
              <AccessBadge access={item.access} />
              <ClassificationBadge classification={item.classification} />
              <TlpBadge tlp={item.tlp} />
              {item.status !== 'PUBLISHED' && <StatusBadge status={item.status} />}
            </div>
            <h2>
              <Link to={`/advisories/${item.id}`}>{item.title ?? t('advisory.untitled')}</Link>
            </h2>
            {item.summary && <p className="summary">{item.summary}</p>}
            <p className="meta">
              {t('advisory.published')}: <DateTime value={item.publishedAt ?? item.updatedAt} /> · v{item.version}
            </p>
          </li>
        ))}
      </ul>
      {feed.data && items.length === 0 && <p>{t('feed.empty')}</p>}
      {hasNext && (
        <button type="button" onClick={() => void loadMore()}>
          {t('feed.more')}
        </button>
      )}
    </section>
  );
}
