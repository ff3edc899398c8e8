import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import type { AccessLogEntry, Connection } from '../api/types';
import { ClassificationBadge } from '../components/Badges';
import { DateTime } from '../components/DateTime';
import { ErrorMessage, Loading } from '../components/Feedback';
import { useQuery } from '../components/useQuery';
import { download, toCsv } from '../format';

const PAGE = 50;

/** Auditor: who read confidential and IESI content at FULL access, when; filtered and exported. */
export function AccessLogPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ advisoryId: '', personId: '' });
  const [filters, setFilters] = useState(draft);
  const [after, setAfter] = useState<string[]>([]);
  const variables = Object.fromEntries(
    Object.entries(filters)
      .filter(([, v]) => v.trim())
      .map(([k, v]) => [k, v.trim()]),
  );
  const log = useQuery<{ accessLog: Connection<AccessLogEntry> }>(ops.accessLog, {
    ...variables,
    first: PAGE,
    after: after[after.length - 1] ?? null,
  });
  const [exportError, setExportError] = useState<unknown>(null);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setAfter([]);
    setFilters(draft);
  };
  const exportAll = async (format: 'csv' | 'json') => {
    setExportError(null);
    try {
      const rows: AccessLogEntry[] = [];
      let cursor: string | null = null;
      do {
        const page: { accessLog: Connection<AccessLogEntry> } = await graphql(ops.accessLog, { ...variables, first: 200, after: cursor });
        rows.push(...page.accessLog.edges.map((e) => e.node));
        cursor = page.accessLog.pageInfo.hasNextPage ? page.accessLog.pageInfo.endCursor : null;
      } while (cursor && rows.length < 5_000);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      if (format === 'json') download(`access-log-${stamp}.json`, JSON.stringify(rows, null, 2), 'application/json');
      else download(`access-log-${stamp}.csv`, toCsv(rows as unknown as Array<Record<string, unknown>>), 'text/csv');
    } catch (error) {
      setExportError(error);
    }
  };

  return (
    <section>
      <h1>{t('titles.accessLog')}</h1>
      <p>{t('accessLog.intro')}</p>
      <form className="filters" onSubmit={apply} aria-label={t('feed.filters')}>
        <div className="field">
          <label htmlFor="access-advisory">{t('accessLog.advisoryId')}</label>
          <input id="access-advisory" value={draft.advisoryId} onChange={(e) => setDraft({ ...draft, advisoryId: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="access-person">{t('accessLog.personId')}</label>
          <input id="access-person" value={draft.personId} onChange={(e) => setDraft({ ...draft, personId: e.target.value })} />
        </div>
        <button type="submit" className="primary">
          {t('feed.apply')}
        </button>
      </form>
      <div className="row">
        <button type="button" onClick={() => void exportAll('csv')}>
          {t('audit.exportCsv')}
        </button>
        <button type="button" onClick={() => void exportAll('json')}>
          {t('audit.exportJson')}
        </button>
      </div>
      <ErrorMessage error={log.error ?? exportError} />
      {log.loading && !log.data && <Loading />}
      <div className="table-wrap">
        <table>
          <caption>{t('titles.accessLog')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('accessLog.personId')}</th>
              <th scope="col">{t('accessLog.advisoryId')}</th>
              <th scope="col">{t('advisory.version')}</th>
              <th scope="col">{t('compose.classification')}</th>
            </tr>
          </thead>
          <tbody>
            {log.data?.accessLog.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>
                  <DateTime value={node.occurredAt} />
                </td>
                <td className="mono small">{node.personId}</td>
                <td className="mono small">{node.advisoryId}</td>
                <td>{node.advisoryVersion}</td>
                <td>
                  <ClassificationBadge classification={node.classification} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {log.data && log.data.accessLog.edges.length === 0 && <p>{t('accessLog.empty')}</p>}
      <div className="row">
        <button type="button" disabled={after.length === 0} onClick={() => setAfter(after.slice(0, -1))}>
          {t('common.previous')}
        </button>
        <button
          type="button"
          disabled={!log.data?.accessLog.pageInfo.hasNextPage}
          onClick={() => setAfter([...after, log.data!.accessLog.pageInfo.endCursor!])}
        >
          {t('common.next')}
        </button>
      </div>
    </section>
  );
}
