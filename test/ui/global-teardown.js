module.exports = async () => {
  const cloud = globalThis.__UI_LOCAL_CLOUD__;
  if (cloud) await cloud.close();
};
