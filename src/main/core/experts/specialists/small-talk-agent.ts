import type { Language } from '../../language/language.ts';
import { abstain, type Agent, type AgentAbstention, type AgentOutput } from '../../moe/agent.ts';

// Greetings, thanks, "how are you", goodbyes, and "help" / "what can you do": answered offline in
// the user's language. The help says what works now and what a key or a local server would add.
// It reads the English reading of the words (core/language/to-english.ts).

export interface SmallTalkOptions {
  /** Whether a language model is configured (general questions work). */
  modelConfigured: boolean;
}

type Kind = 'greeting' | 'thanks' | 'how_are_you' | 'goodbye' | 'who' | 'help';

const PATTERNS: [Kind, RegExp][] = [
  ['help', /^(?:help|help me|i need help|what (?:kind of |sort of )?(?:things|questions) can i ask(?: you)?|what can i ask you|how do i use (?:this|you|it)|how (?:can|do) i use (?:this|you)|what can (?:you|i) (?:do|ask)|what (?:can|could) you help (?:me )?with|what do you do|how do you work|how does this work|what are your (?:skills|features|abilities)|what are you able to do|(?:list )?(?:your )?commands|what do you know|what can you do for me)\b/],
  ['how_are_you', /^(?:(?:hi|hello|hey)[, ]+)?(?:how are you(?: doing| today)?|how's it going|how are things|how do you do|are you ok|are you well|what's up|whats up)\b/],
  ['greeting', /^(?:hello|hi|hey|hiya|howdy|greetings|yo|good (?:morning|afternoon|evening|day))(?: there| assistant| again| everyone)?$/],
  ['thanks', /^(?:(?:ok|okay|great|perfect|cool|nice|awesome)[, ]+)?(?:thanks|thank you|thx|ty|cheers|much appreciated|many thanks|thanks a lot|thank you very much|thank you so much)(?: (?:very much|so much|a lot|again|for (?:that|the help|your help)))?$/],
  ['goodbye', /^(?:(?:ok|okay|thanks)[, ]+)?(?:bye|goodbye|good bye|bye bye|see you(?: later| soon)?|good night|later|farewell|that's all|that is all)$/],
  ['who', /^(?:who are you|what(?:'s| is) your name|what are you|are you a robot|are you human)$/],
];

const clean = (text: string) =>
  text
    .toLowerCase()
    .replace(/[!?.,]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export function createSmallTalkAgent(options: SmallTalkOptions): Agent {
  return {
    name: 'small_talk',
    description: 'Greetings, thanks and goodbyes, and help: what the assistant can do offline and what a key or a local model would add.',
    capabilities: ['greetings', 'thanks', 'help', 'what can you do'],
    examples: ['hello', 'thanks', 'good morning', 'what can you do', 'help', 'how are you', 'bye'],
    provider: 'local',
    cache: { cacheable: false, reason: 'small talk is answered on the spot' },
    dependsOn: [],
    selfSelecting: true,
    async execute(query, context, signal): Promise<AgentOutput | AgentAbstention> {
      signal.throwIfAborted();
      const text = clean(query);
      const kind = PATTERNS.find(([, pattern]) => pattern.test(text))?.[0];
      if (!kind) return abstain('not a greeting, thanks or a request for help');
      return { text: reply(kind, context.language, options.modelConfigured), confidence: 0.9, data: { kind } };
    },
  };
}

function reply(kind: Kind, language: Language, modelConfigured: boolean): string {
  switch (kind) {
    case 'greeting':
      return { en: 'Hello! What can I do for you?', fr: 'Bonjour ! Que puis-je faire pour vous ?', de: 'Hallo! Was kann ich für dich tun?', es: '¡Hola! ¿Qué puedo hacer por ti?' }[language];
    case 'thanks':
      return { en: "You're welcome!", fr: 'Avec plaisir, de rien !', de: 'Gern geschehen!', es: '¡De nada, un placer!' }[language];
    case 'how_are_you':
      return { en: "I'm doing well, thanks for asking. How can I help?", fr: 'Je vais bien, merci ! Comment puis-je vous aider ?', de: 'Mir geht es gut, danke! Wie kann ich helfen?', es: 'Estoy bien, ¡gracias! ¿En qué puedo ayudarte?' }[language];
    case 'goodbye':
      return { en: 'Goodbye! Talk to you soon.', fr: 'Au revoir, à bientôt !', de: 'Tschüss, bis bald!', es: '¡Adiós, hasta pronto!' }[language];
    case 'who':
      return { en: "I'm your desktop assistant: I answer by voice or text, and much of it works offline.", fr: 'Je suis votre assistant de bureau : je réponds à la voix ou par écrit, en grande partie hors ligne.', de: 'Ich bin dein Desktop-Assistent: Ich antworte per Sprache oder Text, vieles davon offline.', es: 'Soy tu asistente de escritorio: respondo por voz o por texto, y mucho funciona sin conexión.' }[language];
    case 'help':
      return help(language, modelConfigured);
  }
}

function help(language: Language, modelConfigured: boolean): string {
  const offline = {
    en: 'Offline I can tell you the time anywhere ("what time is it in Tokyo"), work with dates ("how many days until Christmas"), calculate and convert ("18% of 64.50", "5 gallons in liters"), and set timers, alarms and reminders ("set a timer for 10 minutes").',
    fr: "Hors ligne, je donne l'heure partout (« quelle heure est-il à Tokyo »), je calcule avec les dates (« combien de jours avant Noël »), je fais des calculs et des conversions (« 18 % de 64,50 », « 5 miles en kilomètres ») et je règle des minuteurs, alarmes et rappels (« mets un minuteur de 10 minutes »).",
    de: 'Offline sage ich dir die Uhrzeit überall („wie spät ist es in Tokio“), rechne mit Daten („wie viele Tage bis Weihnachten“), rechne und rechne um („18 % von 64,50“, „10 Pfund in Kilo“) und stelle Timer, Wecker und Erinnerungen („stell einen Timer auf 10 Minuten“).',
    es: 'Sin conexión te digo la hora en cualquier lugar («qué hora es en Tokio»), calculo con fechas («cuántos días faltan para Navidad»), hago cálculos y conversiones («el 18 % de 64,50», «5 millas en kilómetros») y pongo temporizadores, alarmas y recordatorios («pon un temporizador de 10 minutos»).',
  }[language];
  const more = modelConfigured
    ? { en: 'With the language model configured I also answer general questions, and with the network, the weather.', fr: 'Avec le modèle de langue configuré, je réponds aussi aux questions générales, et avec le réseau, à la météo.', de: 'Mit dem eingerichteten Sprachmodell beantworte ich auch allgemeine Fragen, und mit Netz das Wetter.', es: 'Con el modelo de lenguaje configurado también respondo preguntas generales y, con conexión, el tiempo.' }[language]
    : { en: 'An OpenAI API key or a local OpenAI-compatible server (Ollama, llama.cpp), set in Settings, would add general questions; the weather needs the network.', fr: 'Une clé OpenAI ou un serveur local compatible OpenAI (Ollama, llama.cpp), dans les réglages, ajouterait les questions générales ; la météo a besoin du réseau.', de: 'Ein OpenAI-Schlüssel oder ein lokaler OpenAI-kompatibler Server (Ollama, llama.cpp) in den Einstellungen würde allgemeine Fragen ergänzen; das Wetter braucht das Netz.', es: 'Una clave de OpenAI o un servidor local compatible con OpenAI (Ollama, llama.cpp), en Ajustes, añadiría las preguntas generales; el tiempo necesita conexión.' }[language];
  return `${offline} ${more}`;
}
