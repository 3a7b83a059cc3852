import { all, create, type FactoryFunctionMap, type MathNode, type MathType } from 'mathjs';

// One mathjs instance for the whole app, locked down: an expression may only use the functions,
// constants and units listed here, so a query cannot define units, run code or ask for a result
// that takes minutes (combinations(1e9, 5e8), huge ranges or matrices).

export const MAX_EXPRESSION_LENGTH = 200;
/** 170! is the largest factorial a double can hold; above it the answer is Infinity anyway. */
const MAX_FACTORIAL = 170;

// mathjs types `all` as possibly undefined; the package always exports it.
const math = create(all as FactoryFunctionMap);
math.createUnit({
  knot: { definition: '0.514444 m/s', aliases: ['knots'] },
  mph: '1 mi/h',
  kph: { definition: '1 km/h', aliases: ['kmh'] },
  tbsp: '1 tablespoon',
  tsp: '1 teaspoon',
});

const evaluate = math.evaluate.bind(math);
const parse = math.parse.bind(math);
const factorial = math.factorial.bind(math);

const disabled = (name: string) => () => {
  throw new Error(`${name} is disabled`);
};
math.import(
  {
    import: disabled('import'),
    createUnit: disabled('createUnit'),
    evaluate: disabled('evaluate'),
    parse: disabled('parse'),
    compile: disabled('compile'),
    simplify: disabled('simplify'),
    derivative: disabled('derivative'),
    resolve: disabled('resolve'),
    reviver: disabled('reviver'),
    factorial: (value: number) => {
      if (typeof value === 'number' && value > MAX_FACTORIAL) return Infinity;
      return factorial(value);
    },
  },
  { override: true },
);

const ALLOWED_FUNCTIONS = new Set([
  'sqrt', 'cbrt', 'nthRoot', 'abs', 'exp', 'log', 'log10', 'log2', 'pow', 'mod', 'round', 'floor', 'ceil', 'fix',
  'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'hypot', 'sign', 'gcd', 'lcm',
  'max', 'min', 'mean', 'median', 'sum', 'factorial',
]);
const ALLOWED_CONSTANTS = new Set(['pi', 'PI', 'e', 'E', 'tau', 'phi', 'i', 'Infinity']);
const ALLOWED_NODES = new Set(['ConstantNode', 'SymbolNode', 'OperatorNode', 'ParenthesisNode', 'FunctionNode']);

export type CheckedExpression = { ok: true; node: MathNode } | { ok: false; reason: string; unknownWords: string[] };

/** Parses and checks an expression against the allow-lists, without evaluating it. */
export function checkExpression(expression: string): CheckedExpression {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    return { ok: false, reason: `the expression is longer than ${MAX_EXPRESSION_LENGTH} characters`, unknownWords: [] };
  }
  let node: MathNode;
  try {
    node = parse(expression);
  } catch (error) {
    return { ok: false, reason: (error as Error).message, unknownWords: [] };
  }
  const functionNames = new Set<MathNode>();
  const unknownWords: string[] = [];
  let badNode: string | null = null;
  node.traverse((child) => {
    if (!ALLOWED_NODES.has(child.type)) badNode ??= child.type;
    if (child.type === 'FunctionNode') {
      const fn = (child as unknown as { fn: MathNode & { name?: string } }).fn;
      functionNames.add(fn);
      if (!fn.name || !ALLOWED_FUNCTIONS.has(fn.name)) badNode ??= `function ${fn.name ?? '?'}`;
    }
  });
  node.traverse((child) => {
    if (child.type !== 'SymbolNode' || functionNames.has(child)) return;
    const name = (child as unknown as { name: string }).name;
    if (!ALLOWED_CONSTANTS.has(name) && !math.Unit.isValuelessUnit(name)) unknownWords.push(name);
  });
  if (badNode) return { ok: false, reason: `${badNode} is not allowed`, unknownWords };
  if (unknownWords.length > 0) return { ok: false, reason: `unknown words: ${unknownWords.join(', ')}`, unknownWords };
  return { ok: true, node };
}

/** True when every word of the text is a unit mathjs knows ("km", "mi/h", "m^2"). */
export function isUnitExpression(text: string): boolean {
  const checked = checkExpression(text.replace(/\^\d/g, ''));
  if (!checked.ok) return false;
  let onlyUnits = true;
  checked.node.traverse((child) => {
    if (child.type === 'ConstantNode' || child.type === 'FunctionNode') onlyUnits = false;
    if (child.type === 'SymbolNode' && !math.Unit.isValuelessUnit((child as unknown as { name: string }).name)) onlyUnits = false;
  });
  return onlyUnits;
}

export const isKnownUnit = (word: string): boolean => math.Unit.isValuelessUnit(word);

/** Evaluates a checked expression; throws mathjs' own message on failure (e.g. "Units do not match"). */
export function evaluateChecked(expression: string | Extract<CheckedExpression, { ok: true }>): MathType {
  // Already checked: its parsed form is evaluated as it is (parsing again costs as much as evaluating).
  if (typeof expression !== 'string') return expression.node.compile().evaluate(new Map()) as MathType;
  const checked = checkExpression(expression);
  if (!checked.ok) throw new Error(checked.reason);
  return evaluate(expression, new Map()) as MathType;
}

export const typeOf = (value: unknown): string => math.typeOf(value);
export const formatMath = (value: unknown, precision: number): string => math.format(value, { precision });
