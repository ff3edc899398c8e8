import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../api/graphql';
import { ops } from '../api/operations';
import {
  SECTORS,
  SEVERITIES,
  type AlertChannel,
  type AlertChannelKind,
  type AlertDelivery,
  type Sector,
  type Severity,
} from '../api/types';
import { DateTime } from '../components/DateTime';
import { ErrorMessage, Loading, Success } from '../components/Feedback';
import { CheckboxGroup, RegionPicker } from '../components/Pickers';
import { useQuery } from '../components/useQuery';
import { regionName } from '../regions';

const KINDS: AlertChannelKind[] = ['IN_APP', 'EMAIL', 'WEBHOOK'];

/** Where my alerts go, from which severity, for which sectors and regions; and what failed to arrive. */
export function ChannelsPage() {
  const { t, i18n } = useTranslation();
  const channels = useQuery<{ myAlertChannels: AlertChannel[]; myFailedDeliveries: AlertDelivery[] }>(ops.myChannels);
  const [error, setError] = useState<unknown>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [confirmationSentTo, setConfirmationSentTo] = useState<string | null>(null);
  const [kind, setKind] = useState<AlertChannelKind>('IN_APP');
  const [target, setTarget] = useState('');
  const [minSeverity, setMinSeverity] = useState<Severity>('MEDIUM');
  const [sectors, setSectors] = useState<Sector[]>([]);
  const [regions, setRegions] = useState<string[]>([]);
  const [digest, setDigest] = useState(false);

  const act = async (operation: () => Promise<unknown>) => {
    setError(null);
    setConfirmationSentTo(null);
    try {
      await operation();
      await channels.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const input = { kind, minSeverity, sectors, regions, digest, ...(kind === 'IN_APP' ? {} : { target }) };
      const result = await graphql<{ addAlertChannel: { signingSecret: string | null; channel: AlertChannel } }>(ops.addChannel, { input });
      setSecret(result.addAlertChannel.signingSecret);
      if (!result.addAlertChannel.channel.verified) setConfirmationSentTo(result.addAlertChannel.channel.target);
      setTarget('');
    });
  };

  return (
    <section>
      <h1>{t('titles.channels')}</h1>
      <ErrorMessage error={channels.error ?? error} />
      {channels.loading && !channels.data && <Loading />}
      {confirmationSentTo && <Success>{t('channels.confirmationSent', { address: confirmationSentTo })}</Success>}
      {secret && (
        <Success>
          {t('channels.secretOnce')} <code className="secret">{secret}</code>
        </Success>
      )}
      <div className="table-wrap">
        <table>
          <caption>{t('channels.mine')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('channels.kind')}</th>
              <th scope="col">{t('channels.target')}</th>
              <th scope="col">{t('channels.minSeverity')}</th>
              <th scope="col">{t('channels.filters')}</th>
              <th scope="col">{t('channels.digest')}</th>
              <th scope="col">{t('channels.enabled')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {channels.data?.myAlertChannels.map((channel) => (
              <tr key={channel.id}>
                <td>{t(`channelKind.${channel.kind}`)}</td>
                <td>
                  <span className="mono">{channel.target ?? '—'}</span>
                  {!channel.verified && <div className="unverified">{t('channels.unverified')}</div>}
                </td>
                <td>
                  <select
                    aria-label={t('channels.minSeverity')}
                    value={channel.minSeverity}
                    onChange={(e) => void act(() => graphql(ops.updateChannel, { id: channel.id, input: { minSeverity: e.target.value } }))}
                  >
                    {SEVERITIES.map((s) => (
                      <option key={s} value={s}>
                        {t(`severity.${s}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {channel.sectors.map((s) => t(`sector.${s}`)).join('、') || t('compose.allSectors')}
                  {' / '}
                  {channel.regions.map((r) => regionName(r, i18n.language)).join('、') || t('regions.nationwide')}
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('channels.digest')}
                    checked={channel.digest}
                    onChange={(e) => void act(() => graphql(ops.updateChannel, { id: channel.id, input: { digest: e.target.checked } }))}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('channels.enabled')}
                    checked={channel.enabled}
                    onChange={(e) => void act(() => graphql(ops.updateChannel, { id: channel.id, input: { enabled: e.target.checked } }))}
                  />
                </td>
                <td>
                  <div className="inline">
                    {!channel.verified && (
                      <button
                        type="button"
                        onClick={() =>
                          void act(async () => {
                            await graphql(ops.resendChannelConfirmation, { id: channel.id });
                            setConfirmationSentTo(channel.target);
                          })
                        }
                      >
                        {t('channels.resend')}
                      </button>
                    )}
                    <button type="button" onClick={() => void act(() => graphql(ops.removeChannel, { id: channel.id }))}>
                      {t('common.remove')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {channels.data && channels.data.myAlertChannels.length === 0 && <p>{t('channels.none')}</p>}

      <form className="card" onSubmit={add}>
        <h2>{t('channels.add')}</h2>
        <div className="row">
          <div className="field">
            <label htmlFor="channel-kind">{t('channels.kind')}</label>
            <select id="channel-kind" value={kind} onChange={(e) => setKind(e.target.value as AlertChannelKind)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`channelKind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          {kind !== 'IN_APP' && (
            <div className="field grow">
              <label htmlFor="channel-target">{kind === 'EMAIL' ? t('channels.email') : t('channels.url')}</label>
              <input
                id="channel-target"
                type={kind === 'EMAIL' ? 'email' : 'url'}
                required
                value={target}
                onChange={(e) => setTarget(e.target.value)}
              />
            </div>
          )}
          <div className="field">
            <label htmlFor="channel-severity">{t('channels.minSeverity')}</label>
            <select id="channel-severity" value={minSeverity} onChange={(e) => setMinSeverity(e.target.value as Severity)}>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {t(`severity.${s}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <CheckboxGroup
          legend={t('channels.sectors')}
          hint={t('channels.sectorsHint')}
          options={SECTORS}
          value={sectors}
          onChange={setSectors}
          label={(s) => t(`sector.${s}`)}
        />
        <RegionPicker legend={t('channels.regions')} value={regions} onChange={setRegions} />
        <label className="check">
          <input type="checkbox" checked={digest} onChange={(e) => setDigest(e.target.checked)} />
          {t('channels.digestHint')}
        </label>
        <button type="submit" className="primary">
          {t('channels.addButton')}
        </button>
      </form>

      <h2>{t('channels.failed')}</h2>
      {channels.data && channels.data.myFailedDeliveries.length === 0 ? (
        <p>{t('channels.noFailures')}</p>
      ) : (
        <ul>
          {channels.data?.myFailedDeliveries.map((d) => (
            <li key={d.id}>
              <DateTime value={d.createdAt} /> — {t(`channelKind.${d.channelKind}`)} {d.target} — {d.lastError}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
