// Types for the parts of @echogarden/espeak-ng-emscripten (an Emscripten module, no types of its
// own) that espeak-tts.ts uses.
declare module '@echogarden/espeak-ng-emscripten' {
  export interface EspeakVoiceEntry {
    name: string;
    /** e.g. 'gmw/en-US'. */
    identifier: string;
    /** Lower priority number = better match for that language. */
    languages: { priority: number; name: string }[];
  }

  export interface EspeakEvent {
    type: string;
    text_position: number;
    word_length: number;
    audio_position: number;
    id?: number | string;
  }

  export interface ESpeakNGWorker {
    list_voices(): EspeakVoiceEntry[];
    /** 0 on success. */
    set_voice(name: string, language?: string, gender?: number, age?: number, variant?: number): number;
    set_rate(wordsPerMinute: number): void;
    get_rate(): number;
    set_pitch(pitch: number): void;
    get_samplerate(): number;
    /** Calls back with 16-bit samples as they are made; returning true from it stops synthesis. */
    synthesize(text: string, callback: (samples: Int16Array, events: EspeakEvent[]) => boolean | number): void;
  }

  export interface EspeakModule {
    eSpeakNGWorker: new () => ESpeakNGWorker;
  }

  const createEspeakModule: (options?: Record<string, unknown>) => Promise<EspeakModule>;
  export default createEspeakModule;
}
