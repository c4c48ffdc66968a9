import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UNIT_TABLES } from '../../src/kql/functions/units.js';

// The "Conversion units" list of each Kusto doc page (convert-*-function.md), in the page's order.
const DOC_UNITS: Record<string, string> = {
  convert_angle:
    'Arcminute Arcsecond Centiradian Deciradian Degree Gradian Microdegree Microradian Millidegree Milliradian Nanodegree Nanoradian NatoMil Radian Revolution Tilt',
  convert_energy:
    'BritishThermalUnit Calorie DecathermEc DecathermImperial DecathermUs ElectronVolt Erg FootPound GigabritishThermalUnit GigaelectronVolt Gigajoule GigawattDay GigawattHour HorsepowerHour Joule KilobritishThermalUnit Kilocalorie KiloelectronVolt Kilojoule KilowattDay KilowattHour MegabritishThermalUnit Megacalorie MegaelectronVolt Megajoule MegawattDay MegawattHour Millijoule TeraelectronVolt TerawattDay TerawattHour ThermEc ThermImperial ThermUs WattDay WattHour',
  convert_force:
    'Decanewton Dyn KilogramForce Kilonewton KiloPond KilopoundForce Meganewton Micronewton Millinewton Newton OunceForce Poundal PoundForce ShortTonForce TonneForce',
  convert_length:
    'Angstrom AstronomicalUnit Centimeter Chain DataMile Decameter Decimeter DtpPica DtpPoint Fathom Foot Hand Hectometer Inch KilolightYear Kilometer Kiloparsec LightYear MegalightYear Megaparsec Meter Microinch Micrometer Mil Mile Millimeter Nanometer NauticalMile Parsec PrinterPica PrinterPoint Shackle SolarRadius Twip UsSurveyFoot Yard',
  convert_mass:
    'Centigram Decagram Decigram EarthMass Grain Gram Hectogram Kilogram Kilopound Kilotonne LongHundredweight LongTon Megapound Megatonne Microgram Milligram Nanogram Ounce Pound ShortHundredweight ShortTon Slug SolarMass Stone Tonne',
  convert_speed:
    'CentimeterPerHour CentimeterPerMinute CentimeterPerSecond DecimeterPerMinute DecimeterPerSecond FootPerHour FootPerMinute FootPerSecond InchPerHour InchPerMinute InchPerSecond KilometerPerHour KilometerPerMinute KilometerPerSecond Knot MeterPerHour MeterPerMinute MeterPerSecond MicrometerPerMinute MicrometerPerSecond MilePerHour MillimeterPerHour MillimeterPerMinute MillimeterPerSecond NanometerPerMinute NanometerPerSecond UsSurveyFootPerHour UsSurveyFootPerMinute UsSurveyFootPerSecond YardPerHour YardPerMinute YardPerSecond',
  convert_temperature:
    'DegreeCelsius DegreeDelisle DegreeFahrenheit DegreeNewton DegreeRankine DegreeReaumur DegreeRoemer Kelvin MillidegreeCelsius SolarTemperature',
  convert_volume:
    'AcreFoot AuTablespoon BoardFoot Centiliter CubicCentimeter CubicDecimeter CubicFoot CubicHectometer CubicInch CubicKilometer CubicMeter CubicMicrometer CubicMile CubicMillimeter CubicYard Decaliter DecausGallon Deciliter DeciusGallon HectocubicFoot HectocubicMeter Hectoliter HectousGallon ImperialBeerBarrel ImperialGallon ImperialOunce ImperialPint KilocubicFoot KilocubicMeter KiloimperialGallon Kiloliter KilousGallon Liter MegacubicFoot MegaimperialGallon Megaliter MegausGallon MetricCup MetricTeaspoon Microliter Milliliter OilBarrel UkTablespoon UsBeerBarrel UsCustomaryCup UsGallon UsLegalCup UsOunce UsPint UsQuart UsTablespoon UsTeaspoon',
};

test('each convert_* function knows exactly the units its doc page lists', () => {
  assert.deepEqual(Object.keys(UNIT_TABLES).sort(), Object.keys(DOC_UNITS).sort());
  for (const [fn, list] of Object.entries(DOC_UNITS)) {
    assert.deepEqual(Object.keys(UNIT_TABLES[fn]!).sort(), list.split(' ').sort(), fn);
  }
});

test('every unit round-trips through its base unit', () => {
  for (const [fn, table] of Object.entries(UNIT_TABLES)) {
    for (const [name, unit] of Object.entries(table)) {
      const x = name === 'Tilt' ? 0.25 : 7.5; // Tilt is a sine, defined on [-1, 1]
      const back = unit.fromBase(unit.toBase(x));
      assert.ok(Math.abs(back - x) <= 1e-12 * Math.abs(x), `${fn} ${name}: ${x} -> ${back}`);
    }
  }
});

test('prefixed units scale their unprefixed unit by the prefix', () => {
  const v = UNIT_TABLES.convert_volume!;
  assert.equal(v.Kiloliter!.toBase(1), v.Liter!.toBase(1) * 1e3);
  assert.equal(v.Microliter!.toBase(2), v.Liter!.toBase(2) * 1e-6);
  const e = UNIT_TABLES.convert_energy!;
  assert.equal(e.GigawattDay!.toBase(1), 86400 * 1e9);
  assert.equal(e.KilowattHour!.fromBase(3.6e6), 1);
  const s = UNIT_TABLES.convert_speed!;
  assert.equal(s.KilometerPerHour!.fromBase(10), 36);
});
