import type { SettingsField } from './settings-fields.ts';

type Props = {
  field: SettingsField;
  inputId: string;
  value: string;
  /** Shown while an optional field is empty. */
  placeholder?: string | undefined;
  /** The options of a `choice` field (from the host's status). */
  choices?: readonly { value: string; label: string }[];
  onChange(value: string): void;
  /** Why the last save refused this field; shown under it. */
  error?: string | null;
  /** Values to offer while typing (the provider's models, when it was checked). */
  suggestions?: readonly string[];
};

export function SettingsInput({ field, inputId, value, placeholder, choices = [], onChange, error = null, suggestions = [] }: Props) {
  const { control } = field;
  const errorId = `${inputId}-error`;
  const invalid = error ? { 'aria-invalid': true, 'aria-describedby': errorId } : {};
  const message = error ? (
    <p id={errorId} className="field-error" data-testid="field-error">
      {error}
    </p>
  ) : null;
  if (control.kind === 'boolean') {
    return (
      <div className="field field-checkbox">
        <label htmlFor={inputId}>
          <input
            id={inputId}
            name={field.id}
            type="checkbox"
            checked={value === 'true'}
            onChange={(e) => onChange(e.target.checked ? 'true' : 'false')}
          />{' '}
          {field.label}
        </label>
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={inputId}>{field.label}</label>
      {control.kind === 'select' || control.kind === 'choice' ? (
        <select id={inputId} name={field.id} value={value} onChange={(e) => onChange(e.target.value)} {...invalid}>
          {optionsOf(control, choices, value).map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : control.kind === 'number' ? (
        <input
          id={inputId}
          name={field.id}
          type="number"
          inputMode="decimal"
          min={control.min}
          max={control.max}
          step={control.step}
          placeholder={placeholder}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          {...invalid}
        />
      ) : (
        <input
          id={inputId}
          name={field.id}
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          {...invalid}
          {...(suggestions.length > 0 ? { list: `${inputId}-suggestions` } : {})}
        />
      )}
      {suggestions.length > 0 && (
        <datalist id={`${inputId}-suggestions`}>
          {suggestions.map((suggestion) => (
            <option key={suggestion} value={suggestion} />
          ))}
        </datalist>
      )}
      {message}
    </div>
  );
}

/** A choice field's options; the saved value stays listed until the host's list comes. */
function optionsOf(control: SettingsField['control'], choices: readonly { value: string; label: string }[], value: string) {
  if (control.kind === 'select') return control.options;
  const none = control.kind === 'choice' && control.optional !== undefined ? [{ value: '', label: control.optional }] : [];
  const listed = choices.some((choice) => choice.value === value) || value === '' ? choices : [{ value, label: value }, ...choices];
  return [...none, ...listed];
}
