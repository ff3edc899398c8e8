import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import type { FeedToken } from '../api/types';
import { DateTime } from '../components/DateTime';
import { ErrorMessage, Loading, Success } from '../components/Feedback';
import { useQuery } from '../components/useQuery';
import { endOfJstDay } from '../format';

/** Tokens for feed readers (RSS/Atom/STIX clients): shown once at creation, revocable. */
export function FeedTokensPage() {
  const { t } = useTranslation();
  const tokens = useQuery<{ myFeedTokens: FeedToken[] }>(ops.myFeedTokens);
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const act = async (operation: () => Promise<unknown>) => {
    setError(null);
    try {
      await operation();
      await tokens.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const result = await graphql<{ createFeedToken: { token: string } }>(ops.createFeedToken, {
        name: name.trim(),
        expiresAt: expires ? endOfJstDay(expires) : null,
      });
      setCreated(result.createFeedToken.token);
      setName('');
      setExpires('');
    });
  };

  return (
    <section>
      <h1>{t('titles.feedTokens')}</h1>
      <p>{t('feedTokens.intro')}</p>
      <ErrorMessage error={tokens.error ?? error} />
      {tokens.loading && !tokens.data && <Loading />}
      {created && (
        <Success>
          {t('feedTokens.shownOnce')} <code className="secret">{created}</code>
        </Success>
      )}
      <form className="card row" onSubmit={create}>
        <div className="field grow">
          <label htmlFor="token-name">{t('feedTokens.name')}</label>
          <input id="token-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="token-expires">{t('feedTokens.expires')}</label>
          <input id="token-expires" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </div>
        <button type="submit" className="primary" disabled={!name.trim()}>
          {t('feedTokens.create')}
        </button>
      </form>
      <div className="table-wrap">
        <table>
          <caption>{t('feedTokens.mine')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('feedTokens.name')}</th>
              <th scope="col">{t('feedTokens.created')}</th>
              <th scope="col">{t('feedTokens.expires')}</th>
              <th scope="col">{t('feedTokens.lastUsed')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.data?.myFeedTokens.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>
                  <DateTime value={token.createdAt} />
                </td>
                <td>
                  <DateTime value={token.expiresAt} />
                </td>
                <td>
                  <DateTime value={token.lastUsedAt} />
                </td>
                <td>
                  {token.revokedAt ? (
                    <span>
                      {t('feedTokens.revoked')} <DateTime value={token.revokedAt} />
                    </span>
                  ) : (
                    <button type="button" onClick={() => void act(() => graphql(ops.revokeFeedToken, { id: token.id }))}>
                      {t('feedTokens.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
