export default definePageConfig({ navigationBarTitleText: '教职工加入' });
