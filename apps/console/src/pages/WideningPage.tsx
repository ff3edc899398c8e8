import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import { CLASSIFICATIONS, TLPS, type Classification, type Tlp, type WideningProposal } from '../api/types';
import { DateTime } from '../components/DateTime';
import { ErrorMessage, Loading, Success } from '../components/Feedback';
import { useQuery } from '../components/useQuery';
import { Link } from '../router';
import { isSecretariat, useSession } from '../session';

/**
 * Widening a published advisory: the secretariat proposes (lower classification or TLP of the full
 * view); the originator organisation's ORG_ADMIN consents or declines.
 */
export function WideningPage() {
  const { t } = useTranslation();
  const { person } = useSession();
  const proposals = useQuery<{ advisoryWideningProposals: WideningProposal[] }>(ops.wideningProposals);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [advisoryId, setAdvisoryId] = useState('');
  const [classification, setClassification] = useState<Classification | ''>('');
  const [tlp, setTlp] = useState<Tlp | ''>('');
  const [note, setNote] = useState('');
  const secretariat = isSecretariat(person);

  const act = async (operation: () => Promise<unknown>, message: string) => {
    setError(null);
    setDone(null);
    try {
      await operation();
      setDone(message);
      await proposals.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <section>
      <h1>{t('titles.widening')}</h1>
      <p>{t('widening.intro')}</p>
      {done && <Success>{done}</Success>}
      <ErrorMessage error={proposals.error ?? error} />
      {proposals.loading && !proposals.data && <Loading />}
      {proposals.data && proposals.data.advisoryWideningProposals.length === 0 && <p>{t('widening.empty')}</p>}
      <ul className="advisory-list">
        {proposals.data?.advisoryWideningProposals.map((p) => (
          <li key={p.id} className="advisory-item">
            <h2>
              <Link to={`/advisories/${p.advisoryId}`}>{t('widening.proposalFor', { version: p.baseVersion })}</Link>
            </h2>
            <p className="meta">
              <DateTime value={p.proposedAt} /> · {t(`widening.status.${p.status}`)} {p.stale && `· ${t('widening.stale')}`}
            </p>
            <ul lang="en">
              {p.widens.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
            {p.note && <p>{p.note}</p>}
            {!secretariat && p.status === 'PENDING' && (
              <div className="row">
                <button
                  type="button"
                  className="primary"
                  disabled={p.stale}
                  onClick={() => void act(() => graphql(ops.consentToWidening, { id: p.id }), t('widening.consented'))}
                >
                  {t('widening.consent')}
                </button>
                <button type="button" onClick={() => void act(() => graphql(ops.declineWidening, { id: p.id }), t('widening.declined'))}>
                  {t('widening.decline')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {secretariat && (
        <form
          className="card"
          onSubmit={(event) => {
            event.preventDefault();
            const input = {
              ...(classification ? { fullClassification: classification } : {}),
              ...(tlp ? { fullTlp: tlp } : {}),
              ...(note.trim() ? { note: note.trim() } : {}),
            };
            void act(() => graphql(ops.proposeWidening, { id: advisoryId.trim(), input }), t('widening.proposed'));
          }}
        >
          <h2>{t('widening.propose')}</h2>
          <div className="row">
            <div className="field grow">
              <label htmlFor="widen-advisory">{t('widening.advisoryId')}</label>
              <input id="widen-advisory" required value={advisoryId} onChange={(e) => setAdvisoryId(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="widen-classification">{t('widening.newClassification')}</label>
              <select
                id="widen-classification"
                value={classification}
                onChange={(e) => setClassification(e.target.value as Classification | '')}
              >
                <option value="">{t('widening.unchanged')}</option>
                {CLASSIFICATIONS.map((c) => (
                  <option key={c} value={c}>
                    {t(`classification.${c}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="widen-tlp">{t('widening.newTlp')}</label>
              <select id="widen-tlp" value={tlp} onChange={(e) => setTlp(e.target.value as Tlp | '')}>
                <option value="">{t('widening.unchanged')}</option>
                {TLPS.map((x) => (
                  <option key={x} value={x}>
                    {x.replace('_', '+')}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="field">
            <label htmlFor="widen-note">{t('widening.note')}</label>
            <textarea id="widen-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <button type="submit" className="primary" disabled={!advisoryId.trim()}>
            {t('widening.proposeButton')}
          </button>
        </form>
      )}
    </section>
  );
}
