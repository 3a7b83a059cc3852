import type { Logger } from 'pino';
import type { ProviderFault } from '../../shared/provider-fault.ts';
import type { ProbeResult } from '../adapters/openai/openai-probe.ts';
import { faultStatus } from '../core/language/provider-faults.ts';
import { originOf } from '../adapters/openai/openai-errors.ts';
import type { Clock } from '../ports/clock.ts';

// Whether the configured OpenAI-compatible server answers: checked at start, when the settings or
// the key change, and on request ("Check now", "Test connection"), never on every status push.
// Status shows the outcome (reachable, with its models, or the error), not merely "configured".

export interface ProviderCheck {
  reachable: boolean;
  checkedAt: number;
  error: string | null;
  models: string[];
  /** The address it was checked at: a check of another base URL says nothing about this one. */
  baseURL: string;
}

export interface ProviderProbesOptions {
  clock: Clock;
  logger: Logger;
  /** The server and key to check now; null when none is configured (nothing to check). */
  target(): { baseURL: string; apiKey: string } | null;
  probe(target: { baseURL: string; apiKey: string }): Promise<ProbeResult>;
  /** A check finished (status changed). */
  onChange(): void;
}

export interface ProviderProbes {
  /** Checks now; concurrent calls share one check. */
  check(): Promise<ProviderCheck | null>;
  /** The last check of the current target, or null (none configured, or not checked yet). */
  openai(): ProviderCheck | null;
  /**
   * What a real call to the server just met: a fault (Status then says what the reply said) or an
   * answer (the server works again). Calls to another address than the current target are ignored.
   */
  reportCall(address: string, fault: ProviderFault | null): void;
}

export function createProviderProbes(options: ProviderProbesOptions): ProviderProbes {
  let last: ProviderCheck | null = null;
  let running: Promise<ProviderCheck | null> | null = null;

  async function run(): Promise<ProviderCheck | null> {
    const target = options.target();
    if (!target) {
      last = null;
      options.onChange();
      return null;
    }
    const result = await options.probe(target);
    last = {
      reachable: result.reachable,
      checkedAt: options.clock.now(),
      error: result.reachable ? null : result.error,
      models: result.reachable ? result.models : [],
      baseURL: target.baseURL,
    };
    options.logger[result.reachable ? 'info' : 'warn'](
      { code: 'provider_checked', provider: 'openai', reachable: result.reachable, ms: result.ms, ...(result.reachable ? { models: result.models.length } : { reason: result.error }) },
      result.reachable ? `the OpenAI-compatible server answers (${result.models.length} models)` : `the OpenAI-compatible server does not answer: ${result.error}`,
    );
    options.onChange();
    return last;
  }

  return {
    check() {
      running ??= run().finally(() => (running = null));
      return running;
    },
    openai() {
      const target = options.target();
      return last && target && last.baseURL === target.baseURL ? last : null;
    },
    reportCall(address, fault) {
      const target = options.target();
      if (!target || originOf(target.baseURL) !== address) return;
      const error = fault ? faultStatus(fault) : null;
      if (last?.baseURL === target.baseURL && last.reachable === (fault === null) && last.error === error) return;
      last = { reachable: fault === null, checkedAt: options.clock.now(), error, models: last?.baseURL === target.baseURL ? last.models : [], baseURL: target.baseURL };
      options.onChange();
    },
  };
}
