import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { municipalitiesOf, PREFECTURES, regionName } from '../regions';

/** A group of checkboxes in a fieldset (keyboard: Tab between boxes, Space toggles). */
export function CheckboxGroup<T extends string>({
  legend,
  options,
  value,
  onChange,
  label,
  hint,
}: {
  legend: string;
  options: readonly T[];
  value: readonly T[];
  onChange: (next: T[]) => void;
  label: (option: T) => string;
  hint?: string;
}) {
  const hintId = useId();
  return (
    <fieldset className="checkbox-group" aria-describedby={hint ? hintId : undefined}>
      <legend>{legend}</legend>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      <div className="options">
        {options.map((option) => (
          <label key={option} className="check">
            <input
              type="checkbox"
              checked={value.includes(option)}
              onChange={(event) => onChange(event.target.checked ? [...value, option] : value.filter((v) => v !== option))}
            />
            {label(option)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Prefectures and municipalities (JIS X 0401 / 0402) for an audience or a channel filter. */
export function RegionPicker({
  legend,
  value,
  onChange,
  hint,
}: {
  legend: string;
  value: string[];
  onChange: (next: string[]) => void;
  hint?: string;
}) {
  const { t, i18n } = useTranslation();
  const [prefecture, setPrefecture] = useState('');
  const [municipality, setMunicipality] = useState('');
  const prefectureId = useId();
  const municipalityId = useId();
  const add = () => {
    const code = municipality || prefecture;
    if (code && !value.includes(code)) onChange([...value, code]);
    setMunicipality('');
  };
  return (
    <fieldset className="region-picker">
      <legend>{legend}</legend>
      {hint && <p className="hint">{hint}</p>}
      <div className="row">
        <label htmlFor={prefectureId}>{t('regions.prefecture')}</label>
        <select
          id={prefectureId}
          value={prefecture}
          onChange={(event) => {
            setPrefecture(event.target.value);
            setMunicipality('');
          }}
        >
          <option value="">{t('regions.choose')}</option>
          {PREFECTURES.map((p) => (
            <option key={p.code} value={p.code}>
              {p.code} {i18n.language === 'en' ? p.nameEn : p.name}
            </option>
          ))}
        </select>
        <label htmlFor={municipalityId}>{t('regions.municipality')}</label>
        <select id={municipalityId} value={municipality} onChange={(event) => setMunicipality(event.target.value)} disabled={!prefecture}>
          <option value="">{t('regions.wholePrefecture')}</option>
          {prefecture &&
            municipalitiesOf(prefecture).map((m) => (
              <option key={m.code} value={m.code}>
                {m.code} {m.name}
              </option>
            ))}
        </select>
        <button type="button" onClick={add} disabled={!prefecture}>
          {t('regions.add')}
        </button>
      </div>
      {value.length === 0 ? (
        <p className="muted">{t('regions.nationwide')}</p>
      ) : (
        <ul className="chips" aria-label={legend}>
          {value.map((code) => (
            <li key={code}>
              {code} {regionName(code, i18n.language)}
              <button
                type="button"
                className="link"
                onClick={() => onChange(value.filter((v) => v !== code))}
                aria-label={t('regions.remove', { name: regionName(code, i18n.language) })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** Free-text list, one item per line (recommended actions, indicators, ids). */
export function LinesField({
  label,
  value,
  onChange,
  hint,
  rows = 3,
}: {
  label: string;
  value: string[];
  onChange: (next: string[]) => void;
  hint?: string;
  rows?: number;
}) {
  const id = useId();
  const [text, setText] = useState(value.join('\n'));
  // Follow changes made elsewhere (e.g. "add my organisation"), but keep what is being typed:
  // state adjusted while rendering when the value changes, rather than by an effect.
  const [followed, setFollowed] = useState(value);
  if (followed !== value) {
    setFollowed(value);
    const typed = text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    if (typed.join('\n') !== value.join('\n')) setText(value.join('\n'));
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && <p className="hint">{hint}</p>}
      <textarea
        id={id}
        rows={rows}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          onChange(
            event.target.value
              .split('\n')
              .map((line) => line.trim())
              .filter(Boolean),
          );
        }}
      />
    </div>
  );
}
