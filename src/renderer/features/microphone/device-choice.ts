// Which microphone to open: the list for the select and the remembered choice (localStorage).

export const MICROPHONE_CHOICE_KEY = 'assistant.microphone.deviceId';
/** The select's value for "whatever the system uses". */
export const DEFAULT_DEVICE = '';

export type DeviceLike = { deviceId: string; kind: string; label: string; groupId?: string };
export type DeviceOption = { value: string; label: string };
type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The system default first, then every input device once; unnamed (before permission) ones numbered. */
export function microphoneOptions(devices: readonly DeviceLike[]): DeviceOption[] {
  const options: DeviceOption[] = [{ value: DEFAULT_DEVICE, label: 'System default' }];
  const seen = new Set<string>();
  let unnamed = 0;
  for (const device of devices) {
    // Chromium lists the default and communications devices again under these aliases.
    if (device.kind !== 'audioinput' || device.deviceId === '' || device.deviceId === 'default' || device.deviceId === 'communications') continue;
    if (seen.has(device.deviceId)) continue;
    seen.add(device.deviceId);
    options.push({ value: device.deviceId, label: device.label || `Microphone ${++unnamed}` });
  }
  return options;
}

export function loadDeviceChoice(storage: ChoiceStorage | null): string {
  try {
    return storage?.getItem(MICROPHONE_CHOICE_KEY) ?? DEFAULT_DEVICE;
  } catch {
    return DEFAULT_DEVICE; // storage disabled: the default it is
  }
}

export function saveDeviceChoice(storage: ChoiceStorage | null, deviceId: string): void {
  try {
    if (deviceId === DEFAULT_DEVICE) storage?.removeItem(MICROPHONE_CHOICE_KEY);
    else storage?.setItem(MICROPHONE_CHOICE_KEY, deviceId);
  } catch {
    // Not remembered; the choice still holds for this page.
  }
}

/** The remembered device if it is still there, else the default (it may be unplugged, or listed later). */
export function effectiveDevice(options: readonly DeviceOption[], chosen: string): string {
  return options.some((option) => option.value === chosen) ? chosen : DEFAULT_DEVICE;
}
