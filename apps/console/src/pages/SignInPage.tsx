import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import type { Person } from '../api/types';
import { ErrorMessage } from '../components/Feedback';
import { LanguageSwitch } from '../components/Layout';
import { useSession } from '../session';

export function SignInPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const { login } = await graphql<{ login: { accessToken: string; person: Person } }>(ops.login, { email, password });
      signIn(login.accessToken, login.person);
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
          <h1>{t('signIn.title')}</h1>
          <LanguageSwitch />
        </div>
        <p>{t('signIn.intro')}</p>
        <form onSubmit={(event) => void submit(event)} noValidate={false}>
          <div className="field">
            <label htmlFor="email">{t('signIn.email')}</label>
            <input id="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="password">{t('signIn.password')}</label>
            <input
              id="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <ErrorMessage error={error} />
          <button type="submit" className="primary" disabled={pending}>
            {pending ? t('common.working') : t('signIn.submit')}
          </button>
        </form>
        <p className="hint">{t('signIn.invitationHint')}</p>
      </div>
    </main>
  );
}
