import { useTranslation } from 'react-i18next';
import { formatJst } from '../format';

/** A date shown in JST in the reader's language, with the ISO 8601 instant as its machine value and tooltip. */
export function DateTime({ value, dateOnly }: { value: string | null | undefined; dateOnly?: boolean }) {
  const { t } = useTranslation();
  useTranslation(); // re-render on a language change
  if (!value) return <span className="muted">{t('common.none')}</span>;
  return (
    <time dateTime={value} title={value}>
      {formatJst(value, { dateOnly })}
    </time>
  );
}
