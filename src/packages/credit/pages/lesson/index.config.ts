export default definePageConfig({ navigationBarTitleText: '微课学习' });
