import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Cell, CellGroup } from '@nutui/nutui-react-taro';
import EmptyState from '../EmptyState';
import { elderClass } from '@/services/elder-mode';
import { useElderMode } from '@/hooks/useElderMode';

export interface Entry {
  key: string;
  title: string;
  description: string;
  /** null when the page is not built (firstPage found none): the entry is left out. */
  url: string | null;
}

export interface EntryListProps {
  title: string;
  entries: Entry[];
  empty: { title: string; description: string };
}

/** A tab page's doors into a subpackage: a titled list of the pages that exist, or an empty state. */
export default function EntryList({ title, entries, empty }: EntryListProps) {
  // re-render when 长辈模式 is switched (weapp: the tab stays mounted)
  useElderMode();
  const shown = entries.filter((e) => e.url);
  return (
    <View className={`ps-page${elderClass()}`}>
      <Text className="ps-section-title">{title}</Text>
      {shown.length > 0 ? (
        <CellGroup>
          {shown.map((e) => (
            <Cell key={e.key} title={e.title} description={e.description} clickable onClick={() => void Taro.navigateTo({ url: e.url as string })} />
          ))}
        </CellGroup>
      ) : (
        <EmptyState title={empty.title} description={empty.description} />
      )}
    </View>
  );
}
