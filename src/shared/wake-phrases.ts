// The wake phrases there are models for (openWakeWord's pre-trained English models), by setting value.

export const WAKE_PHRASES = {
  hey_jarvis: { label: 'Hey Jarvis', modelFile: 'hey_jarvis_v0.1.onnx' },
  hey_mycroft: { label: 'Hey Mycroft', modelFile: 'hey_mycroft_v0.1.onnx' },
  hey_rhasspy: { label: 'Hey Rhasspy', modelFile: 'hey_rhasspy_v0.1.onnx' },
  alexa: { label: 'Alexa', modelFile: 'alexa_v0.1.onnx' },
} as const;

export type WakePhrase = keyof typeof WAKE_PHRASES;
export const WAKE_PHRASE_VALUES = Object.keys(WAKE_PHRASES) as [WakePhrase, ...WakePhrase[]];
