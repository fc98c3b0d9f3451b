// UI tests run the H5 flavour of the app (pitfall 7 of the toolchain notes).
process.env.TZ = 'Asia/Shanghai';
process.env.TARO_ENV = 'h5';
process.env.TARO_PLATFORM = 'web';
// The compile-time constant config/index.ts defines; the ui global setup starts a real local cloud.
globalThis.LOCAL_CLOUD_URL = process.env.UI_TEST_CLOUD_URL || 'http://127.0.0.1:8787';
globalThis.CLOUD_ENV = '';
globalThis.React = require('react');
require('@tarojs/taro');
