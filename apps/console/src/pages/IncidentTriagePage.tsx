import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import {
  CLASSIFICATIONS,
  SEVERITIES,
  TLPS,
  type Classification,
  type Connection,
  type IncidentCampaign,
  type IncidentPurpose,
  type IncidentReport,
  type Severity,
  type Tlp,
} from '../api/types';
import { TlpBadge } from '../components/Badges';
import { DateTime } from '../components/DateTime';
import { ErrorMessage, Loading, Success } from '../components/Feedback';
import { LinesField } from '../components/Pickers';
import { useQuery } from '../components/useQuery';
import { AudienceFieldset, Select, Text } from '../compose/fields';
import { writingProblems, type AdvisoryDraft, type Problem } from '../compose/writing-rules';
import { Link } from '../router';
import { useSession } from '../session';

type TriageReport = Pick<
  IncidentReport,
  'id' | 'incidentId' | 'stage' | 'incidentType' | 'severity' | 'affectedService' | 'whatWasSeen' | 'submittedAt'
> & { permittedPurposes: IncidentPurpose[] };

interface Triage {
  incidentCampaigns: IncidentCampaign[];
  incidentReports: Connection<TriageReport>;
}

/** Derived advisories carry no reporter: UNCLASSIFIED/GREEN and unattributed to start with. */
const NEW_DERIVED: AdvisoryDraft = {
  severity: 'MEDIUM',
  attributed: false,
  full: { classification: 'UNCLASSIFIED', tlp: 'GREEN', title: '', summary: '', body: '', recommendedActions: [], indicators: [] },
  tearLine: null,
  audience: { tiers: [], sectors: [], regions: [], organisationIds: [], personIds: [], noForeign: false },
};

/**
 * Secretariat triage: reports grouped into campaigns, and an advisory written by hand from chosen
 * reports (only those whose reporters allowed sharing after sanitising), sent to moderation.
 */
export function IncidentTriagePage() {
  const { t } = useTranslation();
  const triage = useQuery<Triage>(ops.incidentTriage);
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const act = async (operation: () => Promise<unknown>, message: string): Promise<boolean> => {
    setError(null);
    setDone(null);
    try {
      await operation();
      setDone(message);
      await triage.reload();
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    }
  };

  if (triage.loading && !triage.data) return <Loading />;
  if (!triage.data) {
    return (
      <section>
        <h1>{t('titles.incidentTriage')}</h1>
        <p>{t('incidentDesk.secretariatOnly')}</p>
        <ErrorMessage error={triage.error} />
      </section>
    );
  }
  const reports = triage.data.incidentReports.edges.map((e) => e.node);
  const label = (r: Pick<TriageReport, 'affectedService' | 'incidentType'>) =>
    `${r.affectedService} — ${r.incidentType ? t(`incidentType.${r.incidentType}`) : t('incidents.typeUnknown')}`;
  return (
    <section>
      <h1>{t('titles.incidentTriage')}</h1>
      {done && <Success>{done}</Success>}
      <ErrorMessage error={error} />

      <fieldset className="card">
        <legend>{t('triage.chooseReports')}</legend>
        <p className="hint">{t('triage.chooseHint')}</p>
        {reports.length === 0 && <p>{t('incidents.none')}</p>}
        <ul className="plain">
          {reports.map((r) => (
            <li key={r.id}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(r.id)}
                  onChange={(e) => setChosen(e.target.checked ? [...chosen, r.id] : chosen.filter((id) => id !== r.id))}
                />
                {label(r)} (<DateTime value={r.submittedAt} />)
              </label>{' '}
              {r.permittedPurposes.includes('SHARING_AFTER_SANITISING') ? (
                <span className="badge status">{t('triage.sharingAllowed')}</span>
              ) : (
                <span className="badge escalation">{t('triage.sharingNotAllowed')}</span>
              )}{' '}
              <Link to={`/incidents/${r.id}`}>{t('triage.open')}</Link>
            </li>
          ))}
        </ul>
      </fieldset>

      <Campaigns campaigns={triage.data.incidentCampaigns} chosen={chosen} act={act} />
      <DeriveForm reports={reports.filter((r) => chosen.includes(r.id))} label={label} onDerived={() => setChosen([])} act={act} />
    </section>
  );
}

function Campaigns({
  campaigns,
  chosen,
  act,
}: {
  campaigns: IncidentCampaign[];
  chosen: string[];
  act: (op: () => Promise<unknown>, message: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const nameId = useId();
  const descriptionId = useId();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = async (event: FormEvent) => {
    event.preventDefault();
    const input = { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) };
    if (await act(() => graphql(ops.createIncidentCampaign, { input }), t('triage.campaignCreated'))) {
      setName('');
      setDescription('');
    }
  };
  return (
    <section className="card">
      <h2>{t('triage.campaigns')}</h2>
      {campaigns.length === 0 && <p>{t('triage.noCampaigns')}</p>}
      <ul className="advisory-list">
        {campaigns.map((c) => (
          <li key={c.id} className="advisory-item" aria-label={c.name}>
            <h3>{c.name}</h3>
            {c.description && <p className="prose">{c.description}</p>}
            <p className="meta">
              <DateTime value={c.createdAt} /> · {t('triage.linkedCount', { count: c.reports.length })}
            </p>
            {c.reports.length > 0 && (
              <ul>
                {c.reports.map((r) => (
                  <li key={r.id}>
                    <Link to={`/incidents/${r.id}`}>
                      {r.affectedService} — {r.incidentType ? t(`incidentType.${r.incidentType}`) : t('incidents.typeUnknown')}
                    </Link>{' '}
                    <button
                      type="button"
                      className="link"
                      onClick={() =>
                        void act(() => graphql(ops.unlinkIncidentReports, { campaignId: c.id, reportIds: [r.id] }), t('triage.unlinked'))
                      }
                      aria-label={t('triage.unlinkOne', { report: r.affectedService, campaign: c.name })}
                    >
                      {t('triage.unlink')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <button
              type="button"
              disabled={chosen.length === 0}
              onClick={() => void act(() => graphql(ops.linkIncidentReports, { campaignId: c.id, reportIds: chosen }), t('triage.linked'))}
              aria-label={t('triage.linkInto', { campaign: c.name, count: chosen.length })}
            >
              {t('triage.link', { count: chosen.length })}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={(event) => void create(event)}>
        <h3>{t('triage.newCampaign')}</h3>
        <div className="row">
          <div className="field grow">
            <label htmlFor={nameId}>{t('triage.campaignName')}</label>
            <input id={nameId} required value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field grow">
            <label htmlFor={descriptionId}>{t('triage.campaignDescription')}</label>
            <input id={descriptionId} value={description} onChange={(e) => setDescription(e.target.value)} />
          </div>
          <button type="submit" className="primary" disabled={!name.trim()}>
            {t('triage.createCampaign')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The compose page's fields and writing rules, for a full view only (no tear line: it is written sanitised). */
function DeriveForm({
  reports,
  label,
  onDerived,
  act,
}: {
  reports: TriageReport[];
  label: (r: TriageReport) => string;
  onDerived: () => void;
  act: (op: () => Promise<unknown>, message: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const { person } = useSession();
  const [draft, setDraft] = useState<AdvisoryDraft>(NEW_DERIVED);
  const [touched, setTouched] = useState(false);
  const [pending, setPending] = useState(false);
  const [derived, setDerived] = useState<string | null>(null);
  if (!person) return null;
  const problems = writingProblems(draft, person);
  const message = (p: Problem) => t(`rules.${p.key}`, p.values ?? {});
  const problemsOf = (field: string) => problems.filter((p) => p.field === field).map(message);
  const setFull = (patch: Partial<AdvisoryDraft['full']>) => setDraft({ ...draft, full: { ...draft.full, ...patch } });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (problems.length || reports.length === 0) return;
    setPending(true);
    setDerived(null);
    const { full, audience, severity, attributed } = draft;
    const input = {
      reportIds: reports.map((r) => r.id),
      severity,
      attributed,
      audience,
      full: { ...full, body: full.body.trim() ? full.body : null },
    };
    let id: string | null = null;
    const ok = await act(async () => {
      id = (await graphql<{ deriveAdvisoryDraftFromReports: { id: string } }>(ops.deriveAdvisoryDraft, { input }))
        .deriveAdvisoryDraftFromReports.id;
      // Straight to moderation: another secretariat person approves it (four eyes).
      await graphql(ops.submitAdvisory, { id });
    }, t('triage.derived'));
    setPending(false);
    if (ok) {
      setDerived(id);
      setDraft(NEW_DERIVED);
      setTouched(false);
      onDerived();
    }
  };

  return (
    <form className="card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="derive-heading">
      <h2 id="derive-heading">{t('triage.derive')}</h2>
      <p className="hint">{t('triage.deriveHint')}</p>
      {derived && (
        <p className="notice info">
          <Link to={`/moderation/${derived}`}>{t('triage.openInModeration')}</Link>
        </p>
      )}
      <h3>{t('triage.fromReports', { count: reports.length })}</h3>
      {reports.length === 0 ? (
        <p className={touched ? 'field-error' : 'muted'}>{t('triage.noReportsChosen')}</p>
      ) : (
        <ul>
          {reports.map((r) => (
            <li key={r.id}>{label(r)}</li>
          ))}
        </ul>
      )}
      <fieldset className="card">
        <legend>{t('compose.fullView')}</legend>
        <div className="row">
          <Select
            label={t('compose.severity')}
            value={draft.severity}
            options={SEVERITIES}
            render={(s) => t(`severity.${s}`)}
            onChange={(severity) => setDraft({ ...draft, severity: severity as Severity })}
          />
          <Select
            label={t('compose.classification')}
            value={draft.full.classification}
            options={CLASSIFICATIONS}
            render={(c) => t(`classification.${c}`)}
            onChange={(c) => setFull({ classification: c as Classification })}
            problems={problemsOf('full.classification')}
          />
          <Select
            label="TLP"
            value={draft.full.tlp}
            options={TLPS}
            render={(x) => x.replace('_', '+')}
            onChange={(x) => setFull({ tlp: x as Tlp })}
            after={<TlpBadge tlp={draft.full.tlp} />}
          />
        </div>
        <Text
          label={t('triage.sanitisedTitle')}
          value={draft.full.title}
          onChange={(title) => setFull({ title })}
          problems={touched || draft.full.title ? problemsOf('full.title') : []}
        />
        <Text
          label={t('triage.sanitisedSummary')}
          value={draft.full.summary}
          multiline
          onChange={(summary) => setFull({ summary })}
          problems={touched || draft.full.summary ? problemsOf('full.summary') : []}
        />
        <Text
          label={t('compose.body')}
          value={draft.full.body}
          multiline
          rows={6}
          onChange={(body) => setFull({ body })}
          problems={problemsOf('full.body')}
        />
        <LinesField
          label={t('compose.actions')}
          hint={t('compose.onePerLine')}
          value={draft.full.recommendedActions}
          onChange={(recommendedActions) => setFull({ recommendedActions })}
        />
        <LinesField
          label={t('compose.indicators')}
          hint={t('compose.onePerLine')}
          value={draft.full.indicators}
          onChange={(indicators) => setFull({ indicators })}
        />
        <label className="check">
          <input type="checkbox" checked={draft.attributed} onChange={(e) => setDraft({ ...draft, attributed: e.target.checked })} />
          {t('triage.attributed')}
        </label>
      </fieldset>
      <AudienceFieldset
        audience={draft.audience}
        onChange={(patch) => setDraft({ ...draft, audience: { ...draft.audience, ...patch } })}
        problemsOf={problemsOf}
      />
      <div aria-live="polite" className="live-rules">
        {problems.length === 0 ? (
          <p className="ok">✓ {t('compose.rulesOk')}</p>
        ) : (
          touched && <p className="field-error">{t('compose.rulesBroken', { count: problems.length })}</p>
        )}
      </div>
      <button type="submit" className="primary" disabled={pending}>
        {t('triage.deriveSubmit')}
      </button>
    </form>
  );
}
