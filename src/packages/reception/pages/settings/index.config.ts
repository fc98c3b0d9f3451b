export default definePageConfig({ navigationBarTitleText: '接待与开放日设置' });
