import { w, type Rules } from './rule.ts';

// Rules every language's reading starts with: times, decimal commas, thousands, percent signs,
// and city names as English writes them.

export const SHARED: Rules = [
  // "dans 1h30", "de 1h30": a span of time, not a time of day
  [/(?<![\p{L}])(dans|de|d'|pendant|durant|en|dentro de|durante|de|in|von|auf|fur) (\d{1,2}) ?h ?(\d{2})(?!\d)/gu, '$1 $2 hours $3 minutes'],
  // "7.30 Uhr", "21:45 Uhr" -> "7:30", "21:45"
  [/(?<![\d.:])(\d{1,2})[.:](\d{2}) ?uhr(?![\p{L}\d])/gu, '$1:$2'],
  // "17h30", "17 h", "17h" -> "17:30", "17:00"
  [/(?<!\d)(\d{1,2}) ?h ?(\d{2})(?!\d)/g, '$1:$2'],
  [/(?<!\d)(\d{1,2}) ?(?:h|uhr)(?![\p{L}\d])/gu, '$1:00'],
  [/(\d),(\d)/g, '$1.$2'],
  [/(\d) (?=\d{3}(?!\d))/g, '$1'],
  [/\s*%/g, '%'],
];

export const CITIES: Rules = [
  [w('londres'), 'london'],
  [w('roma'), 'rome'],
  [w('estambul'), 'istanbul'],
  [w('seul|seoul'), 'seoul'],
  [w('hongkong'), 'hong kong'],
  [w('johannesburgo'), 'johannesburg'],
  [w('nueva delhi|neu-delhi|new delhi|nouvelle-delhi|nouvelle delhi'), 'new delhi'],
  [w('shanghai'), 'shanghai'],
  [w('san petersburgo|saint-petersbourg|sankt petersburg'), 'saint petersburg'],
  [w('nueva zelanda|nouvelle-zelande|neuseeland'), 'new zealand'],
  [w('tokio'), 'tokyo'],
  [w('nueva york|nova york'), 'new york'],
  [w('pekin|peking'), 'beijing'],
  [w('moscou|moskau|moscu'), 'moscow'],
  [w('munchen'), 'munich'],
  [w('vienne|wien|viena'), 'vienna'],
  [w('lisbonne|lissabon|lisboa'), 'lisbon'],
  [w('varsovie|warschau|varsovia'), 'warsaw'],
  [w('rom'), 'rome'],
  [w('mailand'), 'milan'],
  [w('geneve|genf|ginebra'), 'geneva'],
  [w('bruxelles|brussel|bruselas'), 'brussels'],
  [w('au caire'), 'in cairo'],
  [w('le caire|caire|kairo|el cairo'), 'cairo'],
  [w('athenes|athen|atenas'), 'athens'],
  [w('copenhague|kopenhagen'), 'copenhagen'],
  [w('prag|praga'), 'prague'],
  [w('singapour|singapur'), 'singapore'],
  [w('bombay'), 'mumbai'],
  [w('mexico|ciudad de mexico|mexiko-stadt|mexiko stadt'), 'mexico city'],
  [w('los angeles'), 'los angeles'],
  [w('la nouvelle-orleans|nueva orleans'), 'new orleans'],
  [w('le cap|kapstadt|ciudad del cabo'), 'cape town'],
  [w('montreal'), 'montreal'],
  [w('sydney|sidney'), 'sydney'],
];
