import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import {
  MEMBER_TIERS,
  ORGANISATION_KINDS,
  ROLES,
  SECTORS,
  type ClearanceGrantRequest,
  type Connection,
  type InvitationDelivery,
  type MembershipTier,
  type Organisation,
  type OrganisationKind,
  type Person,
  type Role,
  type Sector,
} from '../api/types';
import { DateTime } from '../components/DateTime';
import { ErrorMessage, Loading, Success } from '../components/Feedback';
import { CheckboxGroup } from '../components/Pickers';
import { useQuery } from '../components/useQuery';
import { daysFromNow, endOfJstDay } from '../format';
import { PREFECTURES, regionName } from '../regions';
import { BASE } from '../router';
import { isSecretariat, useSession } from '../session';

/** Organisations, their people, invitations and clearances (secretariat; an ORG_ADMIN sees their own organisation). */
export function MembershipPage() {
  const { t, i18n } = useTranslation();
  const { person: me } = useSession();
  const secretariat = isSecretariat(me);
  const organisations = useQuery<{ organisations: Organisation[] }>(ops.organisations);
  const [organisationId, setOrganisationId] = useState<string>('');
  const people = useQuery<{ people: Connection<Person> }>(ops.people, organisationId ? { organisationId } : {});
  const grantRequests = useQuery<{ clearanceGrantRequests: ClearanceGrantRequest[] }>(ops.clearanceGrantRequests);
  const pending = grantRequests.data?.clearanceGrantRequests ?? [];
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<React.ReactNode>(null);

  const act = async (operation: () => Promise<unknown>, message?: React.ReactNode) => {
    setError(null);
    setDone(null);
    try {
      await operation();
      if (message) setDone(message);
      await Promise.all([people.reload(), organisations.reload(), grantRequests.reload()]);
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <section>
      <h1>{t('titles.membership')}</h1>
      {done && <Success>{done}</Success>}
      <ErrorMessage error={organisations.error ?? people.error ?? (secretariat ? grantRequests.error : null) ?? error} />
      {organisations.loading && !organisations.data && <Loading />}
      <div className="table-wrap">
        <table>
          <caption>{t('membership.organisations')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('membership.name')}</th>
              <th scope="col">{t('membership.kind')}</th>
              <th scope="col">{t('membership.tier')}</th>
              <th scope="col">{t('membership.region')}</th>
              <th scope="col">{t('membership.agreement')}</th>
              <th scope="col">{t('membership.facility')}</th>
              <th scope="col">{t('membership.status')}</th>
            </tr>
          </thead>
          <tbody>
            {organisations.data?.organisations.map((o) => (
              <tr key={o.id}>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => setOrganisationId(o.id === organisationId ? '' : o.id)}
                    aria-pressed={o.id === organisationId}
                  >
                    {o.name}
                  </button>
                  {o.foreign && <span className="badge">{t('membership.foreign')}</span>}
                </td>
                <td>{t(`orgKind.${o.kind}`)}</td>
                <td>{t(`tier.${o.tier}`)}</td>
                <td>
                  {o.municipality
                    ? regionName(o.municipality, i18n.language)
                    : o.prefecture
                      ? regionName(o.prefecture, i18n.language)
                      : t('regions.nationwide')}
                </td>
                <td>
                  <DateTime value={o.agreementExpiresAt} dateOnly />
                </td>
                <td>
                  <DateTime value={o.facilityClearanceExpiresAt} dateOnly />
                </td>
                <td>{o.active ? t('membership.active') : t('membership.inactive')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="table-wrap">
        <table>
          <caption>
            {organisationId
              ? t('membership.peopleOf', { name: organisations.data?.organisations.find((o) => o.id === organisationId)?.name ?? '' })
              : t('membership.people')}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('membership.name')}</th>
              <th scope="col">{t('profile.email')}</th>
              <th scope="col">{t('profile.roles')}</th>
              <th scope="col">{t('membership.pledge')}</th>
              <th scope="col">{t('profile.clearance')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {people.data?.people.edges.map(({ node: p }) => (
              <PersonRow
                key={p.id}
                person={p}
                self={p.id === me?.id}
                secretariat={secretariat}
                pending={pending.some((r) => r.person.id === p.id)}
                act={act}
              />
            ))}
          </tbody>
        </table>
      </div>

      {secretariat && <GrantRequests requests={pending} myId={me?.id ?? ''} act={act} />}

      <InviteForm
        key={organisationId}
        organisations={organisations.data?.organisations ?? []}
        defaultOrganisation={organisationId || me?.organisation?.id || ''}
        secretariat={secretariat}
        act={act}
        setDone={setDone}
      />
      {secretariat && <OrganisationForm act={act} />}
    </section>
  );
}

type Act = (operation: () => Promise<unknown>, message?: React.ReactNode) => Promise<void>;

function PersonRow({
  person: p,
  self,
  secretariat,
  pending,
  act,
}: {
  person: Person;
  self: boolean;
  secretariat: boolean;
  pending: boolean;
  act: Act;
}) {
  const { t } = useTranslation();
  const [until, setUntil] = useState(daysFromNow(365));
  return (
    <tr>
      <td>{p.displayName}</td>
      <td className="mono">{p.email}</td>
      <td>{p.roles.map((r) => t(`role.${r}`)).join('、') || t('role.READER')}</td>
      <td>
        <DateTime value={p.pledgeExpiresAt} dateOnly />
      </td>
      <td>
        {p.clearance.level === 'IESI' ? (
          <>
            IESI <DateTime value={p.clearance.expiresAt} dateOnly />
            {p.clearance.suspended && ` (${t('profile.suspended')})`}
          </>
        ) : (
          t('profile.notCleared')
        )}
      </td>
      <td className="actions">
        {!self && (
          <button type="button" onClick={() => void act(() => graphql(ops.setPersonActive, { personId: p.id, active: !p.active }))}>
            {p.active ? t('membership.deactivate') : t('membership.activate')}
          </button>
        )}
        {secretariat && !self && (
          <span className="inline">
            <label className="visually-hidden" htmlFor={`until-${p.id}`}>
              {t('membership.clearanceUntil', { name: p.displayName })}
            </label>
            {pending ? (
              <span className="badge">{t('membership.pendingApproval')}</span>
            ) : (
              <>
                <input id={`until-${p.id}`} type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
                <button
                  type="button"
                  onClick={() =>
                    void act(
                      () => graphql(ops.grantClearance, { personId: p.id, expiresAt: endOfJstDay(until) }),
                      t('membership.requested'),
                    )
                  }
                >
                  {t('membership.grant')}
                </button>
              </>
            )}
            {p.clearance.level === 'IESI' && !p.clearance.suspended && (
              <button
                type="button"
                className="danger"
                onClick={() => void act(() => graphql(ops.suspendClearance, { personId: p.id }), t('membership.suspended'))}
              >
                {t('membership.suspend')}
              </button>
            )}
          </span>
        )}
      </td>
    </tr>
  );
}

/** Pending clearance grants: a second secretariat person approves or rejects them (ACCESS-POLICY.md "Clearances and accounts"). */
function GrantRequests({ requests, myId, act }: { requests: ClearanceGrantRequest[]; myId: string; act: Act }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="grant-requests">
      <h2 id="grant-requests">{t('membership.grantRequests')}</h2>
      <p className="notice info" role="note">
        {t('membership.whoMayApprove')}
      </p>
      {requests.length === 0 ? (
        <p className="muted">{t('membership.noGrantRequests')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('membership.grantee')}</th>
                <th scope="col">{t('profile.clearance')}</th>
                <th scope="col">{t('membership.until')}</th>
                <th scope="col">{t('membership.requestedBy')}</th>
                <th scope="col">{t('membership.requestedAt')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.person.displayName} <span className="mono">{r.person.email}</span>
                  </td>
                  <td>{r.level}</td>
                  <td>
                    <DateTime value={r.expiresAt} dateOnly />
                  </td>
                  <td>{r.requestedBy.displayName}</td>
                  <td>
                    <DateTime value={r.requestedAt} />
                  </td>
                  <td className="actions">
                    {r.mayApprove ? (
                      <button
                        type="button"
                        className="primary"
                        onClick={() => void act(() => graphql(ops.approveClearanceGrant, { requestId: r.id }), t('membership.approved'))}
                      >
                        {t('membership.approve')}
                      </button>
                    ) : r.requestedBy.id === myId ? (
                      <span className="muted">{t('membership.youRequested')}</span>
                    ) : (
                      <span className="muted">
                        {t('membership.cannotApprove')} <span lang="en">{r.approvalRefusal}</span>
                      </span>
                    )}
                    {r.requestedBy.id !== myId && r.person.id !== myId && (
                      <button
                        type="button"
                        className="danger"
                        onClick={() => void act(() => graphql(ops.rejectClearanceGrant, { requestId: r.id }), t('membership.rejected'))}
                      >
                        {t('membership.reject')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function InviteForm({
  organisations,
  defaultOrganisation,
  secretariat,
  act,
  setDone,
}: {
  organisations: Organisation[];
  defaultOrganisation: string;
  secretariat: boolean;
  act: Act;
  setDone: (message: React.ReactNode) => void;
}) {
  const { t } = useTranslation();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [organisation, setOrganisation] = useState(defaultOrganisation);
  const [roles, setRoles] = useState<Role[]>([]);
  const grantable = secretariat ? ROLES : ROLES.filter((r) => r !== 'SECRETARIAT' && r !== 'AUDITOR');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const { invitePerson } = await graphql<{
        invitePerson: { token: string; delivery: InvitationDelivery; notice: string | null; expiresAt: string };
      }>(ops.invitePerson, { input: { displayName, email, roles, ...(organisation ? { organisationId: organisation } : {}) } });
      setDisplayName('');
      setEmail('');
      // Only outside production does the API return the token; in production it is e-mailed to the invitee.
      if (invitePerson.token) {
        const link = `${window.location.origin}${BASE}/invitation?token=${encodeURIComponent(invitePerson.token)}`;
        setDone(
          <>
            {t('membership.invited')} <code className="secret">{link}</code>
          </>,
        );
      } else if (invitePerson.delivery === 'EMAILED') {
        setDone(t('membership.invitedByEmail'));
      } else {
        setDone(
          <>
            {t('membership.invitedNotDelivered')} <span lang="en">{invitePerson.notice}</span>
          </>,
        );
      }
    });
  };
  return (
    <form className="card" onSubmit={submit}>
      <h2>{t('membership.invite')}</h2>
      <div className="row">
        <div className="field grow">
          <label htmlFor="invite-name">{t('membership.name')}</label>
          <input id="invite-name" required value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </div>
        <div className="field grow">
          <label htmlFor="invite-email">{t('profile.email')}</label>
          <input id="invite-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="invite-org">{t('profile.organisation')}</label>
          <select id="invite-org" value={organisation} onChange={(e) => setOrganisation(e.target.value)}>
            {secretariat && <option value="">{t('profile.noOrganisation')}</option>}
            {organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <CheckboxGroup legend={t('profile.roles')} options={grantable} value={roles} onChange={setRoles} label={(r) => t(`role.${r}`)} />
      <button type="submit" className="primary">
        {t('membership.inviteButton')}
      </button>
    </form>
  );
}

function OrganisationForm({ act }: { act: Act }) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<OrganisationKind>('CRITICAL_INFRASTRUCTURE');
  const [tier, setTier] = useState<MembershipTier>('GENERAL');
  const [sectors, setSectors] = useState<Sector[]>([]);
  const [prefecture, setPrefecture] = useState('');
  const [municipality, setMunicipality] = useState('');
  const [foreign, setForeign] = useState(false);
  const [agreement, setAgreement] = useState(daysFromNow(365));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(
      () =>
        graphql(ops.createOrganisation, {
          input: {
            name,
            kind,
            tier,
            sectors,
            foreign,
            prefecture: prefecture || null,
            municipality: municipality.trim() || null,
            agreementExpiresAt: agreement ? endOfJstDay(agreement) : null,
          },
        }),
      t('membership.created'),
    );
  };
  return (
    <form className="card" onSubmit={submit}>
      <h2>{t('membership.newOrganisation')}</h2>
      <div className="row">
        <div className="field grow">
          <label htmlFor="org-name">{t('membership.name')}</label>
          <input id="org-name" required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="org-kind">{t('membership.kind')}</label>
          <select id="org-kind" value={kind} onChange={(e) => setKind(e.target.value as OrganisationKind)}>
            {ORGANISATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`orgKind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="org-tier">{t('membership.tier')}</label>
          <select id="org-tier" value={tier} onChange={(e) => setTier(e.target.value as MembershipTier)}>
            {[...MEMBER_TIERS, 'NONE' as const].map((x) => (
              <option key={x} value={x}>
                {t(`tier.${x}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="org-prefecture">{t('regions.prefecture')}</label>
          <select id="org-prefecture" value={prefecture} onChange={(e) => setPrefecture(e.target.value)}>
            <option value="">{t('regions.nationwide')}</option>
            {PREFECTURES.map((p) => (
              <option key={p.code} value={p.code}>
                {p.code} {i18n.language === 'en' ? p.nameEn : p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="org-municipality">{t('membership.municipalityCode')}</label>
          <input
            id="org-municipality"
            inputMode="numeric"
            pattern="\d{5}"
            value={municipality}
            onChange={(e) => setMunicipality(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="org-agreement">{t('membership.agreement')}</label>
          <input id="org-agreement" type="date" value={agreement} onChange={(e) => setAgreement(e.target.value)} />
        </div>
      </div>
      <CheckboxGroup
        legend={t('compose.sectors')}
        options={SECTORS}
        value={sectors}
        onChange={setSectors}
        label={(s) => t(`sector.${s}`)}
      />
      <label className="check">
        <input type="checkbox" checked={foreign} onChange={(e) => setForeign(e.target.checked)} />
        {t('membership.foreign')}
      </label>
      <button type="submit" className="primary">
        {t('membership.create')}
      </button>
    </form>
  );
}
