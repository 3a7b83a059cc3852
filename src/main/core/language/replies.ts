import type { Unanswered } from '../../../shared/trace.ts';
import type { Language } from './language.ts';
import { faultReply } from './provider-faults.ts';

// What the assistant says, in each language, when it has no answer, and how it names its skills.

const SKILL_NAMES: Record<string, Record<Language, string>> = {
  clock: { en: 'the time anywhere', fr: "l'heure partout dans le monde", de: 'die Uhrzeit überall', es: 'la hora en cualquier lugar' },
  calculator: { en: 'calculations and unit conversions', fr: 'les calculs et les conversions', de: 'Rechnen und Umrechnen', es: 'cálculos y conversiones' },
  date_calculator: { en: 'dates and days between them', fr: 'les dates et les jours entre elles', de: 'Daten und Tage dazwischen', es: 'fechas y días entre ellas' },
  timers: { en: 'timers, alarms and reminders', fr: 'minuteurs, alarmes et rappels', de: 'Timer, Wecker und Erinnerungen', es: 'temporizadores, alarmas y recordatorios' },
  small_talk: { en: 'small talk and help', fr: 'discuter et aider', de: 'Plaudern und Hilfe', es: 'charlar y ayudar' },
  weather: { en: 'the weather (online)', fr: 'la météo (en ligne)', de: 'das Wetter (online)', es: 'el tiempo (en línea)' },
  general: { en: 'general questions (with a language model)', fr: 'les questions générales (avec un modèle de langue)', de: 'allgemeine Fragen (mit einem Sprachmodell)', es: 'preguntas generales (con un modelo de lenguaje)' },
};

export const skillName = (name: string, language: Language): string => SKILL_NAMES[name]?.[language] ?? name.replaceAll('_', ' ');

function list(items: string[], language: Language): string {
  const and = { en: 'and', fr: 'et', de: 'und', es: 'y' }[language];
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`;
}

const HELP_HINT: Record<Language, string> = {
  en: 'Say "help" to hear what I can do.',
  fr: 'Dites « aide » pour savoir ce que je sais faire.',
  de: 'Sag „Hilfe“, um zu hören, was ich kann.',
  es: 'Di «ayuda» para saber qué puedo hacer.',
};

/** The honest reply to a question without an answer; `detail` is a fault to name (e.g. a service that could not be reached). */
export function unansweredReply(unanswered: Unanswered, language: Language, detail: string | null = null): string {
  const nearest = unanswered.nearest.map((name) => skillName(name, language));
  switch (unanswered.kind) {
    case 'provider_failed':
    case 'needs_network': {
      if (unanswered.kind === 'provider_failed' && unanswered.fault) return faultReply(unanswered.fault, language);
      const why = detail ? { en: ` (${detail})`, fr: ` (${detail})`, de: ` (${detail})`, es: ` (${detail})` }[language] : '';
      return {
        en: `That needs live data from the internet, and I can't reach it right now${why}.`,
        fr: `Il faut des données en direct d'Internet pour ça, et je n'y ai pas accès pour le moment${why}.`,
        de: `Dafür brauche ich aktuelle Daten aus dem Internet, und ich komme gerade nicht dorthin${why}.`,
        es: `Eso necesita datos en directo de internet, y ahora mismo no puedo conectarme${why}.`,
      }[language];
    }
    case 'needs_model':
      return {
        en: "I can't answer that offline: it needs a language model. Add an OpenAI API key in Settings, or point the base URL at a local OpenAI-compatible server (Ollama, llama.cpp).",
        fr: "Je ne peux pas répondre à ça hors ligne : il faut un modèle de langue. Ajoutez une clé OpenAI dans les réglages, ou indiquez un serveur local compatible OpenAI (Ollama, llama.cpp).",
        de: 'Das kann ich offline nicht beantworten: Dafür braucht es ein Sprachmodell. Hinterlege in den Einstellungen einen OpenAI-Schlüssel oder einen lokalen OpenAI-kompatiblen Server (Ollama, llama.cpp).',
        es: 'No puedo responder a eso sin conexión: hace falta un modelo de lenguaje. Añade una clave de OpenAI en Ajustes o indica un servidor local compatible con OpenAI (Ollama, llama.cpp).',
      }[language];
    case 'no_skill': {
      const closest = nearest.length > 0
        ? { en: ` The nearest I have: ${list(nearest, language)}.`, fr: ` Ce qui s'en rapproche le plus : ${list(nearest, language)}.`, de: ` Am nächsten kommt: ${list(nearest, language)}.`, es: ` Lo más parecido que tengo: ${list(nearest, language)}.` }[language]
        : '';
      return `${{ en: "I can't do that: no skill here covers it.", fr: 'Je ne sais pas faire ça : aucune de mes compétences ne le couvre.', de: 'Das kann ich nicht: Keine meiner Fähigkeiten deckt das ab.', es: 'No puedo hacer eso: ninguna de mis habilidades lo cubre.' }[language]}${closest} ${HELP_HINT[language]}`;
    }
  }
}

/** The reply when the turn was cancelled before it had an answer. */
export const stoppedReply = (language: Language): string => ({ en: 'Stopped.', fr: 'Arrêté.', de: 'Abgebrochen.', es: 'Detenido.' })[language];
