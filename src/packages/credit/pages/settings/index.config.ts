export default definePageConfig({ navigationBarTitleText: '星级与学习要求' });
