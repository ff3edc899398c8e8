import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import type { AuditLogEntry, Connection } from '../api/types';
import { DateTime } from '../components/DateTime';
import { ErrorMessage, Loading } from '../components/Feedback';
import { useQuery } from '../components/useQuery';
import { download, toCsv } from '../format';

const PAGE = 50;
const EXPORT_LIMIT = 5_000;

interface Filters {
  action: string;
  actorId: string;
  subjectType: string;
  subjectId: string;
}

const variablesOf = (f: Record<keyof Filters, string>) =>
  Object.fromEntries(
    Object.entries(f)
      .filter(([, v]) => v.trim())
      .map(([k, v]) => [k, v.trim()]),
  );

/** Auditor: the hash-chained decision log, filtered, paged, exported (CSV or JSON), with the chain's status. */
export function AuditLogPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Filters>({ action: '', actorId: '', subjectType: '', subjectId: '' });
  const [filters, setFilters] = useState(draft);
  const [after, setAfter] = useState<string[]>([]);
  const log = useQuery<{ auditLog: Connection<AuditLogEntry> }>(ops.auditLog, {
    ...variablesOf(filters),
    first: PAGE,
    after: after[after.length - 1] ?? null,
  });
  const chain = useQuery<{ auditChainStatus: { ok: boolean; rows: number; brokenAt: string | null; problem: string | null } }>(
    ops.auditChainStatus,
  );
  const [exportError, setExportError] = useState<unknown>(null);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setAfter([]);
    setFilters(draft);
  };
  const exportAll = async (format: 'csv' | 'json') => {
    setExportError(null);
    try {
      const rows: AuditLogEntry[] = [];
      let cursor: string | null = null;
      do {
        const page: { auditLog: Connection<AuditLogEntry> } = await graphql(ops.auditLog, {
          ...variablesOf(filters),
          first: 200,
          after: cursor,
        });
        rows.push(...page.auditLog.edges.map((e) => e.node));
        cursor = page.auditLog.pageInfo.hasNextPage ? page.auditLog.pageInfo.endCursor : null;
      } while (cursor && rows.length < EXPORT_LIMIT);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      if (format === 'json') download(`audit-log-${stamp}.json`, JSON.stringify(rows, null, 2), 'application/json');
      else download(`audit-log-${stamp}.csv`, toCsv(rows as unknown as Array<Record<string, unknown>>), 'text/csv');
    } catch (error) {
      setExportError(error);
    }
  };

  const c = chain.data?.auditChainStatus;
  return (
    <section>
      <h1>{t('titles.audit')}</h1>
      {c && (
        <p className={`notice ${c.ok ? 'success' : 'error'}`} role="status">
          {c.ok ? t('audit.chainOk', { rows: c.rows }) : t('audit.chainBroken', { rows: c.rows, id: c.brokenAt ?? '' })} {c.problem}
        </p>
      )}
      <form className="filters" onSubmit={apply} aria-label={t('feed.filters')}>
        {(['action', 'actorId', 'subjectType', 'subjectId'] as const).map((key) => (
          <div className="field" key={key}>
            <label htmlFor={`audit-${key}`}>{t(`audit.${key}`)}</label>
            <input id={`audit-${key}`} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
          </div>
        ))}
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
      <ErrorMessage error={log.error ?? chain.error ?? exportError} />
      {log.loading && !log.data && <Loading />}
      <div className="table-wrap">
        <table>
          <caption>{t('titles.audit')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.actorId')}</th>
              <th scope="col">{t('audit.subject')}</th>
              <th scope="col">{t('audit.change')}</th>
            </tr>
          </thead>
          <tbody>
            {log.data?.auditLog.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>
                  <DateTime value={node.occurredAt} />
                </td>
                <td className="mono">{node.action}</td>
                <td className="mono small">{node.actorId ?? t('audit.system')}</td>
                <td className="mono small">
                  {node.subjectType} {node.subjectId}
                </td>
                <td>
                  <details>
                    <summary>{t('audit.details')}</summary>
                    <pre className="small">{JSON.stringify({ before: node.before, after: node.after, hash: node.hash }, null, 2)}</pre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row">
        <button type="button" disabled={after.length === 0} onClick={() => setAfter(after.slice(0, -1))}>
          {t('common.previous')}
        </button>
        <button
          type="button"
          disabled={!log.data?.auditLog.pageInfo.hasNextPage}
          onClick={() => setAfter([...after, log.data!.auditLog.pageInfo.endCursor!])}
        >
          {t('common.next')}
        </button>
      </div>
    </section>
  );
}
