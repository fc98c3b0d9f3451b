export default definePageConfig({ navigationBarTitleText: '发布开放日' });
