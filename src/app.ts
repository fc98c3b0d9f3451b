import type { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { isElderMode } from './services/elder-mode';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // 长辈模式: the saved choice, or the phone's font size (puts the class on <html> on H5).
    isElderMode();
    // WeChat cloud development: only the mini-program has it; H5 talks to the local cloud over HTTP.
    if (process.env.TARO_ENV === 'weapp') {
      Taro.cloud.init({ env: CLOUD_ENV || undefined, traceUser: true });
    }
  });
  // children are the pages
  return children;
}

export default App;
