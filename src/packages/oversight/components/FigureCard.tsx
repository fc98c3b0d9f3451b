import { View, Text } from '@tarojs/components';
import type { Figure } from '@shared/oversight/oversight.schema';
import { figureView } from '../dashboard-view';

/** One figure: value vs target, met or not, a plain progress bar, and the link to the list behind it. */
export default function FigureCard({ figure, onDrill }: { figure: Figure; onDrill?: (f: Figure) => void }) {
  const v = figureView(figure);
  const link = v.drillText && onDrill ? () => onDrill(figure) : undefined;
  return (
    <View className={`ov-figure ov-figure--${v.status}`} data-testid={`figure-${figure.key}`} data-status={v.status}>
      <View className="ov-figure__head">
        <Text className="ov-figure__label">{v.label}</Text>
        {v.statusText ? <Text className={`ov-badge ov-badge--${v.status}`}>{v.statusText}</Text> : null}
      </View>
      <Text className="ov-figure__value">{v.valueText}</Text>
      <View className="ov-bar" aria-hidden>
        <View className="ov-bar__fill" style={{ width: `${v.percent}%` }} />
      </View>
      <Text className="ov-figure__target">{v.targetText}</Text>
      {figure.breakdown?.length ? (
        <View className="ov-figure__breakdown">
          {figure.breakdown.map((b) => (
            <Text key={b.key} className="ov-figure__part">
              {b.label} {b.value}
              {b.target !== null ? ` / ${b.target}` : ''}
              {b.met === false ? '（未达标）' : ''}
            </Text>
          ))}
        </View>
      ) : null}
      {link ? (
        <Text className="ov-link" data-testid={`drill-${figure.key}`} onClick={link}>
          {v.drillText} ›
        </Text>
      ) : null}
    </View>
  );
}
