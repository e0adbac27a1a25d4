import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Charts are Vega-Lite specs rendered to SVG here, at build time, with Vega's headless ('none')
 * renderer: the report then needs no script, no network and no font to display them.
 */
export type ChartSpec = TopLevelSpec;

const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  background: 'white',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e8e8e8', labelLimit: 260 },
  title: { fontSize: 14, anchor: 'start' as const, offset: 10 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  range: { category: ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2', '#eeca3b', '#9d755d', '#bab0ac', '#ff9da6'] },
};

export async function renderSvg(spec: ChartSpec): Promise<string> {
  const full = { ...spec, config: CONFIG } as TopLevelSpec;
  const runtime = vega.parse(compile(full).spec);
  // No loader is needed (data is inline); a loader that refuses keeps the build offline for sure.
  const loader = vega.loader();
  loader.load = async (uri: string) => { throw new Error(`report charts load no external data (${uri})`); };
  const view = new vega.View(runtime, { renderer: 'none', loader });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
