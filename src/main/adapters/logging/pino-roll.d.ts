// pino-roll (CommonJS, no .d.ts of its own): what this app uses of it, from pino-roll 4.0.0's
// README and pino-roll.js. It resolves to the SonicBoom stream it writes with.
declare module 'pino-roll' {
  type SonicBoom = import('sonic-boom').SonicBoom;
  type SonicBoomOpts = import('sonic-boom').SonicBoomOpts;

  interface PinoRollOptions extends Omit<SonicBoomOpts, 'dest' | 'fd'> {
    /** `<file>` without its extension gets `.<n>` and the extension: logs/assistant.log -> logs/assistant.1.log. */
    file: string | (() => string);
    /** A new file past this size: a number of MB, or '512k', '5m', '1g'. */
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    /** `count`: files kept; `removeOtherLogFiles`: those of earlier runs counted and removed too. */
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    symlink?: boolean;
    dateFormat?: string;
  }

  export default function pinoRoll(options: PinoRollOptions): Promise<SonicBoom>;
}
