/**
 * Units a numeric answer may carry, as a factor to one base unit per dimension. Lookup is
 * case-insensitive after NFKC (which turns ³ into 3 and the micro sign into μ), so "ML", "ml"
 * and "mL" agree; no two units here differ only by case.
 */
interface IUnit {
  dimension: 'length' | 'volume' | 'time' | 'angle' | 'hounsfield' | 'percent';
  /** Multiply by this to get the dimension's base unit (mm, mL, s, deg, HU, %). */
  factor: number;
}

const DIMENSION_NAMES: Record<IUnit['dimension'], string> = {
  length: 'length',
  volume: 'volume',
  time: 'time',
  angle: 'angle',
  hounsfield: 'CT intensity (HU)',
  percent: 'percentage'
};

const TABLE: Record<string, IUnit> = {};
function define(dimension: IUnit['dimension'], factor: number, ...names: string[]): void {
  for (const name of names) TABLE[normaliseUnit(name)] = { dimension, factor };
}

export function normaliseUnit(unit: string): string {
  return unit.normalize('NFKC').trim().replace(/\s+/g, '').toLowerCase();
}

define('length', 1, 'mm', 'millimeter', 'millimetre', 'millimeters', 'millimetres');
define('length', 10, 'cm', 'centimeter', 'centimetre', 'centimeters', 'centimetres');
define('length', 1000, 'm', 'meter', 'metre', 'meters', 'metres');
define('length', 0.001, 'µm', 'μm', 'um', 'micron', 'microns', 'micrometer', 'micrometre');
define('volume', 1, 'mL', 'ml', 'cm3', 'cm³', 'cc', 'cm^3', 'milliliter', 'millilitre');
define('volume', 1000, 'L', 'l', 'liter', 'litre', 'dm3', 'dm³');
define('volume', 0.001, 'mm3', 'mm³', 'mm^3', 'µL', 'μL', 'uL', 'µl', 'ul', 'microliter', 'microlitre');
define('time', 1, 's', 'sec', 'second', 'seconds');
define('time', 0.001, 'ms', 'millisecond', 'milliseconds');
define('time', 60, 'min', 'minute', 'minutes');
define('angle', 1, 'deg', '°', 'degree', 'degrees');
define('angle', 180 / Math.PI, 'rad', 'radian', 'radians');
define('hounsfield', 1, 'HU', 'hounsfield');
define('percent', 1, '%', 'percent', 'pct');

export type Conversion = { ok: true; value: number } | { ok: false; reason: string };

/**
 * `value` given in `from`, expressed in `to`. Units outside the table convert only to the
 * identical unit, so authors may still use their own (e.g. "voxels").
 */
export function convertUnit(value: number, from: string, to: string): Conversion {
  const a = normaliseUnit(from);
  const b = normaliseUnit(to);
  if (a === b) return { ok: true, value };
  const ua = TABLE[a] as IUnit | undefined;
  const ub = TABLE[b] as IUnit | undefined;
  if (ua === undefined) return { ok: false, reason: `"${from}" is not a unit this item understands; give the value in ${to}.` };
  if (ub === undefined || ua.dimension !== ub.dimension) {
    const what = ub === undefined ? to : `${to} (a ${DIMENSION_NAMES[ub.dimension]})`;
    return { ok: false, reason: `"${from}" is a ${DIMENSION_NAMES[ua.dimension]} unit, but this item expects ${what}.` };
  }
  return { ok: true, value: (value * ua.factor) / ub.factor };
}
