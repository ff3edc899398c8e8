import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import type { Person } from '../api/types';
import { ErrorMessage } from '../components/Feedback';
import { LanguageSwitch } from '../components/Layout';
import { navigate, useLocation } from '../router';
import { useSession } from '../session';

const MIN_PASSWORD = 12;

/** /console/invitation?token=…: the invited person sets a password and is signed in. */
export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const { query } = useLocation();
  const { signIn } = useSession();
  const [token, setToken] = useState(query.get('token') ?? '');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const tooShort = password.length > 0 && [...password].length < MIN_PASSWORD;
  const mismatch = repeat.length > 0 && repeat !== password;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (tooShort || mismatch || !password) return;
    setPending(true);
    setError(null);
    try {
      const { acceptInvitation } = await graphql<{ acceptInvitation: { accessToken: string; person: Person } }>(ops.acceptInvitation, {
        token,
        password,
      });
      signIn(acceptInvitation.accessToken, acceptInvitation.person);
      navigate('/profile', { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  };

  return (
    <main id="main" className="centered">
      <div className="card narrow">
        <div className="card-head">
          <h1>{t('invitation.title')}</h1>
          <LanguageSwitch />
        </div>
        <p>{t('invitation.intro')}</p>
        <form onSubmit={(event) => void submit(event)}>
          <div className="field">
            <label htmlFor="token">{t('invitation.token')}</label>
            <input id="token" required value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="new-password">{t('invitation.password')}</label>
            <input
              id="new-password"
              type="password"
              autoComplete="new-password"
              required
              value={password}
              aria-invalid={tooShort}
              aria-describedby="password-rule"
              onChange={(e) => setPassword(e.target.value)}
            />
            <p id="password-rule" className={tooShort ? 'field-error' : 'hint'}>
              {t('invitation.passwordRule', { count: MIN_PASSWORD })}
            </p>
          </div>
          <div className="field">
            <label htmlFor="repeat-password">{t('invitation.repeat')}</label>
            <input
              id="repeat-password"
              type="password"
              autoComplete="new-password"
              required
              value={repeat}
              aria-invalid={mismatch}
              onChange={(e) => setRepeat(e.target.value)}
            />
            {mismatch && <p className="field-error">{t('invitation.mismatch')}</p>}
          </div>
          <ErrorMessage error={error} />
          <button type="submit" className="primary" disabled={pending || tooShort || mismatch || !password || !token}>
            {t('invitation.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
