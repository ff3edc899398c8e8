import { useTranslation } from 'react-i18next';
import { Link } from '../router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('titles.notFound')}</h1>
      <p>{t('common.notFoundText')}</p>
      <Link to="/">{t('nav.feed')}</Link>
    </section>
  );
}
