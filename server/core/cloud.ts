/**
 * The only place that initialises wx-server-sdk. Production (WeChat cloud) and the local cloud
 * both run this exact code: the SDK finds its endpoint through the environment.
 */
import cloud from 'wx-server-sdk';
import type { Db } from './db-types';

let initialised = false;

export function getCloud(): typeof cloud {
  if (!initialised) {
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    initialised = true;
  }
  return cloud;
}

export type Cloud = typeof cloud;

export type Database = Db;

export function getDb(): Database {
  return getCloud().database() as unknown as Db;
}
