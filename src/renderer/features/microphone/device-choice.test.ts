import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEVICE,
  effectiveDevice,
  loadDeviceChoice,
  MICROPHONE_CHOICE_KEY,
  microphoneOptions,
  saveDeviceChoice,
} from './device-choice.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('microphoneOptions', () => {
  it('lists the default first, then each input once, without the aliases or outputs', () => {
    const options = microphoneOptions([
      { deviceId: 'default', kind: 'audioinput', label: 'Default - USB Mic' },
      { deviceId: 'communications', kind: 'audioinput', label: 'Communications - USB Mic' },
      { deviceId: 'usb', kind: 'audioinput', label: 'USB Mic' },
      { deviceId: 'usb', kind: 'audioinput', label: 'USB Mic' },
      { deviceId: 'spk', kind: 'audiooutput', label: 'Speakers' },
      { deviceId: 'cam', kind: 'videoinput', label: 'Camera' },
      { deviceId: 'internal', kind: 'audioinput', label: 'Built-in Microphone' },
    ]);
    expect(options).toEqual([
      { value: DEFAULT_DEVICE, label: 'System default' },
      { value: 'usb', label: 'USB Mic' },
      { value: 'internal', label: 'Built-in Microphone' },
    ]);
  });

  it('numbers devices whose labels are hidden before permission, and skips empty ids', () => {
    const options = microphoneOptions([
      { deviceId: '', kind: 'audioinput', label: '' },
      { deviceId: 'a', kind: 'audioinput', label: '' },
      { deviceId: 'b', kind: 'audioinput', label: '' },
    ]);
    expect(options.map((o) => o.label)).toEqual(['System default', 'Microphone 1', 'Microphone 2']);
  });
});

describe('device choice persistence', () => {
  it('remembers a chosen device and forgets it when the default is chosen', () => {
    const storage = memoryStorage();
    expect(loadDeviceChoice(storage)).toBe(DEFAULT_DEVICE);
    saveDeviceChoice(storage, 'usb');
    expect(storage.items.get(MICROPHONE_CHOICE_KEY)).toBe('usb');
    expect(loadDeviceChoice(storage)).toBe('usb');
    saveDeviceChoice(storage, DEFAULT_DEVICE);
    expect(storage.items.has(MICROPHONE_CHOICE_KEY)).toBe(false);
    expect(loadDeviceChoice(storage)).toBe(DEFAULT_DEVICE);
  });

  it('falls back to the default when storage is missing or throws', () => {
    const throwing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {},
    };
    expect(loadDeviceChoice(null)).toBe(DEFAULT_DEVICE);
    expect(loadDeviceChoice(throwing)).toBe(DEFAULT_DEVICE);
    expect(() => saveDeviceChoice(throwing, 'usb')).not.toThrow();
  });

  it('uses a remembered device only while it is listed', () => {
    const options = microphoneOptions([{ deviceId: 'usb', kind: 'audioinput', label: 'USB Mic' }]);
    expect(effectiveDevice(options, 'usb')).toBe('usb');
    expect(effectiveDevice(options, 'unplugged')).toBe(DEFAULT_DEVICE);
  });
});
