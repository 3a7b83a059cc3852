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
};

export function SettingsInput({ field, inputId, value, placeholder, choices = [], onChange }: Props) {
  const { control } = field;
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
        <select id={inputId} name={field.id} value={value} onChange={(e) => onChange(e.target.value)}>
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
        />
      )}
    </div>
  );
}

/** A choice field's options; the saved value stays listed until the host's list comes. */
function optionsOf(control: SettingsField['control'], choices: readonly { value: string; label: string }[], value: string) {
  if (control.kind === 'select') return control.options;
  return choices.some((choice) => choice.value === value) || value === '' ? choices : [{ value, label: value }, ...choices];
}
