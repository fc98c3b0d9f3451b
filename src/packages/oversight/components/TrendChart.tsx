/**
 * The month trend as a line chart drawn by AntV F2 (kept in this subpackage only: ~476 KB of
 * minified code that the main package never loads). One Canvas of type 2d: on weapp its node comes
 * from a selector query, on H5 it is the <canvas> inside Taro's canvas element; F2 draws on its 2d
 * context in both. The figures are also written below the chart as text (screen readers, 长辈模式).
 */
import { useEffect, useMemo, useRef } from 'react';
import { Canvas as TaroCanvas, View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Axis, Canvas, Chart, Legend, Line, Point, jsx } from '@antv/f2';
import { useElderMode } from '@/hooks/useElderMode';
import { trendTextPx } from '../dashboard-view';

export interface TrendPoint {
  /** '2026-09' */
  month: string;
  /** the series' name, e.g. '课时' */
  series: string;
  value: number;
}

export interface TrendChartProps {
  points: TrendPoint[];
  height?: number;
  testId?: string;
}

let seq = 0;
/** F2's createElement, untyped: its component classes' generic props do not fit its own ElementType. */
const h = jsx as unknown as (type: unknown, props: Record<string, unknown>, ...children: unknown[]) => ReturnType<typeof jsx>;

interface CanvasNode {
  width: number;
  height: number;
  getContext(kind: '2d'): CanvasRenderingContext2D | null;
}

/** The canvas node and its CSS size, on weapp and on H5. */
function findCanvas(id: string): Promise<{ node: CanvasNode; width: number; height: number } | null> {
  if (process.env.TARO_ENV === 'h5') {
    const host = typeof document !== 'undefined' ? document.getElementById(id) : null;
    const el = (host?.tagName === 'CANVAS' ? host : host?.querySelector('canvas')) as HTMLCanvasElement | null | undefined;
    if (!el) return Promise.resolve(null);
    const box = el.getBoundingClientRect();
    return Promise.resolve({ node: el, width: box.width, height: box.height });
  }
  return new Promise((resolve) => {
    Taro.createSelectorQuery()
      .select(`#${id}`)
      .fields({ node: true, size: true })
      .exec((res: { node?: CanvasNode; width: number; height: number }[]) => {
        const r = res?.[0];
        resolve(r?.node ? { node: r.node, width: r.width, height: r.height } : null);
      });
  });
}

function pixelRatio(): number {
  try {
    return Taro.getSystemInfoSync().pixelRatio || 2;
  } catch {
    return 2;
  }
}

/** '2026-09' → '9月' */
export function monthLabel(month: string): string {
  const m = Number(month.slice(5, 7));
  return Number.isFinite(m) && m > 0 ? `${m}月` : month;
}

export default function TrendChart({ points, height = 200, testId }: TrendChartProps) {
  const id = useMemo(() => `ov-trend-${++seq}`, []);
  const chart = useRef<Canvas | null>(null);
  const data = useMemo(() => points.map((p) => ({ ...p, label: monthLabel(p.month) })), [points]);
  const multi = useMemo(() => new Set(points.map((p) => p.series)).size > 1, [points]);
  const [elder] = useElderMode();

  useEffect(() => {
    let cancelled = false;
    const draw = async () => {
      const found = await findCanvas(id);
      if (!found || cancelled || !found.width) return;
      const ratio = pixelRatio();
      const text = trendTextPx(elder);
      found.node.width = found.width * ratio;
      found.node.height = found.height * ratio;
      const children = h(
        Chart,
        { data, scale: { value: { min: 0, nice: true } } },
        h(Axis, { field: 'label', style: { label: { fontSize: text.axis, fill: '#5c6370' } } }),
        h(Axis, { field: 'value', style: { label: { fontSize: text.axis, fill: '#5c6370' } } }),
        h(Line, { x: 'label', y: 'value', color: multi ? 'series' : '#1a7f5a' }),
        h(Point, { x: 'label', y: 'value', color: multi ? 'series' : '#1a7f5a' }),
        multi ? h(Legend, { position: 'top', nameStyle: { fontSize: text.legend, fill: '#3a3f47' } }) : null,
      );
      chart.current?.destroy();
      const c = new Canvas({ context: found.node.getContext('2d'), pixelRatio: ratio, width: found.width, height: found.height, animate: false, children });
      chart.current = c;
      await c.render();
    };
    // The canvas exists once Taro has rendered the page (weapp: after the next tick).
    const t = setTimeout(() => void draw(), 50);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [id, data, multi, elder]);

  useEffect(() => () => chart.current?.destroy(), []);

  const months = [...new Set(points.map((p) => p.month))];
  const series = [...new Set(points.map((p) => p.series))];
  return (
    <View className="ov-trend" data-testid={testId}>
      <TaroCanvas type="2d" id={id} canvasId={id} className="ov-trend__canvas" style={{ height: `${height}px` }} />
      <View className="ov-trend__table">
        {series.map((s) => (
          <Text key={s} className="ov-trend__row">
            {s}：{months.map((m) => `${monthLabel(m)} ${points.find((p) => p.month === m && p.series === s)?.value ?? 0}`).join('，')}
          </Text>
        ))}
      </View>
    </View>
  );
}
