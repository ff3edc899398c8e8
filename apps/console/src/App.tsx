import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from './components/Feedback';
import { Layout } from './components/Layout';
import { AccessLogPage } from './pages/AccessLogPage';
import { AcceptInvitationPage } from './pages/AcceptInvitationPage';
import { AdvisoryPage } from './pages/AdvisoryPage';
import { AlertsPage } from './pages/AlertsPage';
import { AuditLogPage } from './pages/AuditLogPage';
import { ChannelsPage } from './pages/ChannelsPage';
import { ComposePage } from './pages/ComposePage';
import { DeliveriesPage } from './pages/DeliveriesPage';
import { FeedPage } from './pages/FeedPage';
import { FeedTokensPage } from './pages/FeedTokensPage';
import { IncidentDeskPage } from './pages/IncidentDeskPage';
import { IncidentReportPage } from './pages/IncidentReportPage';
import { IncidentsPage } from './pages/IncidentsPage';
import { IncidentTriagePage } from './pages/IncidentTriagePage';
import { MembershipPage } from './pages/MembershipPage';
import { ModerationPage } from './pages/ModerationPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ProfilePage } from './pages/ProfilePage';
import { ReportingAuthoritiesPage } from './pages/ReportingAuthoritiesPage';
import { SignInPage } from './pages/SignInPage';
import { SubmissionsPage } from './pages/SubmissionsPage';
import { WideningPage } from './pages/WideningPage';
import { matchRoute, navigate, useLocation } from './router';
import { isAuditor, useSession } from './session';

type Page = (props: { params: Record<string, string> }) => React.ReactNode;

/** The console's pages; what each shows is whatever the API returns to this person. */
const ROUTES: Array<[string, Page, string]> = [
  ['/', FeedPage, 'titles.feed'],
  ['/advisories/:id', AdvisoryPage, 'titles.advisory'],
  ['/alerts', AlertsPage, 'titles.alerts'],
  ['/channels', ChannelsPage, 'titles.channels'],
  ['/feed-tokens', FeedTokensPage, 'titles.feedTokens'],
  ['/compose', ComposePage, 'titles.compose'],
  ['/submissions', SubmissionsPage, 'titles.submissions'],
  ['/moderation', ModerationPage, 'titles.moderation'],
  ['/moderation/:id', ModerationPage, 'titles.moderation'],
  ['/widening', WideningPage, 'titles.widening'],
  ['/membership', MembershipPage, 'titles.membership'],
  ['/deliveries', DeliveriesPage, 'titles.deliveries'],
  ['/incidents', IncidentsPage, 'titles.incidents'],
  ['/incidents/:id', IncidentReportPage, 'titles.incidentReport'],
  ['/incident-desk', IncidentDeskPage, 'titles.incidentDesk'],
  ['/incident-triage', IncidentTriagePage, 'titles.incidentTriage'],
  ['/reporting-authorities', ReportingAuthoritiesPage, 'titles.reportingAuthorities'],
  ['/audit', AuditLogPage, 'titles.audit'],
  ['/access-log', AccessLogPage, 'titles.accessLog'],
  ['/profile', ProfilePage, 'titles.profile'],
];

export function App() {
  const { t } = useTranslation();
  const { person } = useSession();
  const { path } = useLocation();

  const route = ROUTES.map(([pattern, page, title]) => ({ page, title, params: matchRoute(pattern, path) })).find((r) => r.params);
  const publicRoute = path === '/invitation' ? 'invitation' : null;

  useEffect(() => {
    const title = publicRoute
      ? t('titles.invitation')
      : person
        ? t((route?.title ?? 'titles.notFound') as 'titles.feed')
        : t('titles.signIn');
    document.title = `${title} — ${t('layout.brand')}`;
  }, [t, person, route, publicRoute]);

  // An auditor reads no advisory: their home is the audit log.
  useEffect(() => {
    if (person && isAuditor(person) && path === '/') navigate('/audit', { replace: true });
  }, [person, path]);

  if (publicRoute === 'invitation') return <AcceptInvitationPage />;
  if (person === undefined) return <Loading />;
  if (person === null) return <SignInPage />;
  const Page = route?.page ?? NotFoundPage;
  return (
    <Layout>
      <Page params={route?.params ?? {}} />
    </Layout>
  );
}
