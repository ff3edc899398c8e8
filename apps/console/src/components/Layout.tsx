import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';
import { Link, useLocation } from '../router';
import { hasRole, isAuditor, isSecretariat, mayAuthor, useSession } from '../session';
import { ErrorBoundary } from './ErrorBoundary';
import { useUnacknowledgedAlerts } from './useUnacknowledgedAlerts';

interface NavItem {
  to: string;
  label: string;
  /** A count shown beside the label (unacknowledged alerts). */
  count?: number;
}

/** Secretariat staff and members read only with a pledge in force (ACCESS-POLICY.md); remind them. */
const pledgeValid = (person: { pledgeExpiresAt: string | null } | null | undefined): boolean =>
  !!person?.pledgeExpiresAt && new Date(person.pledgeExpiresAt).getTime() > Date.now();

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'en' ? 'ja' : 'en';
  return (
    <button type="button" className="language" onClick={() => setLanguage(other)} lang={other} aria-label={t('layout.switchLanguage')}>
      {other === 'en' ? 'English' : '日本語'}
    </button>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { person, signOut } = useSession();
  const { path } = useLocation();
  const reader = !!person && !isAuditor(person);
  const unacknowledged = useUnacknowledgedAlerts(reader);
  const items: NavItem[] = [];
  if (reader) {
    items.push(
      { to: '/', label: t('nav.feed') },
      { to: '/alerts', label: t('nav.alerts'), count: unacknowledged },
      { to: '/channels', label: t('nav.channels') },
      { to: '/feed-tokens', label: t('nav.feedTokens') },
    );
  }
  if (mayAuthor(person)) items.push({ to: '/compose', label: t('nav.compose') }, { to: '/submissions', label: t('nav.submissions') });
  if (mayAuthor(person) && !isSecretariat(person)) items.push({ to: '/incidents', label: t('nav.incidents') });
  if (isSecretariat(person)) {
    items.push(
      { to: '/moderation', label: t('nav.moderation') },
      { to: '/widening', label: t('nav.widening') },
      { to: '/membership', label: t('nav.membership') },
      { to: '/deliveries', label: t('nav.deliveries') },
      { to: '/incidents', label: t('nav.incidents') },
      { to: '/incident-desk', label: t('nav.incidentDesk') },
      { to: '/incident-triage', label: t('nav.incidentTriage') },
      { to: '/reporting-authorities', label: t('nav.reportingAuthorities') },
    );
  } else if (hasRole(person, 'ORG_ADMIN')) {
    items.push({ to: '/widening', label: t('nav.widening') }, { to: '/membership', label: t('nav.membership') });
  }
  if (isAuditor(person)) items.push({ to: '/audit', label: t('nav.audit') }, { to: '/access-log', label: t('nav.accessLog') });
  items.push({ to: '/profile', label: t('nav.profile') });

  const current = (to: string) => (to === '/' ? path === '/' || path.startsWith('/advisories') : path.startsWith(to));
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t('layout.skip')}
      </a>
      <header className="topbar">
        <span className="brand">{t('layout.brand')}</span>
        <span className="who">
          {person?.displayName}
          {person?.organisation ? ` · ${person.organisation.name}` : ''}
        </span>
        <LanguageSwitch />
        <button type="button" onClick={signOut}>
          {t('layout.signOut')}
        </button>
      </header>
      <nav className="sidenav" aria-label={t('layout.navigation')}>
        <ul>
          {items.map((item) => (
            <li key={item.to}>
              <Link to={item.to} aria-current={current(item.to) ? 'page' : undefined}>
                {item.label}
                {!!item.count && (
                  <span className="count" aria-label={t('layout.unacknowledged', { count: item.count })} data-testid="unacknowledged-count">
                    {item.count}
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {reader && !pledgeValid(person) && path !== '/profile' && (
          <p className="notice warning" role="note">
            {t('pledge.missing')} <Link to="/profile">{t('pledge.sign')}</Link>
          </p>
        )}
        <ErrorBoundary resetKey={path}>{children}</ErrorBoundary>
      </main>
    </div>
  );
}
