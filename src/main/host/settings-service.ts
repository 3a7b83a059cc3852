import type { Logger } from 'pino';
import type { ConfigError } from '../../shared/contract.ts';
import { SettingsSchema, type Settings, type SettingsPatch } from '../../shared/settings.ts';
import { loadLayeredFiles, writeYamlValues } from '../adapters/config/config-files.ts';
import type { Clock } from '../ports/clock.ts';

export interface SettingsFiles {
  /** Shipped defaults (config/app.yaml); never written. */
  defaultsFile: string;
  /** The user's overrides in the data directory; written by `update`. */
  userFile: string;
}

export interface SettingsService {
  current(): Settings;
  /** Problems in the files as last read; the app runs on defaults for each named field. */
  errors(): ConfigError[];
  update(patch: SettingsPatch): Settings;
  onChange(listener: (settings: Settings) => void): () => void;
}

export function createSettingsService(files: SettingsFiles, clock: Clock, logger: Logger): SettingsService {
  const listeners = new Set<(settings: Settings) => void>();
  let loaded = load();

  function load() {
    const result = loadLayeredFiles(SettingsSchema, [files.defaultsFile, files.userFile]);
    for (const error of result.errors) logger.error({ code: 'config_invalid', ...error }, formatConfigError(error));
    for (const warning of result.warnings) logger.warn({ code: 'config_unknown_field', ...warning }, formatConfigError(warning));
    return result;
  }

  return {
    current: () => loaded.value,
    errors: () => loaded.errors,
    update(patch) {
      const entries = leafEntries(patch);
      // Throws AppError('storage_error') naming the file and the reason; nothing has changed then,
      // neither the file nor the settings in memory.
      const { backupPath, replaced } = writeYamlValues(files.userFile, entries, clock.now(), 'settings');
      for (const { field, was } of replaced) {
        logger.warn(
          { code: 'config_section_replaced', file: files.userFile, field, was },
          `${files.userFile} ${field}: held ${JSON.stringify(was)} where a section belongs; replaced by a section with the saved values (the old value is in a comment above it)`,
        );
      }
      if (backupPath) {
        logger.warn({ code: 'config_backed_up', backupPath }, `the previous ${files.userFile} is kept as ${backupPath}`);
      }
      loaded = load();
      logger.info({ code: 'settings_saved', fields: entries.map((e) => e.path.join('.')) }, 'settings saved');
      for (const listener of listeners) listener(loaded.value);
      return loaded.value;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function formatConfigError(error: ConfigError): string {
  const where = [error.file, error.line, error.column].filter((part) => part !== null).join(':');
  return `${where}${error.field ? ` ${error.field}` : ''}: ${error.message}`;
}

function leafEntries(value: unknown, path: string[] = []): { path: string[]; value: unknown }[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ path, value }];
  return Object.entries(value).flatMap(([key, child]) =>
    child === undefined ? [] : leafEntries(child, [...path, key]),
  );
}
