import { useTranslation } from 'react-i18next';
import type { AccessLevel, AdvisoryStatus, Classification, Severity, Tlp } from '../api/types';

/** FIRST TLP 2.0: the label is coloured text on black, exactly these colours. */
export const TLP_COLOURS: Record<Tlp, string> = {
  RED: '#FF2B2B',
  AMBER: '#FFC000',
  AMBER_STRICT: '#FFC000',
  GREEN: '#33FF00',
  CLEAR: '#FFFFFF',
};

export function TlpBadge({ tlp }: { tlp: Tlp }) {
  const { t } = useTranslation();
  const label = tlp === 'AMBER_STRICT' ? 'TLP:AMBER+STRICT' : `TLP:${tlp}`;
  return (
    <span className={`badge tlp tlp-${tlp.toLowerCase()}`} title={t(`tlpMeaning.${tlp}`)} data-tlp={tlp}>
      {label}
    </span>
  );
}

export function AccessBadge({ access }: { access: AccessLevel }) {
  const { t } = useTranslation();
  return (
    <span className={`badge access access-${access.toLowerCase()}`} title={t(`accessMeaning.${access}`)} data-access={access}>
      {t(`access.${access}`)}
    </span>
  );
}

export function ClassificationBadge({ classification }: { classification: Classification }) {
  const { t } = useTranslation();
  return (
    <span className={`badge classification classification-${classification.toLowerCase()}`} data-classification={classification}>
      {t(`classification.${classification}`)}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return <span className={`badge severity severity-${severity.toLowerCase()}`}>{t(`severity.${severity}`)}</span>;
}

export function StatusBadge({ status }: { status: AdvisoryStatus }) {
  const { t } = useTranslation();
  return <span className={`badge status status-${status.toLowerCase()}`}>{t(`status.${status}`)}</span>;
}
