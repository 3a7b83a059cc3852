import type { Expectation } from '../../checks.ts';

/** Rounded to what an answer can show (the checks accept 0.5% either way). */
export const round = (value: number) => Math.round(value * 10_000) / 10_000;

export const numbers = (...values: number[]): Expectation => ({ numbers: values.map(round) });

/** Stems of "cancelled" in the four languages: any of them says the thing was cancelled. */
export const CANCELLED = ['cancel', 'annul', 'supprim', 'arrêt', 'abgebrochen', 'gelöscht', 'gestoppt', 'storniert', 'beendet', 'cancelad', 'anulad', 'borrad', 'eliminad', 'detenid', 'parado', 'stopped', 'deleted', 'removed'];
