import type { SettingsField } from './settings-fields.ts';

type Props = {
  field: SettingsField;
  inputId: string;
  value: string;
  /** Shown while an optional field is empty. */
  placeholder?: string | undefined;
  onChange(value: string): void;
};

export function SettingsInput({ field, inputId, value, placeholder, onChange }: Props) {
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
      {control.kind === 'select' ? (
        <select id={inputId} name={field.id} value={value} onChange={(e) => onChange(e.target.value)}>
          {control.options.map((option) => (
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
