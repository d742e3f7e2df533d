import './complaints.css';
import { useId, useMemo, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import type { components } from '../../api/schema';
import { useI18n } from '../../i18n/i18n';

export type CityMapData = components['schemas']['CityMapView'];
export interface Point {
  lat: number;
  long: number;
}
export interface Marker extends Point {
  id: string;
  /** Short text inside the marker (a number that the list beside the map repeats). */
  label: string;
}

/** Width of the drawing in its own units; the height follows the city's shape. */
const WIDTH = 1000;
const PAD = 20;
/** One arrow key press, in degrees of latitude (about 55 m); with Shift, ten times that. */
const STEP = 0.0005;
/** A zoomed view's smallest side and its margin, in units of the whole drawing (≈ 11 m each). */
const ZOOM_MIN = 80;
const ZOOM_PAD = 20;

/** An equirectangular projection of the city's bounding box (good enough for a city). */
function projection(boundary: number[][]) {
  const lats = boundary.map((p) => p[0] ?? 0);
  const longs = boundary.map((p) => p[1] ?? 0);
  const [minLat, maxLat] = [Math.min(...lats), Math.max(...lats)];
  const [minLong, maxLong] = [Math.min(...longs), Math.max(...longs)];
  const squash = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = (WIDTH - 2 * PAD) / ((maxLong - minLong) * squash || 1);
  const height = Math.round((maxLat - minLat) * scale + 2 * PAD);
  return {
    height,
    x: (long: number) => PAD + (long - minLong) * squash * scale,
    y: (lat: number) => PAD + (maxLat - lat) * scale,
    toPoint: (x: number, y: number): Point => ({
      lat: Number((maxLat - (y - PAD) / scale).toFixed(6)),
      long: Number((minLong + (x - PAD) / scale / squash).toFixed(6)),
    }),
  };
}

/** The gazetteer's address nearest a point (for saying where a point is). */
export function nearestAddress(data: CityMapData, p: Point) {
  let best: CityMapData['addresses'][number] | undefined;
  let bestDistance = Infinity;
  for (const a of data.addresses) {
    const d = (a.lat - p.lat) ** 2 + ((a.long - p.long) * 0.63) ** 2;
    if (d < bestDistance) [best, bestDistance] = [a, d];
  }
  return best;
}

/**
 * The city drawn as SVG from the API's data (no map tiles exist here): its boundary, its
 * streets through the gazetteer's addresses, a chosen point and numbered markers. With
 * `onPick`, a click or the arrow keys (Shift for longer steps) choose a point, and a live
 * region says where it is; without, it is an image whose description the caller gives (the
 * list beside it carries the same facts). A map alone is never the only way: callers offer an
 * address or a list too.
 */
export function CityMap({
  data,
  point,
  onPick,
  markers = [],
  label,
  describedBy,
  zoomToMarkers = false,
}: {
  data: CityMapData;
  point?: Point;
  onPick?: (point: Point) => void;
  markers?: Marker[];
  label: string;
  describedBy?: string;
  /** Show the markers' neighbourhood (about a kilometre at least) instead of the whole city. */
  zoomToMarkers?: boolean;
}) {
  const { t } = useI18n();
  const svg = useRef<SVGSVGElement>(null);
  const hintId = useId();
  const map = useMemo(() => projection(data.boundary), [data.boundary]);
  const streets = useMemo(() => {
    const byStreet = new Map<string, CityMapData['addresses']>();
    for (const a of data.addresses) byStreet.set(a.street, [...(byStreet.get(a.street) ?? []), a]);
    return [...byStreet.entries()];
  }, [data.addresses]);
  // The part of the drawing shown, and the size of one unit of the whole city's drawing in it.
  const view = useMemo(() => {
    if (!zoomToMarkers || markers.length === 0)
      return { x: 0, y: 0, w: WIDTH, h: map.height, unit: 1 };
    const xs = markers.map((m) => map.x(m.long));
    const ys = markers.map((m) => map.y(m.lat));
    const size =
      Math.max(ZOOM_MIN, Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) +
      2 * ZOOM_PAD;
    const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
    const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
    return { x: cx - size / 2, y: cy - size / 2, w: size, h: size, unit: size / WIDTH };
  }, [zoomToMarkers, markers, map]);
  const ring = data.boundary.map((p) => `${map.x(p[1] ?? 0)},${map.y(p[0] ?? 0)}`).join(' ');

  const pickAt = (event: MouseEvent<SVGSVGElement>) => {
    const matrix = svg.current?.getScreenCTM();
    if (!onPick || !svg.current || !matrix) return;
    const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    onPick(map.toPoint(at.x, at.y));
  };

  const move = (event: KeyboardEvent<SVGSVGElement>) => {
    if (!onPick) return;
    const step = event.shiftKey ? STEP * 10 : STEP;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [step, 0],
      ArrowDown: [-step, 0],
      ArrowLeft: [0, -step * 1.6],
      ArrowRight: [0, step * 1.6],
    };
    const delta = moves[event.key];
    if (!delta) return;
    event.preventDefault();
    const from = point ?? map.toPoint(WIDTH / 2, map.height / 2);
    onPick({
      lat: Number((from.lat + (point ? delta[0] : 0)).toFixed(6)),
      long: Number((from.long + (point ? delta[1] : 0)).toFixed(6)),
    });
  };

  const near = point ? nearestAddress(data, point) : undefined;
  const interactive = onPick !== undefined;

  return (
    <div className="civic-map">
      {interactive ? (
        <p id={hintId} className="govuk-hint">
          {t('complaints.map.keyboardHint')}
        </p>
      ) : null}
      <svg
        ref={svg}
        className={`civic-map__drawing${interactive ? ' civic-map__drawing--interactive' : ''}`}
        viewBox={`${view.x} ${view.y} ${view.w} ${view.h}`}
        role={interactive ? 'application' : 'img'}
        aria-label={label}
        aria-describedby={
          [interactive ? hintId : '', describedBy ?? ''].join(' ').trim() || undefined
        }
        tabIndex={interactive ? 0 : undefined}
        onClick={interactive ? pickAt : undefined}
        onKeyDown={interactive ? move : undefined}
      >
        <polygon points={ring} className="civic-map__city" />
        {streets.map(([name, addresses]) => (
          <polyline
            key={name}
            className="civic-map__street"
            data-street={name}
            points={addresses.map((a) => `${map.x(a.long)},${map.y(a.lat)}`).join(' ')}
          />
        ))}
        {markers.map((m) => (
          <g key={m.id} className="civic-map__marker" data-marker={m.id}>
            <circle cx={map.x(m.long)} cy={map.y(m.lat)} r={16 * view.unit} />
            <text
              x={map.x(m.long)}
              y={map.y(m.lat)}
              dy="0.35em"
              textAnchor="middle"
              fontSize={18 * view.unit}
            >
              {m.label}
            </text>
          </g>
        ))}
        {point ? (
          <g className="civic-map__point" data-point="chosen">
            <circle cx={map.x(point.long)} cy={map.y(point.lat)} r={12} />
            <circle cx={map.x(point.long)} cy={map.y(point.lat)} r={3} className="civic-map__dot" />
          </g>
        ) : null}
      </svg>
      {interactive ? (
        <p className="govuk-body" aria-live="polite" data-testid="map-choice">
          {point
            ? t('complaints.map.chosen', {
                street: near?.street ?? '—',
                lat: point.lat.toFixed(5),
                long: point.long.toFixed(5),
              })
            : t('complaints.map.none')}
        </p>
      ) : null}
    </div>
  );
}
