import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import { CLASSIFICATIONS, SEVERITIES, TLPS, type Advisory, type Classification, type Severity, type Tlp } from '../api/types';
import { TlpBadge } from '../components/Badges';
import { ErrorMessage, Loading } from '../components/Feedback';
import { useQuery } from '../components/useQuery';
import { LinesField } from '../components/Pickers';
import { AudienceFieldset, Problems, Select, Text } from '../compose/fields';
import { isCleared, toCreateInput, writingProblems, type AdvisoryDraft, type Problem, type ViewDraft } from '../compose/writing-rules';
import { navigate, useLocation } from '../router';
import { useSession } from '../session';

const EMPTY_TEAR_LINE = {
  classification: 'UNCLASSIFIED' as Classification,
  tlp: 'GREEN' as Tlp,
  title: '',
  summary: '',
  recommendedActions: [],
  releaseToNonMemberLocalGovernments: false,
};

const NEW_DRAFT: AdvisoryDraft = {
  severity: 'MEDIUM',
  attributed: true,
  full: { classification: 'COUNCIL_CONFIDENTIAL', tlp: 'AMBER', title: '', summary: '', body: '', recommendedActions: [], indicators: [] },
  tearLine: null,
  audience: { tiers: [], sectors: [], regions: [], organisationIds: [], personIds: [], noForeign: false },
};

/**
 * /compose writes a new advisory; /compose?id=… revises one of ours (a draft, or one the
 * secretariat sent back), starting from the full view and audience as the API shows them to us.
 */
export function ComposePage() {
  const { query } = useLocation();
  const id = query.get('id');
  const existing = useQuery<{ advisory: Advisory | null }>(ops.advisory, { id }, { skip: !id });
  if (!id) return <AdvisoryEditor initial={NEW_DRAFT} />;
  if (existing.loading || !existing.data) return existing.error ? <ErrorMessage error={existing.error} /> : <Loading />;
  const a = existing.data.advisory;
  if (!a || a.access !== 'FULL' || !a.audience) return <ErrorMessage error={new Error('not editable')} />;
  const initial: AdvisoryDraft = {
    severity: a.severity,
    // attributed is not part of what the API shows back; keep the originator's choice by leaving it out of the update.
    attributed: true,
    full: {
      classification: a.classification,
      tlp: a.tlp,
      title: a.title ?? '',
      summary: a.summary ?? '',
      body: a.body ?? '',
      recommendedActions: a.recommendedActions ?? [],
      indicators: a.indicators ?? [],
    },
    tearLine: null,
    audience: { ...a.audience },
  };
  return <AdvisoryEditor key={id} initial={initial} editingId={id} />;
}

type TearLineMode = 'new' | 'keep' | 'replace' | 'remove';

/** Writing an advisory: the full view, an optional tear line, the audience; rules checked as one types. */
function AdvisoryEditor({ initial, editingId }: { initial: AdvisoryDraft; editingId?: string }) {
  const { t } = useTranslation();
  const { person } = useSession();
  const [draft, setDraft] = useState<AdvisoryDraft>(initial);
  const [tearLineMode, setTearLineMode] = useState<TearLineMode>(editingId ? 'keep' : 'new');
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  if (!person) return null;

  const problems = writingProblems(draft, person);
  const problemsOf = (field: string) => problems.filter((p) => p.field === field);
  const message = (p: Problem) => t(`rules.${p.key}`, p.values ?? {});
  const setFull = (patch: Partial<AdvisoryDraft['full']>) => setDraft({ ...draft, full: { ...draft.full, ...patch } });
  const setTear = (patch: Partial<NonNullable<AdvisoryDraft['tearLine']>>) =>
    setDraft({ ...draft, tearLine: { ...(draft.tearLine ?? EMPTY_TEAR_LINE), ...patch } });
  const setAudience = (patch: Partial<AdvisoryDraft['audience']>) => setDraft({ ...draft, audience: { ...draft.audience, ...patch } });

  const save = async (submit: boolean) => {
    setTouched(true);
    if (problems.length) return;
    setPending(true);
    setError(null);
    try {
      let id = editingId;
      if (editingId) {
        const { attributed: _unchanged, tearLine, ...rest } = toCreateInput(draft);
        const input = {
          ...rest,
          ...(tearLineMode === 'replace' ? { tearLine } : tearLineMode === 'remove' ? { removeTearLine: true } : {}),
        };
        await graphql(ops.updateAdvisory, { id: editingId, input });
      } else {
        id = (await graphql<{ createAdvisory: { id: string } }>(ops.createAdvisory, { input: toCreateInput(draft) })).createAdvisory.id;
      }
      if (submit) await graphql(ops.submitAdvisory, { id });
      navigate('/submissions');
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save(true);
  };

  return (
    <section>
      <h1>{editingId ? t('compose.editTitle') : t('titles.compose')}</h1>
      <p>{isCleared(person) ? t('compose.clearedNote') : t('compose.unclearedNote')}</p>
      <form onSubmit={onSubmit} noValidate>
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
              problems={problemsOf('full.classification').map(message)}
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
            label={t('compose.title')}
            value={draft.full.title}
            onChange={(title) => setFull({ title })}
            problems={touched || draft.full.title ? problemsOf('full.title').map(message) : []}
          />
          <Text
            label={t('compose.summary')}
            value={draft.full.summary}
            multiline
            onChange={(summary) => setFull({ summary })}
            problems={touched || draft.full.summary ? problemsOf('full.summary').map(message) : []}
          />
          <Text
            label={t('compose.body')}
            value={draft.full.body}
            multiline
            rows={8}
            onChange={(body) => setFull({ body })}
            problems={problemsOf('full.body').map(message)}
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
          {!editingId && (
            <label className="check">
              <input type="checkbox" checked={draft.attributed} onChange={(e) => setDraft({ ...draft, attributed: e.target.checked })} />
              {t('compose.attributed')}
            </label>
          )}
        </fieldset>

        <fieldset className="card">
          <legend>{t('compose.tearLine')}</legend>
          <p className="hint">{t('compose.tearLineHint')}</p>
          {editingId ? (
            <fieldset className="checkbox-group">
              <legend>{t('compose.tearLineChange')}</legend>
              {(['keep', 'replace', 'remove'] as const).map((mode) => (
                <label key={mode} className="check">
                  <input
                    type="radio"
                    name="tear-line-mode"
                    checked={tearLineMode === mode}
                    onChange={() => {
                      setTearLineMode(mode);
                      setDraft({ ...draft, tearLine: mode === 'replace' ? { ...EMPTY_TEAR_LINE } : null });
                    }}
                  />
                  {t(`compose.tearLineMode.${mode}`)}
                </label>
              ))}
            </fieldset>
          ) : (
            <label className="check">
              <input
                type="checkbox"
                checked={draft.tearLine !== null}
                onChange={(e) => setDraft({ ...draft, tearLine: e.target.checked ? { ...EMPTY_TEAR_LINE } : null })}
              />
              {t('compose.withTearLine')}
            </label>
          )}
          {draft.tearLine && (
            <>
              <div className="row">
                <Select
                  label={t('compose.classification')}
                  value={draft.tearLine.classification}
                  options={CLASSIFICATIONS}
                  render={(c) => t(`classification.${c}`)}
                  onChange={(c) => setTear({ classification: c as Classification })}
                  problems={problemsOf('tearLine.classification').map(message)}
                />
                <Select
                  label="TLP"
                  value={draft.tearLine.tlp}
                  options={TLPS}
                  render={(x) => x.replace('_', '+')}
                  onChange={(x) => setTear({ tlp: x as Tlp })}
                  problems={problemsOf('tearLine.tlp').map(message)}
                  after={<TlpBadge tlp={draft.tearLine.tlp} />}
                />
              </div>
              <Text
                label={t('compose.tearLineTitle')}
                value={draft.tearLine.title}
                onChange={(title) => setTear({ title })}
                problems={touched || draft.tearLine.title ? problemsOf('tearLine.title').map(message) : []}
              />
              <Text
                label={t('compose.tearLineSummary')}
                value={draft.tearLine.summary}
                multiline
                onChange={(summary) => setTear({ summary })}
                problems={touched || draft.tearLine.summary ? problemsOf('tearLine.summary').map(message) : []}
              />
              <LinesField
                label={t('compose.actions')}
                hint={t('compose.onePerLine')}
                value={draft.tearLine.recommendedActions}
                onChange={(recommendedActions) => setTear({ recommendedActions })}
              />
              <label className="check">
                <input
                  type="checkbox"
                  checked={draft.tearLine.releaseToNonMemberLocalGovernments}
                  aria-invalid={problemsOf('tearLine.releaseToNonMemberLocalGovernments').length > 0}
                  onChange={(e) => setTear({ releaseToNonMemberLocalGovernments: e.target.checked })}
                />
                {t('compose.releaseToLocalGovernments')}
              </label>
              <Problems list={problemsOf('tearLine.releaseToNonMemberLocalGovernments').map(message)} />
            </>
          )}
        </fieldset>

        <AudienceFieldset audience={draft.audience} onChange={setAudience} problemsOf={(field) => problemsOf(field).map(message)} />

        <div aria-live="polite" className="live-rules">
          {problems.length === 0 ? (
            <p className="ok">✓ {t('compose.rulesOk')}</p>
          ) : (
            touched && <p className="field-error">{t('compose.rulesBroken', { count: problems.length })}</p>
          )}
        </div>
        <ErrorMessage error={error} />
        <div className="row">
          <button type="button" onClick={() => void save(false)} disabled={pending}>
            {t('compose.saveDraft')}
          </button>
          <button type="submit" className="primary" disabled={pending}>
            {t('compose.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

export type { ViewDraft };
