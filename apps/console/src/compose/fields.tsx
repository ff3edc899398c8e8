import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MEMBER_TIERS, SECTORS } from '../api/types';
import { CheckboxGroup, LinesField, RegionPicker } from '../components/Pickers';
import { useSession } from '../session';
import type { AdvisoryDraft } from './writing-rules';

/** The fields of an advisory form (compose, and a draft derived from incident reports), each with its problems beside it. */
export function Problems({ list, id }: { list: string[]; id?: string }) {
  if (list.length === 0) return null;
  return (
    <ul className="field-error" id={id}>
      {list.map((p, i) => (
        <li key={i}>{p}</li>
      ))}
    </ul>
  );
}

export function Text({
  label,
  value,
  onChange,
  problems,
  multiline,
  rows = 3,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  problems: string[];
  multiline?: boolean;
  rows?: number;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const props = { id, value, 'aria-invalid': problems.length > 0, 'aria-describedby': problems.length ? errorId : undefined };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea rows={rows} {...props} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...props} onChange={(e) => onChange(e.target.value)} />
      )}
      <Problems list={problems} id={errorId} />
    </div>
  );
}

export function Select<T extends string>({
  label,
  value,
  options,
  render,
  onChange,
  problems = [],
  after,
}: {
  label: string;
  value: T;
  options: readonly T[];
  render: (v: T) => string;
  onChange: (v: string) => void;
  problems?: string[];
  after?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="inline">
        <select
          id={id}
          value={value}
          aria-invalid={problems.length > 0}
          aria-describedby={problems.length ? `${id}-error` : undefined}
          onChange={(e) => onChange(e.target.value)}
        >
          {options.map((o) => (
            <option key={o} value={o}>
              {render(o)}
            </option>
          ))}
        </select>
        {after}
      </div>
      <Problems list={problems} id={`${id}-error`} />
    </div>
  );
}

/** Who an advisory is for: tiers, sectors, regions, named organisations and people, no foreign members. */
export function AudienceFieldset({
  audience,
  onChange,
  problemsOf,
}: {
  audience: AdvisoryDraft['audience'];
  onChange: (patch: Partial<AdvisoryDraft['audience']>) => void;
  /** The writing-rule messages of one field, e.g. "audience.personIds". */
  problemsOf: (field: string) => string[];
}) {
  const { t } = useTranslation();
  const { person } = useSession();
  return (
    <fieldset className="card">
      <legend>{t('compose.audience')}</legend>
      <CheckboxGroup
        legend={t('compose.tiers')}
        hint={t('compose.tiersHint')}
        options={MEMBER_TIERS}
        value={audience.tiers}
        onChange={(tiers) => onChange({ tiers })}
        label={(x) => t(`tier.${x}`)}
      />
      <CheckboxGroup
        legend={t('compose.sectors')}
        hint={t('compose.sectorsHint')}
        options={SECTORS}
        value={audience.sectors}
        onChange={(sectors) => onChange({ sectors })}
        label={(x) => t(`sector.${x}`)}
      />
      <RegionPicker
        legend={t('compose.regions')}
        hint={t('compose.regionsHint')}
        value={audience.regions}
        onChange={(regions) => onChange({ regions })}
      />
      <LinesField
        label={t('compose.namedOrganisations')}
        hint={t('compose.idsHint')}
        value={audience.organisationIds}
        onChange={(organisationIds) => onChange({ organisationIds })}
        rows={2}
      />
      {person?.organisation && (
        <button
          type="button"
          className="link"
          onClick={() => onChange({ organisationIds: [...new Set([...audience.organisationIds, person.organisation!.id])] })}
        >
          {t('compose.addMyOrganisation')}
        </button>
      )}
      <Problems list={problemsOf('audience.organisationIds')} />
      <LinesField
        label={t('compose.namedPeople')}
        hint={t('compose.idsHint')}
        value={audience.personIds}
        onChange={(personIds) => onChange({ personIds })}
        rows={2}
      />
      <Problems list={problemsOf('audience.personIds')} />
      <label className="check">
        <input type="checkbox" checked={audience.noForeign} onChange={(e) => onChange({ noForeign: e.target.checked })} />
        {t('compose.noForeign')}
      </label>
    </fieldset>
  );
}
