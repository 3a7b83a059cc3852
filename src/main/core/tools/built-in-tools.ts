import { z } from 'zod';
import { checkExpression, evaluateChecked, formatMath } from '../experts/specialists/safe-math.ts';
import { findPlaces } from '../experts/specialists/time-zone-places.ts';
import { canonicalTimeZone, formatLongDate, formatTime } from '../experts/specialists/zoned-time.ts';
import { defineTool, type Tool } from './tool.ts';

// The tools every agent may be given by name (config/agents/*.yaml `tools:`), all offline. Modes
// and bridges add their own (timers, hanging up a call) to the same registry.

export const currentTimeTool = defineTool({
  name: 'current_time',
  description: 'The current date and time in a city or IANA time zone (e.g. "Tokyo", "Europe/Paris"); the user\'s own when none is given.',
  parameters: z.object({ place: z.string().max(100).optional().describe('a city, country or IANA time zone') }),
  async run({ place }, context) {
    const zone = place ? (canonicalTimeZone(place) ?? findPlaces(place)[0]?.place.timeZone ?? null) : context.timeZone;
    if (!zone) throw new Error(`no time zone known for "${place}"`);
    return `${formatLongDate(context.now, zone, context.locale)}, ${formatTime(context.now, zone, context.locale)} (${zone})`;
  },
});

export const calculateTool = defineTool({
  name: 'calculate',
  description: 'Evaluates an arithmetic expression or a unit conversion exactly (e.g. "17 * 23 + 5", "18% of 64.50", "5 gallons to liters").',
  parameters: z.object({ expression: z.string().min(1).max(200) }),
  async run({ expression }) {
    const checked = checkExpression(expression);
    if (!checked.ok) throw new Error(checked.reason);
    return formatMath(evaluateChecked(expression), 12);
  },
});

export const builtInTools = (): Tool[] => [currentTimeTool, calculateTool];
