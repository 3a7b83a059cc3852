import { w, type Rules } from './rule.ts';

// Rules every language's reading starts with: times, decimal commas, thousands, percent signs,
// and city names as English writes them.

export const SHARED: Rules = [
  // "17h30", "17 h", "17h" -> "17:30", "17:00"
  [/(?<!\d)(\d{1,2}) ?h ?(\d{2})(?!\d)/g, '$1:$2'],
  [/(?<!\d)(\d{1,2}) ?(?:h|uhr)(?![\p{L}\d])/gu, '$1:00'],
  [/(\d),(\d)/g, '$1.$2'],
  [/(\d) (?=\d{3}(?!\d))/g, '$1'],
  [/\s*%/g, '%'],
];

export const CITIES: Rules = [
  [w('londres'), 'london'],
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
  [w('le caire|kairo|el cairo'), 'cairo'],
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
