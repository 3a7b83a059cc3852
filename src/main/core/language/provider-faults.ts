import type { ProviderFault } from '../../../shared/provider-fault.ts';
import type { Language } from './language.ts';

// A provider's fault said the way a user can act on it, in each language: what happened at which
// address, and what to do. The reply to a question, Status and "Test connection" all say this.

type Said = Record<Language, string>;

/** What happened, as one clause: "the server at http://127.0.0.1:11434 does not answer (connection refused)". */
export function faultClause(fault: ProviderFault, language: Language): string {
  const at = fault.address;
  const detail = fault.detail ? ` (${fault.detail})` : '';
  const code = fault.status !== null ? ` (${fault.status}${fault.detail ? `: ${fault.detail}` : ''})` : detail;
  const clauses: Record<ProviderFault['kind'], Said> = {
    unreachable: {
      en: `the server at ${at} does not answer${detail}`,
      fr: `le serveur à l'adresse ${at} ne répond pas${detail}`,
      de: `der Server unter ${at} antwortet nicht${detail}`,
      es: `el servidor en ${at} no responde${detail}`,
    },
    timeout: {
      en: `the server at ${at} did not answer in time${detail}`,
      fr: `le serveur à l'adresse ${at} n'a pas répondu à temps${detail}`,
      de: `der Server unter ${at} hat nicht rechtzeitig geantwortet${detail}`,
      es: `el servidor en ${at} no respondió a tiempo${detail}`,
    },
    key_refused: {
      en: `the server at ${at} refused the API key${code}`,
      fr: `le serveur à l'adresse ${at} a refusé la clé d'API${code}`,
      de: `der Server unter ${at} hat den API-Schlüssel abgelehnt${code}`,
      es: `el servidor en ${at} rechazó la clave de API${code}`,
    },
    quota_spent: {
      en: `the API key's quota at ${at} is spent${code}`,
      fr: `le quota de la clé d'API chez ${at} est épuisé${code}`,
      de: `das Kontingent des API-Schlüssels bei ${at} ist aufgebraucht${code}`,
      es: `la cuota de la clave de API en ${at} está agotada${code}`,
    },
    rate_limited: {
      en: `the server at ${at} is limiting how often it is asked${code}`,
      fr: `le serveur à l'adresse ${at} limite le nombre de requêtes${code}`,
      de: `der Server unter ${at} begrenzt die Zahl der Anfragen${code}`,
      es: `el servidor en ${at} está limitando las peticiones${code}`,
    },
    server_error: {
      en: `the server at ${at} failed${code}`,
      fr: `le serveur à l'adresse ${at} a échoué${code}`,
      de: `der Server unter ${at} ist mit einem Fehler ausgestiegen${code}`,
      es: `el servidor en ${at} falló${code}`,
    },
    rejected: {
      en: `the server at ${at} refused the request${code}`,
      fr: `le serveur à l'adresse ${at} a refusé la requête${code}`,
      de: `der Server unter ${at} hat die Anfrage abgelehnt${code}`,
      es: `el servidor en ${at} rechazó la petición${code}`,
    },
  };
  return clauses[fault.kind][language];
}

/** What the user can do about it, as one sentence. */
export function faultRemedy(fault: ProviderFault, language: Language): string {
  const remedies: Record<ProviderFault['kind'], Said> = {
    unreachable: {
      en: 'Start that server, or set another base URL in Settings.',
      fr: 'Démarrez ce serveur, ou indiquez une autre adresse dans les réglages.',
      de: 'Starte diesen Server oder trage in den Einstellungen eine andere Adresse ein.',
      es: 'Inicia ese servidor o indica otra dirección en Ajustes.',
    },
    timeout: {
      en: 'Try again in a moment; if it keeps happening, check that server.',
      fr: 'Réessayez dans un instant ; si cela se répète, vérifiez ce serveur.',
      de: 'Versuch es gleich noch einmal; wenn es so bleibt, prüfe diesen Server.',
      es: 'Inténtalo de nuevo en un momento; si se repite, revisa ese servidor.',
    },
    key_refused: {
      en: 'Check the API key in Settings.',
      fr: "Vérifiez la clé d'API dans les réglages.",
      de: 'Prüfe den API-Schlüssel in den Einstellungen.',
      es: 'Revisa la clave de API en Ajustes.',
    },
    quota_spent: {
      en: "Add credit to that account, or save another key in Settings.",
      fr: 'Ajoutez du crédit à ce compte, ou enregistrez une autre clé dans les réglages.',
      de: 'Lade das Konto auf oder hinterlege in den Einstellungen einen anderen Schlüssel.',
      es: 'Añade saldo a esa cuenta o guarda otra clave en Ajustes.',
    },
    rate_limited: {
      en: 'Try again in a moment.',
      fr: 'Réessayez dans un instant.',
      de: 'Versuch es gleich noch einmal.',
      es: 'Inténtalo de nuevo en un momento.',
    },
    server_error: {
      en: 'Try again in a moment; if it keeps happening, check that server.',
      fr: 'Réessayez dans un instant ; si cela se répète, vérifiez ce serveur.',
      de: 'Versuch es gleich noch einmal; wenn es so bleibt, prüfe diesen Server.',
      es: 'Inténtalo de nuevo en un momento; si se repite, revisa ese servidor.',
    },
    rejected: {
      en: 'Check the model names in Settings (Test connection lists what the server has).',
      fr: 'Vérifiez les noms de modèles dans les réglages (« Tester la connexion » liste ceux du serveur).',
      de: 'Prüfe die Modellnamen in den Einstellungen („Verbindung testen“ zeigt, welche der Server hat).',
      es: 'Revisa los nombres de modelo en Ajustes («Probar conexión» muestra los que tiene el servidor).',
    },
  };
  return remedies[fault.kind][language];
}

/** The reply to a question that needed the model: why it could not answer, and what to do. */
export function faultReply(fault: ProviderFault, language: Language): string {
  const lead: Said = {
    en: "I can't answer that right now: ",
    fr: 'Je ne peux pas répondre pour le moment : ',
    de: 'Das kann ich gerade nicht beantworten: ',
    es: 'Ahora mismo no puedo responder a eso: ',
  };
  return `${lead[language]}${faultClause(fault, language)}. ${faultRemedy(fault, language)}`;
}

/** The fault as Status and "Test connection" say it (the same clause as the reply). */
export const faultStatus = (fault: ProviderFault): string => `${capitalize(faultClause(fault, 'en'))}. ${faultRemedy(fault, 'en')}`;

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
