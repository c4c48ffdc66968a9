/**
 * convert_angle, convert_energy, convert_force, convert_length, convert_mass, convert_speed, convert_temperature,
 * convert_volume: unit conversion as Kusto does it, with the UnitsNet .NET library (4.x).
 *
 * Each unit is a pair of formulas copied from UnitsNet's generated code (GetValueInBaseUnit / GetValueAs), in the
 * same operation order so the doubles match: a conversion goes value -> base unit -> target unit, except that a
 * conversion to the same unit returns the value unchanged (UnitsNet's As()). The oracle shows Kusto uses the 4.x
 * factors (1.2 m3 -> 0.0009728568 acre-feet is 1.2 * 0.000810714; UnitsNet 5 changed that factor).
 * The units are exactly the ones each Kusto doc page lists. Decaliter, Decameter, Angstrom and DataMile are on the
 * doc pages but came after the UnitsNet snapshot the rest was read from; their formulas follow UnitsNet's
 * definitions (prefix rule; x*1e-10; x*1828.8).
 *
 * Kusto calls them with unit names; UnitsNet's UnitConverter.ConvertByName matches names ignoring case, so this
 * does too (the docs are silent). A name not on the doc page gives null, as documented. A non-finite value gives
 * null: UnitsNet refuses NaN and infinities (the docs are silent).
 */
import type { Boxed } from '../data/types.js';
import type { ScalarFunction } from './scalar-function.js';

interface Unit {
  readonly toBase: (x: number) => number;
  readonly fromBase: (b: number) => number;
}

const u = (toBase: (x: number) => number, fromBase: (b: number) => number): Unit => ({ toBase, fromBase });

/** A prefixed unit, as UnitsNet generates it: `(toBase(x)) * p` and `(fromBase(b)) / p`. */
const pre = (unit: Unit, p: number): Unit => u((x) => unit.toBase(x) * p, (b) => unit.fromBase(b) / p);

const ident = u((x) => x, (b) => b);

// Base unit: Degree.
const radian = u((x) => (x * 180) / Math.PI, (b) => (b / 180) * Math.PI);
const degree = ident;
const ANGLE: Record<string, Unit> = {
  Arcminute: u((x) => x / 60, (b) => b * 60),
  Arcsecond: u((x) => x / 3600, (b) => b * 3600),
  Centiradian: pre(radian, 1e-2),
  Deciradian: pre(radian, 1e-1),
  Degree: degree,
  Gradian: u((x) => x * 0.9, (b) => b / 0.9),
  Microdegree: pre(degree, 1e-6),
  Microradian: pre(radian, 1e-6),
  Millidegree: pre(degree, 1e-3),
  Milliradian: pre(radian, 1e-3),
  Nanodegree: pre(degree, 1e-9),
  Nanoradian: pre(radian, 1e-9),
  NatoMil: u((x) => (x * 9) / 160, (b) => (b * 160) / 9),
  Radian: radian,
  Revolution: u((x) => x * 360, (b) => b / 360),
  Tilt: u((x) => (Math.asin(x) * 180) / Math.PI, (b) => Math.sin((b / 180) * Math.PI)),
};

// Base unit: Joule.
const btu = u((x) => x * 1055.05585262, (b) => b / 1055.05585262);
const calorie = u((x) => x * 4.184, (b) => b / 4.184);
const electronVolt = u((x) => x * 1.602176565e-19, (b) => b / 1.602176565e-19);
const joule = ident;
const wattDay = u((x) => x * 24 * 3600, (b) => b / (24 * 3600));
const wattHour = u((x) => x * 3600, (b) => b / 3600);
const thermEc = u((x) => x * 1.05505585262e8, (b) => b / 1.05505585262e8);
const thermImperial = u((x) => x * 1.05505585257348e8, (b) => b / 1.05505585257348e8);
const thermUs = u((x) => x * 1.054804e8, (b) => b / 1.054804e8);
const ENERGY: Record<string, Unit> = {
  BritishThermalUnit: btu,
  Calorie: calorie,
  DecathermEc: pre(thermEc, 1e1),
  DecathermImperial: pre(thermImperial, 1e1),
  DecathermUs: pre(thermUs, 1e1),
  ElectronVolt: electronVolt,
  Erg: u((x) => x * 1e-7, (b) => b / 1e-7),
  FootPound: u((x) => x * 1.355817948, (b) => b / 1.355817948),
  GigabritishThermalUnit: pre(btu, 1e9),
  GigaelectronVolt: pre(electronVolt, 1e9),
  Gigajoule: pre(joule, 1e9),
  GigawattDay: pre(wattDay, 1e9),
  GigawattHour: pre(wattHour, 1e9),
  HorsepowerHour: u((x) => x * 2.6845195377e6, (b) => b / 2.6845195377e6),
  Joule: joule,
  KilobritishThermalUnit: pre(btu, 1e3),
  Kilocalorie: pre(calorie, 1e3),
  KiloelectronVolt: pre(electronVolt, 1e3),
  Kilojoule: pre(joule, 1e3),
  KilowattDay: pre(wattDay, 1e3),
  KilowattHour: pre(wattHour, 1e3),
  MegabritishThermalUnit: pre(btu, 1e6),
  Megacalorie: pre(calorie, 1e6),
  MegaelectronVolt: pre(electronVolt, 1e6),
  Megajoule: pre(joule, 1e6),
  MegawattDay: pre(wattDay, 1e6),
  MegawattHour: pre(wattHour, 1e6),
  Millijoule: pre(joule, 1e-3),
  TeraelectronVolt: pre(electronVolt, 1e12),
  TerawattDay: pre(wattDay, 1e12),
  TerawattHour: pre(wattHour, 1e12),
  ThermEc: thermEc,
  ThermImperial: thermImperial,
  ThermUs: thermUs,
  WattDay: wattDay,
  WattHour: wattHour,
};

// Base unit: Newton.
const newton = ident;
const poundForce = u((x) => x * 4.4482216152605095551842641431421, (b) => b / 4.4482216152605095551842641431421);
const FORCE: Record<string, Unit> = {
  Decanewton: pre(newton, 1e1),
  Dyn: u((x) => x / 1e5, (b) => b * 1e5),
  KilogramForce: u((x) => x * 9.80665002864, (b) => b / 9.80665002864),
  Kilonewton: pre(newton, 1e3),
  KiloPond: u((x) => x * 9.80665002864, (b) => b / 9.80665002864),
  KilopoundForce: pre(poundForce, 1e3),
  Meganewton: pre(newton, 1e6),
  Micronewton: pre(newton, 1e-6),
  Millinewton: pre(newton, 1e-3),
  Newton: newton,
  OunceForce: u((x) => x * 2.780138509537812e-1, (b) => b / 2.780138509537812e-1),
  Poundal: u((x) => x * 0.13825502798973041652092282466083, (b) => b / 0.13825502798973041652092282466083),
  PoundForce: poundForce,
  ShortTonForce: u((x) => x * 8.896443230521e3, (b) => b / 8.896443230521e3),
  TonneForce: u((x) => x * 9.80665002864e3, (b) => b / 9.80665002864e3),
};

// Base unit: Meter.
const meter = ident;
const lightYear = u((x) => x * 9.46073047258e15, (b) => b / 9.46073047258e15);
const parsec = u((x) => x * 3.08567758128e16, (b) => b / 3.08567758128e16);
const LENGTH: Record<string, Unit> = {
  Angstrom: u((x) => x * 1e-10, (b) => b / 1e-10),
  AstronomicalUnit: u((x) => x * 1.495978707e11, (b) => b / 1.495978707e11),
  Centimeter: pre(meter, 1e-2),
  Chain: u((x) => x * 20.1168, (b) => b / 20.1168),
  DataMile: u((x) => x * 1828.8, (b) => b / 1828.8),
  Decameter: pre(meter, 1e1),
  Decimeter: pre(meter, 1e-1),
  DtpPica: u((x) => x / 236.220472441, (b) => b * 236.220472441),
  DtpPoint: u((x) => (x / 72) * 2.54e-2, (b) => (b / 2.54e-2) * 72),
  Fathom: u((x) => x * 1.8288, (b) => b / 1.8288),
  Foot: u((x) => x * 0.3048, (b) => b / 0.3048),
  Hand: u((x) => x * 1.016e-1, (b) => b / 1.016e-1),
  Hectometer: pre(meter, 1e2),
  Inch: u((x) => x * 2.54e-2, (b) => b / 2.54e-2),
  KilolightYear: pre(lightYear, 1e3),
  Kilometer: pre(meter, 1e3),
  Kiloparsec: pre(parsec, 1e3),
  LightYear: lightYear,
  MegalightYear: pre(lightYear, 1e6),
  Megaparsec: pre(parsec, 1e6),
  Meter: meter,
  Microinch: u((x) => x * 2.54e-8, (b) => b / 2.54e-8),
  Micrometer: pre(meter, 1e-6),
  Mil: u((x) => x * 2.54e-5, (b) => b / 2.54e-5),
  Mile: u((x) => x * 1609.34, (b) => b / 1609.34),
  Millimeter: pre(meter, 1e-3),
  Nanometer: pre(meter, 1e-9),
  NauticalMile: u((x) => x * 1852, (b) => b / 1852),
  Parsec: parsec,
  PrinterPica: u((x) => x / 237.106301584, (b) => b * 237.106301584),
  PrinterPoint: u((x) => (x / 72.27) * 2.54e-2, (b) => (b / 2.54e-2) * 72.27),
  Shackle: u((x) => x * 27.432, (b) => b / 27.432),
  SolarRadius: u((x) => x * 6.9551e8, (b) => b / 6.9551e8),
  Twip: u((x) => x / 56692.913385826, (b) => b * 56692.913385826),
  UsSurveyFoot: u((x) => (x * 1200) / 3937, (b) => (b * 3937) / 1200),
  Yard: u((x) => x * 0.9144, (b) => b / 0.9144),
};

// Base unit: Kilogram.
const gram = u((x) => x / 1e3, (b) => b * 1e3);
const pound = u((x) => x * 0.45359237, (b) => b / 0.45359237);
const tonne = u((x) => x * 1e3, (b) => b / 1e3);
const MASS: Record<string, Unit> = {
  Centigram: pre(gram, 1e-2),
  Decagram: pre(gram, 1e1),
  Decigram: pre(gram, 1e-1),
  EarthMass: u((x) => x * 5.9722e24, (b) => b / 5.9722e24),
  Grain: u((x) => x / 15432.358352941431, (b) => b * 15432.358352941431),
  Gram: gram,
  Hectogram: pre(gram, 1e2),
  Kilogram: pre(gram, 1e3),
  Kilopound: pre(pound, 1e3),
  Kilotonne: pre(tonne, 1e3),
  LongHundredweight: u((x) => x / 0.01968413055222121, (b) => b * 0.01968413055222121),
  LongTon: u((x) => x * 1.0160469088e3, (b) => b / 1.0160469088e3),
  Megapound: pre(pound, 1e6),
  Megatonne: pre(tonne, 1e6),
  Microgram: pre(gram, 1e-6),
  Milligram: pre(gram, 1e-3),
  Nanogram: pre(gram, 1e-9),
  Ounce: u((x) => x / 35.2739619, (b) => b * 35.2739619),
  Pound: pound,
  ShortHundredweight: u((x) => x / 0.022046226218487758, (b) => b * 0.022046226218487758),
  ShortTon: u((x) => x * 9.0718474e2, (b) => b / 9.0718474e2),
  Slug: u((x) => x / 6.852176556196105e-2, (b) => b * 6.852176556196105e-2),
  SolarMass: u((x) => x * 1.98947e30, (b) => b / 1.98947e30),
  Stone: u((x) => x / 0.1574731728702698, (b) => b * 0.1574731728702698),
  Tonne: tonne,
};

// Base unit: MeterPerSecond.
const mps = ident;
const mph = u((x) => x / 3600, (b) => b * 3600); // meter per hour
const mpm = u((x) => x / 60, (b) => b * 60); // meter per minute
const SPEED: Record<string, Unit> = {
  CentimeterPerHour: pre(mph, 1e-2),
  CentimeterPerMinute: pre(mpm, 1e-2),
  CentimeterPerSecond: pre(mps, 1e-2),
  DecimeterPerMinute: pre(mpm, 1e-1),
  DecimeterPerSecond: pre(mps, 1e-1),
  FootPerHour: u((x) => (x * 0.3048) / 3600, (b) => (b / 0.3048) * 3600),
  FootPerMinute: u((x) => (x * 0.3048) / 60, (b) => (b / 0.3048) * 60),
  FootPerSecond: u((x) => x * 0.3048, (b) => b / 0.3048),
  InchPerHour: u((x) => (x / 3600) * 2.54e-2, (b) => (b / 2.54e-2) * 3600),
  InchPerMinute: u((x) => (x / 60) * 2.54e-2, (b) => (b / 2.54e-2) * 60),
  InchPerSecond: u((x) => x * 2.54e-2, (b) => b / 2.54e-2),
  KilometerPerHour: pre(mph, 1e3),
  KilometerPerMinute: pre(mpm, 1e3),
  KilometerPerSecond: pre(mps, 1e3),
  Knot: u((x) => x * 0.514444, (b) => b / 0.514444),
  MeterPerHour: mph,
  MeterPerMinute: mpm,
  MeterPerSecond: mps,
  MicrometerPerMinute: pre(mpm, 1e-6),
  MicrometerPerSecond: pre(mps, 1e-6),
  MilePerHour: u((x) => x * 0.44704, (b) => b / 0.44704),
  MillimeterPerHour: pre(mph, 1e-3),
  MillimeterPerMinute: pre(mpm, 1e-3),
  MillimeterPerSecond: pre(mps, 1e-3),
  NanometerPerMinute: pre(mpm, 1e-9),
  NanometerPerSecond: pre(mps, 1e-9),
  UsSurveyFootPerHour: u((x) => (x * 1200) / 3937 / 3600, (b) => ((b * 3937) / 1200) * 3600),
  UsSurveyFootPerMinute: u((x) => (x * 1200) / 3937 / 60, (b) => ((b * 3937) / 1200) * 60),
  UsSurveyFootPerSecond: u((x) => (x * 1200) / 3937, (b) => (b * 3937) / 1200),
  YardPerHour: u((x) => (x * 0.9144) / 3600, (b) => (b / 0.9144) * 3600),
  YardPerMinute: u((x) => (x * 0.9144) / 60, (b) => (b / 0.9144) * 60),
  YardPerSecond: u((x) => x * 0.9144, (b) => b / 0.9144),
};

// Base unit: Kelvin. The constant sub-expressions are folded by the C# compiler in the same order as here.
const TEMPERATURE: Record<string, Unit> = {
  DegreeCelsius: u((x) => x + 273.15, (b) => b - 273.15),
  DegreeDelisle: u((x) => (x * -2) / 3 + 373.15, (b) => ((b - 373.15) * -3) / 2),
  DegreeFahrenheit: u((x) => (x * 5) / 9 + (459.67 * 5) / 9, (b) => ((b - (459.67 * 5) / 9) * 9) / 5),
  DegreeNewton: u((x) => (x * 100) / 33 + 273.15, (b) => ((b - 273.15) * 33) / 100),
  DegreeRankine: u((x) => (x * 5) / 9, (b) => (b * 9) / 5),
  DegreeReaumur: u((x) => (x * 5) / 4 + 273.15, (b) => ((b - 273.15) * 4) / 5),
  DegreeRoemer: u((x) => (x * 40) / 21 + 273.15 - (7.5 * 40) / 21, (b) => ((b - (273.15 - (7.5 * 40) / 21)) * 21) / 40),
  Kelvin: ident,
  MillidegreeCelsius: u((x) => x / 1000 + 273.15, (b) => (b - 273.15) * 1000),
  SolarTemperature: u((x) => x * 5778, (b) => b / 5778),
};

// Base unit: CubicMeter.
const liter = u((x) => x / 1e3, (b) => b * 1e3);
const cubicMeter = ident;
const cubicFoot = u((x) => x * 0.0283168, (b) => b / 0.0283168);
const imperialGallon = u((x) => x * 0.00454609000000181429905810072407, (b) => b / 0.00454609000000181429905810072407);
const usGallon = u((x) => x * 0.00378541, (b) => b / 0.00378541);
const VOLUME: Record<string, Unit> = {
  AcreFoot: u((x) => x / 0.000810714, (b) => b * 0.000810714),
  AuTablespoon: u((x) => x * 2e-5, (b) => b / 2e-5),
  BoardFoot: u((x) => x * 2.3597372158e-3, (b) => b / 2.3597372158e-3),
  Centiliter: pre(liter, 1e-2),
  CubicCentimeter: u((x) => x / 1e6, (b) => b * 1e6),
  CubicDecimeter: u((x) => x / 1e3, (b) => b * 1e3),
  CubicFoot: cubicFoot,
  CubicHectometer: u((x) => x * 1e6, (b) => b / 1e6),
  CubicInch: u((x) => x * 1.6387 * 1e-5, (b) => b / (1.6387 * 1e-5)),
  CubicKilometer: u((x) => x * 1e9, (b) => b / 1e9),
  CubicMeter: cubicMeter,
  CubicMicrometer: u((x) => x / 1e18, (b) => b * 1e18),
  CubicMile: u((x) => x * 4.16818182544058e9, (b) => b / 4.16818182544058e9),
  CubicMillimeter: u((x) => x / 1e9, (b) => b * 1e9),
  CubicYard: u((x) => x * 0.764554858, (b) => b / 0.764554858),
  Decaliter: pre(liter, 1e1),
  DecausGallon: pre(usGallon, 1e1),
  Deciliter: pre(liter, 1e-1),
  DeciusGallon: pre(usGallon, 1e-1),
  HectocubicFoot: pre(cubicFoot, 1e2),
  HectocubicMeter: pre(cubicMeter, 1e2),
  Hectoliter: pre(liter, 1e2),
  HectousGallon: pre(usGallon, 1e2),
  ImperialBeerBarrel: u((x) => x * 0.16365924, (b) => b / 0.16365924),
  ImperialGallon: imperialGallon,
  ImperialOunce: u((x) => x * 2.8413062499962901241875439064617e-5, (b) => b / 2.8413062499962901241875439064617e-5),
  ImperialPint: u((x) => x * 5.6826125e-4, (b) => b / 5.6826125e-4),
  KilocubicFoot: pre(cubicFoot, 1e3),
  KilocubicMeter: pre(cubicMeter, 1e3),
  KiloimperialGallon: pre(imperialGallon, 1e3),
  Kiloliter: pre(liter, 1e3),
  KilousGallon: pre(usGallon, 1e3),
  Liter: liter,
  MegacubicFoot: pre(cubicFoot, 1e6),
  MegaimperialGallon: pre(imperialGallon, 1e6),
  Megaliter: pre(liter, 1e6),
  MegausGallon: pre(usGallon, 1e6),
  MetricCup: u((x) => x * 0.00025, (b) => b / 0.00025),
  MetricTeaspoon: u((x) => x * 0.5e-5, (b) => b / 0.5e-5),
  Microliter: pre(liter, 1e-6),
  Milliliter: pre(liter, 1e-3),
  OilBarrel: u((x) => x * 0.158987294928, (b) => b / 0.158987294928),
  UkTablespoon: u((x) => x * 1.5e-5, (b) => b / 1.5e-5),
  UsBeerBarrel: u((x) => x * 0.1173477658, (b) => b / 0.1173477658),
  UsCustomaryCup: u((x) => x * 0.0002365882365, (b) => b / 0.0002365882365),
  UsGallon: usGallon,
  UsLegalCup: u((x) => x * 0.00024, (b) => b / 0.00024),
  UsOunce: u((x) => x * 2.957352956253760505068307980135e-5, (b) => b / 2.957352956253760505068307980135e-5),
  UsPint: u((x) => x * 4.73176473e-4, (b) => b / 4.73176473e-4),
  UsQuart: u((x) => x * 9.46352946e-4, (b) => b / 9.46352946e-4),
  UsTablespoon: u((x) => x * 1.478676478125e-5, (b) => b / 1.478676478125e-5),
  UsTeaspoon: u((x) => x * 4.92892159375e-6, (b) => b / 4.92892159375e-6),
};

/** The unit names of each quantity, as the Kusto doc pages list them (exported for tests). */
export const UNIT_TABLES: Readonly<Record<string, Readonly<Record<string, Unit>>>> = {
  convert_angle: ANGLE,
  convert_energy: ENERGY,
  convert_force: FORCE,
  convert_length: LENGTH,
  convert_mass: MASS,
  convert_speed: SPEED,
  convert_temperature: TEMPERATURE,
  convert_volume: VOLUME,
};

function asNumber(v: Boxed): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

function converter(name: string, table: Readonly<Record<string, Unit>>): ScalarFunction {
  // Case-insensitive lookup, keyed by the lower-cased name; the value keeps its canonical name for the same-unit test.
  const byName = new Map<string, [string, Unit]>();
  for (const [k, unit] of Object.entries(table)) byName.set(k.toLowerCase(), [k, unit]);
  return {
    name,
    bind: () => (args) => {
      const x = asNumber(args[0] ?? null);
      const from = args[1];
      const to = args[2];
      if (x === null || !Number.isFinite(x) || typeof from !== 'string' || typeof to !== 'string') return null;
      const f = byName.get(from.toLowerCase());
      const t = byName.get(to.toLowerCase());
      if (!f || !t) return null;
      if (f[0] === t[0]) return x;
      return t[1].fromBase(f[1].toBase(x));
    },
  };
}

export const functions: readonly ScalarFunction[] = Object.entries(UNIT_TABLES).map(([name, table]) => converter(name, table));
