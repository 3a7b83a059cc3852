import { it } from 'vitest';
import { toEnglish } from './core/language/to-english.ts';
import { detectLanguage } from './core/language/detect-language.ts';
const qs: [string, 'fr'|'de'|'es'|'en'][] = [['350 fahrenheit in celsius','de'],['20 % de réduction sur 45 euros, ça fait combien ?','fr'],['pourboire de 10 % sur une addition de 63 euros','fr'],['la TVA à 20 % sur 50 euros','fr'],['combien de litres dans 3 gallons','fr'],['une once ça fait combien de grammes','fr'],['heure à Los Angeles','fr'],['et on est quel jour là-bas ?','fr'],['wie viel Prozent sind 12 von 48','de'],['wie viel Uhr ist es in New York','de'],['und in Los Angeles?','de'],['schalte das Licht im Wohnzimmer ein','de'],['aumenta 250 en un 8 %','es']];
it('x', () => { for (const [q,l] of qs) console.log(q.padEnd(50), JSON.stringify(detectLanguage(q)), '->', toEnglish(q,l)); });
