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

/**
 * The API's own messages about one input field, to show beside it: "input.target: …" and
 * "target: …" lines, a refusal naming the field, and (the webhook checks name no field) a
 * message about the webhook target. They stay in English, as the API writes them.
 */
export function apiProblemsFor(error: unknown, field: string): string[] {
  if (!(error instanceof GraphQLRequestError) || error.code !== 'BAD_USER_INPUT') return [];
  const pattern = new RegExp(`^(?:[\\w.]+\\.)?${field.replace('.', '\\.')}(?:\\.[\\w.]+)?: `);
  return error.problems.flatMap((p) => {
    const lines = (p.problems ?? []).filter((line) => pattern.test(line));
    if (lines.length) return lines;
    if (p.field === field || (field === 'target' && !p.field && !p.problems && /webhook target/i.test(p.message))) return [p.message];
    return [];
  });
}

/** The API's messages beside a field, marked for assistive technology. */
export function FieldProblems({ id, list }: { id: string; list: string[] }) {
  if (list.length === 0) return null;
  return (
    <ul className="field-error" id={id} lang="en">
      {list.map((p, i) => (
        <li key={i}>{p}</li>
      ))}
    </ul>
  );
}
