export default definePageConfig({ navigationBarTitleText: '我是老师' });
