import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The dashboard's static files, served by weekwise itself (nothing is fetched from a CDN at run time):
 * the stylesheet, one small script per page, and ECharts' own browser build from node_modules. Each URL
 * carries a hash of the content, so browsers may cache them for long and still see a new release.
 */
const require = createRequire(import.meta.url);
const FILES = {
  'dashboard.css': { path: fileURLToPath(new URL('./dashboard.css', import.meta.url)), type: 'text/css' },
  'athlete.js': { path: fileURLToPath(new URL('./athlete.js', import.meta.url)), type: 'text/javascript' },
  'roster.js': { path: fileURLToPath(new URL('./roster.js', import.meta.url)), type: 'text/javascript' },
  'echarts.min.js': { path: require.resolve('echarts/dist/echarts.min.js'), type: 'text/javascript' },
} as const;

export type AssetName = keyof typeof FILES;

export interface WebAsset {
  body: Buffer;
  contentType: string;
  version: string;
}

const loaded = new Map<AssetName, WebAsset>();

export function isAssetName(name: string): name is AssetName {
  return Object.hasOwn(FILES, name);
}

export function webAsset(name: AssetName): WebAsset {
  let asset = loaded.get(name);
  if (!asset) {
    const file = FILES[name];
    const body = readFileSync(file.path);
    asset = {
      body,
      contentType: `${file.type}; charset=utf-8`,
      version: createHash('sha256').update(body).digest('hex').slice(0, 12),
    };
    loaded.set(name, asset);
  }
  return asset;
}

export function assetUrl(name: AssetName): string {
  return `/assets/${name}?v=${webAsset(name).version}`;
}
