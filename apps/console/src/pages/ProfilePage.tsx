import { useTranslation } from 'react-i18next';
import { ops } from '../api/operations';
import type { Person } from '../api/types';
import { DateTime } from '../components/DateTime';
import { ErrorMessage, Success } from '../components/Feedback';
import { useMutation } from '../components/useQuery';
import { useSession } from '../session';

const valid = (iso: string | null) => !!iso && new Date(iso).getTime() > Date.now();

/** Who I am to the council: organisation, roles, pledge (signed here), clearance. */
export function ProfilePage() {
  const { t } = useTranslation();
  const { person, refresh } = useSession();
  const sign = useMutation<{ signPledge: Person }>(ops.signPledge);
  if (!person) return null;
  const pledgeValid = valid(person.pledgeExpiresAt);
  const cleared = person.clearance.level === 'IESI' && valid(person.clearance.expiresAt) && !person.clearance.suspended;

  return (
    <section>
      <h1>{t('titles.profile')}</h1>
      <dl className="facts">
        <dt>{t('profile.name')}</dt>
        <dd>{person.displayName}</dd>
        <dt>{t('profile.email')}</dt>
        <dd>{person.email}</dd>
        <dt>{t('profile.organisation')}</dt>
        <dd>
          {person.organisation ? `${person.organisation.name} (${t(`tier.${person.organisation.tier}`)})` : t('profile.noOrganisation')}
        </dd>
        <dt>{t('profile.roles')}</dt>
        <dd>{person.roles.length ? person.roles.map((r) => t(`role.${r}`)).join('、') : t('role.READER')}</dd>
        <dt>{t('profile.clearance')}</dt>
        <dd>
          {cleared ? t('profile.cleared') : t('profile.notCleared')}
          {person.clearance.expiresAt && (
            <>
              {' '}
              ({t('profile.until')} <DateTime value={person.clearance.expiresAt} dateOnly />)
            </>
          )}
          {person.clearance.suspended && ` — ${t('profile.suspended')}`}
        </dd>
      </dl>

      <section className="card" aria-labelledby="pledge-heading">
        <h2 id="pledge-heading">{t('pledge.title')}</h2>
        <p>{t('pledge.text')}</p>
        <p>
          {pledgeValid ? t('pledge.validUntil') : t('pledge.missing')}{' '}
          {person.pledgeExpiresAt && <DateTime value={person.pledgeExpiresAt} dateOnly />}
        </p>
        <ErrorMessage error={sign.error} />
        <button
          type="button"
          className="primary"
          disabled={sign.pending}
          onClick={() => {
            void sign.run().then((signed) => signed && refresh());
          }}
        >
          {pledgeValid ? t('pledge.renew') : t('pledge.sign')}
        </button>
        {pledgeValid && sign.pending === false && !sign.error && person.pledgeExpiresAt && <Success>{t('pledge.inForce')}</Success>}
      </section>
    </section>
  );
}
