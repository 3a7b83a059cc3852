/** What is wrong with a bench's figures against the list it promised: missing, not a finite number, or not promised. */
export function figureProblems(promised: readonly string[], measured: Record<string, unknown>): string[] {
  const missing = promised.filter((name) => !(name in measured));
  const notNumbers = promised.filter((name) => name in measured && !(typeof measured[name] === 'number' && Number.isFinite(measured[name])));
  const unpromised = Object.keys(measured).filter((name) => !promised.includes(name));
  return [
    ...(missing.length > 0 ? [`missing: ${missing.join(', ')}`] : []),
    ...(notNumbers.length > 0 ? [`not a finite number: ${notNumbers.map((name) => `${name}=${String(measured[name])}`).join(', ')}`] : []),
    ...(unpromised.length > 0 ? [`not in its list of figures: ${unpromised.join(', ')}`] : []),
  ];
}
