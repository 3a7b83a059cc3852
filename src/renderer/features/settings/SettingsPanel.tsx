import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/settings.ts';
import { useAppActions, useAppState } from '../../state/app-context.tsx';
import { ApiKeyForm } from './ApiKeyForm.tsx';
import { SpeechModelsSection } from './SpeechModelsSection.tsx';
import { SettingsInput } from './SettingsInput.tsx';
import {
  SETTINGS_FIELDS,
  changedSettings,
  emptyPlaceholder,
  toFormValues,
  type SettingsField,
  type SettingsFormValues,
} from './settings-fields.ts';

const GROUPS: { legend: string; prefix: string }[] = [
  { legend: 'Assistant', prefix: 'assistant.' },
  { legend: 'Voice', prefix: 'voice.' },
  { legend: 'OpenAI-compatible provider', prefix: 'providers.openai.' },
  { legend: 'Thresholds (empty: the default)', prefix: 'thresholds.' },
  { legend: 'Conversation', prefix: 'conversation.' },
  { legend: 'Phone (Twilio and SIP), off by default', prefix: 'phone.' },
  { legend: 'Logging and appearance', prefix: '' },
];

const NO_SCENARIOS: readonly { name: string; title: string }[] = [];
const NO_MODELS: readonly string[] = [];
const NO_CHOICES: readonly { value: string; label: string }[] = [];
const scenarioChoices = (scenarios: readonly { name: string; title: string }[]) => scenarios.map((scenario) => ({ value: scenario.name, label: scenario.title }));

const groupOf = (field: SettingsField) =>
  GROUPS.find((group) => group.prefix !== '' && field.id.startsWith(group.prefix)) ?? GROUPS[GROUPS.length - 1];

type Outcome = { kind: 'saved'; refused: number } | { kind: 'unchanged' } | { kind: 'error'; message: string } | null;

export function SettingsPanel() {
  const headingId = useId();
  const saved = useAppState((s) => s.settings);
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Settings</h2>
      {saved ? <SettingsForm saved={saved} /> : <p className="muted">Loading settings…</p>}
      <ApiKeyForm />
      <ApiKeyForm provider="twilio" />
      <ApiKeyForm provider="sip" />
      <SpeechModelsSection />
    </section>
  );
}

/** Says a sample sentence in the voice the saved settings give (OpenAI's with a key, else espeak-ng's). */
function VoicePreview({ espeakVoices }: { espeakVoices: number | null }) {
  const { previewVoice } = useAppActions();
  return (
    <div className="field voice-preview">
      <button type="button" onClick={() => void previewVoice()}>
        Preview the voice
      </button>
      {espeakVoices !== null && <p className="muted">Offline, espeak-ng speaks with {espeakVoices} voices; the one chosen above speaks the assistant's language, others are chosen by language.</p>}
    </div>
  );
}

/** Where to point the Twilio number: its voice webhook, and the stream it opens. */
function TwilioPaths({ publicUrl }: { publicUrl: string }) {
  const base = publicUrl.trim().replace(/\/+$/, '') || 'https://<public URL>';
  return (
    <p className="muted field-wide" data-testid="twilio-paths">
      In the Twilio console, set the number’s voice webhook to <code>POST {base}/twilio/voice</code>; calls then stream to{' '}
      <code>{base.replace(/^http/, 'ws')}/twilio/media</code>. Both are checked against the auth token below.
    </p>
  );
}

/** What a softphone or PBX dials to reach the SIP endpoint. */
function SipAddress({ bindAddress, advertisedAddress, port }: { bindAddress: string; advertisedAddress: string; port: string }) {
  const host = advertisedAddress.trim() || bindAddress.trim() || '127.0.0.1';
  return (
    <p className="muted field-wide" data-testid="sip-address">
      A softphone or PBX calls <code>sip:assistant@{host}:{port.trim() || '5060'}</code> over UDP, from an allowed address; with a password set below, callers must answer its digest challenge.
    </p>
  );
}

/** Asks the saved provider for its models now, and says what came back. */
function TestConnection() {
  const { checkProviders } = useAppActions();
  const provider = useAppState((s) => s.status?.providers.find((entry) => entry.id === 'openai') ?? null);
  const [testing, setTesting] = useState(false);
  const [tested, setTested] = useState(false);
  const outcome = !tested || !provider
    ? null
    : !provider.configured
      ? 'Not set up: save an API key, or a local server as the base URL, then test again.'
      : provider.reachable
        ? `Reachable: ${provider.models?.length ?? 0} models${provider.models && provider.models.length > 0 ? ` (${provider.models.slice(0, 5).join(', ')}${provider.models.length > 5 ? ', …' : ''})` : ''}.`
        : (provider.problem ?? 'Not reachable: no answer.');
  return (
    <div className="field test-connection">
      <button
        type="button"
        disabled={testing}
        onClick={() => {
          setTesting(true);
          void checkProviders().finally(() => {
            setTesting(false);
            setTested(true);
          });
        }}
      >
        {testing ? 'Testing…' : 'Test connection (saved settings)'}
      </button>
      <p role="status" className="muted" data-testid="connection-test">
        {outcome}
      </p>
    </div>
  );
}

function SettingsForm({ saved }: { saved: Settings }) {
  const idPrefix = useId();
  const thresholdDefaults = useAppState((s) => s.status?.thresholdDefaults ?? null);
  const scenarios = useAppState((s) => s.status?.conversation.scenarios ?? NO_SCENARIOS);
  // The voices to pick from (OpenAI's names) and what espeak-ng speaks offline.
  const [voices, setVoices] = useState<readonly string[]>(NO_MODELS);
  const [espeakVoices, setEspeakVoices] = useState<readonly { value: string; label: string }[] | null>(null);
  const { listVoices } = useAppActions();
  useEffect(() => {
    let live = true;
    void listVoices().then((list) => {
      if (!live || !list) return;
      setVoices(list.openai);
      setEspeakVoices(list.espeak.map((voice) => ({ value: voice.id, label: `${voice.name} (${voice.languages.slice(0, 3).join(', ')})` })));
    });
    return () => {
      live = false;
    };
  }, [listVoices]);
  // What the provider listed when it was last checked (Status › Check now).
  const models = useAppState((s) => s.status?.providers.find((provider) => provider.id === 'openai')?.models ?? NO_MODELS);
  const { saveSettings } = useAppActions();
  const [values, setValues] = useState<SettingsFormValues>(() => toFormValues(saved));
  const [baseline, setBaseline] = useState(saved);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  /** Why a field was not saved, by field id; shown next to it until it is edited. */
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  // Settings reloaded from the host (after a reconnect) replace the form only when it has no edits.
  if (saved !== baseline) {
    setBaseline(saved);
    if (changedSettings(baseline, values) === null) setValues(toFormValues(saved));
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const patch = changedSettings(saved, values);
    if (patch === null) {
      setOutcome({ kind: 'unchanged' });
      return;
    }
    setSaving(true);
    const result = await saveSettings(patch);
    setSaving(false);
    if (result.ok) {
      const refused = Object.fromEntries(result.value.fieldErrors.map((error) => [error.field, error.message]));
      // What was saved shows as saved; a refused field keeps what the user typed, with why.
      const savedValues = toFormValues(result.value.settings);
      setValues(Object.fromEntries(Object.entries(savedValues).map(([id, value]) => [id, id in refused ? (values[id] ?? value) : value])));
      setFieldErrors(refused);
      setOutcome({ kind: 'saved', refused: result.value.fieldErrors.length });
    } else {
      setOutcome({ kind: 'error', message: result.error.message });
    }
  }

  function edit(id: string, value: string) {
    setValues((current) => ({ ...current, [id]: value }));
    if (id in fieldErrors) setFieldErrors(({ [id]: _edited, ...rest }) => rest);
    if (outcome?.kind !== 'error') setOutcome(null);
  }

  function revert() {
    setValues(toFormValues(saved));
    setFieldErrors({});
    setOutcome(null);
  }

  return (
    <form aria-label="Settings" className="settings-form" aria-busy={saving} onSubmit={(e) => void submit(e)}>
      {GROUPS.map((group) => (
        <fieldset key={group.legend}>
          <legend>{group.legend}</legend>
          {SETTINGS_FIELDS.filter((field) => groupOf(field) === group).map((field) => (
            <SettingsInput
              key={field.id}
              field={field}
              inputId={`${idPrefix}${field.id}`}
              value={values[field.id] ?? ''}
              placeholder={emptyPlaceholder(field, thresholdDefaults)}
              choices={field.control.kind !== 'choice' ? undefined : field.control.source === 'scenarios' ? scenarioChoices(scenarios) : (espeakVoices ?? NO_CHOICES)}
              onChange={(value) => edit(field.id, value)}
              error={fieldErrors[field.id] ?? null}
              suggestions={field.control.kind !== 'text' ? NO_MODELS : field.control.suggest === 'models' ? models : field.control.suggest === 'voices' ? voices : NO_MODELS}
            />
          ))}
          {group.prefix === 'providers.openai.' && <TestConnection />}
          {group.prefix === 'voice.' && <VoicePreview espeakVoices={espeakVoices?.length ?? null} />}
          {group.prefix === 'phone.' && <TwilioPaths publicUrl={values['phone.twilio.publicUrl'] ?? ''} />}
          {group.prefix === 'phone.' && <SipAddress bindAddress={values['phone.sip.bindAddress'] ?? ''} advertisedAddress={values['phone.sip.advertisedAddress'] ?? ''} port={values['phone.sip.port'] ?? ''} />}
        </fieldset>
      ))}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          Save settings
        </button>
        <button type="button" onClick={revert} disabled={saving}>
          Revert
        </button>
        <p role="status" className="form-status">
          {outcome?.kind === 'saved' && (outcome.refused === 0 ? 'Settings saved' : `Settings saved, except ${outcome.refused} ${outcome.refused === 1 ? 'field' : 'fields'} (see below each)`)}
          {outcome?.kind === 'unchanged' && 'No changes to save'}
        </p>
      </div>
      {outcome?.kind === 'error' && (
        <p role="alert" className="banner banner-error">
          {outcome.message}
        </p>
      )}
    </form>
  );
}
