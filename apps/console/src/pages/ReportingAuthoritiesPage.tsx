import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import {
  AUTHORITY_KINDS,
  INCIDENT_TYPES,
  PERSONAL_DATA_CONDITIONS,
  SECTORS,
  type AuthorityKind,
  type IncidentType,
  type PersonalDataCondition,
  type ReportingAuthority,
  type RoutingRule,
  type Sector,
} from '../api/types';
import { apiProblemsFor, ErrorMessage, FieldProblems, Loading, Success } from '../components/Feedback';
import { CheckboxGroup } from '../components/Pickers';
import { useQuery } from '../components/useQuery';

type ChannelKind = 'WEBHOOK' | 'EMAIL';

interface AuthorityForm {
  nameJa: string;
  nameEn: string;
  kind: AuthorityKind;
  channelKind: ChannelKind;
  target: string;
  requiresReporterConsent: boolean;
  openPgpPublicKey: string;
  routingRules: RoutingRule[];
}

const EMPTY_FORM: AuthorityForm = {
  nameJa: '',
  nameEn: '',
  kind: 'SECTOR_MINISTRY',
  channelKind: 'WEBHOOK',
  target: '',
  requiresReporterConsent: false,
  openPgpPublicKey: '',
  routingRules: [],
};
const EMPTY_RULE: RoutingRule = { sectors: [], incidentTypes: [], personalData: 'ANY' };

/**
 * Secretariat: the authorities incident reports go to through the one window. Each has a channel
 * (signed webhook or e-mail), routing rules and whether the reporter's consent is needed; it is
 * deactivated, never deleted, so that earlier deliveries keep their authority.
 */
export function ReportingAuthoritiesPage() {
  const { t, i18n } = useTranslation();
  const list = useQuery<{ reportingAuthorities: ReportingAuthority[] }>(ops.reportingAuthorities);
  const [editing, setEditing] = useState<ReportingAuthority | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  const act = async (operation: () => Promise<unknown>, message: string): Promise<boolean> => {
    setError(null);
    setDone(null);
    try {
      await operation();
      setDone(message);
      await list.reload();
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    }
  };

  const save = async (form: AuthorityForm) => {
    setSecret(null);
    const input = {
      nameJa: form.nameJa.trim(),
      nameEn: form.nameEn.trim(),
      kind: form.kind,
      channelKind: form.channelKind,
      target: form.target.trim(),
      requiresReporterConsent: form.requiresReporterConsent,
      routingRules: form.routingRules,
      ...(form.channelKind === 'EMAIL' && form.openPgpPublicKey.trim() ? { openPgpPublicKey: form.openPgpPublicKey } : {}),
    };
    let signingSecret: string | null = null;
    const ok = await act(
      async () => {
        if (editing) {
          signingSecret = (
            await graphql<{ updateReportingAuthority: { signingSecret: string | null } }>(ops.updateReportingAuthority, {
              id: editing.id,
              input,
            })
          ).updateReportingAuthority.signingSecret;
        } else {
          signingSecret = (
            await graphql<{ createReportingAuthority: { signingSecret: string | null } }>(ops.createReportingAuthority, { input })
          ).createReportingAuthority.signingSecret;
        }
      },
      editing ? t('authorities.updated') : t('authorities.created'),
    );
    if (ok) {
      setSecret(signingSecret);
      setEditing(null);
    }
    return ok;
  };

  const name = (a: ReportingAuthority) => (i18n.language === 'en' ? a.nameEn : a.nameJa);
  return (
    <section>
      <h1>{t('titles.reportingAuthorities')}</h1>
      <p className="hint">{t('authorities.intro')}</p>
      {done && <Success>{done}</Success>}
      {secret && (
        <div className="notice warning" role="status">
          <strong>{t('authorities.secretOnce')}</strong>{' '}
          <code className="mono" data-testid="signing-secret">
            {secret}
          </code>
        </div>
      )}
      <ErrorMessage error={list.error ?? error} />
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <div className="table-wrap">
          <table>
            <caption>{t('authorities.list')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('authorities.name')}</th>
                <th scope="col">{t('authorities.kind')}</th>
                <th scope="col">{t('authorities.channel')}</th>
                <th scope="col">{t('authorities.rules')}</th>
                <th scope="col">{t('authorities.consent')}</th>
                <th scope="col">{t('authorities.state')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.reportingAuthorities.length === 0 && (
                <tr>
                  <td colSpan={7}>{t('authorities.none')}</td>
                </tr>
              )}
              {list.data.reportingAuthorities.map((a) => (
                <tr key={a.id} data-active={a.active}>
                  <th scope="row">{name(a)}</th>
                  <td>{t(`authorityKind.${a.kind}`)}</td>
                  <td>
                    {a.channelKind && t(`reportingChannel.${a.channelKind}`)} <span className="mono">{a.target}</span>
                    {a.openPgpFingerprint && <div className="mono muted">OpenPGP {a.openPgpFingerprint}</div>}
                  </td>
                  <td>
                    <RulesSummary rules={a.routingRules ?? []} />
                  </td>
                  <td>{a.requiresReporterConsent ? t('common.yes') : t('common.no')}</td>
                  <td>{a.active ? t('authorities.active') : t('authorities.inactive')}</td>
                  <td className="actions">
                    <button type="button" onClick={() => setEditing(a)} aria-label={t('authorities.editOne', { name: name(a) })}>
                      {t('authorities.edit')}
                    </button>{' '}
                    {a.active ? (
                      <button
                        type="button"
                        onClick={() =>
                          void act(() => graphql(ops.deactivateReportingAuthority, { id: a.id }), t('authorities.deactivated'))
                        }
                        aria-label={t('authorities.deactivateOne', { name: name(a) })}
                      >
                        {t('authorities.deactivate')}
                      </button>
                    ) : (
                      <button
                        type="button"
                        onClick={() =>
                          void act(() => graphql(ops.reactivateReportingAuthority, { id: a.id }), t('authorities.reactivated'))
                        }
                        aria-label={t('authorities.reactivateOne', { name: name(a) })}
                      >
                        {t('authorities.reactivate')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AuthorityEditor
        key={editing?.id ?? 'new'}
        initial={editing ? fromAuthority(editing) : EMPTY_FORM}
        heading={editing ? t('authorities.editHeading', { name: name(editing) }) : t('authorities.createHeading')}
        error={error}
        onSave={save}
        onCancel={editing ? () => setEditing(null) : undefined}
      />
    </section>
  );
}

function fromAuthority(a: ReportingAuthority): AuthorityForm {
  return {
    nameJa: a.nameJa,
    nameEn: a.nameEn,
    kind: a.kind,
    channelKind: a.channelKind ?? 'WEBHOOK',
    target: a.target ?? '',
    requiresReporterConsent: a.requiresReporterConsent,
    openPgpPublicKey: '',
    routingRules: a.routingRules ?? [],
  };
}

function RulesSummary({ rules }: { rules: RoutingRule[] }) {
  const { t } = useTranslation();
  if (rules.length === 0) return <span className="muted">{t('authorities.noRules')}</span>;
  return (
    <ul className="rules">
      {rules.map((rule, index) => (
        <li key={index}>
          {[
            rule.sectors.length ? rule.sectors.map((s) => t(`sector.${s}`)).join('・') : t('authorities.anySector'),
            rule.incidentTypes.length ? rule.incidentTypes.map((x) => t(`incidentType.${x}`)).join('・') : t('authorities.anyType'),
            t(`personalData.${rule.personalData}`),
          ].join(' / ')}
        </li>
      ))}
    </ul>
  );
}

/** One input with its label and the API's messages about it beside it. */
function Field({
  label,
  field,
  error,
  children,
}: {
  label: string;
  field: string;
  error: unknown;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => React.ReactNode;
}) {
  const id = useId();
  const problems = apiProblemsFor(error, field);
  return (
    <div className="field grow">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': problems.length > 0, 'aria-describedby': problems.length ? `${id}-error` : undefined })}
      <FieldProblems id={`${id}-error`} list={problems} />
    </div>
  );
}

function AuthorityEditor({
  initial,
  heading,
  error,
  onSave,
  onCancel,
}: {
  initial: AuthorityForm;
  heading: string;
  error: unknown;
  onSave: (form: AuthorityForm) => Promise<boolean>;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState<AuthorityForm>(initial);
  const [pending, setPending] = useState(false);
  const set = (patch: Partial<AuthorityForm>) => setForm({ ...form, ...patch });
  const setRule = (index: number, patch: Partial<RoutingRule>) =>
    set({ routingRules: form.routingRules.map((r, i) => (i === index ? { ...r, ...patch } : r)) });
  const police = form.kind === 'POLICE';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    if ((await onSave(form)) && !onCancel) setForm(EMPTY_FORM);
    setPending(false);
  };
  const ruleProblems = apiProblemsFor(error, 'routingRules');
  return (
    <form className="card" onSubmit={(event) => void submit(event)} noValidate aria-label={heading}>
      <h2>{heading}</h2>
      <div className="row">
        <Field label={t('authorities.nameJa')} field="nameJa" error={error}>
          {(props) => <input {...props} lang="ja" value={form.nameJa} onChange={(e) => set({ nameJa: e.target.value })} />}
        </Field>
        <Field label={t('authorities.nameEn')} field="nameEn" error={error}>
          {(props) => <input {...props} lang="en" value={form.nameEn} onChange={(e) => set({ nameEn: e.target.value })} />}
        </Field>
      </div>
      <div className="row">
        <Field label={t('authorities.kind')} field="kind" error={error}>
          {(props) => (
            <select
              {...props}
              value={form.kind}
              onChange={(e) =>
                set({ kind: e.target.value as AuthorityKind, ...(e.target.value === 'POLICE' ? { requiresReporterConsent: true } : {}) })
              }
            >
              {AUTHORITY_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`authorityKind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('authorities.channel')} field="channelKind" error={error}>
          {(props) => (
            <select {...props} value={form.channelKind} onChange={(e) => set({ channelKind: e.target.value as ChannelKind })}>
              <option value="WEBHOOK">{t('reportingChannel.WEBHOOK')}</option>
              <option value="EMAIL">{t('reportingChannel.EMAIL')}</option>
            </select>
          )}
        </Field>
        <Field
          label={form.channelKind === 'WEBHOOK' ? t('authorities.webhookUrl') : t('authorities.emailAddress')}
          field="target"
          error={error}
        >
          {(props) => (
            <input
              {...props}
              className="mono"
              type={form.channelKind === 'EMAIL' ? 'email' : 'url'}
              value={form.target}
              onChange={(e) => set({ target: e.target.value })}
            />
          )}
        </Field>
      </div>
      {form.channelKind === 'EMAIL' && (
        <Field label={t('authorities.openPgpKey')} field="openPgpPublicKey" error={error}>
          {(props) => (
            <textarea
              {...props}
              rows={4}
              className="mono"
              placeholder="-----BEGIN PGP PUBLIC KEY BLOCK-----"
              value={form.openPgpPublicKey}
              onChange={(e) => set({ openPgpPublicKey: e.target.value })}
            />
          )}
        </Field>
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={form.requiresReporterConsent || police}
          disabled={police}
          onChange={(e) => set({ requiresReporterConsent: e.target.checked })}
        />
        {t('authorities.requiresConsent')}
      </label>
      {police && <p className="hint">{t('authorities.policeConsent')}</p>}
      <FieldProblems id="authority-consent-error" list={apiProblemsFor(error, 'requiresReporterConsent')} />

      <fieldset className="checkbox-group">
        <legend>{t('authorities.rules')}</legend>
        <p className="hint">{t('authorities.rulesHint')}</p>
        {form.routingRules.map((rule, index) => (
          <fieldset key={index} className="card">
            <legend>{t('authorities.ruleN', { n: index + 1 })}</legend>
            <CheckboxGroup
              legend={t('authorities.ruleSectors')}
              options={SECTORS}
              value={rule.sectors}
              onChange={(sectors: Sector[]) => setRule(index, { sectors })}
              label={(x) => t(`sector.${x}`)}
            />
            <CheckboxGroup
              legend={t('authorities.ruleTypes')}
              options={INCIDENT_TYPES}
              value={rule.incidentTypes}
              onChange={(incidentTypes: IncidentType[]) => setRule(index, { incidentTypes })}
              label={(x) => t(`incidentType.${x}`)}
            />
            <fieldset className="checkbox-group">
              <legend>{t('authorities.rulePersonalData')}</legend>
              {PERSONAL_DATA_CONDITIONS.map((c: PersonalDataCondition) => (
                <label key={c} className="check">
                  <input
                    type="radio"
                    name={`personal-data-${index}`}
                    checked={rule.personalData === c}
                    onChange={() => setRule(index, { personalData: c })}
                  />
                  {t(`personalData.${c}`)}
                </label>
              ))}
            </fieldset>
            <button type="button" onClick={() => set({ routingRules: form.routingRules.filter((_, i) => i !== index) })}>
              {t('authorities.removeRule', { n: index + 1 })}
            </button>
          </fieldset>
        ))}
        <button type="button" onClick={() => set({ routingRules: [...form.routingRules, { ...EMPTY_RULE }] })}>
          {t('authorities.addRule')}
        </button>
        <FieldProblems id="authority-rules-error" list={ruleProblems} />
      </fieldset>
      <div className="row">
        <button type="submit" className="primary" disabled={pending}>
          {onCancel ? t('authorities.save') : t('authorities.create')}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('authorities.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
