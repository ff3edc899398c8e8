import { useTranslation } from 'react-i18next';

/**
 * PLACEHOLDER: incident reports (FIRST / FOLLOW_UP / FINAL stages and their deadlines) are being
 * built on another branch whose GraphQL API is not known here. This route exists so that the
 * navigation and the translations are in place; wire it to the API once it is merged.
 */
export function IncidentsPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('titles.incidents')}</h1>
      <p className="notice info" role="note">
        {t('incidents.placeholder')}
      </p>
    </section>
  );
}
