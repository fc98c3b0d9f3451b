/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

/** Compile-time constant (config/index.ts): the local cloud's base URL for H5, or 'same-origin'. */
declare const LOCAL_CLOUD_URL: string;
/** Compile-time constant: the WeChat cloud environment id for weapp ('' = default). */
declare const CLOUD_ENV: string;
/** Compile-time constant (H5): 'console' for the production admin console's scan-to-sign-in, else 'dev'. */
declare const SIGN_IN_MODE: 'console' | 'dev';

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'rn' | 'harmony';
    TARO_APP_ID?: string;
    TARO_APP_CLOUD_URL?: string;
    TARO_APP_CLOUD_ENV?: string;
    TARO_APP_SIGN_IN?: string;
  }
}
