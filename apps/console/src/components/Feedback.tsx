import { useTranslation } from 'react-i18next';
import { GraphQLRequestError } from '../api/graphql';

/** An error from the API, in the reader's language where we know the code, with the API's own detail. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  let headline = t('errors.generic');
  let details: string[] = [];
  if (error instanceof GraphQLRequestError) {
    const code = error.code;
    if (code === 'NETWORK' || code === 'HTTP') headline = t('errors.network');
    else if (code === 'UNAUTHENTICATED') headline = t('errors.unauthenticated');
    else if (code === 'FORBIDDEN') headline = t('errors.forbidden');
    else if (code === 'NOT_FOUND') headline = t('errors.notFound');
    else if (code === 'BAD_USER_INPUT') headline = t('errors.badInput');
    else if (code === 'CONFLICT') headline = t('errors.conflict');
    details = error.problems.flatMap((p) => p.problems ?? [p.message]).filter((m) => m !== 'network');
  }
  return (
    <div className="notice error" role="alert">
      <strong>{headline}</strong>
      {details.length > 0 && (
        <ul lang="en">
          {details.map((detail, index) => (
            <li key={index}>{detail}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Success({ children }: { children: React.ReactNode }) {
  return (
    <div className="notice success" role="status">
      {children}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}
